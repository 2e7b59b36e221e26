// Formatting: `seg fmt`'s layout as one edit over the whole text. While the text has syntax
// errors there is nothing to format (seg fmt refuses too), so the reply is no edits rather than
// an error: format-on-save must not pop up a message on every half-typed save.
#include "compiler/lsp/features.h"
#include "compiler/parse/format_source.h"

namespace seg::lsp {

Json Formatting(const Document& document) {
  parse::FormattedSource result = parse::FormatSource(document.path, document.text);
  Json edits = Json::array();
  if (!result.formatted || *result.formatted == document.text) return edits;
  LineIndex lines = document.Lines();
  edits.push_back(
      {{"range", ToRange(lines, 0, static_cast<uint32_t>(document.text.size()))}, {"newText", *result.formatted}});
  return edits;
}

}  // namespace seg::lsp
