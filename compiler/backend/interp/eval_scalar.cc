// Operators on a batch: each node's values for all rows at once, from its arguments' views.
// Missing values follow docs/LANGUAGE.md: arithmetic with missing is missing, comparisons with
// missing are false, and/or/not read missing as false.
#include <algorithm>
#include <cmath>

#include "compiler/backend/interp/engine.h"
#include "compiler/lang/functions.h"
#include "runtime/kernels/functions.h"
#include "runtime/kernels/scalar_ops.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;
namespace ops = rt::ops;

namespace {
const uint8_t kValidByte[2] = {0, 1};
}  // namespace

size_t Engine::LengthFor(const Batch& b, const Node& node) const {
  return node.level == ir::Level::kEvent ? b.event_count[node.input] : b.size();
}

size_t Engine::CustomerOfRow(const Batch& b, const Node& node, size_t row) const {
  if (node.level == ir::Level::kEvent) return b.begin + b.event_customer[node.input][row];
  return b.begin + row;
}

void Engine::Fail(Batch& b, size_t row, const Node& node, NodeId id, const std::string& what) {
  size_t customer = CustomerOfRow(b, node, row);
  if (customer >= b.error.customer) return;
  b.error.customer = customer;
  b.error.message = run_.FailMessage(customer, id, what);
}

View Engine::ArgView(Batch& b, NodeId arg, const Node& user) {
  const NodeInfo& info = info_[arg];
  const Node& a = p_.nodes[arg];
  if (info.scalar) {
    return View{&info.scalar_i, &info.scalar_f, &kValidByte[info.scalar_valid ? 1 : 0], 0};
  }
  bool in_batch = a.stage == user.stage && a.kind != NodeKind::kPopulation;
  View source;
  if (in_batch) {
    source = b.values[arg].AsView(info.is_float);
  } else {
    const Buffer& full = full_[arg];
    source = View{info.is_float ? nullptr : full.i.data() + b.begin, info.is_float ? full.f.data() + b.begin : nullptr,
                  full.v.data() + b.begin, 1};
  }
  if (user.level == ir::Level::kEvent && a.level == ir::Level::kCustomer) {
    // A customer's value, repeated for each of its events.
    Buffer& out = b.broadcast[arg];
    if (b.broadcast_input[arg] != user.input) {
      const std::vector<uint32_t>& owner = b.event_customer[user.input];
      size_t m = owner.size();
      out.Resize(m, info.is_float);
      for (size_t e = 0; e < m; ++e) {
        uint32_t c = owner[e];
        if (info.is_float) out.f[e] = source.f[c]; else out.i[e] = source.i[c];
        out.v[e] = source.v[c];
      }
      b.broadcast_input[arg] = user.input;
    }
    return out.AsView(info.is_float);
  }
  return source;
}

