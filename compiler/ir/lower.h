// Checked program -> IR: derived event sets are inlined into their aggregates, identical
// subexpressions become one node, constant subexpressions are folded.
#pragma once
#include <memory>

#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace seg::ir {

std::shared_ptr<const Program> Lower(const sema::Program& program);

}  // namespace seg::ir
