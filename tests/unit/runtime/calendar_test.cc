// The calendar kernels (runtime/kernels/calendar.h) and the calendar pieces they and the streaks
// stand on (runtime/civil_time.h, runtime/kernels/streaks.h): month arithmetic clamps as the
// windows do, whole months between days are its inverse, periods number consecutively across
// ISO week 53 and year ends, and a current streak ends in the end day's period or the one before.
#include "runtime/kernels/calendar.h"

#include <gtest/gtest.h>

#include "runtime/civil_time.h"
#include "runtime/kernels/functions.h"
#include "runtime/kernels/streaks.h"
#include "runtime/time_zone.h"

namespace seg::rt {
namespace {

int64_t Day(int y, int m, int d) { return DaysFromCivil(y, m, d); }

TEST(CalendarMonths, AddMonthsClampsToTheMonthsEnd) {
  EXPECT_EQ(AddMonthsWide(Day(2024, 1, 31), 1), Day(2024, 2, 29));
  EXPECT_EQ(AddMonthsWide(Day(2023, 1, 31), 1), Day(2023, 2, 28));
  EXPECT_EQ(AddMonthsWide(Day(2024, 2, 29), 12), Day(2025, 2, 28));
  EXPECT_EQ(AddMonthsWide(Day(2024, 3, 31), -1), Day(2024, 2, 29));
  EXPECT_EQ(AddMonthsWide(Day(1969, 12, 31), 2), Day(1970, 2, 28));
  EXPECT_EQ(AddMonths(static_cast<int32_t>(Day(2025, 5, 31)), -3), Day(2025, 2, 28));  // the windows' own
}

TEST(CalendarMonths, WholeMonthsBetweenIsTheInverseOfAddMonths) {
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 31), Day(2024, 2, 29)), 1);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 30), Day(2024, 2, 28)), 0);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 2, 28), Day(2024, 3, 27)), 0);
  EXPECT_EQ(WholeMonthsBetween(Day(2000, 2, 29), Day(2023, 2, 28)), 276);  // a leapling's birthday: 28 Feb
  EXPECT_EQ(WholeMonthsBetween(Day(2000, 3, 1), Day(2023, 2, 28)), 275);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 3, 15), Day(2024, 3, 1)), 0);  // towards zero, not -1
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 6, 1), Day(2023, 2, 28)), -15);
  // For every pair in a stretch of days: AddMonths(a, n) <= b < AddMonths(a, n + 1).
  for (int64_t a = Day(2023, 12, 25); a < Day(2024, 3, 5); a += 3) {
    for (int64_t b = a; b < a + 800; b += 7) {
      int64_t n = WholeMonthsBetween(a, b);
      EXPECT_LE(AddMonthsWide(a, n), b) << a << " " << b;
      EXPECT_GT(AddMonthsWide(a, n + 1), b) << a << " " << b;
    }
  }
}

TEST(CalendarMonths, KernelsReportWhatTheyCannotHold) {
  uint8_t st = 0;
  EXPECT_EQ(fn::AddMonthsToDate(Day(2024, 1, 31), 1, 0, &st), Day(2024, 2, 29));
  EXPECT_EQ(st, fn::kOk);
  fn::AddMonthsToDate(Day(2024, 1, 31), INT64_MAX, 0, &st);
  EXPECT_EQ(st, fn::kOverflow);
  fn::AddMonthsToDate(Day(2024, 1, 31), 12 * 6'000'000, 0, &st);  // past int32 days
  EXPECT_EQ(st, fn::kOverflow);
  EXPECT_EQ(fn::AgeAt(Day(2004, 2, 29), Day(2023, 2, 28), &st), 19);
  EXPECT_EQ(fn::AgeAt(Day(2004, 2, 29), Day(2023, 2, 27), &st), 18);
  EXPECT_EQ(fn::YearsBetween(Day(2024, 6, 1), Day(2023, 2, 28), &st), -1);
  EXPECT_EQ(fn::QuarterOf(Day(2024, 4, 1), &st), 2);
  EXPECT_EQ(fn::QuarterOf(Day(2024, 12, 31), &st), 4);
}

