// The unreachable-rule warning (W0002) within its budget (compiler/sema/checker.h): every pair in
// a classification of up to kUnreachableRuleWindow + 1 rules, the rules just before each rule in
// a larger one, and a stop after kUnreachableRuleSteps; a note (N0001) says when either cut the
// check short, and nothing changes for a classification within both.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "compiler/sema/checker.h"
#include "tests/unit/sema/sema_test_util.h"

namespace seg::sema::testing {
namespace {

// `segments s` of `rules` rules "r0".., rule k `age >= 100000 - k` (thresholds fall rule by rule:
// none unreachable) unless `conditions` gives it another.
std::string Classification(size_t rules, const std::map<size_t, std::string>& conditions) {
  std::string body = "segments s exclusive {\n";
  for (size_t k = 0; k < rules; ++k) {
    auto it = conditions.find(k);
    body += "  \"r" + std::to_string(k) + "\" when " +
            (it != conditions.end() ? it->second : "age >= " + std::to_string(100000 - k)) + "\n";
  }
  return body + "  else \"rest\"\n}\n";
}

long Count(const std::vector<std::string>& codes, const std::string& code) {
  return std::count(codes.begin(), codes.end(), code);
}

TEST(LintBudgetTest, AClassificationWithinTheWindowIsComparedInFullWithoutANote) {
  // The last rule is taken by the first, as far above it as the window reaches.
  std::string body = Classification(kUnreachableRuleWindow + 1,
                                    {{0, "spend >= 10"}, {kUnreachableRuleWindow, "spend >= 20"}});
  std::vector<std::string> codes = CodesOf(body);
  EXPECT_EQ(Count(codes, "W0002"), 1);
  EXPECT_EQ(Count(codes, "N0001"), 0);
}

TEST(LintBudgetTest, PastTheWindowTheRulesJustAboveAreComparedAndANoteSaysSo) {
  // r1200 is taken by r5 alone, further above it than the window reaches: not reported, as the
  // note says. r1300 is taken by r1200 too, within the window: reported.
  auto c = Compile(Classification(1500, {{5, "spend >= 10"}, {1200, "spend >= 20"}, {1300, "spend >= 25"}}));
  std::vector<std::string> codes = Codes(*c);
  ASSERT_EQ(Count(codes, "W0002"), 1);
  ASSERT_EQ(Count(codes, "N0001"), 1);
  for (const Diagnostic& d : c->sink.diagnostics()) {
    if (d.code == DiagCode::kUnreachableRule)
      EXPECT_EQ(d.message, "\"r1300\" can never match: \"r1200\" comes first and takes every customer it would");
    if (d.code == DiagCode::kCheckCutShort) {
      EXPECT_EQ(d.severity, Severity::kNote);
      EXPECT_EQ(d.message,
                "the unreachable-rule check compared each rule of 's' only with the 1000 rules before it (it has 1500 "
                "rules)");
    }
  }
  EXPECT_TRUE(c->ok()) << "a note is no error";
}

TEST(LintBudgetTest, LongConditionsStopTheCheckAtItsStepBudgetWithANote) {
  // Rules of 150 `and`ed bounds shared by all of them, then one of their own: every pair is
  // compared bound by bound (about 20,000 steps), so the budget runs out after a few thousand
  // pairs, long before the 20,000 pairs of these 200 rules.
  std::string shared;
  for (int d = 0; d < 150; ++d) shared += "age >= " + std::to_string(d) + " and ";
  std::string body = "segments s exclusive {\n";
  for (int k = 0; k < 200; ++k)
    body += "  \"r" + std::to_string(k) + "\" when " + shared + "spend <= " + std::to_string(k) + "\n";
  body += "  else \"rest\"\n}\n";
  auto c = Compile(body);
  ASSERT_EQ(Count(Codes(*c), "N0001"), 1);
  for (const Diagnostic& d : c->sink.diagnostics()) {
    if (d.code != DiagCode::kCheckCutShort) continue;
    EXPECT_NE(d.message.find("steps it may spend"), std::string::npos) << d.message;
    EXPECT_NE(d.help.find("were not compared"), std::string::npos) << d.help;
  }
}

TEST(LintBudgetTest, ATurnedOffWarningCostsNoComparisonsAndNoNote) {
  driver::CompileOptions options;
  options.disabled_warnings = {"unreachable-rule"};
  std::vector<std::string> codes = CodesOf(Classification(kUnreachableRuleWindow + 10,
                                                          {{0, "spend >= 10"}, {5, "spend >= 20"}}),
                                           options);
  EXPECT_EQ(Count(codes, "W0002"), 0);
  EXPECT_EQ(Count(codes, "N0001"), 0);
}

}  // namespace
}  // namespace seg::sema::testing
