// The execution layer's driver of one run: plans it (RunState::Plan), then stage by stage ranks
// the stage's population nodes over all customers and has an engine evaluate the stage's other
// nodes morsel by morsel on a thread pool; finally hands back the result columns. Results never
// depend on the number of threads: morsels write disjoint rows, population steps run on whole
// columns.
#pragma once
#include "compiler/exec/result.h"
#include "compiler/exec/run_state.h"
#include "compiler/exec/stage_evaluator.h"

namespace seg::exec {

// `compiled` (the JIT), when given and it accepts the run (StageEvaluator::Prepare), evaluates
// the stages; otherwise `reference` (the interpreter) does. Both serve `run`.
RunResult Execute(RunState& run, ReferenceEvaluator& reference, StageEvaluator* compiled = nullptr);

}  // namespace seg::exec
