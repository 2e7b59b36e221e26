#include "tests/support/golden_runner.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "compiler/base/diagnostic_renderer.h"

#ifndef SEG_SOURCE_DIR
#error "SEG_SOURCE_DIR must name the repository root"
#endif

namespace seg::testing {

namespace fs = std::filesystem;

fs::path SourceDir() { return fs::path(SEG_SOURCE_DIR); }

std::vector<fs::path> GlobFiles(const std::string& folder, const std::string& extension) {
  std::vector<fs::path> files;
  fs::path dir = SourceDir() / folder;
  if (!fs::is_directory(dir)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFileOrDie(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string RelativeName(const fs::path& path) { return fs::relative(path, SourceDir()).generic_string(); }

std::unique_ptr<driver::Compilation> CompileRepoFile(const fs::path& path, const driver::CompileOptions& options) {
  std::string text = ReadFileOrDie(path);
  static const std::regex kPrelude(R"(^//\s*prelude:\s*(\S+)\s*(\n|$))");
  std::smatch m;
  if (!std::regex_search(text, m, kPrelude)) return driver::CompileText(RelativeName(path), std::move(text), options);
  fs::path prelude = (path.parent_path() / m[1].str()).lexically_normal();
  driver::CompileOptions with_prelude = options;
  with_prelude.preludes.push_back({RelativeName(prelude), ReadFileOrDie(prelude)});
  return driver::CompileText(RelativeName(path), std::move(text), with_prelude);
}

std::string ToString(const std::vector<Expectation>& list) {
  std::string out;
  for (const Expectation& e : list) {
    if (!out.empty()) out += ", ";
    out += e.code + "@" + std::to_string(e.line);
  }
  return out.empty() ? "(none)" : out;
}

namespace {

bool IsKnownCode(const std::string& code) {
  for (DiagCode c : AllDiagCodes()) {
    if (InfoOf(c).code == code) return true;
  }
  return false;
}

}  // namespace

std::vector<Expectation> ParseExpectations(const std::string& text, std::vector<std::string>* errors) {
  static const std::regex kAnnotation(R"(//\s*expect(-next)?:(.*))");
  static const std::regex kCode(R"(^[\s,]*([EW][0-9]{4})(?=[\s,]|$))");
  std::vector<Expectation> out;
  std::istringstream lines(text);
  std::string line;
  uint32_t line_no = 0;
  auto error = [&](const std::string& what) {
    if (errors) errors->push_back("line " + std::to_string(line_no) + ": " + what);
  };
  while (std::getline(lines, line)) {
    ++line_no;
    std::smatch m;
    if (!std::regex_search(line, m, kAnnotation)) continue;
    uint32_t target = m[1].matched ? line_no + 1 : line_no;
    std::string rest = m[2].str();
    std::vector<std::string> codes;
    for (std::smatch c; std::regex_search(rest, c, kCode); rest = c.suffix().str()) codes.push_back(c[1].str());
    size_t first = rest.find_first_not_of(" \t\r");
    size_t last = rest.find_last_not_of(" \t\r");
    std::string message = first == std::string::npos ? "" : rest.substr(first, last - first + 1);
    if (codes.empty()) error("annotation without a code");
    if (!message.empty() && codes.size() > 1) error("a message may follow one code only: '" + message + "'");
    for (const std::string& code : codes) {
      if (!IsKnownCode(code)) error("unknown code " + code);
      out.push_back({code, target, message});
    }
  }
  std::stable_sort(out.begin(), out.end());
  return out;
}

std::vector<Expectation> ActualDiagnostics(const driver::Compilation& c) {
  std::vector<Expectation> out;
  for (const Diagnostic& d : c.sink.diagnostics()) {
    uint32_t line = 0;
    if (d.span.file == 0 && d.span.file < c.sources.size()) line = c.sources.Get(0).Locate(d.span.begin).line;
    out.push_back({std::string(InfoOf(d.code).code), line, d.message});
  }
  std::stable_sort(out.begin(), out.end());
  return out;
}

std::string CompareWithAnnotations(const std::vector<Expectation>& expected, const std::vector<Expectation>& actual) {
  std::string problems;
  if (ToString(expected) != ToString(actual)) {
    problems += "annotated: " + ToString(expected) + "\nreported:  " + ToString(actual) + "\n";
  }
  for (const Expectation& e : expected) {
    if (e.message.empty()) continue;
    std::vector<std::string> here;  // messages of the diagnostics reported with this code on this line
    for (const Expectation& a : actual) {
      if (a == e) here.push_back(a.message);
    }
    if (here.empty() || std::find(here.begin(), here.end(), e.message) != here.end()) continue;
    problems += "line " + std::to_string(e.line) + ", " + e.code + ": the message differs\n  annotated: " + e.message;
    for (const std::string& m : here) problems += "\n  reported:  " + m;
    problems += "\n";
  }
  return problems;
}

std::string RenderedText(const driver::Compilation& c) {
  return RenderText(c.sink.diagnostics(), c.sources, RenderOptions{.color = false, .summary_line = true});
}

std::string RenderedJson(const driver::Compilation& c) { return RenderJson(c.sink.diagnostics(), c.sources); }

bool UpdateGoldens() {
  const char* env = std::getenv("SEG_UPDATE_GOLDEN");
  return env != nullptr && *env != '\0' && std::string(env) != "0";
}

std::string CompareOrUpdate(const fs::path& snapshot, const std::string& actual) {
  if (UpdateGoldens()) {
    std::ofstream out(snapshot, std::ios::binary | std::ios::trunc);
    out << actual;
    return out ? "" : "cannot write " + snapshot.string();
  }
  if (!fs::exists(snapshot)) {
    return "missing snapshot " + RelativeName(snapshot) + " (run with SEG_UPDATE_GOLDEN=1 and review it)";
  }
  std::string expected = ReadFileOrDie(snapshot);
  if (expected == actual) return "";
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    bool he = static_cast<bool>(std::getline(e, el));
    bool ha = static_cast<bool>(std::getline(a, al));
    if (!he && !ha) break;
    if (he != ha || el != al) {
      return RelativeName(snapshot) + " differs at line " + std::to_string(line) +
             ":\n  expected: " + (he ? el : "<end of file>") + "\n  actual:   " + (ha ? al : "<end of file>") +
             "\n(full actual output below; SEG_UPDATE_GOLDEN=1 regenerates)\n" + actual;
    }
  }
  return RelativeName(snapshot) + " differs only in the final line break";
}

}  // namespace seg::testing
