#include "compiler/ir/const_fold.h"

#include "runtime/kernels/scalar_ops.h"

namespace seg::ir {

namespace ops = rt::ops;
using lang::TypeKind;
using lang::Value;

namespace {

bool IsFloat(const Value& v) { return v.type.Is(TypeKind::kFloat); }
double AsDouble(const Value& v) { return IsFloat(v) ? v.f : static_cast<double>(v.i); }

std::optional<Value> Result(ops::Outcome s, Value v, bool* overflow) {
  if (s == ops::Outcome::kOverflow) {
    *overflow = true;
    return std::nullopt;
  }
  if (s == ops::Outcome::kMissing) v.missing = true;
  return v;
}

std::optional<Value> Arith(const Node& n, const Value& a, const Value& b, bool* overflow) {
  Value out;
  out.type = n.type;
  if (a.missing || b.missing) {
    out.missing = true;
    return out;
  }
  lang::ArithOp op = n.arith_op();
  TypeKind r = n.type.kind;
  TypeKind ta = a.type.kind, tb = b.type.kind;
  ops::Outcome s = ops::Outcome::kOk;
  if (r == TypeKind::kFloat) {
    if (ta == TypeKind::kMoney && tb == TypeKind::kMoney) {
      s = ops::RatioI(a.i, b.i, &out.f);
      return Result(s, out, overflow);
    }
    if (ta == TypeKind::kDuration && tb == TypeKind::kDuration) {
      s = ops::RatioI(a.i, b.i, &out.f);
      return Result(s, out, overflow);
    }
    double x = AsDouble(a), y = AsDouble(b);
    switch (op) {
      case lang::ArithOp::kAdd: s = ops::AddF(x, y, &out.f); break;
      case lang::ArithOp::kSub: s = ops::SubF(x, y, &out.f); break;
      case lang::ArithOp::kMul: s = ops::MulF(x, y, &out.f); break;
      case lang::ArithOp::kDiv: s = ops::DivF(x, y, &out.f); break;
      case lang::ArithOp::kMod: return std::nullopt;
    }
    return Result(s, out, overflow);
  }
  if (r == TypeKind::kInt) {
    switch (op) {
      case lang::ArithOp::kAdd: s = ops::AddI(a.i, b.i, &out.i); break;
      case lang::ArithOp::kSub: s = ops::SubI(a.i, b.i, &out.i); break;
      case lang::ArithOp::kMul: s = ops::MulI(a.i, b.i, &out.i); break;
      case lang::ArithOp::kMod: s = ops::ModI(a.i, b.i, &out.i); break;
      case lang::ArithOp::kDiv: return std::nullopt;
    }
    return Result(s, out, overflow);
  }
  if (r == TypeKind::kDate) {  // date +/- duration
    s = ops::DatePlusDuration(a.i, b.i, op == lang::ArithOp::kSub, &out.i);
    return Result(s, out, overflow);
  }
  if (r == TypeKind::kDuration && ta == TypeKind::kDate) {
    s = ops::DateMinusDate(a.i, b.i, &out.i);
    return Result(s, out, overflow);
  }
  // money, duration, timestamp: integers that add exactly and scale by numbers.
  if (op == lang::ArithOp::kAdd) s = ops::AddI(a.i, b.i, &out.i);
  else if (op == lang::ArithOp::kSub) s = ops::SubI(a.i, b.i, &out.i);
  else if (op == lang::ArithOp::kMul) {
    const Value& scaled = (ta == r) ? a : b;
    const Value& factor = (ta == r) ? b : a;
    if (factor.type.Is(TypeKind::kInt)) s = ops::MulI(scaled.i, factor.i, &out.i);
    else s = ops::ScaleI(scaled.i, AsDouble(factor), &out.i);
  } else if (op == lang::ArithOp::kDiv) {
    s = ops::DivideI(a.i, b.type.Is(TypeKind::kMoney) ? ops::MoneyToFloat(b.i) : AsDouble(b), &out.i);
    if (b.type.Is(TypeKind::kInt) && b.i == 0) s = ops::Outcome::kMissing;
  } else {
    return std::nullopt;
  }
  return Result(s, out, overflow);
}

int Compare(const Value& a, const Value& b) {
  if (a.type.IsTextLike()) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  if (IsFloat(a) || IsFloat(b)) {
    double x = AsDouble(a), y = AsDouble(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
}

}  // namespace

std::optional<Value> EvalOperator(const Node& n, const std::vector<Value>& args, bool* overflow) {
  bool ignored = false;
  if (overflow == nullptr) overflow = &ignored;
  *overflow = false;
  Value out;
  out.type = n.type;
  auto truth = [](const Value& v) { return !v.missing && v.i != 0; };  // missing counts as false
  switch (n.kind) {
    case NodeKind::kArith: return Arith(n, args[0], args[1], overflow);
    case NodeKind::kCompare: {
      // A comparison with a missing value is false.
      if (args[0].missing || args[1].missing) {
        out.i = 0;
        return out;
      }
      int c = Compare(args[0], args[1]);
      bool result = false;
      switch (n.compare_op()) {
        case lang::CompareOp::kEq: result = c == 0; break;
        case lang::CompareOp::kNe: result = c != 0; break;
        case lang::CompareOp::kLt: result = c < 0; break;
        case lang::CompareOp::kLe: result = c <= 0; break;
        case lang::CompareOp::kGt: result = c > 0; break;
        case lang::CompareOp::kGe: result = c >= 0; break;
      }
      out.i = result;
      return out;
    }
    case NodeKind::kAnd: out.i = truth(args[0]) && truth(args[1]); return out;
    case NodeKind::kOr: out.i = truth(args[0]) || truth(args[1]); return out;
    case NodeKind::kNot: out.i = !truth(args[0]); return out;
    case NodeKind::kIsMissing: out.i = args[0].missing != n.negated(); return out;
    case NodeKind::kDefault: return args[0].missing ? args[1] : args[0];
    case NodeKind::kIf: return truth(args[0]) ? args[1] : args[2];
    case NodeKind::kNegate: {
      if (args[0].missing) {
        out.missing = true;
        return out;
      }
      if (IsFloat(args[0])) {
        out.f = -args[0].f;
        return out;
      }
      if (args[0].i == INT64_MIN) {
        *overflow = true;
        return std::nullopt;
      }
      out.i = -args[0].i;
      return out;
    }
    case NodeKind::kConvert: {
      const Value& a = args[0];
      if (a.missing) {
        out.missing = true;
        return out;
      }
      TypeKind from = a.type.kind, to = n.type.kind;
      if (to == TypeKind::kFloat) {
        out.f = from == TypeKind::kMoney ? ops::MoneyToFloat(a.i) : AsDouble(a);
        return out;
      }
      if (to == TypeKind::kMoney && from == TypeKind::kInt) {
        ops::Outcome s = ops::Outcome::kOk;
        out.i = ops::MoneyFromInt(a.i, &s);
        return Result(s, out, overflow);
      }
      if (lang::Type::Of(to).IsTextLike() && a.type.IsTextLike()) {
        out.s = a.s;
        return out;
      }
      return std::nullopt;  // date -> timestamp needs the time zone: left to the backends
    }
    default: return std::nullopt;
  }
}

std::optional<Value> Fold(const Node& n, const std::vector<Node>& nodes, bool* overflow) {
  if (overflow != nullptr) *overflow = false;
  switch (n.kind) {
    case NodeKind::kArith:
    case NodeKind::kCompare:
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kNot:
    case NodeKind::kIsMissing:
    case NodeKind::kDefault:
    case NodeKind::kIf:
    case NodeKind::kNegate:
    case NodeKind::kConvert: break;
    default: return std::nullopt;
  }
  std::vector<Value> args;
  for (NodeId a : n.args) {
    if (nodes[a].kind != NodeKind::kConst) return std::nullopt;
    args.push_back(nodes[a].constant);
  }
  return EvalOperator(n, args, overflow);
}

rt::WrittenNumberError DescribeFoldOverflow(const Node& n, const std::vector<Node>& nodes) {
  auto operand = [&](size_t i) { return lang::FormatValue(nodes[n.args[i]].constant); };
  std::string what;
  if (n.kind == NodeKind::kArith) {
    static const char* kOp[] = {"+", "-", "*", "/", "%"};
    what = operand(0) + " " + kOp[static_cast<int>(n.arith_op())] + " " + operand(1);
  } else if (n.kind == NodeKind::kNegate) {
    what = "-(" + operand(0) + ")";
  } else if (n.kind == NodeKind::kConvert) {
    what = operand(0) + " as " + lang::TypeName(n.type);
  }
  rt::WrittenNumberError range;
  switch (n.type.kind) {
    case TypeKind::kInt: range = rt::IntRangeError(); break;
    case TypeKind::kMoney: range = rt::MoneyRangeError(); break;
    case TypeKind::kDuration: range = rt::DurationRangeError(); break;
    default: range = {"is beyond the range of " + lang::TypeName(n.type) + " values", ""}; break;
  }
  range.problem = "`" + what + "` " + range.problem;
  return range;
}

std::optional<NodeId> SameAsArgument(const Node& n, const std::vector<Node>& nodes) {
  if (n.kind != NodeKind::kDefault) return std::nullopt;
  for (size_t side : {0, 1}) {
    const Node& fallback = nodes[n.args[side]];
    NodeId other = n.args[1 - side];
    if (fallback.kind == NodeKind::kConst && fallback.constant.missing && nodes[other].type == n.type) return other;
  }
  return std::nullopt;
}

}  // namespace seg::ir
