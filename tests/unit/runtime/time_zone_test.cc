#include "runtime/time_zone.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/posix_tz.h"

namespace seg::rt {
namespace {

int64_t Utc(std::string_view text) {
  ParsedTimestamp parsed;
  EXPECT_TRUE(ParseTimestamp(text, &parsed)) << text;
  EXPECT_TRUE(parsed.has_offset) << text;
  return TimeZone::Utc().ToUtc(parsed);
}

LocalDateTime Local(std::string_view text) {
  ParsedTimestamp parsed;
  EXPECT_TRUE(ParseTimestamp(text, &parsed)) << text;
  return parsed.local;
}

TimeZone Zone(std::string_view name) {
  Result<TimeZone> zone = TimeZone::Load(name);
  EXPECT_TRUE(zone.ok()) << zone.message();
  return zone.ok() ? *zone : TimeZone::Utc();
}

class IanaTimeZoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin")) GTEST_SKIP() << "tzdata not installed";
  }
};

TEST(TimeZoneTest, UtcAndFixedOffsets) {
  EXPECT_EQ(TimeZone::Utc().OffsetSecondsAt(0), 0);
  TimeZone plus_two = Zone("+02:00");
  EXPECT_EQ(plus_two.name(), "+02:00");
  EXPECT_EQ(plus_two.OffsetSecondsAt(Utc("2024-01-01T00:00:00Z")), 7200);
  EXPECT_EQ(plus_two.LocalToUtc(Local("2024-01-01 02:00:00")), Utc("2024-01-01T00:00:00Z"));
  TimeZone minus = Zone("-05:30");
  EXPECT_EQ(minus.OffsetSecondsAt(0), -(5 * 3600 + 1800));
  EXPECT_EQ(minus.LocalDay(Utc("2024-01-01T03:00:00Z")), Utc("2023-12-31T00:00:00Z") / kMicrosPerDay);
  EXPECT_EQ(Zone("UTC").OffsetSecondsAt(123), 0);
}

TEST(TimeZoneTest, RejectsNamesThatCouldEscapeTheZoneDirectory) {
  for (std::string_view bad : {"../../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Europe/Berlin;rm", "",
                               "Europe\\Berlin", "..", "UTC+5"}) {
    auto refused = TimeZone::Load(bad);
    EXPECT_FALSE(refused.ok()) << bad;
    std::string error = refused.message();
    EXPECT_NE(error.find("time zone"), std::string::npos) << error;
  }
}

TEST(TimeZoneTest, ExplainsMissingTzdata) {
  auto refused = TimeZone::LoadFrom("Europe/Berlin", "/nonexistent/zoneinfo");
  EXPECT_FALSE(refused.ok());
  std::string error = refused.message();
  EXPECT_NE(error.find("tzdata"), std::string::npos) << error;
}

TEST_F(IanaTimeZoneTest, UnknownZoneIsAnError) {
  auto refused = TimeZone::Load("Mars/Olympus_Mons");
  EXPECT_FALSE(refused.ok());
  std::string error = refused.message();
  EXPECT_NE(error.find("unknown time zone 'Mars/Olympus_Mons'"), std::string::npos) << error;
}

TEST_F(IanaTimeZoneTest, BerlinSwitchesToSummerTimeOnLastSundayOfMarch) {
  TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2024-03-31T00:59:59Z")), 3600);
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2024-03-31T01:00:00Z")), 7200);
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2024-10-27T00:59:59Z")), 7200);
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2024-10-27T01:00:00Z")), 3600);
  // Before 1980 West Germany kept standard time all year.
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("1975-07-01T12:00:00Z")), 3600);
}

TEST_F(IanaTimeZoneTest, FarFutureUsesTheFooterRule) {
  TimeZone berlin = Zone("Europe/Berlin");
  // 2050-03-27 is the last Sunday of March 2050.
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2050-03-27T00:59:59Z")), 3600);
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2050-03-27T01:00:00Z")), 7200);
  EXPECT_EQ(berlin.OffsetSecondsAt(Utc("2050-12-01T00:00:00Z")), 3600);
  TimeZone sydney = Zone("Australia/Sydney");  // southern hemisphere: DST spans the new year
  EXPECT_EQ(sydney.OffsetSecondsAt(Utc("2050-01-15T00:00:00Z")), 11 * 3600);
  EXPECT_EQ(sydney.OffsetSecondsAt(Utc("2050-07-15T00:00:00Z")), 10 * 3600);
}

