// Diagnostics as `seg check` reports them, as the protocol carries them: the code (E0200), the
// whole span, the message with the label and the hint appended as `seg check` prints them, and
// notes as related information. Diagnostics in an imported std module are not the user's to fix
// and are not shown, nor are those of such a module opened from its copy (std_module_files.h);
// those without a location sit at the start of the file.
#include "compiler/lsp/features.h"
#include "compiler/lsp/std_module_files.h"

namespace seg::lsp {

namespace {

int SeverityNumber(Severity severity) {
  switch (severity) {
    case Severity::kError: return 1;
    case Severity::kWarning: return 2;
    case Severity::kNote: return 3;
  }
  return 1;
}

}  // namespace

Json PublishDiagnosticsParams(const Document& document) {
  Json list = Json::array();
  LineIndex lines = document.Lines();
  if (document.analysis && !IsStdModuleCopy(document.path)) {
    for (const Diagnostic& d : document.analysis->sink.diagnostics()) {
      if (d.span.file != 0) continue;
      std::string message = d.message;
      if (!d.label.empty()) message += " (" + d.label + ")";
      Json related = Json::array();
      for (const DiagNote& note : d.notes) {
        if (note.span.Valid() && note.span.file == 0) {
          related.push_back(
              {{"location", {{"uri", document.uri}, {"range", ToRange(lines, note.span)}}}, {"message", note.message}});
        } else {
          message += "\nnote: " + note.message;
        }
      }
      if (!d.help.empty()) message += "\nhelp: " + d.help;
      Json item = {{"range", ToRange(lines, d.span)},
                   {"severity", SeverityNumber(d.severity)},
                   {"code", std::string(InfoOf(d.code).code)},
                   {"source", "seg"},
                   {"message", message}};
      if (!d.help.empty()) item["data"] = {{"help", d.help}, {"name", std::string(InfoOf(d.code).name)}};
      if (!related.empty()) item["relatedInformation"] = related;
      list.push_back(std::move(item));
    }
  }
  return {{"uri", document.uri}, {"version", document.version}, {"diagnostics", list}};
}

}  // namespace seg::lsp
