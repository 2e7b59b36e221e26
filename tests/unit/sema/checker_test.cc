// The checker's rules, one behaviour per test, on inline snippets (see sema_test_util.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/lang/types.h"
#include "compiler/sema/program.h"
#include "stdlib/stdlib_modules.h"
#include "tests/support/golden_runner.h"
#include "tests/unit/sema/sema_test_util.h"

namespace seg::sema::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ---------------------------------------------------------------- type rules

TEST(TypeRulesTest, MoneyPlusIntIsMoney) { EXPECT_EQ(TypeOf("spend + 5"), "money"); }
TEST(TypeRulesTest, MoneyTimesIntIsMoney) { EXPECT_EQ(TypeOf("spend * 2"), "money"); }
TEST(TypeRulesTest, MoneyTimesFloatLiteralIsMoney) { EXPECT_EQ(TypeOf("spend * 0.8"), "money"); }
TEST(TypeRulesTest, MoneyDividedByFloatLiteralIsMoney) { EXPECT_EQ(TypeOf("spend / 2.5"), "money"); }
TEST(TypeRulesTest, MoneyPlusFloatLiteralIsMoney) { EXPECT_EQ(TypeOf("spend + 0.5"), "money"); }
TEST(TypeRulesTest, MoneyTimesMoneyIsAnError) { EXPECT_EQ(TypeOf("spend * spend"), "error: E0200"); }
TEST(TypeRulesTest, NumberDividedByMoneyIsAnError) { EXPECT_EQ(TypeOf("2 / spend"), "error: E0200"); }
TEST(TypeRulesTest, IntDividedByIntIsFloat) { EXPECT_EQ(TypeOf("age / 2"), "float"); }
TEST(TypeRulesTest, IntModIntIsInt) { EXPECT_EQ(TypeOf("age % 2"), "int"); }
TEST(TypeRulesTest, IntPlusIntIsInt) { EXPECT_EQ(TypeOf("age + 1"), "int"); }
TEST(TypeRulesTest, IntPlusFloatIsFloat) { EXPECT_EQ(TypeOf("age + 1.5"), "float"); }
TEST(TypeRulesTest, DateMinusDurationIsDate) { EXPECT_EQ(TypeOf("as_of - 30 days"), "date"); }
TEST(TypeRulesTest, DateMinusDateIsDuration) { EXPECT_EQ(TypeOf("as_of - signup"), "duration"); }
TEST(TypeRulesTest, DatePlusNumberIsAnError) { EXPECT_EQ(TypeOf("signup + 30"), "error: E0200"); }
TEST(TypeRulesTest, MoneyPlusDateIsAnError) { EXPECT_EQ(TypeOf("spend + signup"), "error: E0200"); }
TEST(TypeRulesTest, DurationDividedByDurationIsFloat) { EXPECT_EQ(TypeOf("(as_of - signup) / 7 days"), "float"); }
TEST(TypeRulesTest, DurationPlusNumberIsDurationNotNumber) {
  EXPECT_EQ(TypeOf("(as_of - signup) + 3"), "error: E0218");
}
TEST(TypeRulesTest, DaysSinceIsADuration) { EXPECT_EQ(TypeOf("days_since(signup)"), "duration"); }
TEST(TypeRulesTest, DaysOfADurationIsFloat) { EXPECT_EQ(TypeOf("days(days_since(signup))"), "float"); }
TEST(TypeRulesTest, DateComparesWithTimestamp) { EXPECT_EQ(TypeOf("signup < seen"), "bool"); }
TEST(TypeRulesTest, DateDoesNotCompareWithInt) { EXPECT_EQ(TypeOf("signup < 30"), "error: E0201"); }
TEST(TypeRulesTest, IdComparesWithText) { EXPECT_EQ(TypeOf("ref == \"c1\""), "bool"); }
TEST(TypeRulesTest, IdDoesNotCompareWithInt) { EXPECT_EQ(TypeOf("ref == 1"), "error: E0201"); }
TEST(TypeRulesTest, BoolsCompareOnlyForEquality) {
  EXPECT_EQ(TypeOf("true == false"), "bool");
  EXPECT_EQ(TypeOf("true < false"), "error: E0201");
}
TEST(TypeRulesTest, DurationComparedWithPlainNumberIsE0218) {
  EXPECT_EQ(TypeOf("days_since(signup) > 30"), "error: E0218");
  EXPECT_EQ(TypeOf("days_since(signup) > 30 days"), "bool");
}
TEST(TypeRulesTest, FloatConversionOfInt) { EXPECT_EQ(TypeOf("float(age)"), "float"); }
TEST(TypeRulesTest, DateOfTimestampIsDate) { EXPECT_EQ(TypeOf("date(seen)"), "date"); }
TEST(TypeRulesTest, YearOfDateIsInt) { EXPECT_EQ(TypeOf("year(signup)"), "int"); }
TEST(TypeRulesTest, ClampTakesTheCommonType) { EXPECT_EQ(TypeOf("clamp(age, 0, 1.5)"), "float"); }
TEST(TypeRulesTest, IfBranchesMustAgree) {
  EXPECT_EQ(TypeOf("if age > 3 then 1 else 2.5"), "float");
  EXPECT_EQ(TypeOf("if age > 3 then \"a\" else 2"), "error: E0200");
}
TEST(TypeRulesTest, DefaultOperatorKeepsTheValueType) { EXPECT_EQ(TypeOf("spend ?? 0"), "money"); }
TEST(TypeRulesTest, TagMembershipIsBool) { EXPECT_EQ(TypeOf("\"vip\" in tags"), "bool"); }
TEST(TypeRulesTest, ListMembershipIsBool) { EXPECT_EQ(TypeOf("city in [\"Berlin\", \"Paris\"]"), "bool"); }
TEST(TypeRulesTest, LikeIsBool) { EXPECT_EQ(TypeOf("city like \"B%\""), "bool"); }

