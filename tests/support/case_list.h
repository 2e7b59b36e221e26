// A list of e2e cases with a reason each, one a line ("case reason"; '#' starts a comment line):
// the cases a SQL dialect refuses (tests/postgres/refused_cases.txt,
// tests/clickhouse/refused_cases.txt) or whose data a server cannot hold
// (tests/postgres/csv_only_cases.txt). The tests that read one fail when a listed case behaves
// otherwise, so a list cannot go stale.
#pragma once
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace seg::test {

inline std::map<std::string, std::string> ReadCaseList(const std::filesystem::path& file) {
  std::map<std::string, std::string> cases;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    cases[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return cases;
}

}  // namespace seg::test
