// What both engines hand the sequence kernel (runtime/kernels/sequence.h) for a sequence node:
// its limits as this run's plan has them, and the horizon (the end of the as_of day).
#pragma once
#include <optional>

#include "compiler/exec/run_state.h"
#include "runtime/kernels/sequence.h"

namespace seg::exec {

// nullopt when a limit (a param) is missing or negative at this run: the sequence is then missing
// for every customer, as any function of a missing argument is.
std::optional<rt::seq::Spec> SequenceSpecOf(const RunState& run, ir::NodeId id);

}  // namespace seg::exec
