#include "engine_check.h"

#include <regex>

#include "compiler/cli/timing_line.h"

namespace seg::e2e {
namespace {

// What a line of seg says after its command: "seg run: TEXT" -> "TEXT"; "" for any other line.
std::string AfterCommand(const std::string& line) {
  if (line.rfind("seg ", 0) != 0) return "";
  size_t colon = line.find(": ");
  return colon == std::string::npos ? "" : line.substr(colon + 2);
}

// "seg run: engine: jit (...)" -> "engine: jit (...)"; "" for any other line.
std::string EngineLine(const std::string& line) {
  std::string said = AfterCommand(line);
  return said.rfind("engine: ", 0) == 0 ? said : "";
}

// --verbose's timing lines (compiler/cli/timing_line.h): they differ from run to run, whatever
// the engine.
bool TimingLine(const std::string& line) { return AfterCommand(line).starts_with(cli::kTimingMark); }

// The error lines ("seg run: ..."), the engine line and the timing lines left out: they differ
// between the engines by design, or between any two runs.
std::string ErrorLines(const std::string& err) {
  std::string out;
  for (const std::string& line : Lines(err)) {
    if (line.rfind("seg run: ", 0) == 0 && EngineLine(line).empty() && !TimingLine(line)) out += line + "\n";
  }
  return out;
}

}  // namespace

std::string UnmarkedTimingLine(const std::string& err) {
  // "12.5 ms", "0.031 s", or a unit for numbers to come: "in ms".
  static const std::regex duration(R"(\b([0-9]+(\.[0-9]+)? ?|in )m?s\b)");
  for (const std::string& line : Lines(err)) {
    if (!AfterCommand(line).empty() && EngineLine(line).empty() && !TimingLine(line) &&
        std::regex_search(line, duration)) {
      return line;
    }
  }
  return "";
}

bool BuiltWithJit() { return SEG_E2E_HAVE_JIT != 0; }

std::vector<std::string> EngineLines(const std::string& err) {
  std::vector<std::string> engines;
  for (const std::string& line : Lines(err)) {
    if (std::string engine = EngineLine(line); !engine.empty()) engines.push_back(engine);
  }
  return engines;
}

::testing::AssertionResult RanCompiledCode(const std::string& err) {
  std::vector<std::string> engines = EngineLines(err);
  if (engines.empty()) {
    return ::testing::AssertionFailure() << "no engine line on stderr (was --verbose given?):\n" << err;
  }
  for (const std::string& engine : engines) {
    if (engine.rfind("engine: jit ", 0) != 0) {
      return ::testing::AssertionFailure() << "asked for the JIT, but " << engine << "\nstderr:\n" << err;
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult SameOnBothEngines(const fs::path& seg, const fs::path& dir) {
  std::string base = CaseCommand(dir) + " --threads 2 --no-cache --verbose --engine ";
  Result interp = RunProgram(seg, dir, base + "interp");
  Result jit = RunProgram(seg, dir, base + "jit");
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  bool same = true;
  if (interp.status != jit.status) {
    same = false;
    failure << "exit status " << interp.status << " on the interpreter, " << jit.status << " on the JIT\n";
  }
  if (interp.out != jit.out) {
    same = false;
    failure << "output differs\n--- interpreter\n" << interp.out << "--- jit\n" << jit.out;
  }
  if (ErrorLines(interp.err) != ErrorLines(jit.err)) {
    same = false;
    failure << "errors differ\n--- interpreter\n" << ErrorLines(interp.err) << "--- jit\n" << ErrorLines(jit.err);
  }
  for (const std::string* err : {&interp.err, &jit.err}) {
    if (std::string line = UnmarkedTimingLine(*err); !line.empty()) {
      same = false;
      failure << "a --verbose line gives a time without the timing mark (compiler/cli/timing_line.h "
                 "PrintTimingLine): "
              << line << "\n";
    }
  }
  // A case that fails before evaluating (a load error, say) has nothing to compile.
  if (!EngineLines(interp.err).empty()) {
    if (::testing::AssertionResult compiled = RanCompiledCode(jit.err); !compiled) {
      same = false;
      failure << compiled.message();
    }
  }
  return same ? ::testing::AssertionSuccess() : failure;
}

}  // namespace seg::e2e
