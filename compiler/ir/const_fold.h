// Evaluation of IR operators on constants: folding at compile time, and the values of test
// rows (`ts: as_of - 3 days`) once the test's params are known. Uses runtime/kernels/scalar_ops.h,
// the same arithmetic the backends use.
#pragma once
#include <optional>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/written_number.h"

namespace seg::ir {

// The value of an operator node given its arguments' values; nullopt when the node is not an
// operator this evaluates, or when its value is out of its type's range: then *overflow (where
// given) is set, and the caller reports it (lowering at check time, the test runner per test).
std::optional<lang::Value> EvalOperator(const Node& node, const std::vector<lang::Value>& args,
                                        bool* overflow = nullptr);

// Folds `node` if all its arguments are literal constants; *overflow as for EvalOperator.
std::optional<lang::Value> Fold(const Node& node, const std::vector<Node>& nodes, bool* overflow = nullptr);

// What to tell the user when Fold overflowed on `node`: the computation with its constant
// operands ("`9223372036854775807 + 1` is beyond the range of whole numbers") and the range.
rt::WrittenNumberError DescribeFoldOverflow(const Node& node, const std::vector<Node>& nodes);

// The argument that `node` always equals, if one does: `x ?? missing` and `missing ?? x` are x.
std::optional<NodeId> SameAsArgument(const Node& node, const std::vector<Node>& nodes);

}  // namespace seg::ir
