#include "compiler/lang/aggregate_traits.h"

#include <iterator>

namespace seg::lang {

namespace {

using P = rt::PeriodUnit;
using R = AggResult;
using V = AggValues;
using F = AggFold;
constexpr std::optional<rt::PeriodUnit> kNoPeriod = std::nullopt;

// In AggFunc's order (checked below). Columns: name, values, result, fold, can_overflow,
// zero_without_events, period, current_streak, takes_fraction.
constexpr AggTraits kTraits[] = {
    {AggFunc::kCount, "count", V::kNone, R::kInt, F::kCount, false, true, kNoPeriod, false, false},
    {AggFunc::kSum, "sum", V::kNumbers, R::kValue, F::kSum, true, true, kNoPeriod, false, false},
    {AggFunc::kAvg, "avg", V::kNumbers, R::kFloatForInt, F::kSum, true, false, kNoPeriod, false, false},
    {AggFunc::kMin, "min", V::kOrdered, R::kValue, F::kExtreme, false, false, kNoPeriod, false, false},
    {AggFunc::kMax, "max", V::kOrdered, R::kValue, F::kExtreme, false, false, kNoPeriod, false, false},
    {AggFunc::kFirst, "first", V::kSingle, R::kValue, F::kPick, false, false, kNoPeriod, false, false},
    {AggFunc::kLast, "last", V::kSingle, R::kValue, F::kPick, false, false, kNoPeriod, false, false},
    {AggFunc::kCountDistinct, "count_distinct", V::kDiscrete, R::kInt, F::kDistinct, false, true, kNoPeriod, false,
     false},
    {AggFunc::kActiveDays, "active_days", V::kNone, R::kInt, F::kPeriods, false, true, P::kDay, false, false},
    {AggFunc::kStreakDays, "streak_days", V::kNone, R::kInt, F::kPeriods, false, true, P::kDay, false, false},
    {AggFunc::kCurrentStreakDays, "current_streak_days", V::kNone, R::kInt, F::kPeriods, false, true, P::kDay, true,
     false},
    {AggFunc::kAvgGap, "avg_gap", V::kTimes, R::kDuration, F::kGap, true, false, kNoPeriod, false, false},
    {AggFunc::kMedian, "median", V::kNumbers, R::kFloatForInt, F::kSample, true, false, kNoPeriod, false, false},
    {AggFunc::kPercentile, "percentile", V::kNumbers, R::kFloatForInt, F::kSample, true, false, kNoPeriod, false, true},
    {AggFunc::kStdDev, "stddev", V::kNumbers, R::kFloatForInt, F::kSample, true, false, kNoPeriod, false, false},
    {AggFunc::kMode, "mode", V::kDiscrete, R::kValue, F::kDistinct, false, false, kNoPeriod, false, false},
    {AggFunc::kStreakWeeks, "streak_weeks", V::kNone, R::kInt, F::kPeriods, false, true, P::kWeek, false, false},
    {AggFunc::kStreakMonths, "streak_months", V::kNone, R::kInt, F::kPeriods, false, true, P::kMonth, false, false},
    {AggFunc::kCurrentStreakWeeks, "current_streak_weeks", V::kNone, R::kInt, F::kPeriods, false, true, P::kWeek, true,
     false},
    {AggFunc::kCurrentStreakMonths, "current_streak_months", V::kNone, R::kInt, F::kPeriods, false, true, P::kMonth,
     true, false},
};

constexpr bool InOrder() {
  for (size_t k = 0; k < std::size(kTraits); ++k)
    if (static_cast<size_t>(kTraits[k].func) != k) return false;
  return true;
}
static_assert(InOrder() && std::size(kTraits) == static_cast<size_t>(AggFunc::kCurrentStreakMonths) + 1,
              "kTraits lists every aggregate, in AggFunc's order");

}  // namespace

const AggTraits& Traits(AggFunc f) { return kTraits[static_cast<size_t>(f)]; }

const char* AggFuncName(AggFunc f) { return Traits(f).name; }

std::optional<AggFunc> FindAggFunc(std::string_view name) {
  for (const AggTraits& t : kTraits) {
    if (name == t.name) return t.func;
  }
  return std::nullopt;
}

}  // namespace seg::lang
