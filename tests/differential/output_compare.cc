#include "tests/differential/output_compare.h"

#include <algorithm>
#include <sstream>

namespace seg::differential {

std::string RowsSorted(const std::string& bytes) {
  if (bytes.rfind("error: ", 0) == 0) return "error";
  std::vector<std::string> lines;
  std::istringstream in(bytes);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (!lines.empty()) std::sort(lines.begin() + 1, lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::string CsvOf(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                  const std::vector<driver::ExtraColumn>& extra) {
  std::string bytes;
  driver::WriteResults(program, data, result, extra, rt::ResultFormat::kCsv, [&](std::string_view b) {
    bytes += b;
    return true;
  });
  return bytes;
}

}  // namespace seg::differential
