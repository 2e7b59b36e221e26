// One test per golden file, found by glob at run time:
//   check/*.seg  inline `// expect: CODE [message]` annotations (see tests/support/golden_runner.h)
//                must be exactly the diagnostics reported, by code and line (and message, where
//                one is given);
//   diag/*.seg   the rendered text must equal the sibling .stderr (a sibling .json, when present,
//                must equal the `--format json` rendering);
//   ir/*.seg     must check cleanly; the typed dump and IR print must equal .typed and .ir.
// A case starting with `// prelude: ../prelude.seg` is checked after that shared schema, which sits
// in its own source file: the case's line numbers are its own.
// SEG_UPDATE_GOLDEN=1 rewrites the snapshots; review the diff before committing.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <set>

#include "compiler/ir/ir.h"
#include "compiler/sema/typed_printer.h"
#include "tests/support/golden_runner.h"

namespace seg::testing {
namespace {

namespace fs = std::filesystem;

std::string TestName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

// Codes declared in diagnostic_codes.def that nothing reports yet. Remove a code from here when
// it gets implemented, and add its check/ and diag/ files.
// E0222 is a safety net for checker bugs: no correct checker reports it (tests/unit/ir covers it).
// E0244 (concat-of-two-values) is retired: seg joins any two texts now, and the code stays
// reserved so that it never means anything else (docs/DIAGNOSTICS.md).
const std::set<std::string> kUntriggerable = {"E0222", "E0244"};

class CheckCorpusTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(CheckCorpusTest, ReportsExactlyTheAnnotatedDiagnostics) {
  const fs::path& path = GetParam();
  std::string text = ReadFileOrDie(path);
  std::vector<std::string> annotation_errors;
  std::vector<Expectation> expected = ParseExpectations(text, &annotation_errors);
  EXPECT_TRUE(annotation_errors.empty()) << ::testing::PrintToString(annotation_errors);
  EXPECT_FALSE(expected.empty()) << RelativeName(path) << " has no `// expect:` annotation";

