// Go to definition: lets, tags, params, scores, classifications and their buckets, inputs, event
// sets and columns, in the file itself or in an imported std module (opened from its copy, see
// std_module_files.h); on an import, the module itself.
#include "compiler/lsp/features.h"
#include "compiler/lsp/resolve.h"
#include "compiler/lsp/std_module_files.h"

namespace seg::lsp {

Json Definition(const Document& document, Position position) {
  if (!document.analysis) return nullptr;
  const driver::Compilation& c = *document.analysis;
  std::optional<Target> target = TargetAt(c, document.Lines().ToOffset(position));
  if (!target) return nullptr;
  if (target->kind == TargetKind::kModule) {
    std::optional<std::string> uri = StdModuleUri(target->name);
    if (!uri) return nullptr;
    return {{"uri", *uri}, {"range", ToRange(LineIndex(""), 0, 0)}};
  }
  const SourceSpan& at = target->definition;
  if (!at.Valid() || at.file >= c.sources.size()) return nullptr;  // functions are built in
  if (at.file == 0) return {{"uri", document.uri}, {"range", ToRange(document.Lines(), at)}};
  const SourceFile& file = c.sources.Get(at.file);
  std::optional<std::string> uri = StdModuleUri(StdModuleOfSourcePath(file.path()));
  if (!uri) return nullptr;
  return {{"uri", *uri}, {"range", ToRange(LineIndex(file.text()), at)}};
}

}  // namespace seg::lsp
