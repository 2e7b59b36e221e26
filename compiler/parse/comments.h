// Keeps comments with the code they describe, so that `seg fmt` never drops one.
#pragma once
#include "compiler/ast/ast.h"
#include "compiler/parse/lexed_file.h"

namespace seg::parse {

// A comment on the same line after an item is its trailing comment; any other comment leads the
// next item (declaration, column, rule, test statement). A comment inside an expression moves to
// the next item; one just before a closing brace stays with that block.
void AttachComments(const LexedFile& lexed, ast::Module& module);

}  // namespace seg::parse
