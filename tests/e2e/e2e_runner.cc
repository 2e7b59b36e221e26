// Data-driven end-to-end cases: every folder tests/e2e/cases/<name>/ is one test, found by glob
// when the binary starts (ctest discovers before each run, so a new folder needs no reconfigure).
//
// A case folder holds
//   program.seg      the rules
//   *.csv, *.jsonl   the data, named in `args` relative to the folder
//   args             the rest of the command line after `seg run program.seg` (shell syntax;
//                    the runner adds --threads 1 and --threads 3)
//   why              one line: what the case proves
// and one of
//   expected.csv     (or expected.jsonl) the exact stdout; the exit status must be 0
//   expected_error   first line the exit status, then lines that stderr must each contain;
//                    stdout must be empty
// and optionally
//   expected_stderr  lines that stderr must each contain (for successful runs).
//
// Each case runs with one and with three threads; the two runs must agree byte for byte. Each case
// also runs on both engines, which must agree, and the JIT run must have run compiled code (see
// engine_check.h). A case is skipped only through tests/e2e/skips.txt, the one skip list.
// SEG_UPDATE_GOLDEN=1 writes expected.csv/.jsonl from the output: review by hand before committing
// (every expectation in cases/ was computed independently; see each `why`).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

#include "e2e_support.h"
#include "engine_check.h"

namespace seg::e2e {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// The reason tests/e2e/skips.txt gives for skipping `test` ("all" or "jit") of the case in `dir`,
// or "" when the case runs. A line with any other scope fails the test: a typo must not skip.
std::string SkipReason(const fs::path& dir, const std::string& test) {
  for (const std::string& line : Lines(ReadFile(SourceDir() / "tests/e2e/skips.txt"))) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, scope, reason;
    fields >> name >> scope;
    std::getline(fields, reason);
    if (name != dir.filename().string()) continue;
    EXPECT_TRUE(scope == "all" || scope == "jit") << "skips.txt: scope must be all or jit: " << line;
    EXPECT_FALSE(Trim(reason).empty()) << "skips.txt: a skip needs a reason: " << line;
    if (scope == "all" || scope == test) return line;
  }
  return "";
}

bool Updating() {
  const char* v = std::getenv("SEG_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

class CaseTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(CaseTest, MatchesExpectedWithOneAndThreeThreads) {
  const fs::path& dir = GetParam();
  if (std::string skip = SkipReason(dir, "all"); !skip.empty()) GTEST_SKIP() << "tests/e2e/skips.txt: " << skip;
  std::string why = Trim(ReadFile(dir / "why"));
  EXPECT_FALSE(why.empty()) << dir << ": every case needs a one-line `why`";
  ASSERT_TRUE(fs::exists(dir / "args")) << dir << ": no args file";
  std::string args = Trim(ReadFile(dir / "args"));
  std::string base = CaseCommand(dir);
  SCOPED_TRACE("case " + dir.filename().string() + ": " + why + "\n  seg " + base);

  Result one = RunSeg(dir, base + " --threads 1");
  Result three = RunSeg(dir, base + " --threads 3");
  EXPECT_EQ(one.status, three.status) << "exit status depends on the thread count";
  EXPECT_EQ(one.out, three.out) << "output depends on the thread count";

  fs::path expected_file;
  for (const char* name : {"expected.csv", "expected.jsonl"}) {
    if (fs::exists(dir / name)) expected_file = dir / name;
  }
  if (fs::exists(dir / "expected_error")) {
    std::vector<std::string> lines = Lines(ReadFile(dir / "expected_error"));
    ASSERT_FALSE(lines.empty()) << "expected_error: first line is the exit status";
    int status = std::atoi(lines[0].c_str());
    EXPECT_EQ(one.status, status) << "stderr:\n" << one.err;
    EXPECT_EQ(one.out, "") << "a failed run writes nothing to stdout";
    for (size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      EXPECT_NE(one.err.find(lines[i]), std::string::npos) << "stderr lacks: " << lines[i] << "\nstderr:\n" << one.err;
    }
    return;
  }
  if (expected_file.empty()) {
    expected_file = dir / (args.find("--format jsonl") != std::string::npos ? "expected.jsonl" : "expected.csv");
  }
  EXPECT_EQ(one.status, 0) << "stderr:\n" << one.err;
  if (Updating()) {
    WriteFile(expected_file, one.out);
  } else {
    ASSERT_TRUE(fs::exists(expected_file)) << dir << ": no expected.csv / expected.jsonl / expected_error";
    EXPECT_EQ(one.out, ReadFile(expected_file)) << "stderr:\n" << one.err;
  }
  if (fs::exists(dir / "expected_stderr")) {
    for (const std::string& line : Lines(ReadFile(dir / "expected_stderr"))) {
      if (line.empty()) continue;
      EXPECT_NE(one.err.find(line), std::string::npos) << "stderr lacks: " << line << "\nstderr:\n" << one.err;
    }
  }
}

// Every case on both engines: the JIT must agree with the interpreter (the reference) on the
// output, the exit status and any error, and must have run compiled code: a silent fallback to
// the interpreter would otherwise compare the interpreter with itself (engine_check_test.cc shows
// that it fails).
TEST_P(CaseTest, SameResultOnInterpreterAndJit) {
  const fs::path& dir = GetParam();
  if (std::string skip = SkipReason(dir, "jit"); !skip.empty()) GTEST_SKIP() << "tests/e2e/skips.txt: " << skip;
  if (!BuiltWithJit()) GTEST_SKIP() << "seg was built without the JIT";
  EXPECT_TRUE(SameOnBothEngines(SEG_BINARY, dir));
}

std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) { return CaseTestName(info.param); }

INSTANTIATE_TEST_SUITE_P(Cases, CaseTest, ::testing::ValuesIn(FindCases()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CaseTest);

TEST(CaseCorpus, HasAtLeastThirtyCasesEachComplete) {
  std::vector<fs::path> cases = FindCases();
  EXPECT_GE(cases.size(), 30u);
  for (const fs::path& dir : cases) {
    EXPECT_TRUE(fs::exists(dir / "args")) << dir;
    EXPECT_TRUE(fs::exists(dir / "why")) << dir;
    bool has_expectation = fs::exists(dir / "expected.csv") || fs::exists(dir / "expected.jsonl") ||
                           fs::exists(dir / "expected_error");
    EXPECT_TRUE(has_expectation) << dir;
  }
}

TEST(SegBinary, Exists) { ASSERT_TRUE(fs::exists(SEG_BINARY)) << SEG_BINARY; }

}  // namespace
}  // namespace seg::e2e
