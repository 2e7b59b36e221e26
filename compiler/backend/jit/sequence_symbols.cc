// The runtime side of compiled sequences (codegen_sequence.cc): each step's event times for the
// customer being evaluated, per thread (morsels run concurrently), and the kernel call.
#include "compiler/backend/jit/sequence_symbols.h"

#include <vector>

#include "compiler/backend/jit/jit_runner.h"
#include "compiler/exec/sequence_spec.h"

namespace {

std::vector<int64_t>& TimesOf(int32_t node) {
  thread_local std::vector<std::vector<int64_t>> times;
  if (static_cast<size_t>(node) >= times.size()) times.resize(static_cast<size_t>(node) + 1);
  return times[static_cast<size_t>(node)];
}

}  // namespace

extern "C" {

void seg_rt_sequence_reset(int32_t step) { TimesOf(step).clear(); }
void seg_rt_sequence_add(int32_t step, int64_t instant) { TimesOf(step).push_back(instant); }

int64_t seg_rt_sequence(const seg::jit::JitCtx* ctx, int32_t node) {
  const seg::exec::RunState& run = static_cast<const seg::jit::JitRunner*>(ctx->runner)->run();
  std::optional<seg::rt::seq::Spec> spec = seg::exec::SequenceSpecOf(run, node);
  if (!spec) return INT64_MIN;
  const seg::ir::Node& n = run.p_.nodes[node];
  thread_local std::vector<std::vector<int64_t>> steps;
  steps.resize(n.sequence.limits.size() + 1);
  for (size_t s = 0; s < steps.size(); ++s) steps[s] = TimesOf(n.args[s]);
  int64_t out = 0;
  return seg::rt::seq::Evaluate(*spec, steps, &out) ? out : INT64_MIN;
}

}  // extern "C"
