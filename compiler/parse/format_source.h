// `seg fmt` on text: the canonical layout, comments kept, or nothing while the text has syntax
// errors (a partial tree would drop the declarations that did not parse). Shared by the command
// and the language server's formatting request.
#pragma once
#include <optional>
#include <string>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source_file.h"

namespace seg::parse {

struct FormattedSource {
  SourceSet sources;
  DiagnosticSink sink;                   // the syntax errors, when there are any
  std::optional<std::string> formatted;  // absent when there were syntax errors
};

FormattedSource FormatSource(const std::string& path, std::string text);

}  // namespace seg::parse
