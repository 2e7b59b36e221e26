// What a reference means: the checker has already resolved every name in the typed tree, so the
// reference's typed node says which symbol it is; where that tree has no node (the expression
// did not check, or the name is a declaration's own), the name is looked up in the program.
#pragma once
#include <optional>

#include "compiler/driver/compiler.h"
#include "compiler/lsp/reference_at.h"
#include "compiler/lsp/targets.h"

namespace seg::lsp {

// The target of whatever is at `offset` in the compilation's own file (file 0).
std::optional<Target> TargetAt(const driver::Compilation& compilation, uint32_t offset);
std::optional<Target> Resolve(const driver::Compilation& compilation, const Reference& reference);

}  // namespace seg::lsp