void Engine::EvalNode(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  NodeInfo& info = info_[id];
  size_t len = LengthFor(b, n);
  Buffer& out = b.values[id];
  out.Resize(len, info.is_float);
  auto arg = [&](size_t k) { return ArgView(b, n.args[k], n); };
  switch (n.kind) {
    case NodeKind::kConst: case NodeKind::kParam: case NodeKind::kPopulation:
      return;  // scalars, and whole-column steps run outside batches
    case NodeKind::kAggregate: EvalAggregate(b, id); return;
    case NodeKind::kClassify: EvalClassify(b, id); return;
    case NodeKind::kColumn: case NodeKind::kEventColumn: {
      const rt::Column& col = n.kind == NodeKind::kColumn ? data_.customers.column(n.symbol)
                                                          : data_.events[n.input].table.column(n.symbol);
      size_t first = n.kind == NodeKind::kColumn ? b.begin : b.event_begin[n.input];
      for (size_t r = 0; r < len; ++r) out.v[r] = col.IsValid(first + r);
      switch (col.type()) {
        case rt::ValueType::kBool: { const auto& v = col.values<uint8_t>(); for (size_t r = 0; r < len; ++r) out.i[r] = v[first + r]; break; }
        case rt::ValueType::kFloat: { const auto& v = col.values<double>(); for (size_t r = 0; r < len; ++r) out.f[r] = v[first + r]; break; }
        case rt::ValueType::kDate: case rt::ValueType::kText: case rt::ValueType::kId: {
          const auto& v = col.values<int32_t>();
          for (size_t r = 0; r < len; ++r) out.i[r] = v[first + r];
          break;
        }
        case rt::ValueType::kTags: break;  // read in place by `in`
        default: { const auto& v = col.values<int64_t>(); for (size_t r = 0; r < len; ++r) out.i[r] = v[first + r]; break; }
      }
      return;
    }
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
    case NodeKind::kNot: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) { out.i[r] = !(a.V(r) && a.I(r)); out.v[r] = 1; }
      return;
    }
    case NodeKind::kAnd: case NodeKind::kOr: {
      View a = arg(0), c = arg(1);
      bool is_and = n.kind == NodeKind::kAnd;
      for (size_t r = 0; r < len; ++r) {
        bool x = a.V(r) && a.I(r), y = c.V(r) && c.I(r);
        out.i[r] = is_and ? (x & y) : (x | y);
        out.v[r] = 1;
      }
      return;
    }
    case NodeKind::kIsMissing: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) { out.i[r] = a.V(r) == n.negated(); out.v[r] = 1; }
      return;
    }
    case NodeKind::kDefault: case NodeKind::kIf: {
      bool is_if = n.kind == NodeKind::kIf;
      View cond = is_if ? arg(0) : View{};
      View x = arg(is_if ? 1 : 0), y = arg(is_if ? 2 : 1);
      for (size_t r = 0; r < len; ++r) {
        bool first = is_if ? (cond.V(r) && cond.I(r)) : x.V(r);
        const View& src = first ? x : y;
        out.v[r] = src.V(r);
        if (info.is_float) out.f[r] = src.F(r);
        else if (info.is_text) out.i[r] = src.V(r) ? info.remap[first ? 0 : 1][src.I(r)] : 0;
        else out.i[r] = src.I(r);
      }
      return;
    }
    case NodeKind::kConvert: {
      View a = arg(0);
      TypeKind from = p_.nodes[n.args[0]].type.kind, to = n.type.kind;
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = a.V(r);
        if (!a.V(r)) { if (info.is_float) out.f[r] = 0; else out.i[r] = 0; continue; }
        if (to == TypeKind::kFloat) out.f[r] = from == TypeKind::kMoney ? ops::MoneyToFloat(a.I(r)) : static_cast<double>(a.I(r));
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
        if (!a.V(r) || !c.V(r)) { out.v[r] = 0; if (info.is_float) out.f[r] = 0; else out.i[r] = 0; continue; }
        ops::Outcome s = ops::Outcome::kOk;
        if (tr == TypeKind::kFloat) {
          double result = 0;
          if ((ta == TypeKind::kMoney && tb == TypeKind::kMoney) || (ta == TypeKind::kDuration && tb == TypeKind::kDuration)) {
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
        if (s == ops::Outcome::kOverflow) Fail(b, r, n, id, std::string("a result too large for a ") + lang::TypeName(n.type));
      }
      return;
    }
    case NodeKind::kCompare: {
      View a = arg(0), c = arg(1);
      lang::CompareOp op = n.compare_op();
      const lang::Type& t = p_.nodes[n.args[0]].type;
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!a.V(r) || !c.V(r)) { out.i[r] = 0; continue; }
        if (!info.table.empty()) { out.i[r] = info.table[a.I(r)]; continue; }
        if (t.IsTextLike()) { out.i[r] = run_.TextPair(id, a.I(r), c.I(r)); continue; }
        int cmp;
        if (t.Is(TypeKind::kFloat)) {
          cmp = a.F(r) < c.F(r) ? -1 : a.F(r) > c.F(r) ? 1 : 0;
        } else {
          cmp = a.I(r) < c.I(r) ? -1 : a.I(r) > c.I(r) ? 1 : 0;
        }
        out.i[r] = Decide(op, cmp);
      }
      return;
    }
    case NodeKind::kIn: {
      View needle = arg(0);
      const Node& hay = p_.nodes[n.args[1]];
      bool negated = n.negated();
      if (hay.type.Is(TypeKind::kTags)) {
        const rt::Column& tags = data_.customers.column(hay.symbol);
        const TextDomain& nd = *info_[n.args[0]].domain;
        for (size_t r = 0; r < len; ++r) {
          out.v[r] = 1;
          size_t row = b.begin + (n.level == ir::Level::kEvent ? b.event_customer[n.input][r] : r);
          if (!needle.V(r) || !tags.IsValid(row)) { out.i[r] = 0; continue; }
          int32_t code = tags.dictionary().Find(nd.At(needle.I(r)));
          bool found = false;
          for (int32_t t : tags.TagsAt(row)) found |= t == code;
          out.i[r] = found != negated;
        }
        return;
      }
      bool text = p_.nodes[n.args[0]].type.IsTextLike();
      bool is_float = p_.nodes[n.args[0]].type.Is(TypeKind::kFloat);
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!needle.V(r)) { out.i[r] = 0; continue; }  // missing is in no list and outside none
        bool found;
        if (text) found = info.table[needle.I(r)] != 0;
        else if (is_float) found = std::binary_search(info.list_f.begin(), info.list_f.end(), needle.F(r));
        else found = std::binary_search(info.list_i.begin(), info.list_i.end(), needle.I(r));
        out.i[r] = found != negated;
      }
      return;
    }
    case NodeKind::kLike: {
      View text = arg(0), pattern = arg(1);
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!text.V(r) || !pattern.V(r)) { out.i[r] = 0; continue; }
        bool match = !info.table.empty() ? info.table[text.I(r)] != 0 : run_.TextPair(id, text.I(r), pattern.I(r));
        out.i[r] = match != n.negated();
      }
      return;
    }
    case NodeKind::kWithin: {
      View a = arg(0);
      const lang::Type& t = p_.nodes[n.args[0]].type;
      for (size_t r = 0; r < len; ++r) {
        out.v[r] = 1;
        if (!a.V(r)) { out.i[r] = 0; continue; }
        int32_t day = run_.LocalDayOf(t, a.I(r));
        out.i[r] = day >= info.day_lo && day <= info.day_hi;
      }
      return;
    }
    case NodeKind::kInBucket: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) { out.i[r] = a.V(r) && a.I(r) == n.bucket_index(); out.v[r] = 1; }
      return;
    }
    case NodeKind::kBucketLabel: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) { out.i[r] = a.V(r) ? a.I(r) : 0; out.v[r] = a.V(r); }
      return;
    }
    case NodeKind::kCall: break;
  }

  EvalCall(b, id);
}

