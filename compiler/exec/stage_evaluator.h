// The seam between the execution layer and an engine. The executor (execute.h) plans the run,
// ranks populations between stages and assembles the RunResult; an engine only evaluates each
// stage's nodes for ranges of customers. Every engine thus shares everything but its inner loops,
// which is what keeps their results byte-identical. Each evaluator serves one run (RunState),
// given when it is made.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/exec/plan.h"
#include "runtime/status.h"

namespace seg::exec {

class StageEvaluator {
 public:
  virtual ~StageEvaluator() = default;
  // Called once per run after planning, when the persisted columns (RunState::full_) are
  // allocated. Fails to decline the run, saying why: the reference engine then evaluates the stages.
  virtual rt::Status Prepare() = 0;
  // Evaluates stage `stage` for customers [begin, end): writes every persisted node of the stage
  // into RunState::full_, each classification's buckets through RunState::bucket_out_, and
  // reports run-time errors to the RunState. Called from several threads at once for disjoint
  // ranges.
  virtual void RunMorsel(int32_t stage, size_t begin, size_t end) = 0;
};

// The reference engine (the interpreter): it can evaluate every stage, and it also computes the
// plan's constant-level values, since its operators define what a constant means.
class ReferenceEvaluator : public StageEvaluator {
 public:
  // Evaluates constant-level node `id` (its arguments already planned) into info's scalar_i,
  // scalar_f and scalar_valid. Fails when the constant does (overflow).
  virtual rt::Status EvaluateConstant(ir::NodeId id, NodeInfo& info) = 0;
};

}  // namespace seg::exec
