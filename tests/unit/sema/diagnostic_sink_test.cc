// The sink and the did-you-mean helper that every checker message relies on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/base/diagnostic.h"
#include "compiler/base/diagnostic_renderer.h"

namespace seg {
namespace {

using ::testing::Optional;

TEST(ClosestNameTest, FindsAOneLetterTypo) {
  EXPECT_THAT(ClosestName("cty", {"city", "age", "spend"}), Optional(std::string("city")));
}
TEST(ClosestNameTest, SwappedNeighboursCountAsOneEdit) {
  EXPECT_THAT(ClosestName("sotre", {"store", "score"}), Optional(std::string("store")));
}
TEST(ClosestNameTest, NothingWhenTooFar) { EXPECT_EQ(ClosestName("xyz", {"city", "amount"}), std::nullopt); }
TEST(ClosestNameTest, NothingWithoutCandidates) { EXPECT_EQ(ClosestName("city", {}), std::nullopt); }
TEST(ClosestNameTest, TiesGoToTheAlphabeticallyFirst) {
  EXPECT_THAT(ClosestName("cat", {"cot", "bat"}), Optional(std::string("bat")));
}
TEST(ClosestNameTest, ShortNamesAllowOneEdit) {
  EXPECT_THAT(ClosestName("ag", {"age"}), Optional(std::string("age")));
  EXPECT_EQ(ClosestName("a", {"xyz"}), std::nullopt);
}

TEST(DiagnosticSinkTest, CapsErrorsAndAddsOneTooManyErrors) {
  DiagnosticSink sink;
  for (size_t i = 0; i < DiagnosticSink::kMaxErrors + 20; ++i) sink.Report(DiagCode::kUnknownName, {0, 0, 1}, "x");
  EXPECT_EQ(sink.error_count(), DiagnosticSink::kMaxErrors);
  ASSERT_EQ(sink.diagnostics().size(), DiagnosticSink::kMaxErrors + 1);
  EXPECT_EQ(sink.diagnostics().back().code, DiagCode::kTooManyErrors);
}
TEST(DiagnosticSinkTest, WarningsAfterTheCapAreStillKept) {
  DiagnosticSink sink;
  for (size_t i = 0; i < DiagnosticSink::kMaxErrors + 1; ++i) sink.Report(DiagCode::kUnknownName, {0, 0, 1}, "x");
  sink.Report(DiagCode::kUnusedLet, {0, 0, 1}, "w");
  EXPECT_EQ(sink.warning_count(), 1u);
}
TEST(DiagnosticSinkTest, TooManyErrorsSortsLast) {
  DiagnosticSink sink;
  for (size_t i = 0; i < DiagnosticSink::kMaxErrors + 1; ++i) {
    sink.Report(DiagCode::kUnknownName, {0, static_cast<uint32_t>(100 - i), static_cast<uint32_t>(101 - i)}, "x");
  }
  sink.SortByLocation();
  EXPECT_EQ(sink.diagnostics().back().code, DiagCode::kTooManyErrors);
  EXPECT_LE(sink.diagnostics()[0].span.begin, sink.diagnostics()[1].span.begin);
}
TEST(DiagnosticSinkTest, DisabledWarningIsDroppedAndNotCounted) {
  DiagnosticSink sink;
  sink.DisableWarning(DiagCode::kUnusedLet);
  sink.Report(DiagCode::kUnusedLet, {0, 0, 1}, "w").help = "written to scratch";
  EXPECT_TRUE(sink.diagnostics().empty());
  EXPECT_EQ(sink.warning_count(), 0u);
}
TEST(DiagnosticSinkTest, WarningsAsErrorsCountsAsErrors) {
  DiagnosticSink sink;
  sink.set_warnings_as_errors(true);
  sink.Report(DiagCode::kUnreachableRule, {0, 0, 1}, "w");
  EXPECT_TRUE(sink.HasErrors());
  EXPECT_EQ(sink.diagnostics()[0].severity, Severity::kError);
}
TEST(DiagnosticSinkTest, WarningByNameAcceptsNameOrCodeButNotErrors) {
  EXPECT_EQ(WarningByName("unused-let"), DiagCode::kUnusedLet);
  EXPECT_EQ(WarningByName("W0002"), DiagCode::kUnreachableRule);
  EXPECT_EQ(WarningByName("type-mismatch"), std::nullopt);
  EXPECT_EQ(WarningByName("E0200"), std::nullopt);
}
TEST(DiagnosticSinkTest, CodesAreUniqueAndWellFormed) {
  std::set<std::string_view> codes, names;
  for (DiagCode code : AllDiagCodes()) {
    const DiagInfo& info = InfoOf(code);
    EXPECT_TRUE(codes.insert(info.code).second) << info.code;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_EQ(info.code.size(), 5u);
    EXPECT_EQ(info.code[0] == 'W', info.severity == Severity::kWarning) << info.code;
  }
}

TEST(RenderTest, CaretCoversTheWholeSpanCountingCodePoints) {
  SourceSet sources;
  uint32_t file = sources.Add("r.seg", "tag t when città == 3\n");
  DiagnosticSink sink;
  sink.Report(DiagCode::kUnknownName, {file, 11, 17}, "unknown name 'città'");  // 'città' is 6 bytes
  std::string text = RenderText(sink.diagnostics(), sources);
  EXPECT_THAT(text, ::testing::HasSubstr("1 | tag t when città == 3\n  |            ^^^^^\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("r.seg:1:12"));
}

}  // namespace
}  // namespace seg
