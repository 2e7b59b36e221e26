#include "compiler/lang/functions.h"

namespace seg::lang {

namespace {

struct AggName {
  const char* name;
  AggFunc func;
};
const AggName kAggregates[] = {
    {"count", AggFunc::kCount},
    {"sum", AggFunc::kSum},
    {"avg", AggFunc::kAvg},
    {"min", AggFunc::kMin},
    {"max", AggFunc::kMax},
    {"first", AggFunc::kFirst},
    {"last", AggFunc::kLast},
    {"count_distinct", AggFunc::kCountDistinct},
    {"active_days", AggFunc::kActiveDays},
    {"streak_days", AggFunc::kStreakDays},
    {"current_streak_days", AggFunc::kCurrentStreakDays},
    {"avg_gap", AggFunc::kAvgGap},
    {"median", AggFunc::kMedian},
    {"percentile", AggFunc::kPercentile},
    {"stddev", AggFunc::kStdDev},
    {"mode", AggFunc::kMode},
    {"streak_weeks", AggFunc::kStreakWeeks},
    {"streak_months", AggFunc::kStreakMonths},
    {"current_streak_weeks", AggFunc::kCurrentStreakWeeks},
    {"current_streak_months", AggFunc::kCurrentStreakMonths},
};

}  // namespace

const char* AggFuncName(AggFunc f) {
  for (const AggName& a : kAggregates) {
    if (a.func == f) return a.name;
  }
  return "?";
}

std::optional<AggFunc> FindAggFunc(std::string_view name) {
  for (const AggName& a : kAggregates) {
    if (name == a.name) return a.func;
  }
  return std::nullopt;
}

std::optional<rt::PeriodUnit> StreakPeriod(AggFunc f) {
  switch (f) {
    case AggFunc::kActiveDays:
    case AggFunc::kStreakDays:
    case AggFunc::kCurrentStreakDays: return rt::PeriodUnit::kDay;
    case AggFunc::kStreakWeeks:
    case AggFunc::kCurrentStreakWeeks: return rt::PeriodUnit::kWeek;
    case AggFunc::kStreakMonths:
    case AggFunc::kCurrentStreakMonths: return rt::PeriodUnit::kMonth;
    default: return std::nullopt;
  }
}

const char* BinMethodName(BinMethod m) {
  switch (m) {
    case BinMethod::kRfm: return "rfm";
    case BinMethod::kQcut: return "qcut";
    case BinMethod::kQcutRank: return "qcut_rank";
    case BinMethod::kNtile: return "ntile";
  }
  return "?";
}

}  // namespace seg::lang
