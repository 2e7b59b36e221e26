// The `test` blocks inside e2e cases' programs pass under `seg test`, on both engines: they pin
// down what a case's rules mean for hand-made rows (`missing` in a given row or a `set`, say),
// which the case's data files do not show. The JIT runs must run compiled code (engine_check.h).
#include <gtest/gtest.h>

#include <algorithm>

#include "e2e_support.h"
#include "engine_check.h"

namespace seg::e2e {
namespace {

TEST(E2eTestBlocks, EveryCaseWithTestBlocksPasses) {
  size_t with_tests = 0;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(SourceDir() / "tests/e2e/cases", ec)) {
    fs::path program = e.path() / "program.seg";
    if (!fs::exists(program) || ReadFile(program).find("\ntest \"") == std::string::npos) continue;
    ++with_tests;
    for (std::string engine : {"interp", "jit"}) {
      Result r = RunSeg(e.path(), "test program.seg --no-warn=unused-let --no-cache --verbose --engine " + engine);
      EXPECT_EQ(r.status, 0) << e.path().filename() << " (" << engine << "):\n" << r.out << r.err;
      if (engine == "jit" && BuiltWithJit()) {
        EXPECT_TRUE(RanCompiledCode(r.err)) << e.path().filename();
      }
    }
  }
  EXPECT_GT(with_tests, 0u) << "no e2e case has a test block: this test checks nothing";
}

}  // namespace
}  // namespace seg::e2e
