#include "compiler/parse/format_source.h"

#include "compiler/ast/ast_printer.h"
#include "compiler/parse/parser.h"

namespace seg::parse {

FormattedSource FormatSource(const std::string& path, std::string text) {
  FormattedSource out;
  uint32_t file = out.sources.Add(path, std::move(text));
  ParseResult parsed = Parse(out.sources, file, out.sink);
  if (!out.sink.HasErrors()) out.formatted = ast::FormatModule(*parsed.module);
  return out;
}

}  // namespace seg::parse