TEST_F(IanaTimeZoneTest, NewYorkSwitchesOnSecondSundayOfMarchAndFirstOfNovember) {
  TimeZone new_york = Zone("America/New_York");
  EXPECT_EQ(new_york.OffsetSecondsAt(Utc("2024-03-10T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(new_york.OffsetSecondsAt(Utc("2024-03-10T07:00:00Z")), -4 * 3600);
  EXPECT_EQ(new_york.OffsetSecondsAt(Utc("2024-11-03T05:59:59Z")), -4 * 3600);
  EXPECT_EQ(new_york.OffsetSecondsAt(Utc("2024-11-03T06:00:00Z")), -5 * 3600);
  EXPECT_EQ(new_york.LocalToUtc(Local("2024-07-04 12:00:00")), Utc("2024-07-04T16:00:00Z"));
}

TEST_F(IanaTimeZoneTest, LocalDayFollowsTheZone) {
  TimeZone berlin = Zone("Europe/Berlin");
  int32_t july_first = Local("2024-07-01").day;
  EXPECT_EQ(berlin.LocalDay(Utc("2024-06-30T22:30:00Z")), july_first);
  EXPECT_EQ(berlin.LocalDay(Utc("2024-06-30T21:59:59Z")), july_first - 1);
  EXPECT_EQ(berlin.StartOfLocalDay(july_first), Utc("2024-06-30T22:00:00Z"));
  LocalDateTime local = berlin.ToLocal(Utc("2024-01-15T23:30:00Z"));
  EXPECT_EQ(local.day, Local("2024-01-16").day);
  EXPECT_EQ(local.micros_of_day, 30 * 60 * kMicrosPerSecond);
}

TEST_F(IanaTimeZoneTest, AmbiguousLocalTimePicksTheEarlierInstant) {
  TimeZone berlin = Zone("Europe/Berlin");
  // 02:30 happens twice on 2024-10-27: first at +02:00, then at +01:00.
  EXPECT_EQ(berlin.LocalToUtc(Local("2024-10-27 02:30:00")), Utc("2024-10-27T00:30:00Z"));
}

TEST_F(IanaTimeZoneTest, SkippedLocalTimeUsesTheOffsetBeforeTheGap) {
  TimeZone berlin = Zone("Europe/Berlin");
  // 02:30 never happens on 2024-03-31; read at +01:00 it is 01:30Z, i.e. 03:30 summer time.
  EXPECT_EQ(berlin.LocalToUtc(Local("2024-03-31 02:30:00")), Utc("2024-03-31T01:30:00Z"));
  EXPECT_EQ(berlin.LocalToUtc(Local("2024-03-31 03:00:00")), Utc("2024-03-31T01:00:00Z"));
  EXPECT_EQ(berlin.LocalToUtc(Local("2024-03-31 01:59:59")), Utc("2024-03-31T00:59:59Z"));
}

TEST_F(IanaTimeZoneTest, ExplicitOffsetWinsOverTheZone) {
  TimeZone berlin = Zone("Europe/Berlin");
  ParsedTimestamp parsed;
  ASSERT_TRUE(ParseTimestamp("2024-07-01T12:00:00-04:00", &parsed));
  EXPECT_EQ(berlin.ToUtc(parsed), Utc("2024-07-01T16:00:00Z"));
  ASSERT_TRUE(ParseTimestamp("2024-07-01 12:00:00", &parsed));
  EXPECT_EQ(berlin.ToUtc(parsed), Utc("2024-07-01T10:00:00Z"));
}

TEST(PosixTzTest, ParsesCommonRuleForms) {
  PosixTzRule rule;
  ASSERT_TRUE(ParsePosixTz("CET-1CEST,M3.5.0,M10.5.0/3", &rule));
  EXPECT_EQ(rule.std_offset_seconds, 3600);
  EXPECT_EQ(rule.dst_offset_seconds, 7200);
  EXPECT_EQ(rule.dst_end.time_seconds, 3 * 3600);
  ASSERT_TRUE(ParsePosixTz("<+03>-3", &rule));
  EXPECT_FALSE(rule.has_dst);
  EXPECT_EQ(rule.std_offset_seconds, 3 * 3600);
  ASSERT_TRUE(ParsePosixTz("EST5EDT", &rule));
  EXPECT_EQ(rule.std_offset_seconds, -5 * 3600);
  EXPECT_EQ(rule.dst_start.month, 3);
  ASSERT_TRUE(ParsePosixTz("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", &rule));
  EXPECT_EQ(rule.dst_start.time_seconds, -2 * 3600);
  ASSERT_TRUE(ParsePosixTz("XXX3YYY,J60/2,300", &rule));
  EXPECT_FALSE(ParsePosixTz("CET", &rule));
  EXPECT_FALSE(ParsePosixTz("CET-1CEST,M13.5.0,M10.5.0", &rule));
  EXPECT_FALSE(ParsePosixTz("CET-1CEST,M3.5.0", &rule));
}

}  // namespace
}  // namespace seg::rt
