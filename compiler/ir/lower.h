// Checked program -> IR: derived event sets are inlined into their aggregates, identical
// subexpressions become one node, constant subexpressions are folded.
#pragma once
#include <memory>

#include "compiler/base/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace seg::ir {

// Constant arithmetic that overflows is reported to `sink` (when given) at its expression.
std::shared_ptr<const Program> Lower(const sema::Program& program, DiagnosticSink* sink = nullptr);

}  // namespace seg::ir
