// Hover: what a name is (its kind and type) and the line that defines it; for a function, its
// signature and one-line doc from the function registry (or the language's own functions).
#include "compiler/lsp/features.h"
#include "compiler/lsp/resolve.h"
#include "compiler/lsp/std_module_files.h"
#include "stdlib/stdlib_modules.h"

namespace seg::lsp {

namespace {

std::string Trimmed(std::string_view line) {
  size_t begin = line.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  size_t end = line.find_last_not_of(" \t\r");
  return std::string(line.substr(begin, end - begin + 1));
}

std::string Heading(const Target& t) {
  if (t.kind == TargetKind::kFunction) return t.signature;
  if (t.kind == TargetKind::kModule) return "import " + t.name;
  std::string text = std::string(KindWord(t.kind)) + " ";
  if (t.kind == TargetKind::kBucket) return text + t.owner + ".\"" + t.name + "\"";
  if (t.kind == TargetKind::kColumn && !t.owner.empty()) text += t.owner + ".";
  text += t.name;
  if (!t.type.empty()) text += ": " + t.type;
  return text;
}

std::string Markdown(const driver::Compilation& c, const Target& t) {
  std::string text = "```seg\n" + Heading(t) + "\n```";
  if (!t.doc.empty()) text += "\n" + t.doc;
  if (t.kind == TargetKind::kModule) {
    if (!stdlib::Find(t.name)) return text + "\nthere is no such module";
    return text + "\nthe standard library module " + t.name;
  }
  const SourceSpan& at = t.definition;
  if (at.Valid() && at.file < c.sources.size()) {
    const SourceFile& file = c.sources.Get(at.file);
    std::string line = Trimmed(file.Line(file.Locate(at.begin).line));
    if (!line.empty()) text += "\n\n```seg\n" + line + "\n```";
    std::string module = StdModuleOfSourcePath(file.path());
    if (!module.empty()) text += "\nfrom " + module;
  }
  return text;
}

}  // namespace

Json Hover(const Document& document, Position position) {
  if (!document.analysis || !document.analysis->module) return nullptr;
  const driver::Compilation& c = *document.analysis;
  LineIndex lines = document.Lines();
  std::optional<Reference> reference = ReferenceAt(*c.module, lines.ToOffset(position));
  if (!reference) return nullptr;
  std::optional<Target> target = Resolve(c, *reference);
  if (!target) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", Markdown(c, *target)}}},
          {"range", ToRange(lines, reference->span)}};
}

}  // namespace seg::lsp
