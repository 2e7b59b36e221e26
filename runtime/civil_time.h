#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

// Calendar arithmetic on the proleptic Gregorian calendar. A date is int32_t days since
// 1970-01-01; a timestamp is int64_t microseconds since 1970-01-01T00:00:00Z (see value_type.h).

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

struct CivilDate {
  int32_t year = 1970;
  int32_t month = 1;  // 1..12
  int32_t day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// A wall-clock reading with no zone attached: the local day and the time within it.
struct LocalDateTime {
  int32_t day = 0;            // days since 1970-01-01 on the local calendar
  int64_t micros_of_day = 0;  // 0 .. kMicrosPerDay-1
  // The reading as if it were UTC; subtracting an offset gives the real instant.
  int64_t AsMicros() const { return day * kMicrosPerDay + micros_of_day; }
};

// The result of parsing an ISO 8601 timestamp. Without an explicit offset the text names a local
// time whose instant depends on the program's time zone (TimeZone::LocalToUtc decides it).
struct ParsedTimestamp {
  LocalDateTime local;
  bool has_offset = false;
  int32_t offset_seconds = 0;  // east of UTC; meaningful only when has_offset
};

// Floor division, so that instants before 1970 land on the right day.
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

constexpr bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }
int DaysInMonth(int64_t year, int month);

// Howard Hinnant's days_from_civil / civil_from_days, derived from the 400-year (146097-day) era.
int64_t DaysFromCivil(int64_t year, int month, int day);
CivilDate CivilFromDays(int64_t days);

// ISO weekday: 1 = Monday .. 7 = Sunday.
int DayOfWeek(int64_t days);
// Adds calendar months; a day past the end of the target month clamps to its last day
// (Jan 31 + 1 month = Feb 28/29), which is what "a month later" means on a bill.
int32_t AddMonths(int32_t days, int32_t months);
// The same for any count, in 64 bits: the caller checks that the result is a day it can hold.
// |months| must stay below 2^40 (about 90 billion years).
int64_t AddMonthsWide(int64_t days, int64_t months);
// Whole calendar months from day `a` to day `b`, the inverse of AddMonths: for b >= a the largest
// n with AddMonths(a, n) <= b (Jan 31 to Feb 28 is one month, Feb 28 to Mar 27 none); for b < a,
// -WholeMonthsBetween(b, a), so it counts towards zero as an age does.
int64_t WholeMonthsBetween(int64_t a, int64_t b);
// Calendar periods for streaks: consecutive periods have consecutive indexes. Weeks are ISO weeks
// (Monday to Sunday), so week 53 of a year and week 1 of the next are consecutive.
enum class PeriodUnit : uint8_t { kDay, kWeek, kMonth };
int32_t PeriodIndex(PeriodUnit unit, int32_t days);
int32_t StartOfWeek(int32_t days);  // the Monday on or before
int32_t StartOfMonth(int32_t days);
int32_t StartOfQuarter(int32_t days);
int32_t StartOfYear(int32_t days);

// The UTC day of an instant.
inline int32_t UtcDay(int64_t utc_us) { return static_cast<int32_t>(FloorDiv(utc_us, kMicrosPerDay)); }

// "YYYY-MM-DD" exactly (four-digit year, real calendar day). Returns false otherwise.
bool ParseDate(std::string_view text, int32_t* days);
// "YYYY-MM-DD", optionally followed by 'T' or ' ' and "HH:MM[:SS[.f...]]", then optionally 'Z' or
// an offset "+HH:MM", "-HH:MM", "+HHMM" or "+HH". A date alone means local midnight. Fraction
// digits beyond microseconds are truncated.
bool ParseTimestamp(std::string_view text, ParsedTimestamp* out);

// "YYYY-MM-DD"; years outside 0..9999 carry a sign and at least four digits.
std::string FormatDate(int32_t days);
void AppendDate(int32_t days, std::string* out);
// "YYYY-MM-DDTHH:MM:SSZ", with ".ffffff" only when the microseconds are non-zero.
std::string FormatTimestamp(int64_t utc_us);
void AppendTimestamp(int64_t utc_us, std::string* out);

}  // namespace seg::rt
