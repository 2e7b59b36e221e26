// The aggregate traits table (compiler/lang/aggregate_traits.h) against the checker: every
// aggregate is found by its name, takes what its row says and gives the type its row says.
#include "compiler/lang/aggregate_traits.h"

#include <gtest/gtest.h>

#include "tests/unit/sema/sema_test_util.h"

namespace seg::sema::testing {
namespace {

using lang::AggFunc;
using lang::AggResult;
using lang::AggValues;

TEST(AggregateTraitsTest, EveryAggregateChecksAsItsRowSays) {
  for (int k = 0; k <= static_cast<int>(AggFunc::kCurrentStreakMonths); ++k) {
    const lang::AggTraits& t = lang::Traits(static_cast<AggFunc>(k));
    SCOPED_TRACE(t.name);
    EXPECT_EQ(static_cast<int>(t.func), k);
    ASSERT_EQ(lang::FindAggFunc(t.name), t.func);
    const std::string fraction = t.takes_fraction ? ", 0.5" : "";
    auto call = [&](const std::string& events) { return std::string(t.name) + "(" + events + fraction + ")"; };
    switch (t.values) {
      case AggValues::kNone:
        EXPECT_EQ(TypeOf(call("orders")), "int");
        EXPECT_EQ(TypeOf(call("orders.amount")), "error: E0204");
        break;
      case AggValues::kTimes:
        EXPECT_EQ(TypeOf(call("orders")), "duration");
        EXPECT_EQ(TypeOf(call("orders.amount")), "error: E0204");
        break;
      case AggValues::kNumbers:
        EXPECT_EQ(TypeOf(call("orders.amount")), "money");  // kValue and kFloatForInt keep money
        EXPECT_EQ(TypeOf(call("orders.category")), "error: E0204");
        EXPECT_EQ(TypeOf(call("orders")), "error: E0204");
        break;
      case AggValues::kOrdered:
      case AggValues::kSingle:
      case AggValues::kDiscrete:
        EXPECT_EQ(TypeOf(call("orders.category")), t.result == AggResult::kInt ? "int" : "text");
        EXPECT_EQ(TypeOf(call("orders")), "error: E0204");
        break;
    }
  }
}

TEST(AggregateTraitsTest, GroupsAgreeWithTheHelpers) {
  EXPECT_EQ(lang::AggFuncName(AggFunc::kCurrentStreakWeeks), std::string("current_streak_weeks"));
  EXPECT_EQ(lang::StreakPeriod(AggFunc::kActiveDays), rt::PeriodUnit::kDay);
  EXPECT_EQ(lang::StreakPeriod(AggFunc::kStreakMonths), rt::PeriodUnit::kMonth);
  EXPECT_FALSE(lang::StreakPeriod(AggFunc::kSum).has_value());
  for (int k = 0; k <= static_cast<int>(AggFunc::kCurrentStreakMonths); ++k) {
    const lang::AggTraits& t = lang::Traits(static_cast<AggFunc>(k));
    EXPECT_EQ(lang::IsCurrentStreak(t.func), std::string(t.name).rfind("current_streak_", 0) == 0) << t.name;
    EXPECT_EQ(t.period.has_value(), t.fold == lang::AggFold::kPeriods) << t.name;
  }
  EXPECT_FALSE(lang::FindAggFunc("sums").has_value());
}

}  // namespace
}  // namespace seg::sema::testing
