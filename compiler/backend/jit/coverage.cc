// What the JIT covers, decided from the IR alone (so cached code never depends on the data):
// everything but the few text operations that need two strings at run time. Those programs run
// on the interpreter, with the reason given.
#include "compiler/backend/jit/codegen.h"
#include "compiler/sema/builtins.h"

namespace seg::jit {

using ir::NodeKind;
using sema::TypeKind;

std::string CheckCoverage(const ir::Program& p) {
  auto constant_text = [&](ir::NodeId id) {
    NodeKind k = p.nodes[id].kind;
    return k == NodeKind::kConst || k == NodeKind::kParam;
  };
  for (const ir::Node& n : p.nodes) {
    if (n.level == ir::Level::kConstant) continue;  // evaluated once by the plan
    switch (n.kind) {
      case NodeKind::kAggregate:
        break;  // count_distinct and min/max of text call runtime helpers
      case NodeKind::kLike:
        if (!constant_text(n.args[1])) return "like with a computed pattern";
        break;
      case NodeKind::kCompare:
        if (p.nodes[n.args[0]].type.IsTextLike() &&
            (!constant_text(n.args[1]) || p.nodes[n.args[0]].level == ir::Level::kConstant)) {
          return "comparing two computed texts";
        }
        break;
      case NodeKind::kCall: {
        auto fn = static_cast<sema::Builtin>(n.op);
        if ((fn == sema::Builtin::kContains || fn == sema::Builtin::kStartsWith || fn == sema::Builtin::kEndsWith) &&
            !constant_text(n.args[1])) {
          return "a text function of two computed texts";
        }
        break;
      }
      default: break;
    }
  }
  return "";
}

}  // namespace seg::jit
