// `needs events NAME { column: type ... }`: what a module needs from the program importing it
// (compiler/sema/check_needs.cc). A std module checks on its own; a program that imports one
// without fitting events gets one error at the import and nothing from inside the module.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/sema/program.h"
#include "stdlib/stdlib_modules.h"
#include "tests/support/golden_runner.h"
#include "tests/unit/sema/sema_test_util.h"

namespace seg::sema::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

driver::CompileOptions ModuleOptions() {
  driver::CompileOptions options;
  options.accept_module = true;
  options.warnings_as_errors = true;
  return options;
}

std::unique_ptr<driver::Compilation> CompileProgram(const std::string& text) {
  return driver::CompileText("program.seg", text, {});
}

TEST(NeedsTest, EveryStdModuleChecksOnItsOwnWithStandIns) {
  for (const stdlib::Module& m : stdlib::Modules()) {
    auto c = driver::CompileText(std::string(m.name) + ".seg", std::string(m.text), ModuleOptions());
    EXPECT_THAT(Codes(*c), IsEmpty()) << m.name << "\n" << seg::testing::RenderedText(*c);
    ASSERT_NE(c->program, nullptr);
    ASSERT_EQ(c->program->stand_ins.size(), 1u) << m.name;
    EXPECT_EQ(c->program->stand_ins[0].name, "orders");
    EXPECT_EQ(c->ir, nullptr) << "a module alone has nothing to run";
  }
}

TEST(NeedsTest, AModuleAloneIsAnErrorWhereItWouldRun) {
  auto c = driver::CompileText("m.seg", "needs events orders { amount: money }\nlet spend = sum(orders.amount)\n", {});
  EXPECT_THAT(Codes(*c), ElementsAre("E0113"));
  EXPECT_THAT(seg::testing::RenderedText(*c), HasSubstr("nothing declares the events 'orders' this file needs"));
}

TEST(NeedsTest, AnInputOrADerivedSetMeetsTheNeedWithAnyListedType) {
  // std.rfm's ts may be a timestamp (the input's implicit time column) or a date (computed).
  auto input = CompileProgram(
      "import std.rfm\ninput customers key id { }\ninput orders of customers by customer at ts { amount: money }\n");
  EXPECT_THAT(Codes(*input), IsEmpty()) << seg::testing::RenderedText(*input);
  EXPECT_NE(input->ir, nullptr);
  auto derived = CompileProgram(
      "import std.rfm\ninput customers key customer_id { }\n"
      "input sales of customers by customer_id at order_date { order_date: date; revenue: money }\n"
      "events orders = sales { amount = revenue; ts = order_date }\n");
  EXPECT_THAT(Codes(*derived), IsEmpty()) << seg::testing::RenderedText(*derived);
  EXPECT_NE(derived->ir, nullptr);
}

// One error, at the import, saying why; nothing from inside the module, and the program's own
// mistakes are still reported.
TEST(NeedsTest, UnmetNeedIsOneErrorAtTheImport) {
  struct Case {
    std::string declarations;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"input sales of customers by customer at ts { revenue: money }", "the program declares no 'orders'"},
      {"input orders of customers by customer at ts { revenue: money }", "'orders' has no column 'amount'"},
      {"input orders of customers by customer at ts { amount: int }", "'orders.amount' is int, not money"},
      {"input orders of customers by customer at placed { amount: money; ts: text }",
       "'orders.ts' is text, not timestamp or date"},
      {"input sales of customers by customer at ts { amount: money }\nlet orders = 1",
       "'orders' is a let, not a set of events"},
  };
  for (const Case& k : cases) {
    auto c = CompileProgram("import std.rfm\ninput customers key id { }\n" + k.declarations +
                            "\ntag top when rfm_r == 5 and nope\n");
    EXPECT_THAT(Codes(*c), ElementsAre("E0113", "E0100")) << seg::testing::RenderedText(*c);
    ASSERT_FALSE(c->sink.diagnostics().empty());
    const Diagnostic& d = c->sink.diagnostics().front();
    EXPECT_EQ(d.span.file, 0u);
    EXPECT_EQ(d.message, "std.rfm needs events 'orders' with amount: money and ts: timestamp or date");
    EXPECT_EQ(d.label, k.why);
  }
}

TEST(NeedsTest, EachImportWithAnUnmetNeedIsReported) {
  auto c = CompileProgram("import std.rfm\nimport std.lifecycle\ninput customers key id { }\n");
  EXPECT_THAT(Codes(*c), ElementsAre("E0113", "E0113")) << seg::testing::RenderedText(*c);
}

TEST(NeedsTest, AFileMeetingItsOwnNeedRunsAndOneMissingAColumnDoesNot) {
  const std::string
      schema = "input customers key id { }\ninput orders of customers by customer at ts { amount: money }\n";
  auto met = CompileProgram(schema + "needs events orders { amount: money }\nscore s = sum(orders.amount)\n");
  EXPECT_THAT(Codes(*met), IsEmpty()) << seg::testing::RenderedText(*met);
  EXPECT_NE(met->ir, nullptr);
  auto unmet = CompileProgram(schema + "needs events orders { qty: int }\nscore s = sum(orders.amount)\n");
  EXPECT_THAT(Codes(*unmet), ElementsAre("E0113"));
}

// Alone, a module is checked with every type a needed column lists: `%` takes an int, not a float.
TEST(NeedsTest, AModuleAloneIsCheckedWithEachListedType) {
  const std::string module = "needs events orders { qty: int or float }\nscore odd = sum(orders.qty) % 2\n";
  auto c = driver::CompileText("m.seg", module, ModuleOptions());
  EXPECT_THAT(Codes(*c), ElementsAre("E0200"));
  EXPECT_THAT(seg::testing::RenderedText(*c), HasSubstr("note: found when the needed columns are orders.qty: float"));
  auto int_only = driver::CompileText("m.seg", "needs events orders { qty: int }\nscore odd = sum(orders.qty) % 2\n",
                                      ModuleOptions());
  EXPECT_THAT(Codes(*int_only), IsEmpty()) << seg::testing::RenderedText(*int_only);
}

TEST(NeedsTest, MistakesInTheNeedItselfAreReportedWhereTheyAre) {
  auto c = driver::CompileText("m.seg", "needs events orders { amount: mony; amount: money }\n", ModuleOptions());
  EXPECT_THAT(Codes(*c), ElementsAre("E0102", "E0101"));
}

}  // namespace
}  // namespace seg::sema::testing
