// Arithmetic on a batch: negation, conversions between numeric, money, date and text types, and
// + - * / % with the checked kernels of runtime/kernels/scalar_ops.h. Arithmetic with missing is
// missing; an overflow is a run-time error (docs/LANGUAGE.md).
#include "compiler/backend/interp/engine.h"
#include "runtime/kernels/scalar_ops.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;
namespace ops = rt::ops;

void Engine::EvalArith(Batch& b, NodeId id) {
  auto [n, info, len, out] = OperandsOf(b, id);
  auto arg = [&](size_t k) { return ArgView(b, n.args[k], n); };
  switch (n.kind) {
    case NodeKind::kNegate: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = a.V(r);
        if (info.is_float) out.f[r] = -a.F(r);
        else if (a.V(r) && a.I(r) == INT64_MIN) Fail(b, r, n, id, "a number too large to negate");
        else out.i[r] = -a.I(r);
      }
      return;
    }
    case NodeKind::kConvert: {
      View a = arg(0);
      TypeKind from = p_.nodes[n.args[0]].type.kind, to = n.type.kind;
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = a.V(r);
        if (!a.V(r)) {
          if (info.is_float) out.f[r] = 0;
          else out.i[r] = 0;
          continue;
        }
        if (to == TypeKind::kFloat)
          out.f[r] = from == TypeKind::kMoney ? ops::MoneyToFloat(a.I(r)) : static_cast<double>(a.I(r));
        else if (to == TypeKind::kMoney) {
          ops::Outcome s = ops::Outcome::kOk;
          out.i[r] = ops::MoneyFromInt(a.I(r), &s);
          if (s != ops::Outcome::kOk) Fail(b, r, n, id, "an amount of money too large");
        } else if (to == TypeKind::kTimestamp) out.i[r] = zone_.StartOfLocalDay(static_cast<int32_t>(a.I(r)));
        else out.i[r] = a.I(r);  // text <-> id share codes
      }
      return;
    }
    case NodeKind::kArith: {
      View a = arg(0), c = arg(1);
      TypeKind ta = p_.nodes[n.args[0]].type.kind, tb = p_.nodes[n.args[1]].type.kind, tr = n.type.kind;
      lang::ArithOp op = n.arith_op();
      for (size_t r = 0; r < len; ++r) {
        if (!a.V(r) || !c.V(r)) {
          out.v[r] = 0;
          if (info.is_float) out.f[r] = 0;
          else out.i[r] = 0;
          continue;
        }
        ops::Outcome s = ops::Outcome::kOk;
        if (tr == TypeKind::kFloat) {
          double result = 0;
          if ((ta == TypeKind::kMoney && tb == TypeKind::kMoney) ||
              (ta == TypeKind::kDuration && tb == TypeKind::kDuration)) {
            s = ops::RatioI(a.I(r), c.I(r), &result);
          } else {
            double x = ta == TypeKind::kFloat ? a.F(r) : static_cast<double>(a.I(r));
            double y = tb == TypeKind::kFloat ? c.F(r) : static_cast<double>(c.I(r));
            switch (op) {
              case lang::ArithOp::kAdd: s = ops::AddF(x, y, &result); break;
              case lang::ArithOp::kSub: s = ops::SubF(x, y, &result); break;
              case lang::ArithOp::kMul: s = ops::MulF(x, y, &result); break;
              default: s = ops::DivF(x, y, &result); break;
            }
          }
          out.f[r] = result;
        } else if (tr == TypeKind::kInt) {
          switch (op) {
            case lang::ArithOp::kAdd: s = ops::AddI(a.I(r), c.I(r), &out.i[r]); break;
            case lang::ArithOp::kSub: s = ops::SubI(a.I(r), c.I(r), &out.i[r]); break;
            case lang::ArithOp::kMul: s = ops::MulI(a.I(r), c.I(r), &out.i[r]); break;
            default: s = ops::ModI(a.I(r), c.I(r), &out.i[r]); break;
          }
        } else if (tr == TypeKind::kDate) {
          s = ops::DatePlusDuration(a.I(r), c.I(r), op == lang::ArithOp::kSub, &out.i[r]);
        } else if (tr == TypeKind::kDuration && ta == TypeKind::kDate) {
          s = ops::DateMinusDate(a.I(r), c.I(r), &out.i[r]);
        } else if (op == lang::ArithOp::kAdd) {
          s = ops::AddI(a.I(r), c.I(r), &out.i[r]);
        } else if (op == lang::ArithOp::kSub) {
          s = ops::SubI(a.I(r), c.I(r), &out.i[r]);
        } else if (op == lang::ArithOp::kMul) {
          bool lhs_scaled = ta == tr;
          int64_t scaled = lhs_scaled ? a.I(r) : c.I(r);
          TypeKind factor_type = lhs_scaled ? tb : ta;
          if (factor_type == TypeKind::kInt) s = ops::MulI(scaled, lhs_scaled ? c.I(r) : a.I(r), &out.i[r]);
          else s = ops::ScaleI(scaled, lhs_scaled ? c.F(r) : a.F(r), &out.i[r]);
        } else {  // money or duration divided by a number
          double divisor = tb == TypeKind::kFloat ? c.F(r) : static_cast<double>(c.I(r));
          s = ops::DivideI(a.I(r), divisor, &out.i[r]);
        }
        out.v[r] = s == ops::Outcome::kOk;
        if (s == ops::Outcome::kOverflow)
          Fail(b, r, n, id, std::string("a result too large for a ") + lang::TypeName(n.type));
      }
      return;
    }
    default: return;
  }
}

}  // namespace seg::interp