  std::unique_ptr<driver::Compilation> c = CompileRepoFile(path);
  std::vector<Expectation> actual = ActualDiagnostics(*c);
  std::string problems = CompareWithAnnotations(expected, actual);
  EXPECT_TRUE(problems.empty()) << RelativeName(path) << ":\n" << problems << "rendered:\n" << RenderedText(*c);
  // Every diagnostic renders without tripping over its span.
  EXPECT_FALSE(RenderedText(*c).empty());
}

INSTANTIATE_TEST_SUITE_P(Check, CheckCorpusTest, ::testing::ValuesIn(GlobFiles("tests/golden/check", ".seg")),
                         TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CheckCorpusTest);

class DiagGoldenTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(DiagGoldenTest, RendersLikeTheSnapshot) {
  const fs::path& path = GetParam();
  std::unique_ptr<driver::Compilation> c = CompileRepoFile(path);
  EXPECT_FALSE(c->sink.diagnostics().empty()) << "a diag golden must report something";
  fs::path stderr_file = path;
  stderr_file.replace_extension(".stderr");
  std::string problem = CompareOrUpdate(stderr_file, RenderedText(*c));
  EXPECT_TRUE(problem.empty()) << problem;
  fs::path json_file = path;
  json_file.replace_extension(".json");
  if (fs::exists(json_file)) {
    problem = CompareOrUpdate(json_file, RenderedJson(*c));
    EXPECT_TRUE(problem.empty()) << problem;
  }
}

INSTANTIATE_TEST_SUITE_P(Diag, DiagGoldenTest, ::testing::ValuesIn(GlobFiles("tests/golden/diag", ".seg")), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DiagGoldenTest);

class IrGoldenTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(IrGoldenTest, DumpsLikeTheSnapshots) {
  const fs::path& path = GetParam();
  std::unique_ptr<driver::Compilation> c = CompileRepoFile(path);
  ASSERT_TRUE(c->ok()) << RenderedText(*c);
  ASSERT_NE(c->ir, nullptr);
  fs::path typed = path, ir_file = path;
  typed.replace_extension(".typed");
  ir_file.replace_extension(".ir");
  std::string problem = CompareOrUpdate(typed, sema::DumpTyped(*c->program));
  EXPECT_TRUE(problem.empty()) << problem;
  problem = CompareOrUpdate(ir_file, ir::Print(*c->ir));
  EXPECT_TRUE(problem.empty()) << problem;
}

INSTANTIATE_TEST_SUITE_P(Ir, IrGoldenTest, ::testing::ValuesIn(GlobFiles("tests/golden/ir", ".seg")), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(IrGoldenTest);

// The annotation checker itself: a wrong line, code or message fails, and a message is optional.
TEST(AnnotationTest, ChecksCodeLineAndMessageWhenGiven) {
  std::vector<std::string> errors;
  std::vector<Expectation> expected = ParseExpectations(
      "let a = 1  // expect: E0200 cannot add 'money' and 'date'\n"
      "// expect-next: E0100\n"
      "let b = 2  // expect: E0201, W0001\n",
      &errors);
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
  ASSERT_EQ(ToString(expected), "E0200@1, E0100@3, E0201@3, W0001@3");
  EXPECT_EQ(expected[0].message, "cannot add 'money' and 'date'");
  EXPECT_EQ(expected[1].message, "");

  std::vector<Expectation> actual = {{"E0200", 1, "cannot add 'money' and 'date'"},
                                     {"E0100", 3, "unknown name 'x'"},
                                     {"E0201", 3, "anything"},
                                     {"W0001", 3, "anything"}};
  EXPECT_EQ(CompareWithAnnotations(expected, actual), "");
  actual[0].message = "cannot add 'money' and 'text'";
  EXPECT_NE(CompareWithAnnotations(expected, actual).find("the message differs"), std::string::npos);
  actual[0].message = expected[0].message;
  actual[1].line = 2;
  EXPECT_NE(CompareWithAnnotations(expected, actual), "");

  ParseExpectations("x  // expect: E0200 E0201 two codes, one message\nx  // expect: nothing\n", &errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("one code only"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("without a code"), std::string::npos) << errors[1];
}

// A case's prelude is checked with it (the case uses its columns) but in a source file of its own:
// the mistake on line 3 of the case file is reported on line 3, not 3 + the prelude's length.
TEST(PreludeTest, CaseLinesAreTheCaseFilesOwn) {
  std::unique_ptr<driver::Compilation> c = CompileRepoFile(SourceDir() / "tests/golden/check/unknown_column_typo.seg");
  ASSERT_EQ(c->sources.size(), 2u);
  EXPECT_EQ(c->sources.Get(0).path(), "tests/golden/check/unknown_column_typo.seg");
  EXPECT_EQ(c->sources.Get(1).path(), "tests/golden/prelude.seg");
  std::vector<Expectation> reported = ActualDiagnostics(*c);
  ASSERT_EQ(ToString(reported), "E0100@3");
  EXPECT_EQ(reported[0].message, "unknown name 'cty'");
}

// The corpus must keep covering the codes a user can trigger: a deleted file should not
// silently drop a code. E0002 (file too large), E0004 (too many errors) and E0005 (cannot read)
// are covered by tests/unit/sema instead.
TEST(GoldenCoverageTest, EveryUserTriggerableCodeHasACheckFileAndADiagGolden) {
  std::set<std::string> in_check, in_diag;
  for (const fs::path& path : GlobFiles("tests/golden/check", ".seg")) {
    for (const Expectation& e : ParseExpectations(ReadFileOrDie(path), nullptr)) in_check.insert(e.code);
  }
  for (const fs::path& path : GlobFiles("tests/golden/diag", ".seg")) {
    for (const Expectation& e : ActualDiagnostics(*CompileRepoFile(path))) in_diag.insert(e.code);
  }
  // E0400 (not-expressible-in-sql) comes from `seg sql` / `seg run --on`, not from checking a
  // file: tests/unit/sql and tests/postgres/postgres_sql_test.cc cover it.
  // N0001 (check-cut-short) needs a classification of more than a thousand rules:
  // tests/unit/sema/lint_budget_test.cc covers it.
  const std::set<std::string> not_from_source = {"E0002", "E0004", "E0005", "E0400", "N0001"};
  for (DiagCode code : AllDiagCodes()) {
    std::string c(InfoOf(code).code);
    if (not_from_source.count(c) || kUntriggerable.count(c)) continue;
    EXPECT_TRUE(in_check.count(c)) << c << " (" << InfoOf(code).name << ") has no tests/golden/check file";
    EXPECT_TRUE(in_diag.count(c)) << c << " (" << InfoOf(code).name << ") has no tests/golden/diag file";
  }
}

}  // namespace
}  // namespace seg::testing
