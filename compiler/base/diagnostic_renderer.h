// Turns diagnostics into what people and tools read: text with a snippet and carets under the
// whole span, or JSON for editors and CRMs.
#pragma once
#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/base/source_file.h"

namespace seg {

struct RenderOptions {
  bool color = false;
  bool summary_line = true;  // "2 errors, 1 warning" at the end
};

std::string RenderText(const std::vector<Diagnostic>& diagnostics, const SourceSet& sources,
                       const RenderOptions& options = {});
std::string RenderOne(const Diagnostic& diagnostic, const SourceSet& sources, bool color = false);
std::string SummaryLine(size_t errors, size_t warnings);
// A JSON array, one object per diagnostic, with 1-based line/column of both span ends.
std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceSet& sources);

}  // namespace seg
