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

std::string RelativeName(const fs::path& path) {
  return fs::relative(path, SourceDir()).generic_string();
}

std::unique_ptr<driver::Compilation> CompileRepoFile(const fs::path& path, const driver::CompileOptions& options) {
  return driver::CompileText(RelativeName(path), ReadFileOrDie(path), options);
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
  static const std::regex kAnnotation(R"(//\s*expect(-next)?:\s*([A-Z0-9 ,]+))");
  static const std::regex kCode(R"([EW][0-9]{4})");
  std::vector<Expectation> out;
  std::istringstream lines(text);
  std::string line;
  uint32_t line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    std::smatch m;
    if (!std::regex_search(line, m, kAnnotation)) continue;
    uint32_t target = m[1].matched ? line_no + 1 : line_no;
    std::string codes = m[2].str();
    bool any = false;
    for (std::sregex_iterator it(codes.begin(), codes.end(), kCode), end; it != end; ++it) {
      std::string code = it->str();
      if (!IsKnownCode(code) && errors) errors->push_back("line " + std::to_string(line_no) + ": unknown code " + code);
      out.push_back({code, target});
      any = true;
    }
    if (!any && errors) errors->push_back("line " + std::to_string(line_no) + ": annotation without a code");
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Expectation> ActualDiagnostics(const driver::Compilation& c) {
  std::vector<Expectation> out;
  for (const Diagnostic& d : c.sink.diagnostics()) {
    uint32_t line = 0;
    if (d.span.file == 0 && d.span.file < c.sources.size()) line = c.sources.Get(0).Locate(d.span.begin).line;
    out.push_back({std::string(InfoOf(d.code).code), line});
  }
  std::sort(out.begin(), out.end());
  return out;
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
      return RelativeName(snapshot) + " differs at line " + std::to_string(line) + ":\n  expected: " +
             (he ? el : "<end of file>") + "\n  actual:   " + (ha ? al : "<end of file>") +
             "\n(full actual output below; SEG_UPDATE_GOLDEN=1 regenerates)\n" + actual;
    }
  }
  return RelativeName(snapshot) + " differs only in the final line break";
}

}  // namespace seg::testing