// ---------------------------------------------------------------- aggregates

TEST(AggregateTypesTest, ResultTypes) {
  EXPECT_EQ(TypeOf("count(orders)"), "int");
  EXPECT_EQ(TypeOf("sum(orders.amount)"), "money");
  EXPECT_EQ(TypeOf("avg(orders.amount)"), "money");
  EXPECT_EQ(TypeOf("max(orders.amount)"), "money");
  EXPECT_EQ(TypeOf("last(orders.ts)"), "timestamp");
  EXPECT_EQ(TypeOf("first(orders.category)"), "text");
  EXPECT_EQ(TypeOf("count_distinct(orders.category)"), "int");
  EXPECT_EQ(TypeOf("active_days(orders)"), "int");
  EXPECT_EQ(TypeOf("avg_gap(orders.ts)"), "duration");
}

TEST(AggregateTypesTest, CountOfAColumnIsAnArgumentTypeError) {
  EXPECT_EQ(TypeOf("count(orders.amount)"), "error: E0204");
}
TEST(AggregateTypesTest, AggregateOfACustomerValueIsNotAnEventSet) { EXPECT_EQ(TypeOf("sum(spend)"), "error: E0205"); }
TEST(AggregateTypesTest, MixingEventSetsIsOneError) {
  EXPECT_EQ(TypeOf("sum(orders.amount where visits.page == \"x\")"), "error: E0207");
}
TEST(AggregateTypesTest, NestedAggregateIsOneError) {
  EXPECT_EQ(TypeOf("count(orders where orders.amount > avg(orders.amount))"), "error: E0213");
}

// ---------------------------------------------------------------- name resolution

TEST(NameResolutionTest, BareNamesInWhereAreTheEventSetsColumns) {
  EXPECT_EQ(TypeOf("count(orders where discounted and amount > 10)"), "int");
}
TEST(NameResolutionTest, EventColumnShadowsCustomerColumnInsideTheAggregate) {
  // `amount` exists only on orders; `city` only on customers; a clash resolves to the event's column.
  auto c = Compile(
      "input shops of customers by customer at ts { city: int }\n"
      "let x = count(shops where city > 3)\nscore s = x\n");
  EXPECT_THAT(Codes(*c), IsEmpty());
}
TEST(NameResolutionTest, CustomerColumnsAreVisibleInsideWhere) {
  EXPECT_EQ(TypeOf("count(orders where amount > spend)"), "int");
}
TEST(NameResolutionTest, EventColumnOutsideAnAggregateIsE0206) { EXPECT_EQ(TypeOf("orders.amount"), "error: E0206"); }
TEST(NameResolutionTest, BareEventColumnOutsideAnAggregateIsUnknownWithAHint) {
  auto c = Compile("let x = amount\nscore s = x\n");
  ASSERT_THAT(Codes(*c), ElementsAre("E0100"));
  EXPECT_THAT(c->sink.diagnostics()[0].help, ::testing::HasSubstr("column of orders"));
}
TEST(NameResolutionTest, LetsResolveInAnyOrder) {
  EXPECT_THAT(CodesOf("score s = b\nlet b = a * 2\nlet a = age + 1\n"), IsEmpty());
}
TEST(NameResolutionTest, UnknownNameInThreeLetsIsThreeErrorsAndNothingElse) {
  EXPECT_THAT(CodesOf("let a = nope\nlet b = nope + 1\nlet c = a + b + nope\nscore s = c\n"),
              ElementsAre("E0100", "E0100", "E0100"));
}
TEST(NameResolutionTest, ALetThatFailedToParseIsNotUnknownWhereUsed) {
  EXPECT_THAT(CodesOf("let a = (age +\nlet b = a * 2\nscore s = b\n"), ElementsAre("E0015"));
}
TEST(NameResolutionTest, UsedLetWithABrokenValueIsNotReportedUnused) {
  EXPECT_THAT(CodesOf("let x = clamp(age, 1)\ntag t when x > 1\n"), ElementsAre("E0203"));
}
TEST(NameResolutionTest, ReservedAsOfIsOneError) { EXPECT_THAT(CodesOf("let as_of = 3\n"), ElementsAre("E0111")); }

