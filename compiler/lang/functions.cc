#include "compiler/lang/functions.h"

#include "compiler/lang/aggregate_traits.h"

namespace seg::lang {

// The names, periods and current streaks are columns of the aggregates' table
// (aggregate_traits.cc, which also defines AggFuncName and FindAggFunc).
std::optional<rt::PeriodUnit> StreakPeriod(AggFunc f) { return Traits(f).period; }
bool IsCurrentStreak(AggFunc f) { return Traits(f).current_streak; }

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
