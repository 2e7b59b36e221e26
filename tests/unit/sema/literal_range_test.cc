// Numbers written in a rule are held to their type's range and precision (runtime/written_number.h):
// an out-of-range literal is an error at its span, never a wrapped or rounded value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/sema/program.h"
#include "tests/support/golden_runner.h"
#include "tests/unit/sema/sema_test_util.h"

namespace seg::sema::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The one diagnostic of `body`, with its span's text; fails the test if there is not exactly one.
struct OneDiagnostic {
  std::string code, message, help, underlined;
};
OneDiagnostic Only(const std::string& body) {
  auto c = Compile(body);
  OneDiagnostic out;
  if (c->sink.diagnostics().size() != 1) {
    ADD_FAILURE() << body << "\n" << seg::testing::RenderedText(*c);
    return out;
  }
  const Diagnostic& d = c->sink.diagnostics()[0];
  std::string text = std::string(kSchema) + body;
  out.code = InfoOf(d.code).code;
  out.message = d.message;
  out.help = d.help;
  out.underlined = text.substr(d.span.begin, d.span.end - d.span.begin);
  return out;
}

// The constant `spend <op> LITERAL` compares against, once the literal is money.
int64_t MoneyOf(const std::string& literal) {
  auto c = Compile("tag t when spend >= " + literal + "\n");
  EXPECT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  if (!c->ok()) return 0;
  const TExpr& compare = *c->program->tags[0].condition;
  return compare.args[1]->constant.i;
}

TEST(MoneyLiteralTest, BeyondTheMoneyRangeIsAnErrorNotTheMinimum) {
  // Before: both wrapped to INT64_MIN and `>=` held for every customer.
  for (const char* literal : {"99999999999999999999.5", "999999999999999999999.99", "922337203685477.5808"}) {
    OneDiagnostic d = Only(std::string("tag big when sum(orders.amount) >= ") + literal + "\n");
    EXPECT_EQ(d.code, "E0014") << literal;
    EXPECT_EQ(d.underlined, literal);
    EXPECT_EQ(d.message, std::string("'") + literal + "' is beyond the money range");
    EXPECT_THAT(d.help, HasSubstr("922337203685477.5807"));
  }
}

TEST(MoneyLiteralTest, TheEndsOfTheRangeAreExact) {
  // No double can hold 922337203685477.5807: the literal is read from its text.
  EXPECT_EQ(MoneyOf("922337203685477.5807"), INT64_MAX);
  EXPECT_EQ(MoneyOf("-922337203685477.5808"), INT64_MIN);
  EXPECT_EQ(MoneyOf("19.99"), 199900);
  EXPECT_EQ(MoneyOf("0.0001"), 1);
  EXPECT_EQ(MoneyOf("-(-0.5)"), 5000);
}

TEST(MoneyLiteralTest, AWholeNumberBeyondTheMoneyRangeIsAnError) {
  OneDiagnostic d = Only("tag t when spend >= 1000000000000000\n");
  EXPECT_EQ(d.code, "E0014");
  EXPECT_EQ(d.underlined, "1000000000000000");
  EXPECT_EQ(d.message, "'1000000000000000' is beyond the money range");
  EXPECT_EQ(MoneyOf("922337203685477"), 922337203685477 * 10000);
}

TEST(MoneyLiteralTest, MoreDecimalsThanMoneyHoldsIsAnError) {
  OneDiagnostic d = Only("tag t when spend >= 19.99999\n");
  EXPECT_EQ(d.code, "E0014");
  EXPECT_EQ(d.message, "'19.99999' has more decimal places than money holds");
  EXPECT_THAT(d.help, HasSubstr("nearest amount is 20"));
  EXPECT_EQ(MoneyOf("19.999900"), 199999);  // trailing zeros are exact
}

TEST(MoneyLiteralTest, EveryPlaceALiteralBecomesMoneyIsChecked) {
  EXPECT_THAT(CodesOf("param p: money = 99999999999999999.5\ntag t when spend > p\n"), ElementsAre("E0014"));
  EXPECT_THAT(CodesOf("let x = spend + 999999999999999999.0\ntag t when x > 0\n"), ElementsAre("E0014"));
  EXPECT_THAT(CodesOf("let x = if age > 1 then spend else 999999999999999999.0\ntag t when x > 0\n"),
              ElementsAre("E0014"));
  EXPECT_THAT(CodesOf("let x = spend ?? 999999999999999999.0\ntag t when x > 0\n"), ElementsAre("E0014"));
  EXPECT_THAT(CodesOf("let x = greatest(spend, 999999999999999999.0)\ntag t when x > 0\n"), ElementsAre("E0014"));
}

TEST(NumberLiteralTest, AWholeNumberBeyond64BitsIsAnError) {
  OneDiagnostic d = Only("tag t when age > 99999999999999999999\n");
  EXPECT_EQ(d.code, "E0014");
  EXPECT_EQ(d.underlined, "99999999999999999999");
  EXPECT_EQ(d.message, "'99999999999999999999' is beyond the range of whole numbers");
  EXPECT_THAT(d.help, HasSubstr("9223372036854775807"));
}

TEST(NumberLiteralTest, TheSmallestWholeNumberCanBeWritten) {
  auto c = Compile("let m = -9223372036854775808\ntag t when age > m\n");
  ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  EXPECT_EQ(c->program->lets[0].value->constant.i, INT64_MIN);
  EXPECT_THAT(CodesOf("tag t when age > -(9223372036854775808)\n"), ElementsAre("E0014"));
  EXPECT_THAT(CodesOf("tag t when age > - -9223372036854775808\n"), ElementsAre("E0219"));
}

TEST(NumberLiteralTest, ADecimalBeyondAFloatIsAnErrorNotInfinity) {
  std::string huge = "1" + std::string(400, '0') + ".0";
  OneDiagnostic d = Only("tag t when age > " + huge + "\n");
  EXPECT_EQ(d.code, "E0014");
  EXPECT_EQ(d.underlined, huge);
  EXPECT_THAT(d.message, HasSubstr("is beyond the range of numbers"));
}

TEST(NumberLiteralTest, ADurationBeyondItsRangeNamesTheLimit) {
  OneDiagnostic d = Only("tag t when days_since(signup) > 999999999999 days\n");
  EXPECT_EQ(d.code, "E0014");
  EXPECT_EQ(d.message, "'999999999999 days' is beyond the range of durations");
  EXPECT_THAT(d.help, HasSubstr("106751991 days"));
}

}  // namespace
}  // namespace seg::sema::testing