// ---------------------------------------------------------------- population functions

const PopulationSpec* PopulationOf(const driver::Compilation& c, const std::string& let_name) {
  for (const LetSymbol& let : c.program->lets) {
    if (let.name == let_name && let.value->population) return let.value->population.get();
  }
  return nullptr;
}

TEST(PopulationOptionsTest, QuintileDefaults) {
  auto c = Compile("let q = quintile(spend)\nscore s = q\n");
  ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  const PopulationSpec* spec = PopulationOf(*c, "q");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->bins, 5);
  EXPECT_FALSE(spec->descending);
  EXPECT_EQ(spec->method, BinMethod::kRfm);
}
TEST(PopulationOptionsTest, DecileDescendingQcut) {
  auto c = Compile("let q = decile(spend, descending, qcut)\nscore s = q\n");
  ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  const PopulationSpec* spec = PopulationOf(*c, "q");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->bins, 10);
  EXPECT_TRUE(spec->descending);
  EXPECT_EQ(spec->method, BinMethod::kQcut);
}
TEST(PopulationOptionsTest, QuantileBinTakesBins) {
  auto c = Compile("let q = quantile_bin(spend, bins: 3)\nscore s = q\n");
  ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  EXPECT_EQ(PopulationOf(*c, "q")->bins, 3);
}
TEST(PopulationOptionsTest, QuantileBinWithoutBinsIsArgumentCount) {
  EXPECT_EQ(TypeOf("quantile_bin(spend)"), "error: E0203");
}
TEST(PopulationOptionsTest, BinsOutOfRange) { EXPECT_EQ(TypeOf("quantile_bin(spend, bins: 1)"), "error: E0204"); }
TEST(PopulationOptionsTest, MisspelledOptionSuggestsTheRightOne) {
  auto c = Compile("let q = quintile(spend, descnding)\nscore s = q\n");
  ASSERT_THAT(Codes(*c), ElementsAre("E0112"));
  EXPECT_THAT(c->sink.diagnostics()[0].help, ::testing::HasSubstr("descending"));
}
TEST(PopulationOptionsTest, RankingTextIsAnError) { EXPECT_EQ(TypeOf("quintile(city)"), "error: E0204"); }
TEST(PopulationOptionsTest, PerEventRankingIsE0212) {
  EXPECT_EQ(TypeOf("count(orders where quintile(amount) == 5)"), "error: E0212");
}

// ---------------------------------------------------------------- windows

TEST(WindowTest, ValidWindows) {
  EXPECT_EQ(TypeOf("count(orders during last 30 days)"), "int");
  EXPECT_EQ(TypeOf("count(orders during last month)"), "int");
  EXPECT_EQ(TypeOf("count(orders during this quarter)"), "int");
  EXPECT_EQ(TypeOf("count(orders during 180 to 90 days ago)"), "int");
  EXPECT_EQ(TypeOf("count(orders during between 2024-01-01 and as_of)"), "int");
  EXPECT_EQ(TypeOf("signup within last 30 days"), "bool");
}
TEST(WindowTest, ReversedAgoWindow) { EXPECT_EQ(TypeOf("count(orders during 90 to 180 days ago)"), "error: E0208"); }
TEST(WindowTest, EmptyRollingWindow) { EXPECT_EQ(TypeOf("count(orders during last 0 days)"), "error: E0208"); }
TEST(WindowTest, BetweenEndsBeforeItStarts) {
  EXPECT_EQ(TypeOf("count(orders during between 2024-02-01 and 2024-01-01)"), "error: E0208");
}
TEST(WindowTest, BetweenBoundsAreDates) {
  EXPECT_EQ(TypeOf("count(orders during between 3 and as_of)"), "error: E0208");
}
TEST(WindowTest, UnknownUnitSuggestsDays) {
  auto c = Compile("let x = count(orders during last 3 dayz)\nscore s = x\n");
  ASSERT_THAT(Codes(*c), ElementsAre("E0105"));
  EXPECT_THAT(c->sink.diagnostics()[0].help, ::testing::HasSubstr("days"));
}
TEST(WindowTest, CurrentPeriodOfDaysIsBad) { EXPECT_EQ(TypeOf("count(orders during this days)"), "error: E0208"); }
TEST(WindowTest, MonthsAreNotADuration) { EXPECT_EQ(TypeOf("days_since(signup) > 3 months"), "error: E0105"); }

