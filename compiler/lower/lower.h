// Checked program -> IR: derived event sets are inlined into their aggregates, identical
// subexpressions become one node, constant subexpressions are folded.
#pragma once
#include <memory>
#include <optional>

#include "compiler/base/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace seg::lower {

// Constant arithmetic that overflows is reported to `sink` (when given) at its expression.
// A program the checker passed without an error is fully typed. An expression it left with the
// error type anyway (a checker bug: a param once read as untyped inside derived event sets)
// would run as false or empty for every customer, so its span is returned in `untyped` and the
// caller must refuse to run the program.
std::shared_ptr<const ir::Program> Lower(const sema::Program& program, DiagnosticSink* sink = nullptr,
                                         std::optional<SourceSpan>* untyped = nullptr);

}  // namespace seg::lower
