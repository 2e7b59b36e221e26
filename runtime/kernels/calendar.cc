// Calendar kernels (calendar.h): month arithmetic and whole months between days, on the one
// calendar of runtime/civil_time.h that the windows use too.
#include "runtime/kernels/calendar.h"

#include <climits>

#include "runtime/civil_time.h"
#include "runtime/kernels/functions.h"
#include "runtime/time_zone.h"

namespace seg::rt::fn {

namespace {

// More months than any date seg can hold lies apart (int32 days are about 5.8 million years).
constexpr int64_t kMonthLimit = int64_t{12} * 10'000'000;

}  // namespace

int64_t QuarterOf(int64_t day, uint8_t* st) {
  *st = kOk;
  return (CivilFromDays(day).month - 1) / 3 + 1;
}

int64_t AddMonthsToDate(int64_t day, int64_t months, int64_t /*zone*/, uint8_t* st) {
  int64_t out = months > -kMonthLimit && months < kMonthLimit ? AddMonthsWide(day, months) : INT64_MAX;
  if (out < INT32_MIN || out > INT32_MAX) {
    *st = kOverflow;
    return 0;
  }
  *st = kOk;
  return out;
}

int64_t AddMonthsToInstant(int64_t utc_us, int64_t months, int64_t zone, uint8_t* st) {
  const TimeZone& tz = *reinterpret_cast<const TimeZone*>(zone);
  LocalDateTime local = tz.ToLocal(utc_us);
  int64_t day = AddMonthsToDate(local.day, months, zone, st);
  // A day whose local midnight is beyond the microseconds of an int64 (about 292,000 years).
  constexpr int64_t kDayLimit = INT64_MAX / kMicrosPerDay - 2;
  if (*st != kOk || day > kDayLimit || day < -kDayLimit) {
    *st = kOverflow;
    return 0;
  }
  return tz.LocalToUtc(LocalDateTime{static_cast<int32_t>(day), local.micros_of_day});
}

int64_t MonthsBetween(int64_t from_day, int64_t to_day, uint8_t* st) {
  *st = kOk;
  return WholeMonthsBetween(from_day, to_day);
}

int64_t YearsBetween(int64_t from_day, int64_t to_day, uint8_t* st) {
  *st = kOk;
  return WholeMonthsBetween(from_day, to_day) / 12;  // both signs count towards zero
}

int64_t AgeAt(int64_t birth_day, int64_t as_of, uint8_t* st) { return YearsBetween(birth_day, as_of, st); }

}  // namespace seg::rt::fn
