// What each aggregate function is, in one table (aggregate_traits.cc): its name, what it takes and
// gives, and how it folds a customer's events. The checker, the interpreter, the JIT and the SQL
// lowering read these instead of listing the functions again, so a new aggregate is a row here
// plus its evaluation (its fold's update and result in each engine).
#pragma once
#include <cstdint>
#include <optional>

#include "compiler/lang/functions.h"

namespace seg::lang {

// The values an aggregate takes, which the checker tests (its message names them).
enum class AggValues : uint8_t {
  kNone,      // the events themselves: count(orders), active_days and the streaks
  kNumbers,   // numbers, money or durations: sum, avg, median, percentile, stddev
  kOrdered,   // values that can be ordered: min, max
  kSingle,    // one value per event (not tags): first, last
  kDiscrete,  // values compared exactly (not tags or floats): count_distinct, mode
  kTimes,     // dates or timestamps, or none (the event time): avg_gap
};

// The result's type, from the value's.
enum class AggResult : uint8_t {
  kInt,          // a count
  kValue,        // the value's own type
  kFloatForInt,  // a float for ints, else the value's type (rounded to its unit)
  kDuration,     // a duration
};

// The state a customer's pass keeps, which each engine implements once per fold.
enum class AggFold : uint8_t {
  kCount,     // count: the events kept
  kSum,       // sum, avg: the present values added, and their count
  kExtreme,   // min, max: the least or greatest value
  kPick,      // first, last: the value of the first or last event
  kDistinct,  // count_distinct, mode: the present values kept as they are
  kSample,    // median, percentile, stddev: the present values kept as numbers
  kPeriods,   // active_days and the streaks: the calendar periods with events, and their runs
  kGap,       // avg_gap: the first and last time, and the count
};

struct AggTraits {
  AggFunc func;
  const char* name;  // as a rule calls it
  AggValues values;
  AggResult result;
  AggFold fold;
  // Its result can leave the 64-bit range (the run then fails): totals, averages and statistics
  // rounded to a unit.
  bool can_overflow;
  // 0, not missing, for a customer without events.
  bool zero_without_events;
  // active_days and the streaks: the calendar period whose consecutive runs they count (a day
  // for active_days and the day streaks); and whether it is the run ending at the window's end
  // (rt::stats::CurrentStreak) rather than the longest.
  std::optional<rt::PeriodUnit> period;
  bool current_streak;
  // A second argument after the events: percentile's fraction.
  bool takes_fraction;
};

const AggTraits& Traits(AggFunc f);

}  // namespace seg::lang
