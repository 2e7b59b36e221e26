// Helpers for the end-to-end tests: run the seg binary as a subprocess, read and write files,
// parse CSV. Links nothing of seg: the binary is the thing under test.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace seg::e2e {

namespace fs = std::filesystem;

struct Result {
  int status = -1;  // exit status; -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// Runs `seg ARGS` through /bin/sh in `cwd`; `args` is shell text (quotes work).
Result RunSeg(const fs::path& cwd, const std::string& args);
// The same with another executable in seg's place (the runner's own tests use a stand-in).
Result RunProgram(const fs::path& program, const fs::path& cwd, const std::string& args);

std::string ReadFile(const fs::path& path);  // "" when absent
void WriteFile(const fs::path& path, const std::string& text);

// A fresh, empty folder under the system temp folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The lines of a text, without their line endings (LF or CRLF).
std::vector<std::string> Lines(const std::string& text);

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines; CRLF accepted.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

// A CSV with a header row as maps keyed by column name.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};
CsvTable ParseCsvTable(const std::string& text);

// The case folders tests/e2e/cases/<name>/ (those with a program.seg), sorted by name.
std::vector<fs::path> FindCases();

// A case's folder name as a test name: letters and digits, '_' for anything else.
std::string CaseTestName(const fs::path& dir);

// The command line of a case after `seg run`: `run program.seg ARGS`, args on one line.
std::string CaseCommand(const fs::path& dir);

// The text of a CSV or JSON Lines file cut into records, each with its line ending; a quoted
// CSV field may hold line breaks, so a record can span lines. A last record without a line
// ending gets the file's first line ending, so records can be reordered.
std::vector<std::string> SplitRecords(const std::string& text);

fs::path SourceDir();      // the repository root
fs::path SharedDataDir();  // shared/data beside the repository, or $SEG_SHARED_DATA_DIR

// Single-quoted for /bin/sh.
std::string ShellQuote(const std::string& s);

}  // namespace seg::e2e
