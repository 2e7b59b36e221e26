#include "compiler/exec/sequence_spec.h"

namespace seg::exec {

std::optional<rt::seq::Spec> SequenceSpecOf(const RunState& run, ir::NodeId id) {
  const ir::Sequence& s = run.p_.nodes[id].sequence;
  rt::seq::Spec spec;
  spec.measure = s.measure;
  spec.last_negated = s.last_negated;
  for (ir::NodeId limit : s.limits) {
    if (limit < 0) {
      spec.limits.push_back(rt::seq::kNoLimit);
      continue;
    }
    const NodeInfo& info = run.info_[limit];
    if (!info.scalar_valid || info.scalar_i < 0) return std::nullopt;
    spec.limits.push_back(info.scalar_i);
  }
  // Events are known up to the end of the as_of day: every aggregate stops there.
  spec.horizon = run.zone_.StartOfLocalDay(run.as_of_ + 1);
  return spec;
}

}  // namespace seg::exec
