// Checks that a run asked to use the JIT really ran compiled code, and the e2e cases' comparison
// of the two engines built on it.
//
// seg falls back to the interpreter when the JIT cannot compile a program, and the interpreter
// writes the same bytes by design, so equal output alone cannot tell a JIT run from a fallback:
// a JIT that never compiled anything would pass every comparison. Every test that claims to test
// the JIT therefore runs seg with --verbose and requires the engine line that names compiled code
// ("seg run: engine: jit (compile 3.1 ms, cache miss)").
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_support.h"

namespace seg::e2e {

// Whether this build has the JIT (from CMake). Without it `--engine jit` must fall back, and the
// JIT checks are skipped.
bool BuiltWithJit();

// The engine lines of a --verbose run's stderr, without the "seg CMD: " prefix
// ("engine: jit (...)", "engine: interpreter"): one per evaluation, none when the run stopped
// before evaluating anything (a load or compile error).
std::vector<std::string> EngineLines(const std::string& err);

// The first line of seg in `err` that gives a duration ("12.5 ms", "0.031 s", "in ms") but is neither a
// timing line (compiler/cli/timing_line.h) nor an engine line, "" when there is none: a timing
// line printed without the mark, which the engine comparison would take for an error line that
// differs between the runs now and then. SameOnBothEngines fails on one.
std::string UnmarkedTimingLine(const std::string& err);

// Success when a --verbose run with this stderr evaluated at least once and every evaluation ran
// compiled code.
::testing::AssertionResult RanCompiledCode(const std::string& err);

// The e2e case in `dir` run by `seg` with --engine interp and --engine jit: same exit status,
// output and error lines, and the JIT run ran compiled code whenever the interpreter run got as
// far as evaluating. `seg` is a parameter so that the runner's own test can hand it a stand-in
// that falls back silently.
::testing::AssertionResult SameOnBothEngines(const fs::path& seg, const fs::path& dir);

}  // namespace seg::e2e
