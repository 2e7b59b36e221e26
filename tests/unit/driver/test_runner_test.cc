// seg test's runner: a value in a test that cannot be computed fails the test at that value.
#include "compiler/driver/test_runner.h"

#include <gtest/gtest.h>

#include "compiler/driver/compiler.h"

namespace seg::driver {
namespace {

TEST(TestRunnerTest, AValueOutOfRangeFailsTheTestInsteadOfGoingMissing) {
  // Before, each of these left a param at its default or a column missing, and the test passed.
  std::string text =
      "input customers key id { age: int }\n"
      "input orders of customers by customer at ts { amount: money }\n"
      "param limit: int = 10\n"
      "tag big when sum(orders.amount) > 10\n"
      "tag old when age > limit\n"
      "test \"overflow\" {\n"
      "  set as_of = 2025-06-30\n"
      "  set limit = 9223372036854775807 + 1\n"
      "  given customers { id: \"c1\", age: 9223372036854775807 + 1 }\n"
      "  given orders { customer: \"c1\", ts: 2025-01-01, amount: 922337203685477 * 10 }\n"
      "  expect \"c1\" not tagged big\n"
      "}\n";
  auto c = CompileText("t.seg", text, {});
  ASSERT_TRUE(c->ok());
  std::vector<TestOutcome> outcomes = RunTests(*c->program, *c->ir, std::nullopt, 1);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_EQ(outcomes[0].failures.size(), 3u);
  const char* values[] = {"9223372036854775807 + 1", "9223372036854775807 + 1", "922337203685477 * 10"};
  const char* types[] = {"int", "int", "money"};
  size_t from = 0;
  for (size_t i = 0; i < 3; ++i) {
    const TestFailure& f = outcomes[0].failures[i];
    size_t at = text.find(values[i], from);
    EXPECT_EQ(f.span.begin, at) << i;
    from = at + 1;
    EXPECT_EQ(f.message, std::string("this value is beyond the range of ") + types[i]);
  }
}

}  // namespace
}  // namespace seg::driver
