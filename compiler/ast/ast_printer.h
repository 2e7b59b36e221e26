// Printing the syntax tree back out. FormatModule is `seg fmt`: the canonical, re-parseable
// layout with every comment kept. DumpAst is `seg check --dump=ast`: a span-free, comment-free
// S-expression per declaration, equal for two files exactly when their trees are equal, which is
// what the round-trip tests compare.
#pragma once
#include <string>

#include "compiler/ast/ast.h"

namespace seg::ast {

// The canonical text of a module. Idempotent: formatting the result again changes nothing.
std::string FormatModule(const Module& module);

// The canonical text of one expression, with the fewest parentheses that reparse to the same tree.
std::string FormatExpr(const Expr& expr);

// A deterministic tree dump: one S-expression per declaration, one declaration per line.
std::string DumpAst(const Module& module);
std::string DumpExpr(const Expr& expr);

// A text literal with its quotes, escaping \" \\ \n and \t.
std::string QuoteString(const std::string& value);

}  // namespace seg::ast