// ---------------------------------------------------------------- warnings

constexpr const char* kUnusedAndUnreachable =
    "let unused = age\n"
    "segments s exclusive {\n  \"A\" when spend > 10\n  \"B\" when spend > 100\n  else \"C\"\n}\n";

TEST(WarningsTest, BothWarningsByDefault) {
  auto c = Compile(kUnusedAndUnreachable);
  EXPECT_THAT(Codes(*c), ElementsAre("W0001", "W0002"));
  EXPECT_TRUE(c->ok());
  EXPECT_EQ(c->sink.warning_count(), 2u);
}
TEST(WarningsTest, TurnedOffByName) {
  driver::CompileOptions options;
  options.disabled_warnings = {"unused-let"};
  EXPECT_THAT(CodesOf(kUnusedAndUnreachable, options), ElementsAre("W0002"));
  options.disabled_warnings = {"unreachable-rule"};
  EXPECT_THAT(CodesOf(kUnusedAndUnreachable, options), ElementsAre("W0001"));
}
TEST(WarningsTest, TurnedOffByCode) {
  driver::CompileOptions options;
  options.disabled_warnings = {"W0001", "W0002"};
  EXPECT_THAT(CodesOf(kUnusedAndUnreachable, options), IsEmpty());
}
TEST(WarningsTest, PromotedByWarningsAsErrors) {
  driver::CompileOptions options;
  options.warnings_as_errors = true;
  auto c = Compile(kUnusedAndUnreachable, options);
  EXPECT_THAT(Codes(*c), ElementsAre("W0001", "W0002"));
  EXPECT_FALSE(c->ok());
  EXPECT_EQ(c->sink.error_count(), 2u);
  for (const Diagnostic& d : c->sink.diagnostics()) EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(c->ir, nullptr);
}
TEST(WarningsTest, DisabledWarningStaysOffUnderWarningsAsErrors) {
  driver::CompileOptions options;
  options.warnings_as_errors = true;
  options.disabled_warnings = {"unused-let"};
  EXPECT_THAT(CodesOf(kUnusedAndUnreachable, options), ElementsAre("W0002"));
}
TEST(WarningsTest, WarningNamesListsTheWarnings) {
  EXPECT_THAT(driver::WarningNames(), ::testing::Contains("unused-let"));
  EXPECT_THAT(driver::WarningNames(), ::testing::Contains("unreachable-rule"));
  EXPECT_THAT(driver::WarningNames(), ::testing::Not(::testing::Contains("type-mismatch")));
}
TEST(WarningsTest, RuleAfterUnconditionalTrueIsUnreachable) {
  EXPECT_THAT(CodesOf("segments s exclusive {\n \"All\" when true\n \"B\" when age > 3\n else \"C\"\n}\n"),
              ElementsAre("W0002"));
}
TEST(WarningsTest, IndependentRulesAreReachable) {
  EXPECT_THAT(CodesOf("segments s exclusive {\n \"A\" when age > 30\n \"B\" when spend > 3\n else \"C\"\n}\n"),
              IsEmpty());
}
TEST(WarningsTest, LooserThresholdAfterStricterIsReachable) {
  EXPECT_THAT(CodesOf("segments s exclusive {\n \"A\" when spend > 100\n \"B\" when spend > 10\n else \"C\"\n}\n"),
              IsEmpty());
}

// ---------------------------------------------------------------- limits and the standard library

