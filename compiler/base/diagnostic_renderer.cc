#include "compiler/base/diagnostic_renderer.h"

#include <nlohmann/json.hpp>

namespace seg {

namespace {

const char* SeverityWord(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// Display width of one code point: East Asian wide characters take two cells.
int CodePointWidth(uint32_t cp) {
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

// Width in terminal cells of a byte range of one line; tabs are echoed as one space.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xC0) {
      len = 2;
      cp = c & 0x1F;
    }
    for (size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    width += CodePointWidth(cp);
    i += len;
  }
  return width;
}

// A control character echoed raw would vanish or cut the output (a NUL ends a C string, ESC
// starts a terminal sequence): each is shown as its Unicode control picture (U+2400 + code, DEL
// as U+2421), one cell wide like the byte it replaces, so carets computed on the raw line still align.
std::string Visible(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool control = c < 0x20 || c == 0x7F;
    if (!control || (keep_newlines && c == '\n')) {
      out += ch;
      continue;
    }
    uint32_t picture = c == 0x7F ? 0x2421 : 0x2400 + c;
    out += static_cast<char>(0xE0 | (picture >> 12));
    out += static_cast<char>(0x80 | ((picture >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (picture & 0x3F));
  }
  return out;
}

std::string Paint(const std::string& text, const char* code, bool color) {
  if (!color) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

void AppendSnippet(std::string& out, const SourceFile& file, SourceSpan span, const std::string& label,
                   Severity severity, bool color) {
  LineCol start = file.Locate(span.begin);
  LineCol end = file.Locate(span.end);
  std::string line_number = std::to_string(start.line);
  std::string gutter(line_number.size(), ' ');
  std::string line(file.Line(start.line));
  for (char& ch : line)
    if (ch == '\t') ch = ' ';
  uint32_t line_begin = file.OffsetOf(start.line, 0);
  uint32_t caret_from = span.begin - line_begin;
  uint32_t caret_to = (end.line == start.line) ? span.end - line_begin : static_cast<uint32_t>(line.size());
  if (caret_from > line.size()) caret_from = static_cast<uint32_t>(line.size());
  if (caret_to > line.size()) caret_to = static_cast<uint32_t>(line.size());
  size_t pad = DisplayWidth(std::string_view(line).substr(0, caret_from));
  size_t width = DisplayWidth(std::string_view(line).substr(caret_from, caret_to - caret_from));
  if (width == 0) width = 1;  // an insertion point (missing token) still gets one caret
  out += gutter + " |\n";
  out += line_number + " | " + Visible(line, false) + "\n";
  std::string carets = std::string(pad, ' ') + std::string(width, '^');
  const char* caret_color = severity == Severity::kWarning ? "1;33" : "1;31";
  out += gutter + " | " + Paint(carets, caret_color, color);
  if (!label.empty()) out += " " + Paint(Visible(label, false), caret_color, color);
  if (end.line > start.line) out += " ...";
  out += "\n";
}

}  // namespace

std::string SummaryLine(size_t errors, size_t warnings) {
  return std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
         (warnings == 1 ? " warning" : " warnings");
}

std::string RenderOne(const Diagnostic& d, const SourceSet& sources, bool color) {
  const DiagInfo& info = InfoOf(d.code);
  std::string out;
  std::string head = std::string(SeverityWord(d.severity)) + "[" + std::string(info.code) + "]";
  out += Paint(head, d.severity == Severity::kWarning ? "1;33" : "1;31", color) + ": " + Visible(d.message, true) +
         "\n";
  bool located = d.span.file < sources.size();
  if (located) {
    const SourceFile& file = sources.Get(d.span.file);
    LineCol at = file.Locate(d.span.begin);
    std::string gutter(std::to_string(at.line).size(), ' ');
    out += gutter + "--> " + file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + "\n";
    AppendSnippet(out, file, d.span, d.label, d.severity, color);
  }
  for (const DiagNote& note : d.notes) {
    out += "note: " + Visible(note.message, true);
    if (note.span.file < sources.size() && note.span.end >= note.span.begin && note.span.end > 0) {
      const SourceFile& file = sources.Get(note.span.file);
      LineCol at = file.Locate(note.span.begin);
      out += " (" + file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ")";
    }
    out += "\n";
  }
  if (!d.help.empty()) out += "help: " + Visible(d.help, true) + "\n";
  if (d.severity == Severity::kWarning && info.severity == Severity::kWarning) {
    out += "  = turn this off with --no-warn=" + std::string(info.name) + "\n";
  }
  return out;
}

std::string RenderText(const std::vector<Diagnostic>& diagnostics, const SourceSet& sources,
                       const RenderOptions& options) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : diagnostics) {
    out += RenderOne(d, sources, options.color);
    if (d.severity == Severity::kError) ++errors;
    if (d.severity == Severity::kWarning) ++warnings;
  }
  if (options.summary_line && !diagnostics.empty()) out += SummaryLine(errors, warnings) + "\n";
  return out;
}

std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceSet& sources) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  auto locate = [&](SourceSpan span, nlohmann::ordered_json& into) {
    if (span.file >= sources.size()) return;
    const SourceFile& file = sources.Get(span.file);
    LineCol begin = file.Locate(span.begin), end = file.Locate(span.end);
    into["file"] = file.path();
    into["line"] = begin.line;
    into["column"] = begin.column;
    into["end_line"] = end.line;
    into["end_column"] = end.column;
  };
  for (const Diagnostic& d : diagnostics) {
    const DiagInfo& info = InfoOf(d.code);
    nlohmann::ordered_json j;
    j["code"] = info.code;
    j["name"] = info.name;
    j["severity"] = SeverityWord(d.severity);
    j["message"] = d.message;
    locate(d.span, j);
    if (!d.label.empty()) j["label"] = d.label;
    if (!d.notes.empty()) {
      j["notes"] = nlohmann::ordered_json::array();
      for (const DiagNote& note : d.notes) {
        nlohmann::ordered_json n;
        n["message"] = note.message;
        if (note.span.end > 0) locate(note.span, n);
        j["notes"].push_back(n);
      }
    }
    if (!d.help.empty()) j["help"] = d.help;
    array.push_back(j);
  }
  return array.dump(2) + "\n";
}

}  // namespace seg
