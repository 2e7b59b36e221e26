#include "tests/unit/parse/parse_test_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace seg::parse::testing {

std::unique_ptr<Parsed> ParseText(const std::string& text, const std::string& path) {
  auto parsed = std::make_unique<Parsed>();
  uint32_t file = parsed->sources.Add(path, text);
  parsed->result = Parse(parsed->sources, file, parsed->sink);
  return parsed;
}

std::string DumpOf(const std::string& text) {
  std::unique_ptr<Parsed> parsed = ParseText(text);
  if (!parsed->sink.HasErrors()) return ast::DumpAst(*parsed->result.module);
  std::string out;
  for (const Diagnostic& d : parsed->sink.diagnostics())
    out += "error: " + std::string(InfoOf(d.code).code) + " " + d.message + "\n";
  return out;
}

std::string FormatOf(const std::string& text) {
  std::unique_ptr<Parsed> parsed = ParseText(text);
  if (parsed->sink.HasErrors()) return "<does not parse>\n" + DumpOf(text);
  return ast::FormatModule(*parsed->result.module);
}

std::vector<std::string> CodesOf(const Parsed& parsed) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : parsed.sink.diagnostics()) codes.emplace_back(InfoOf(d.code).code);
  return codes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace seg::parse::testing

namespace seg::parse::testing {

std::vector<std::string> CommentsIn(const std::string& text) {
  std::vector<std::string> comments;
  size_t at = 0;
  while (at < text.size()) {
    if (text[at] == '"') {
      // A text literal ends at its closing quote or, unterminated, at the end of the line.
      for (++at; at < text.size() && text[at] != '"' && text[at] != '\n' && text[at] != '\r'; ++at) {
        if (text[at] == '\\' && at + 1 < text.size() && text[at + 1] != '\n' && text[at + 1] != '\r') ++at;
      }
      ++at;
    } else if (text.compare(at, 2, "//") == 0) {
      size_t end = text.find_first_of("\r\n", at);
      if (end == std::string::npos) end = text.size();
      comments.push_back(text.substr(at, end - at));
      at = end;
    } else if (text.compare(at, 2, "/*") == 0 && text.find("*/", at + 2) != std::string::npos) {
      size_t end = text.find("*/", at + 2) + 2;
      comments.push_back(text.substr(at, end - at));
      at = end;
    } else {
      ++at;
    }
  }
  return comments;
}

std::vector<std::string> SegFilesUnder(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return files;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".seg") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace seg::parse::testing
