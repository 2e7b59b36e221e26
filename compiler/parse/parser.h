// The front door of the front end: rule-file text in, syntax tree and diagnostics out.
// The ANTLR parse tree never leaves compiler/parse.
#pragma once
#include <memory>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostic.h"
#include "compiler/base/source_file.h"

namespace seg::parse {

// Limits that keep a hostile rule file from exhausting the stack or memory.
struct ParseLimits {
  size_t max_file_bytes = 1 << 20;  // 1 MiB: a rule file is text a person writes
  size_t max_parse_depth = 1000;    // rule nesting in the parser (TOOLCHAIN.md: ~22k crashes)
  size_t max_expr_depth = 256;      // depth of one expression tree, nesting and operator chains alike
};

struct ParseResult {
  std::unique_ptr<ast::Module> module;  // the declarations that parsed
  // Names of declarations that did not parse: the checker treats them as defined, so one
  // syntax error does not also produce "unknown name" errors wherever the name is used.
  std::vector<std::string> unparsed_names;
};

ParseResult Parse(const SourceSet& sources, uint32_t file, DiagnosticSink& sink, const ParseLimits& limits = {});

}  // namespace seg::parse