TEST(LimitsTest, FileOverOneMebibyteIsE0002AndNothingElse) {
  std::string text = std::string(kSchema) + "// " + std::string((1 << 20) + 10, 'x') + "\n";
  auto c = driver::CompileText("big.seg", text, {});
  EXPECT_THAT(Codes(*c), ElementsAre("E0002"));
  EXPECT_FALSE(c->ok());
  EXPECT_FALSE(seg::testing::RenderedText(*c).empty());
}
TEST(LimitsTest, FileOfExactlyTheLimitIsRead) {
  std::string text = std::string(kSchema) + "tag t when age > 3\n// ";
  text += std::string((1 << 20) - text.size() - 1, 'x') + "\n";
  ASSERT_EQ(text.size(), size_t{1} << 20);
  EXPECT_THAT(Codes(*driver::CompileText("edge.seg", text, {})), IsEmpty());
}
TEST(LimitsTest, ErrorsAreCappedWithOneTooManyErrors) {
  std::string body;
  for (int i = 0; i < 80; ++i) body += "tag t" + std::to_string(i) + " when nope" + std::to_string(i) + "\n";
  auto c = Compile(body);
  std::vector<std::string> codes = Codes(*c);
  ASSERT_EQ(codes.size(), DiagnosticSink::kMaxErrors + 1);
  EXPECT_EQ(codes.back(), "E0004");
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "E0100"), static_cast<long>(DiagnosticSink::kMaxErrors));
  EXPECT_EQ(c->sink.error_count(), DiagnosticSink::kMaxErrors);
}
// Past the cap the checker stops: ten thousand mistakes cost what the first fifty do. Counted in
// refused reports (each one an unknown-name lookup with its "did you mean" search over every
// name, which made 10,000 errors take 20 s), not timed. No lints run over the half-checked program.
TEST(LimitsTest, TheCheckerStopsAtTheErrorCap) {
  std::string body;
  for (int i = 0; i < 10000; ++i) body += "let u" + std::to_string(i) + " = nope" + std::to_string(i) + " + 1\n";
  auto c = Compile(body);
  EXPECT_EQ(Codes(*c).size(), DiagnosticSink::kMaxErrors + 1);
  EXPECT_EQ(c->sink.error_count(), DiagnosticSink::kMaxErrors);
  EXPECT_LE(c->sink.refused_errors(), 1u);
  EXPECT_EQ(c->sink.warning_count(), 0u);
}
TEST(LimitsTest, UnreadableFileIsE0005AndRenders) {
  auto c = driver::CompileFile("/nonexistent/dir/rules.seg", {});
  ASSERT_THAT(Codes(*c), ElementsAre("E0005"));
  std::string text = seg::testing::RenderedText(*c);
  EXPECT_THAT(text, ::testing::HasSubstr("cannot read '/nonexistent/dir/rules.seg'"));
}
TEST(LimitsTest, StdRfmChecksCleanWithWarningsAsErrors) {
  driver::CompileOptions options;
  options.warnings_as_errors = true;
  auto c = driver::CompileText("rfm_user.seg",
                               "import std.rfm\n"
                               "input customers key id { city: text }\n"
                               "input orders of customers by customer at ts { amount: money }\n"
                               "param as_of: date\n",
                               options);
  EXPECT_THAT(Codes(*c), IsEmpty()) << seg::testing::RenderedText(*c);
  EXPECT_TRUE(c->ok());
  EXPECT_NE(c->ir, nullptr);
}
TEST(LimitsTest, ExampleRetailChecksClean) {
  auto c = seg::testing::CompileRepoFile(seg::testing::SourceDir() / "examples" / "retail.seg");
  EXPECT_THAT(Codes(*c), IsEmpty()) << seg::testing::RenderedText(*c);
}

// ---------------------------------------------------------------- tests blocks

TEST(TestBlockTest, UnknownCustomerColumnInGiven) {
  EXPECT_THAT(
      CodesOf("tag t when age > 3\ntest \"x\" {\n given customers { id: \"c\", agee: 4 }\n expect \"c\" tagged t\n}\n"),
      ElementsAre("E0103"));
}
TEST(TestBlockTest, SetOfAnUnknownParam) {
  EXPECT_THAT(CodesOf("tag t when age > 3\ntest \"x\" {\n set nope = 3\n expect \"c\" tagged t\n}\n"),
              ElementsAre("E0215"));
}
TEST(TestBlockTest, SetAsOf) {
  EXPECT_THAT(CodesOf(
                  "tag t when age > 3\ntest \"x\" {\n set as_of = 2024-06-30\n given customers { id: \"c\", age: 4 }\n"
                  " expect \"c\" tagged t\n}\n"),
              IsEmpty());
}

}  // namespace
}  // namespace seg::sema::testing
