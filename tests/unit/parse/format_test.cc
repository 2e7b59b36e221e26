// The canonical layout of `seg fmt`: golden pairs in data/fmt (NAME.seg formats to NAME.fmt;
// SEG_UPDATE_GOLDEN=1 rewrites the .fmt files for review) and the parenthesisation rules.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/unit/parse/parse_test_util.h"

namespace seg::parse::testing {
namespace {

std::string FormatLet(const std::string& expr) {
  std::string text = FormatOf("let x = " + expr);
  const std::string prefix = "let x = ";
  if (text.rfind(prefix, 0) != 0) return text;
  return text.substr(prefix.size(), text.size() - prefix.size() - 1);
}

std::vector<std::string> GoldenInputs() {
  std::vector<std::string> inputs = SegFilesUnder(std::string(SEG_SOURCE_DIR) + "/tests/unit/parse/data/fmt");
  return inputs;
}

class FormatGoldenTest : public ::testing::TestWithParam<std::string> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FormatGoldenTest);

TEST_P(FormatGoldenTest, MatchesExpectedLayout) {
  std::string input = GetParam();
  std::string expected_path = input.substr(0, input.size() - 4) + ".fmt";
  std::string actual = FormatOf(ReadFile(input));
  const char* update = std::getenv("SEG_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    WriteFile(expected_path, actual);
    GTEST_SKIP() << "rewrote " << expected_path;
  }
  EXPECT_EQ(actual, ReadFile(expected_path)) << "regenerate with SEG_UPDATE_GOLDEN=1 and review the diff";
  EXPECT_EQ(FormatOf(actual), actual) << "formatting is not idempotent";
}

INSTANTIATE_TEST_SUITE_P(Fmt, FormatGoldenTest, ::testing::ValuesIn(GoldenInputs()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(info.param.rfind('/') + 1);
                           name = name.substr(0, name.size() - 4);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(FormatExprTest, KeepsOnlyNeededParentheses) {
  EXPECT_EQ(FormatLet("((a + b)) * c"), "(a + b) * c");
  EXPECT_EQ(FormatLet("a + (b * c)"), "a + b * c");
  EXPECT_EQ(FormatLet("(a - b) - c"), "a - b - c");
  EXPECT_EQ(FormatLet("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(FormatLet("a / (b * c)"), "a / (b * c)");
  EXPECT_EQ(FormatLet("(-a).b"), "(-a).b");
  EXPECT_EQ(FormatLet("-(a.b)"), "-a.b");
  EXPECT_EQ(FormatLet("-(a * b)"), "-(a * b)");
  EXPECT_EQ(FormatLet("a - (-b)"), "a - -b");
  EXPECT_EQ(FormatLet("(not a) == b"), "(not a) == b");
  EXPECT_EQ(FormatLet("not (a and b)"), "not (a and b)");
  EXPECT_EQ(FormatLet("(a or b) and c"), "(a or b) and c");
  EXPECT_EQ(FormatLet("a or (b and c)"), "a or b and c");
  EXPECT_EQ(FormatLet("(a ?? b) + 1"), "(a ?? b) + 1");
  EXPECT_EQ(FormatLet("(a in b) in c"), "a in b in c");
  EXPECT_EQ(FormatLet("a in (b in c)"), "a in (b in c)");
  EXPECT_EQ(FormatLet("(a is missing) == b"), "(a is missing) == b");
  EXPECT_EQ(FormatLet("(a within last 3 days) is missing"), "(a within last 3 days) is missing");
  EXPECT_EQ(FormatLet("(a is missing) within last 3 days"), "a is missing within last 3 days");
}

TEST(FormatExprTest, IfAsAnOperandIsParenthesised) {
  EXPECT_EQ(FormatLet("(if a then 1 else 2) + 3"), "(if a then 1 else 2) + 3");
  EXPECT_EQ(FormatLet("3 + (if a then 1 else 2)"), "3 + (if a then 1 else 2)");
  EXPECT_EQ(FormatLet("if a then 1 else (if b then 2 else 3)"), "if a then 1 else if b then 2 else 3");
  EXPECT_EQ(FormatLet("f(if a then 1 else 2 where b)"), "f(if a then 1 else 2 where b)");
}

TEST(FormatExprTest, WindowsAndCalls) {
  EXPECT_EQ(FormatLet("count(orders during LAST 30 days)").rfind("<does not parse>", 0),
            0u);  // keywords are lower case
  EXPECT_EQ(FormatLet("count( orders  where x during last 30 days )"), "count(orders where x during last 30 days)");
  EXPECT_EQ(FormatLet("sum(o.a during last month)"), "sum(o.a during last month)");
  EXPECT_EQ(FormatLet("sum(o.a during this quarter)"), "sum(o.a during this quarter)");
  EXPECT_EQ(FormatLet("sum(o.a during 180 to 90 days ago)"), "sum(o.a during 180 to 90 days ago)");
  EXPECT_EQ(FormatLet("d within between as_of-(1+2) and (as_of.x)"), "d within between as_of - (1 + 2) and (as_of.x)");
  EXPECT_EQ(FormatLet("quantile(r,bins:5)"), "quantile(r, bins: 5)");
  EXPECT_EQ(FormatLet("[ 1.50 ,30 days,2024-01-02T03:04Z ,]"), "[1.50, 30 days, 2024-01-02T03:04Z]");
  EXPECT_EQ(FormatLet("\"a\\\"b\\\\c\\nd\\te\tf\""), "\"a\\\"b\\\\c\\nd\\te\\tf\"");
}

}  // namespace
}  // namespace seg::parse::testing