TEST(CalendarMonths, TimestampsKeepTheLocalTimeOfDay) {
  Result<TimeZone> ny = TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny.ok());
  const TimeZone& zone = ny.value();
  auto zone_arg = reinterpret_cast<int64_t>(&zone);
  uint8_t st = 0;
  // 2024-02-10 02:30 EST + 1 month: 02:30 on 2024-03-10 is skipped, read with EST (07:30Z).
  int64_t before = zone.LocalToUtc(LocalDateTime{static_cast<int32_t>(Day(2024, 2, 10)), 9'000'000'000});
  EXPECT_EQ(fn::AddMonthsToInstant(before, 1, zone_arg, &st), Day(2024, 3, 10) * kMicrosPerDay + 27'000'000'000);
  EXPECT_EQ(st, fn::kOk);
  // 12:00 EDT on 2024-03-31 - 1 month is 12:00 EST on 2024-02-29 (17:00Z).
  int64_t noon = zone.LocalToUtc(LocalDateTime{static_cast<int32_t>(Day(2024, 3, 31)), 43'200'000'000});
  EXPECT_EQ(fn::AddMonthsToInstant(noon, -1, zone_arg, &st), Day(2024, 2, 29) * kMicrosPerDay + 61'200'000'000);
  fn::AddMonthsToInstant(noon, 12 * 400'000, zone_arg, &st);
  EXPECT_EQ(st, fn::kOverflow);
}

TEST(CalendarPeriods, ConsecutivePeriodsHaveConsecutiveIndexes) {
  auto week = [](int64_t d) { return PeriodIndex(PeriodUnit::kWeek, static_cast<int32_t>(d)); };
  auto month = [](int64_t d) { return PeriodIndex(PeriodUnit::kMonth, static_cast<int32_t>(d)); };
  EXPECT_EQ(week(Day(2024, 7, 1)), week(Day(2024, 7, 7)));  // Monday .. Sunday
  EXPECT_EQ(week(Day(2024, 7, 8)), week(Day(2024, 7, 7)) + 1);
  // 2020-W52, 2020-W53 (28 Dec .. 3 Jan), 2021-W01.
  EXPECT_EQ(week(Day(2020, 12, 30)), week(Day(2020, 12, 21)) + 1);
  EXPECT_EQ(week(Day(2021, 1, 5)), week(Day(2021, 1, 3)) + 1);
  EXPECT_EQ(week(Day(1969, 12, 29)), week(Day(1970, 1, 4)));  // before 1970 too
  EXPECT_EQ(week(Day(1969, 12, 28)) + 1, week(Day(1969, 12, 29)));
  EXPECT_EQ(month(Day(2024, 1, 1)), month(Day(2023, 12, 31)) + 1);
  EXPECT_EQ(month(Day(1969, 12, 31)) + 1, month(Day(1970, 1, 1)));
  EXPECT_EQ(PeriodIndex(PeriodUnit::kDay, 12345), 12345);
}

TEST(CalendarPeriods, ACurrentStreakEndsInTheEndPeriodOrTheOneBefore) {
  auto end = static_cast<int32_t>(Day(2024, 7, 3));  // a Wednesday
  int32_t this_week = PeriodIndex(PeriodUnit::kWeek, end);
  EXPECT_EQ(stats::CurrentStreak(PeriodUnit::kWeek, this_week, 3, end), 3);
  EXPECT_EQ(stats::CurrentStreak(PeriodUnit::kWeek, this_week - 1, 4, end), 4);
  EXPECT_EQ(stats::CurrentStreak(PeriodUnit::kWeek, this_week - 2, 4, end), 0);
  EXPECT_EQ(stats::CurrentStreak(PeriodUnit::kWeek, INT32_MIN, 0, end), 0);
  // A day streak must reach the end day itself (current_streak_days as before).
  EXPECT_EQ(stats::CurrentStreak(PeriodUnit::kDay, end - 1, 5, end), 0);
  EXPECT_EQ(stats::CurrentStreak(PeriodUnit::kDay, end, 5, end), 5);
}

}  // namespace
}  // namespace seg::rt
