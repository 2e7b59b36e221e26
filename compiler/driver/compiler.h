// Source text to checked program: parses the user's file, loads the std modules it imports
// (embedded, never read from disk), checks everything as one program and lowers it to IR.
// The stages' outputs stay available for `seg check --dump`.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/diagnostic.h"
#include "compiler/base/source_file.h"
#include "compiler/base/stage_time.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/program.h"

namespace seg::ir {
struct Program;
}

namespace seg::driver {

// A rule file checked before the main one, as part of the same program.
struct PreludeFile {
  std::string path;
  std::string text;
};

struct CompileOptions {
  bool warnings_as_errors = false;
  std::set<std::string> disabled_warnings;  // by name ("unused-let") or code ("W0001")
  parse::ParseLimits limits;
  bool lower = true;                  // build the IR as well (checking alone stops after sema)
  std::set<std::string> output_lets;  // lets the caller prints (--with): not "unused"
  // A program must declare its inputs (E0110 for an empty file); off for a REPL session, which
  // answers constant expressions before any input is declared.
  bool require_inputs = true;
  // A file whose `needs` nothing in it meets is a module: accepted as checked on its own (`seg
  // check`, the editor), with no IR. Off, such a file is an E0113: there is nothing to run.
  bool accept_module = false;
  // Declarations the file may use as if written at its top, each checked in its own source file
  // (added after the main one, whose spans stay file 0) so that diagnostics keep the main file's
  // own line numbers. The golden tests share one schema this way (tests/golden/prelude.seg).
  std::vector<PreludeFile> preludes;
};

// Where compiling took its time (`seg run --verbose`, bench/compile_time.sh): reading the text
// into syntax trees (the user's file, imported modules, preludes), checking them, and lowering
// the checked program to IR.
struct CompileTimes {
  StageTime parse, check, lower;
};

struct Compilation {
  SourceSet sources;
  DiagnosticSink sink;
  std::vector<std::unique_ptr<ast::Module>> library_modules;  // imported std.* modules
  std::vector<std::unique_ptr<ast::Module>> prelude_modules;  // CompileOptions::preludes
  std::unique_ptr<ast::Module> module;                        // the user's file
  std::unique_ptr<sema::Program> program;                     // null if parsing failed badly
  std::shared_ptr<const ir::Program> ir;                      // null on errors
  CompileTimes times;

  bool ok() const { return !sink.HasErrors() && program != nullptr; }
};

std::unique_ptr<Compilation> CompileText(const std::string& path, std::string text, const CompileOptions& options);
// Reads the file; a file that cannot be read is an E0005 diagnostic, not an exception.
std::unique_ptr<Compilation> CompileFile(const std::string& path, const CompileOptions& options);

// Warning names accepted by --no-warn, for the CLI's help and validation.
std::vector<std::string> WarningNames();

}  // namespace seg::driver
