// What a rule can call: aggregates over a customer's events, functions over the whole population
// (bins, ranks, fitted models) and the scalar builtins, which are the runtime's function registry
// (runtime/kernels/functions.h) that the interpreter and the JIT call through too.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/civil_time.h"
#include "runtime/kernels/functions.h"

namespace seg::lang {

enum class AggFunc : uint8_t {
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kFirst,
  kLast,
  kCountDistinct,
  kActiveDays,
  kStreakDays,
  kCurrentStreakDays,
  kAvgGap,
  kMedian,
  kPercentile,
  kStdDev,
  kMode,
  // Streaks in calendar weeks (ISO, Monday to Sunday) and months: see StreakPeriod.
  kStreakWeeks,
  kStreakMonths,
  kCurrentStreakWeeks,
  kCurrentStreakMonths,
};
const char* AggFuncName(AggFunc f);                         // "count", "avg_gap", ...
std::optional<AggFunc> FindAggFunc(std::string_view name);  // by the name a rule calls it

// active_days and the streak aggregates: the calendar period whose consecutive runs they count
// (a day for active_days and the day streaks); nullopt for every other aggregate.
std::optional<rt::PeriodUnit> StreakPeriod(AggFunc f);
// The current_streak_* aggregates (rt::stats::CurrentStreak), as opposed to the longest streak.
bool IsCurrentStreak(AggFunc f);

// The last three fit a model over every customer (runtime/kernels/clv_models.h, docs/MODELS.md):
// BG/NBD for p_alive and expected_purchases, Gamma-Gamma for expected_spend.
enum class PopFunc : uint8_t {
  kQuantileBin,
  kPercentRank,
  kCumulativeShare,
  kPAlive,
  kExpectedPurchases,
  kExpectedSpend,
  kFittedClv
};
inline bool IsModelFit(PopFunc f) {
  return f == PopFunc::kPAlive || f == PopFunc::kExpectedPurchases || f == PopFunc::kExpectedSpend ||
         f == PopFunc::kFittedClv;
}
// The language's name of a model-fit function ("p_alive"), "" for the other population functions.
inline const char* ModelFitName(PopFunc f) {
  switch (f) {
    case PopFunc::kPAlive: return "p_alive";
    case PopFunc::kExpectedPurchases: return "expected_purchases";
    case PopFunc::kExpectedSpend: return "expected_spend";
    case PopFunc::kFittedClv: return "fitted_clv";
    default: return "";
  }
}
// How values are cut into bins; docs/LANGUAGE.md shows each on an example.
enum class BinMethod : uint8_t {
  kRfm,       // R `rfm` package: type-7 quantile breaks + 1, bins [b_i, b_i+1)
  kQcut,      // pandas qcut: linear-interpolated quantiles, bins (b_i, b_i+1], lowest closed
  kQcutRank,  // pandas qcut over rank(method="first"): ties broken by customer key (runtime/customer_key.h)
  kNtile,     // equal-size groups by rank (SQL ntile), ties broken by customer key
};
const char* BinMethodName(BinMethod m);

struct PopulationSpec {
  PopFunc func = PopFunc::kQuantileBin;
  int32_t bins = 5;
  BinMethod method = BinMethod::kRfm;
  bool descending = false;  // bin 1 holds the largest values
  // Model fits only: the period unit in days (the fitted parameters are printed in it); for
  // expected_purchases and fitted_clv, the horizon in days; for fitted_clv, the discounting step
  // in days. `where` is the call's file:line:col, so that a fit that fails is located.
  double period_days = 7;
  double horizon_days = 0;
  double step_days = 0;
  std::string where;
};

// The scalar builtins are the runtime's registry under the language's names.
using Builtin = rt::fn::FunctionId;
using Signature = rt::fn::Signature;
using BuiltinInfo = rt::fn::FunctionInfo;
using rt::fn::InfoOf;

}  // namespace seg::lang
