// The `test` blocks inside e2e cases' programs pass under `seg test`, on both engines: they pin
// down what a case's rules mean for hand-made rows (`missing` in a given row or a `set`, say),
// which the case's data files do not show. So do the examples' (examples/*.seg, examples/models),
// which show each construct of the language at work. The JIT runs must run compiled code
// (engine_check.h).
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

TEST(E2eTestBlocks, EveryExampleWithTestBlocksPasses) {
  size_t with_tests = 0;
  for (const fs::path folder : {SourceDir() / "examples", SourceDir() / "examples/models"}) {
    std::vector<fs::path> programs;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
      if (e.path().extension() == ".seg" && ReadFile(e.path()).find("\ntest \"") != std::string::npos)
        programs.push_back(e.path());
    }
    std::sort(programs.begin(), programs.end());
    for (const fs::path& program : programs) {
      ++with_tests;
      for (std::string engine : {"interp", "jit"}) {
        Result r = RunSeg(folder, "test " + program.filename().string() + " --no-cache --verbose --engine " + engine);
        EXPECT_EQ(r.status, 0) << program.filename() << " (" << engine << "):\n" << r.out << r.err;
        if (engine == "jit" && BuiltWithJit()) {
          EXPECT_TRUE(RanCompiledCode(r.err)) << program.filename();
        }
      }
    }
  }
  EXPECT_GE(with_tests, 5u) << "the examples lost their test blocks";
}

}  // namespace
}  // namespace seg::e2e
