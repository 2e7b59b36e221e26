// Streaks: runs of consecutive calendar periods (days, ISO weeks, months) with an event. Both
// engines walk a customer's events in time order keeping the last period seen and the run that
// ends there (rt::PeriodIndex numbers the periods); these decide what a current streak is.
#pragma once
#include <cstdint>

#include "runtime/civil_time.h"

namespace seg::rt::stats {

// The current streak: the run that ends in the period of `end_day` (as_of, or the window's last
// day), given the last period with an event and the run ending there. A day streak must reach
// the end day itself. A week or month is still under way at as_of, so a streak that reached the
// period before counts too: ordering every week up to last week and not yet this week keeps the
// streak alive. Otherwise 0.
inline int32_t CurrentStreak(PeriodUnit unit, int32_t last_period, int32_t run, int32_t end_day) {
  int32_t end = PeriodIndex(unit, end_day);
  if (last_period == end) return run;
  if (unit != PeriodUnit::kDay && last_period != INT32_MIN && last_period == end - 1) return run;
  return 0;
}

}  // namespace seg::rt::stats
