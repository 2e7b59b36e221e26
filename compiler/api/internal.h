// What the public types hold behind their pointers, shared by the API's source files.
//
// The public API lives in seg::v1 (an inline namespace), where `Diagnostic` and `Severity` name
// the public structs, while compiler/base declares seg::Diagnostic and seg::Severity for the
// compiler itself. After seg.hpp is included those names are ambiguous in namespace seg, so this
// header names the compiler's types once, before including it, and the API code uses the aliases.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostic.h"
#include "compiler/base/diagnostic_renderer.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/population_snapshot.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/table.h"
#include "runtime/time_zone.h"

namespace seg::api {
using CompilerDiagnostic = ::seg::Diagnostic;
using CompilerSeverity = ::seg::Severity;
}  // namespace seg::api

#include "seg/seg.hpp"

namespace seg::api {

// Public diagnostics of a compilation, located by file, line and column.
std::vector<v1::Diagnostic> ConvertDiagnostics(const driver::Compilation& compilation);

// The public type of a runtime column type and back.
v1::ValueType PublicType(rt::ValueType type);
rt::ValueType RuntimeType(v1::ValueType type);

// One value per program param, as_of included: the defaults, then `params`, then `as_of`.
v1::Status BindParamValues(const ir::Program& program, const std::vector<std::pair<std::string, std::string>>& params,
                           const std::string& as_of, std::vector<lang::Value>* out);

// The node of the let or score `name`, or -1 (RunOptions::lets, CustomerOptions::lets).
ir::NodeId LetOrScoreNode(const ir::Program& program, std::string_view name);

// A run's result column for a node as a public column.
v1::OutputColumn ConvertColumn(const exec::ResultColumn& column, std::string name, v1::OutputKind kind);

}  // namespace seg::api

namespace seg::v1 {

struct Program::Impl {
  std::unique_ptr<driver::Compilation> compilation;
  const ir::Program* ir = nullptr;
  std::vector<InputInfo> inputs;
  std::vector<ClassificationInfo> classifications;
  std::vector<Diagnostic> warnings;
};

struct PopulationSnapshot::Impl {
  const Program::Impl* program = nullptr;  // the program it answers for; compared, never read
  std::shared_ptr<const driver::PopulationData> data;
};

struct Inputs::Impl {
  std::shared_ptr<const Program> program;
  std::vector<std::optional<rt::Table>> tables;  // indexed like the program's inputs
  size_t threads = 1;
  // The indexed dataset, built by the first run after the last Bind* and shared by later runs.
  mutable std::mutex mutex;
  mutable std::shared_ptr<const rt::Dataset> indexed;

  // Builds (or returns) the indexed dataset, or says why not.
  rt::Result<std::shared_ptr<const rt::Dataset>> Dataset() const;
  // What every Bind* needs first: the program input `name` (its index) and the program's time
  // zone; or why not (no program, a kBindError naming the inputs, an unknown zone).
  Status Target(std::string_view name, int32_t* input, std::optional<rt::TimeZone>* zone) const;
  // Checks a bound table against the input's declared columns (names and types) and stores it.
  Status Store(int32_t input, rt::Table table);
};

struct Result::Impl {
  std::shared_ptr<const Program> program;
  std::shared_ptr<const rt::Dataset> data;
  exec::RunResult run;
  Engine engine = Engine::kInterpreter;  // what ran: driver::ExecuteReport::used_jit
  std::vector<OutputColumn> columns;
  std::vector<ir::NodeId> extra_nodes;
  std::vector<std::string> extra_names;
};

}  // namespace seg::v1
