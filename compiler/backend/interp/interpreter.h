// The vectorised interpreter: the reference semantics of seg. It evaluates the IR over morsels
// of customers (a few thousand at a time): each stage computes every aggregate of a customer in
// one pass over that customer's events, then the per-customer values. The execution layer
// (compiler/exec) plans the run and ranks populations between stages, for every engine.
#pragma once
#include <memory>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "compiler/exec/run_state.h"
#include "compiler/exec/stage_evaluator.h"

namespace seg::interp {

// The interpreter as the reference engine of `run`: it evaluates the plan's constants and every
// stage that no compiled engine takes (exec::Execute).
std::unique_ptr<exec::ReferenceEvaluator> NewEvaluator(exec::RunState& run);

// Runs the program on the interpreter alone. `params` holds one value per program param (as_of
// included), already of the param's type.
exec::RunResult Run(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                    const exec::RunOptions& options);

}  // namespace seg::interp