// Builtin functions: the registry's kernels (runtime/kernels/functions.h), the same code the JIT
// calls. Text functions read the lookup tables the plan built with the registry's text kernels,
// or call them per row when both arguments are computed.
void Engine::EvalCall(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  NodeInfo& info = info_[id];
  size_t len = LengthFor(b, n);
  Buffer& out = b.values[id];
  const rt::fn::FunctionInfo& fn = rt::fn::InfoOf(n.builtin());
  std::vector<View> args;
  for (size_t k = 0; k < n.args.size(); ++k) args.push_back(ArgView(b, n.args[k], n));
  const rt::fn::Kernel& kernel = rt::fn::KernelFor(fn.id, p_.nodes[n.args[0]].type.ToValueType());
  int64_t ints[4] = {0, 0, 0, 0};
  double floats[4] = {0, 0, 0, 0};
  auto load = [&](size_t k, size_t slot, size_t r) {
    const Node& a = p_.nodes[n.args[k]];
    if (info_[n.args[k]].is_float) floats[slot] = args[k].F(r);
    else ints[slot] = fn.form == rt::fn::ArgForm::kLocalDay ? run_.LocalDayOf(a.type, args[k].I(r)) : args[k].I(r);
  };
  for (size_t r = 0; r < len; ++r) {
    bool valid = true;
    for (const View& a : args) valid &= a.V(r);
    out.v[r] = valid;
    if (info.is_float) out.f[r] = 0; else out.i[r] = 0;
    if (!valid) continue;
    const View& x = args[0];
    rt::fn::Outcome st = rt::fn::kOk;
    switch (fn.signature) {
      case lang::Signature::kTextToText: out.i[r] = info.remap[0][x.I(r)]; continue;
      case lang::Signature::kTextToInt: out.i[r] = info.table[x.I(r)]; continue;
      case lang::Signature::kTextTextToBool:
        out.i[r] = !info.table.empty() ? info.table[x.I(r)] : run_.TextPair(id, x.I(r), args[1].I(r));
        continue;
      default: break;
    }
    if (fn.fold_pairwise) {
      load(0, 0, r);
      for (size_t k = 1; k < args.size() && st == rt::fn::kOk; ++k) {
        load(k, 1, r);
        st = rt::fn::CallKernel(kernel, ints, floats, &ints[0], &floats[0]);
      }
      if (info.is_float) out.f[r] = floats[0]; else out.i[r] = ints[0];
    } else {
      for (size_t k = 0; k < args.size(); ++k) load(k, k, r);
      if (fn.takes_as_of) ints[args.size()] = as_of_;
      // Only the result's own buffer exists: `&out.f[r]` of an int result indexes an empty vector.
      st = rt::fn::CallKernel(kernel, ints, floats, info.is_float ? nullptr : &out.i[r], info.is_float ? &out.f[r] : nullptr);
    }
    if (st == rt::fn::kOk) continue;
    out.v[r] = 0;
    if (info.is_float) out.f[r] = 0; else out.i[r] = 0;
    if (st == rt::fn::kOverflow) Fail(b, r, n, id, kernel.overflow);
  }
}

}  // namespace seg::interp
