// The direct subexpressions of an expression, in source order, for passes that look at every
// node without caring what it means (the language server finds what is under the cursor).
#pragma once
#include <functional>

#include "compiler/ast/ast.h"

namespace seg::ast {

void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& visit);

}  // namespace seg::ast
