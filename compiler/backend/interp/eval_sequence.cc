// Sequences of events: for each customer of the batch, the times of each step's events (those its
// count aggregate counts: inside the step's window, passing its filter, none after as_of), handed
// to the runtime kernel the JIT calls too (runtime/kernels/sequence.h).
#include "compiler/backend/interp/engine.h"
#include "compiler/exec/sequence_spec.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;

void Engine::EvalSequence(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  Buffer& out = b.values[id];
  size_t len = b.size();
  out.Resize(len, false);
  std::optional<rt::seq::Spec> spec = exec::SequenceSpecOf(run_, id);
  size_t step_count = n.sequence.limits.size() + 1;
  std::vector<View> filters(step_count);
  for (size_t s = 0; s < step_count; ++s) {
    const Node& step = p_.nodes[n.args[s]];
    if (step.aggregate.filter >= 0) filters[s] = ArgView(b, step.aggregate.filter, p_.nodes[step.aggregate.filter]);
  }
  std::vector<std::vector<int64_t>> times(step_count);
  for (size_t c = 0; c < len; ++c) {
    out.v[c] = 0;
    out.i[c] = 0;
    if (!spec) continue;
    for (size_t s = 0; s < step_count; ++s) {
      NodeId step_id = n.args[s];
      const Node& step = p_.nodes[step_id];
      const rt::EventData& events = data_.events[step.input];
      const int32_t lo = info_[step_id].day_lo, hi = info_[step_id].day_hi;
      const size_t first_event = b.event_begin[step.input];
      times[s].clear();
      for (size_t e = events.offsets[b.begin + c], end = events.offsets[b.begin + c + 1]; e < end; ++e) {
        int32_t day = events.local_day[e];
        if (day > hi) break;  // time-ordered: nothing later is inside the window
        if (day < lo) continue;
        size_t le = e - first_event;
        if (step.aggregate.filter >= 0 && !(filters[s].V(le) && filters[s].I(le))) continue;
        times[s].push_back(events.instant[e]);
      }
    }
    out.v[c] = rt::seq::Evaluate(*spec, times, &out.i[c]);
  }
}

}  // namespace seg::interp
