// Evaluation of IR operators on constants: folding at compile time, and the values of test
// rows (`ts: as_of - 3 days`) once the test's params are known. Uses runtime/kernels/scalar_ops.h,
// the same arithmetic the backends use.
#pragma once
#include <optional>
#include <vector>

#include "compiler/ir/ir.h"

namespace seg::ir {

// The value of an operator node given its arguments' values; nullopt when the node is not an
// operator this evaluates, or when evaluating it would be an error (overflow) that the run
// must report instead.
std::optional<sema::Value> EvalOperator(const Node& node, const std::vector<sema::Value>& args);

// Folds `node` if all its arguments are literal constants.
std::optional<sema::Value> Fold(const Node& node, const std::vector<Node>& nodes);

// The argument that `node` always equals, if one does: `x ?? missing` and `missing ?? x` are x.
std::optional<NodeId> SameAsArgument(const Node& node, const std::vector<Node>& nodes);

}  // namespace seg::ir
