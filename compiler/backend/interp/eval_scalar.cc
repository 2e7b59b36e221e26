// Operators on a batch: each node's values for all rows at once, from its arguments' views. Here
// the dispatch by node kind, the arguments' views and builtin calls; each other operator family
// has a file of its own (eval_*.cc).
// Missing values follow docs/LANGUAGE.md: arithmetic with missing is missing, comparisons with
// missing are false, and/or/not read missing as false.
#include "compiler/backend/interp/engine.h"
#include "compiler/exec/bits.h"
#include "compiler/lang/functions.h"
#include "runtime/kernels/functions.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;

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
  // Event values are always this batch's (RunState::PlanEarlierEventNodes); a customer value of
  // an earlier stage, or a rank, is read from its kept column.
  bool in_batch = a.kind != NodeKind::kPopulation && (a.level == ir::Level::kEvent || a.stage == b.stage);
  View source;
  if (in_batch) {
    source = b.values[arg].AsView(info.is_float);
  } else {
    const PersistedColumn& full = full_[arg];
    if (full.packed) {
      if (b.unpacked.empty()) b.unpacked.resize(p_.nodes.size());
      Buffer& bytes = b.unpacked[arg];
      if (bytes.v.size() != b.size()) {
        bytes.Resize(b.size(), false);
        exec::UnpackBits(full.bits.data(), b.begin, b.size(), bytes.i.data());
        exec::UnpackBits(full.valid_bits.data(), b.begin, b.size(), bytes.v.data());
      }
      source = bytes.AsView(false);
    } else {
      source = View{info.is_float ? nullptr : full.i.data() + b.begin,
                    info.is_float ? full.f.data() + b.begin : nullptr, full.v.data() + b.begin, 1};
    }
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
        if (info.is_float) out.f[e] = source.f[c];
        else out.i[e] = source.i[c];
        out.v[e] = source.v[c];
      }
      b.broadcast_input[arg] = user.input;
    }
    return out.AsView(info.is_float);
  }
  return source;
}

Engine::Operands Engine::OperandsOf(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  return Operands{n, info_[id], LengthFor(b, n), b.values[id]};
}

// Each operator family in its own file: eval_column.cc, eval_arith.cc, eval_logic.cc,
// eval_compare.cc, eval_aggregate.cc, eval_classify.cc; builtin calls below.
void Engine::EvalNode(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  NodeInfo& info = info_[id];
  size_t len = LengthFor(b, n);
  Buffer& out = b.values[id];
  out.Resize(len, info.is_float);
  switch (n.kind) {
    case NodeKind::kConst:
    case NodeKind::kParam:
    case NodeKind::kPopulation: return;  // scalars, and whole-column steps run outside batches
    case NodeKind::kAggregate: EvalAggregate(b, id); return;
    case NodeKind::kSequence: EvalSequence(b, id); return;
    case NodeKind::kClassify: EvalClassify(b, id); return;
    case NodeKind::kColumn:
    case NodeKind::kEventColumn: EvalColumn(b, id); return;
    case NodeKind::kEventDay: EvalEventDay(b, id); return;
    case NodeKind::kNegate:
    case NodeKind::kConvert:
    case NodeKind::kArith: EvalArith(b, id); return;
    case NodeKind::kNot:
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kIsMissing:
    case NodeKind::kDefault:
    case NodeKind::kIf: EvalLogic(b, id); return;
    case NodeKind::kCompare:
    case NodeKind::kIn:
    case NodeKind::kLike:
    case NodeKind::kWithin:
    case NodeKind::kInBucket:
    case NodeKind::kBucketLabel: EvalCompare(b, id); return;
    case NodeKind::kCall: EvalCall(b, id); return;
  }
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
  // A text that grows during the run is made row by row (RunState::MakeText); a length of one
  // is computed from its string (RunState::TextEntry).
  const bool grows = run_.grows_[id];
  const bool arg_grows = run_.grows_[n.args[0]];
  // concat that does not grow: the argument whose strings the plan's remap maps (the other one
  // is a constant).
  const size_t concat_source = fn.signature == lang::Signature::kTextTextToText && !grows ? exec::ConcatSource(p_, id)
                                                                                          : 0;
  auto make = [&](size_t r, int64_t x, int64_t y) {
    int64_t code = run_.MakeText(id, x, y);
    if (code >= 0) {
      out.i[r] = code;
      return;
    }
    out.v[r] = 0;
    Fail(b, r, n, id, exec::JoinedTextTooLong());
  };
  for (size_t r = 0; r < len; ++r) {
    bool valid = true;
    for (const View& a : args) valid &= a.V(r);
    out.v[r] = valid;
    if (info.is_float) out.f[r] = 0;
    else out.i[r] = 0;
    if (!valid) continue;
    const View& x = args[0];
    rt::fn::Outcome st = rt::fn::kOk;
    switch (fn.signature) {
      case lang::Signature::kTextToText:
        if (grows) make(r, x.I(r), 0);
        else out.i[r] = info.remap[0][x.I(r)];
        continue;
      case lang::Signature::kTextTextToText:
        if (grows) make(r, x.I(r), args[1].I(r));
        else out.i[r] = info.remap[0][args[concat_source].I(r)];
        continue;
      case lang::Signature::kTextToInt:
        out.i[r] = arg_grows ? run_.TextEntry(id, x.I(r)) : info.table[x.I(r)];
        continue;
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
      if (info.is_float) out.f[r] = floats[0];
      else out.i[r] = ints[0];
    } else {
      for (size_t k = 0; k < args.size(); ++k) load(k, k, r);
      size_t extra = args.size();
      if (fn.takes_as_of) ints[extra++] = as_of_;
      if (fn.takes_zone) ints[extra++] = reinterpret_cast<int64_t>(&zone_);  // add_months (calendar.h)
      // Only the result's own buffer exists: `&out.f[r]` of an int result indexes an empty vector.
      st = rt::fn::CallKernel(kernel, ints, floats, info.is_float ? nullptr : &out.i[r],
                              info.is_float ? &out.f[r] : nullptr);
    }
    if (st == rt::fn::kOk) continue;
    out.v[r] = 0;
    if (info.is_float) out.f[r] = 0;
    else out.i[r] = 0;
    if (st == rt::fn::kOverflow) Fail(b, r, n, id, kernel.overflow);
  }
}

}  // namespace seg::interp
