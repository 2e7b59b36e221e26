// Diagnostics that used to point the wrong way: each names what the user wrote and what to write.
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

const Diagnostic& OnlyDiagnostic(const driver::Compilation& c) {
  EXPECT_EQ(c.sink.diagnostics().size(), 1u) << seg::testing::RenderedText(c);
  static const Diagnostic kNone{};
  return c.sink.diagnostics().empty() ? kNone : c.sink.diagnostics()[0];
}

TEST(MisleadingDiagnosticsTest, ACurrencyAfterAnAmountSaysMoneyHasNoUnit) {
  for (const char* currency : {"EUR", "USD", "euros", "dollars"}) {
    auto c = Compile(std::string("tag t when spend >= 1000 ") + currency + "\n");
    const Diagnostic& d = OnlyDiagnostic(*c);
    EXPECT_EQ(d.code, DiagCode::kUnknownUnit);
    EXPECT_EQ(d.message, std::string("money has no currency unit: '") + currency + "' is not needed") << currency;
    EXPECT_THAT(d.help, HasSubstr("`1000`"));
  }
  // A mistyped time unit is still a time unit.
  auto c = Compile("tag t when days_since(signup) > 3 dyas\n");
  EXPECT_THAT(OnlyDiagnostic(*c).message, HasSubstr("is not a unit of time"));
}

TEST(MisleadingDiagnosticsTest, ATagComparedWithTextIsNamedAsATag) {
  auto c = Compile("tag vip when age > 3\ntag t when vip == \"vip\"\n");
  const Diagnostic& d = OnlyDiagnostic(*c);
  EXPECT_EQ(d.code, DiagCode::kCompareMismatch);
  EXPECT_EQ(d.message, "'vip' is a tag, true or false: it cannot be compared with text");
  EXPECT_THAT(d.help, HasSubstr("`when vip`"));
  EXPECT_THAT(d.help, HasSubstr("`\"vip\" in tags`"));
}

TEST(MisleadingDiagnosticsTest, TextInATagIsNamedAsATag) {
  auto c = Compile("tag vip when age > 3\ntag t when \"gold\" in vip\n");
  const Diagnostic& d = OnlyDiagnostic(*c);
  EXPECT_EQ(d.code, DiagCode::kTypeMismatch);
  EXPECT_EQ(d.message, "'vip' is a tag, true or false: not a list or a tags column");
  EXPECT_THAT(d.help, HasSubstr("`when vip`"));
  EXPECT_THAT(d.help, HasSubstr("`\"gold\" in tags`"));
}

TEST(MisleadingDiagnosticsTest, ATooLongWindowNamesTheLimit) {
  auto c = Compile("tag t when count(orders during last 999999999 days) > 0\n");
  const Diagnostic& d = OnlyDiagnostic(*c);
  EXPECT_EQ(d.code, DiagCode::kBadWindow);
  EXPECT_EQ(d.message, "`last 999999999 days` is too long: a window reaches back at most 100000 days");
}

TEST(MisleadingDiagnosticsTest, AnAgoWindowQuotesTheUsersOwnText) {
  auto reversed = Compile("tag t when count(orders during 30 to 60 weeks ago) > 0\n");
  EXPECT_EQ(OnlyDiagnostic(*reversed).message, "`30 to 60 weeks ago` is the wrong way round: the far end comes first");
  EXPECT_EQ(OnlyDiagnostic(*reversed).help, "write `60 to 30 weeks ago`");
  auto empty = Compile("tag t when count(orders during 30 to 30 days ago) > 0\n");
  EXPECT_EQ(OnlyDiagnostic(*empty).message, "`30 to 30 days ago` covers nothing: it ends where it starts");
  EXPECT_THAT(OnlyDiagnostic(*empty).help, HasSubstr("`31 to 30 days ago`"));
}

TEST(MisleadingDiagnosticsTest, ALetRevenueThatSegReportReadsIsNotUnused) {
  EXPECT_THAT(CodesOf("let revenue = sum(orders.amount)\n"), IsEmpty());
  EXPECT_THAT(CodesOf("let revenue = count(orders)\n"), IsEmpty());
  // Only a number is revenue; any other let of that name is unused like any let.
  EXPECT_THAT(CodesOf("let revenue = city\n"), ElementsAre("W0001"));
  EXPECT_THAT(CodesOf("let turnover = sum(orders.amount)\n"), ElementsAre("W0001"));
}

TEST(MisleadingDiagnosticsTest, MoneyTimesADecimalIsMoneyNotMoneyTimesMoney) {
  // docs/LANGUAGE.md once listed this as a known issue (E0200).
  EXPECT_EQ(TypeOf("sum(orders.amount) * 1.5"), "money");
}

}  // namespace
}  // namespace seg::sema::testing
