// What the cursor is on, read from the syntax tree of the user's file: a name, a member after a
// dot, a called function, a declared name or an import. Meaning comes later (resolve.h).
#pragma once
#include <optional>
#include <string>

#include "compiler/ast/ast.h"

namespace seg::lsp {

struct Reference {
  enum class Kind { kName, kMember, kCallee, kDeclaration, kColumnDeclaration, kImport };
  Kind kind = Kind::kName;
  std::string name;      // the name, the member, the function or the module ("std.rfm")
  std::string object;    // kMember: the name before the dot; kColumnDeclaration: the input
  SourceSpan span;       // the name itself
  SourceSpan expr_span;  // kName, kMember: the whole expression, as the typed tree spans it
};

// `offset` is a byte offset in the module's file; a position just after a name still counts as on it.
std::optional<Reference> ReferenceAt(const ast::Module& module, uint32_t offset);

}  // namespace seg::lsp
