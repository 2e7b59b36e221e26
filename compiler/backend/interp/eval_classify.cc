// Classifications: each customer's bucket, the first rule that holds by priority, else the
// `else` bucket; a refinement only for customers in its parent's bucket.
#include "compiler/backend/interp/engine.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;

void Engine::EvalClassify(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  const ir::Classification& c = p_.classifications[n.symbol];
  Buffer& out = b.values[id];
  size_t len = b.size();
  out.Resize(len, false);
  std::vector<View> conditions;
  for (const ir::Rule& r : c.rules) conditions.push_back(ArgView(b, r.condition, n));
  View parent = c.parent >= 0 ? ArgView(b, n.args.back(), n) : View{};
  for (size_t r = 0; r < len; ++r) {
    int64_t bucket = -1;
    bool eligible = c.parent < 0 || (parent.V(r) && parent.I(r) == c.parent_bucket);
    if (eligible) {
      // First match by priority.
      for (size_t k = 0; k < conditions.size(); ++k) {
        if (conditions[k].V(r) && conditions[k].I(r)) {
          bucket = c.rules[k].bucket;
          break;
        }
      }
      if (bucket < 0) bucket = c.else_bucket;
    }
    out.i[r] = bucket;
    out.v[r] = bucket >= 0;
  }
}

}  // namespace seg::interp
