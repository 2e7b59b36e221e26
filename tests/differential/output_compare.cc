#include "tests/differential/output_compare.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "compiler/driver/execute.h"

namespace seg::differential {

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

std::unique_ptr<driver::Compilation> CompileGenerated(uint64_t seed, const GeneratedProgram& generated) {
  driver::CompileOptions compile_options;
  compile_options.output_lets.insert(generated.lets.begin(), generated.lets.end());
  return driver::CompileText("seed_" + std::to_string(seed) + ".seg", generated.text, compile_options);
}

std::vector<driver::ExtraColumn> EveryLet(const ir::Program& program) {
  std::vector<driver::ExtraColumn> extra;
  for (const ir::Named& l : program.lets) extra.push_back({l.name, l.node});
  return extra;
}

exec::RunResult RunOnInterpreter(const ir::Program& program, const rt::Dataset& data,
                                 const std::vector<lang::Value>& params,
                                 const std::vector<driver::ExtraColumn>& extra) {
  exec::RunOptions options;
  for (const driver::ExtraColumn& e : extra) options.keep.push_back(e.node);
  driver::ExecuteOptions execute;
  execute.engine = driver::EngineChoice::kInterp;
  execute.warn = false;
  driver::ExecuteReport report;
  return driver::Execute(program, data, params, options, execute, &report);
}

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
