// The subcommands of `seg`. Each returns the process exit status: 0 success, 1 a problem with
// the user's rules or data (reported), 2 a usage mistake.
#pragma once
#include <string>
#include <vector>

#include "compiler/cli/args.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "runtime/atomic_file.h"

namespace seg::interp {
struct RunResult;
}

namespace seg::cli {

struct Command {
  const char* name;
  const char* summary;
  const char* usage;
  std::vector<OptionSpec> options;
  int (*run)(const Args& args);
};

const std::vector<Command>& Commands();

int RunCheck(const Args& args);
int RunFmt(const Args& args);
int RunRun(const Args& args);
int RunTest(const Args& args);
int RunExplain(const Args& args);
int RunRepl(const Args& args);
int RunLsp(const Args& args);
int RunImport(const Args& args);  // cmd_import.cc
int RunWatch(const Args& args);   // cmd_watch.cc

// What `seg explain` prints for the customer in `row` (key `key`), from a run that recorded it
// (RunOptions::explain_customer); shared with the REPL's :explain.
std::string ExplainText(const ir::Program& program, const exec::RunResult& result, size_t row, const std::string& key,
                        const lang::Value& as_of);

// Shared by commands that compile a rule file: --no-warn, --warnings-as-errors, --color.
std::vector<OptionSpec> CompileOptionSpecs();
bool UseColor(const Args& args);
// Compile options from --warnings-as-errors and --no-warn; false (after a message) on a bad name.
driver::CompileOptions CompileOptionsFrom(const Args& args, bool* ok);
// Compiles one file and prints its diagnostics; null when it has errors.
std::unique_ptr<driver::Compilation> CompileForRun(const std::string& path, const Args& args);
// The names given with --with (repeatable, comma-separated).
std::vector<std::string> WithNames(const Args& args);
// Options shared by commands that run a program on data.
std::vector<OptionSpec> DataOptionSpecs();
// --engine, --no-cache, --verbose: where a program runs (driver::Execute).
std::vector<OptionSpec> EngineOptionSpecs();
// False (after a message naming `command`) on a bad --engine.
bool ExecuteOptionsFrom(const Args& args, const char* command, driver::ExecuteOptions* out);

// Opens what `seg COMMAND` writes (rt::OutputFile: "-" is standard output; the command's rule
// files and --input files are refused as outputs); null after a message naming the path.
std::optional<rt::OutputFile> OpenOutput(const Args& args, const char* command, const std::string& path);
// Commits `out` after `written` (whether everything was handed to it); false after a message.
bool FinishOutput(const char* command, rt::OutputFile& out, bool written);

}  // namespace seg::cli
