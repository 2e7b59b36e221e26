#include "e2e_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace seg::e2e {

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  fs::path base = fs::temp_directory_path();
  for (;;) {
    fs::path p = base / ("seg_e2e_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::error_code ec;
    if (fs::create_directory(p, ec)) {
      path_ = p;
      return;
    }
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Result RunSeg(const fs::path& cwd, const std::string& args) { return RunProgram(SEG_BINARY, cwd, args); }

Result RunProgram(const fs::path& program, const fs::path& cwd, const std::string& args) {
  TempDir tmp;
  fs::path out = tmp.path() / "stdout";
  fs::path err = tmp.path() / "stderr";
  std::string command = "cd " + ShellQuote(cwd.string()) + " && exec " + ShellQuote(program.string()) + " " + args +
                        " >" + ShellQuote(out.string()) + " 2>" + ShellQuote(err.string()) + " </dev/null";
  int raw = std::system(command.c_str());
  Result r;
  r.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

CsvTable ParseCsvTable(const std::string& text) {
  CsvTable t;
  std::vector<std::vector<std::string>> rows = ParseCsv(text);
  if (rows.empty()) return t;
  t.header = rows[0];
  for (size_t i = 1; i < rows.size(); ++i) {
    std::map<std::string, std::string> m;
    for (size_t j = 0; j < t.header.size() && j < rows[i].size(); ++j) m[t.header[j]] = rows[i][j];
    t.rows.push_back(std::move(m));
  }
  return t;
}

std::vector<fs::path> FindCases() {
  std::vector<fs::path> cases;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(SourceDir() / "tests/e2e/cases", ec)) {
    if (e.is_directory() && fs::exists(e.path() / "program.seg")) cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string CaseTestName(const fs::path& dir) {
  std::string name = dir.filename().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string CaseCommand(const fs::path& dir) {
  std::string args = ReadFile(dir / "args");
  for (char& c : args) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!args.empty() && args.back() == ' ') args.pop_back();
  return "run program.seg " + args;
}

std::vector<std::string> SplitRecords(const std::string& text) {
  std::vector<std::string> records;
  std::string ending;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] != '\n' || quoted) continue;
    if (ending.empty()) ending = i > 0 && text[i - 1] == '\r' ? "\r\n" : "\n";
    records.push_back(text.substr(start, i + 1 - start));
    start = i + 1;
  }
  if (start < text.size()) records.push_back(text.substr(start) + (ending.empty() ? "\n" : ending));
  return records;
}

fs::path SourceDir() { return SEG_SOURCE_DIR; }
fs::path SharedDataDir() {
  // A worktree away from the repository's usual place can point at the data explicitly.
  const char* from_environment = std::getenv("SEG_SHARED_DATA_DIR");
  if (from_environment != nullptr && *from_environment != 0) return fs::path(from_environment);
  return fs::weakly_canonical(fs::path(SEG_SHARED_DATA_DIR));
}

}  // namespace seg::e2e
