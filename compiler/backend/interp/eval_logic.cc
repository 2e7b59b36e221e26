// Logic on a batch: not, and, or, `is missing`, `??` and if. and/or/not read missing as false
// (docs/LANGUAGE.md).
#include "compiler/backend/interp/engine.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;

void Engine::EvalLogic(Batch& b, NodeId id) {
  auto [n, info, len, out] = OperandsOf(b, id);
  auto arg = [&](size_t k) { return ArgView(b, n.args[k], n); };
  switch (n.kind) {
    case NodeKind::kNot: {
      View a = arg(0);
      for (size_t r = 0; r < len; ++r) {
        out.i[r] = !(a.V(r) && a.I(r));
        out.v[r] = 1;
      }
      return;
    }
    case NodeKind::kAnd:
    case NodeKind::kOr: {
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
      for (size_t r = 0; r < len; ++r) {
        out.i[r] = a.V(r) == n.negated();
        out.v[r] = 1;
      }
      return;
    }
    case NodeKind::kDefault:
    case NodeKind::kIf: {
      bool is_if = n.kind == NodeKind::kIf;
      View cond = is_if ? arg(0) : View{};
      View x = arg(is_if ? 1 : 0), y = arg(is_if ? 2 : 1);
      bool grows = run_.grows_[id];  // a branch's text grows: its string is interned (MakeText)
      for (size_t r = 0; r < len; ++r) {
        bool first = is_if ? (cond.V(r) && cond.I(r)) : x.V(r);
        const View& src = first ? x : y;
        out.v[r] = src.V(r);
        if (info.is_float) out.f[r] = src.F(r);
        else if (info.is_text && !src.V(r)) out.i[r] = 0;
        else if (info.is_text && grows) out.i[r] = run_.MakeText(id, src.I(r), first ? 0 : 1);
        else if (info.is_text) out.i[r] = info.remap[first ? 0 : 1][src.I(r)];
        else out.i[r] = src.I(r);
      }
      return;
    }
    default: return;
  }
}

}  // namespace seg::interp
