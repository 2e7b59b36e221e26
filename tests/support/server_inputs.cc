// The e2e cases and run arguments of the server tests (server_inputs.h).
#include "tests/support/server_inputs.h"

#include <cctype>
#include <regex>
#include <stdexcept>

#include "tests/e2e/e2e_support.h"

namespace seg::test {

namespace fs = std::filesystem;

std::string TrimEnd(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

std::unique_ptr<driver::Compilation> Compile(const fs::path& program) {
  driver::CompileOptions options;
  auto compilation = driver::CompileFile(program.string(), options);
  if (!compilation->ok() || !compilation->ir) throw std::runtime_error(program.string() + " does not compile");
  return compilation;
}

std::vector<CsvCase> CsvCases() {
  std::vector<CsvCase> cases;
  for (const fs::path& dir : e2e::FindCases()) {
    bool succeeds = fs::exists(dir / "expected.csv") || fs::exists(dir / "expected.jsonl");
    std::string args = TrimEnd(e2e::ReadFile(dir / "args"));
    if (!succeeds || fs::exists(dir / "disabled") || args.find(".jsonl") != std::string::npos) continue;
    fs::path expected = dir / (fs::exists(dir / "expected.csv") ? "expected.csv" : "expected.jsonl");
    cases.push_back({dir, dir.filename().string(), args, expected});
  }
  return cases;
}

std::string TableName(const std::string& prefix, std::string name) {
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  return prefix + name;
}

char CsvDelimiter(const std::string& args) {
  std::smatch m;
  if (std::regex_search(args, m, std::regex("--delimiter '?(.)'?"))) return m[1].str()[0];
  return ',';
}

size_t InputIndex(const ir::Program& program, const std::string& name) {
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (program.inputs[i].name == name) return i;
  }
  throw std::runtime_error("no input " + name);
}

std::string RebindInputs(const std::string& args, const LoadInput& load) {
  std::regex binding("--input ([A-Za-z_0-9]+)=([^ ]+)");
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(args.begin(), args.end(), binding); it != std::sregex_iterator(); ++it) {
    const std::smatch& b = *it;
    std::string name = b[1], file = b[2];
    std::string bound = load(name, file);
    out += args.substr(last, static_cast<size_t>(b.position(0)) - last) + "--input " + name + "=" + bound;
    last = static_cast<size_t>(b.position(0) + b.length(0));
  }
  return out + args.substr(last);
}

}  // namespace seg::test
