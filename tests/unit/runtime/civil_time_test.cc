#include "runtime/civil_time.h"

#include <gtest/gtest.h>

namespace seg::rt {
namespace {

int32_t Day(std::string_view text) {
  int32_t days = 0;
  EXPECT_TRUE(ParseDate(text, &days)) << text;
  return days;
}

TEST(CivilTimeTest, EpochAndKnownDays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(1900, 1, 1), -25567);
  EXPECT_EQ(CivilFromDays(-25567), (CivilDate{1900, 1, 1}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
}

TEST(CivilTimeTest, RoundTripsEveryDayOverCenturies) {
  for (int64_t day = -800000; day <= 800000; day += 7) {
    CivilDate date = CivilFromDays(day);
    ASSERT_EQ(DaysFromCivil(date.year, date.month, date.day), day);
  }
}

TEST(CivilTimeTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  int32_t days = 0;
  EXPECT_TRUE(ParseDate("2000-02-29", &days));
  EXPECT_FALSE(ParseDate("1900-02-29", &days));
  EXPECT_FALSE(ParseDate("2023-02-29", &days));
  EXPECT_EQ(Day("2024-03-01") - Day("2024-02-28"), 2);
}

TEST(CivilTimeTest, RejectsMalformedDates) {
  int32_t days = 0;
  for (std::string_view bad : {"2024-1-01", "2024-13-01", "2024-00-10", "2024-04-31", "20240101", "2024/01/01",
                               "2024-01-01T", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(ParseDate(bad, &days)) << bad;
  }
}

TEST(CivilTimeTest, FormatsDates) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(Day("2024-02-29")), "2024-02-29");
  EXPECT_EQ(FormatDate(static_cast<int32_t>(DaysFromCivil(-1, 3, 4))), "-0001-03-04");
  EXPECT_EQ(FormatDate(static_cast<int32_t>(DaysFromCivil(12345, 1, 1))), "+12345-01-01");
}

TEST(CivilTimeTest, DayOfWeekAndPeriodStarts) {
  EXPECT_EQ(DayOfWeek(0), 4);                  // 1970-01-01 was a Thursday
  EXPECT_EQ(DayOfWeek(Day("2024-01-01")), 1);  // Monday
  EXPECT_EQ(DayOfWeek(Day("1969-12-28")), 7);  // Sunday, before the epoch
  EXPECT_EQ(StartOfWeek(Day("2024-01-07")), Day("2024-01-01"));
  EXPECT_EQ(StartOfWeek(Day("2024-01-01")), Day("2024-01-01"));
  EXPECT_EQ(StartOfMonth(Day("2024-02-29")), Day("2024-02-01"));
  EXPECT_EQ(StartOfQuarter(Day("2024-08-15")), Day("2024-07-01"));
  EXPECT_EQ(StartOfQuarter(Day("2024-03-31")), Day("2024-01-01"));
  EXPECT_EQ(StartOfYear(Day("1969-06-30")), Day("1969-01-01"));
}

TEST(CivilTimeTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(AddMonths(Day("2024-01-31"), 1), Day("2024-02-29"));
  EXPECT_EQ(AddMonths(Day("2023-01-31"), 1), Day("2023-02-28"));
  EXPECT_EQ(AddMonths(Day("2024-03-31"), -1), Day("2024-02-29"));
  EXPECT_EQ(AddMonths(Day("2024-11-15"), 3), Day("2025-02-15"));
  EXPECT_EQ(AddMonths(Day("2024-01-15"), -13), Day("2022-12-15"));
  EXPECT_EQ(AddMonths(Day("2024-02-29"), 12), Day("2025-02-28"));
}

TEST(CivilTimeTest, ParsesTimestampsWithAndWithoutOffsets) {
  ParsedTimestamp parsed;
  ASSERT_TRUE(ParseTimestamp("2024-03-10 14:30:05", &parsed));
  EXPECT_FALSE(parsed.has_offset);
  EXPECT_EQ(parsed.local.day, Day("2024-03-10"));
  EXPECT_EQ(parsed.local.micros_of_day, (14 * 3600 + 30 * 60 + 5) * kMicrosPerSecond);

  ASSERT_TRUE(ParseTimestamp("2024-03-10T14:30:05.25Z", &parsed));
  EXPECT_TRUE(parsed.has_offset);
  EXPECT_EQ(parsed.offset_seconds, 0);
  EXPECT_EQ(parsed.local.micros_of_day % kMicrosPerSecond, 250000);

  ASSERT_TRUE(ParseTimestamp("2024-03-10T14:30:05+02:00", &parsed));
  EXPECT_EQ(parsed.offset_seconds, 7200);
  ASSERT_TRUE(ParseTimestamp("2024-03-10T14:30:05-0530", &parsed));
  EXPECT_EQ(parsed.offset_seconds, -(5 * 3600 + 30 * 60));
  ASSERT_TRUE(ParseTimestamp("2024-03-10T14:30+01", &parsed));
  EXPECT_EQ(parsed.offset_seconds, 3600);
  EXPECT_EQ(parsed.local.micros_of_day, (14 * 3600 + 30 * 60) * kMicrosPerSecond);

  ASSERT_TRUE(ParseTimestamp("2024-03-10", &parsed));  // a date alone: local midnight
  EXPECT_EQ(parsed.local.micros_of_day, 0);
  EXPECT_FALSE(parsed.has_offset);
}

TEST(CivilTimeTest, RejectsMalformedTimestamps) {
  ParsedTimestamp parsed;
  for (std::string_view bad :
       {"2024-03-10T25:00:00", "2024-03-10T12:60", "2024-03-10T12", "2024-03-10T12:00:00+", "2024-03-10T12:00:00+2",
        "2024-03-10T12:00:00.", "2024-03-10X12:00", "2024-03-10T12:00:00 Z", "2024-03-10T12:00:61"}) {
    EXPECT_FALSE(ParseTimestamp(bad, &parsed)) << bad;
  }
}

TEST(CivilTimeTest, FormatsTimestampsInUtc) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatTimestamp(int64_t{Day("2024-03-10")} * kMicrosPerDay + 3723 * kMicrosPerSecond + 5000),
            "2024-03-10T01:02:03.005000Z");
}

}  // namespace
}  // namespace seg::rt
