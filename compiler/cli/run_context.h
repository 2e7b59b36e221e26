// What `seg run`, `seg explain` and `seg test` share: compile, bind params, load the data.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/cli/args.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/exec/result.h"

namespace seg::cli {

struct RunContext {
  std::unique_ptr<driver::Compilation> compilation;
  std::vector<lang::Value> params;
  driver::LoadedData loaded;
  size_t threads = 1;
  // Set before PrepareRun. kRead suits commands that only evaluate the program (run, explain,
  // check --data); the default keeps every column for those that read more (report, diff's two
  // programs, which must see the same rows when --on-bad-row skip drops some).
  driver::ColumnsToLoad columns = driver::ColumnsToLoad::kAll;
};

// Today's local date, YYYY-MM-DD: as_of when the user gives none.
std::string Today();

// --threads (default: one per hardware thread); false after a message.
bool ThreadsFrom(const Args& args, const std::string& command, size_t* threads);
// --threads, --on-bad-row, --delimiter and --input, as every command that reads data takes them;
// false after a message naming `seg COMMAND`.
bool DataOptionsFrom(const Args& args, const std::string& command, size_t* threads, rt::LoadOptions* load,
                     std::vector<driver::InputBinding>* bindings);

// What was loaded, a line per input: rows, rows skipped and why, events of unknown customers.
std::string DescribeLoad(const driver::LoadedData& loaded);

// Where the time went from the rule file's text to the result, the text of one timing line for
// --verbose (PrintTimingLine): parse, check, lower (compiling), then plan, prepare (the JIT's
// compile is part of it) and evaluate.
std::string DescribeTimes(const driver::Compilation& compilation, const exec::RunResult& result, double jit_compile_ms);

// The first half of PrepareRun: compile the one rule file and bind --as-of and --param, no data
// (`seg sql`, `seg run --on`). Prints what goes wrong and returns the exit status.
int CompileAndBindParams(const Args& args, const std::string& command, RunContext* context);

// Prints what goes wrong and returns the exit status (0 when the context is ready).
int PrepareRun(const Args& args, const std::string& command, RunContext* context);

// For a command that evaluates the whole program once and reads more than its outputs (report,
// check --data): the engine options, PrepareRun, then driver::Execute returning the nodes `keep`
// picks. Prints what goes wrong as `seg COMMAND: ...` and returns the exit status (0: `result`
// holds the run).
int PrepareAndExecute(const Args& args, const char* command, std::vector<ir::NodeId> (*keep)(const ir::Program&),
                      RunContext* context, exec::RunResult* result);

}  // namespace seg::cli
