// `seg test`: runs a program's own test blocks. Each test builds its given rows into tables in
// memory, runs the interpreter, and checks every expectation, reporting expected and actual.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/execute.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace seg::driver {

struct TestFailure {
  SourceSpan span;      // the expectation (or the test) that failed
  std::string message;  // `expected "c1" in value."Champions", but it is in "Others"`
};

struct TestOutcome {
  std::string title;
  SourceSpan span;
  std::vector<TestFailure> failures;
  size_t expectations = 0;
  std::string engine;  // ExecuteReport::Describe() of the test's run; "" when it did not get that far
  bool passed() const { return failures.empty(); }
};

// `as_of_fallback` applies to tests that neither set as_of nor inherit a default.
// `execute` says which engine runs each test (the JIT falls back as driver::Execute says).
std::vector<TestOutcome> RunTests(const sema::Program& program, const ir::Program& ir,
                                  const std::optional<lang::Value>& as_of_fallback, size_t threads,
                                  const ExecuteOptions& execute = ExecuteOptions{});

}  // namespace seg::driver
