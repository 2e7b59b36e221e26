#include "runtime/duration.h"

#include <gtest/gtest.h>

#include "runtime/civil_time.h"

namespace seg::rt {
namespace {

int64_t Micros(std::string_view text) {
  int64_t value = 0;
  EXPECT_TRUE(ParseDuration(text, &value)) << text;
  return value;
}

TEST(DurationTest, ParsesUnitsAndPlainSeconds) {
  EXPECT_EQ(Micros("3d"), 3 * kMicrosPerDay);
  EXPECT_EQ(Micros("12h"), 12 * 3600 * kMicrosPerSecond);
  EXPECT_EQ(Micros("90m"), 90 * 60 * kMicrosPerSecond);
  EXPECT_EQ(Micros("30s"), 30 * kMicrosPerSecond);
  EXPECT_EQ(Micros("1w"), 7 * kMicrosPerDay);
  EXPECT_EQ(Micros("1h30m"), 90 * 60 * kMicrosPerSecond);
  EXPECT_EQ(Micros("90"), 90 * kMicrosPerSecond);
  EXPECT_EQ(Micros("1.5"), 1'500'000);
  EXPECT_EQ(Micros("-2d"), -2 * kMicrosPerDay);
  EXPECT_EQ(Micros("0.000001s"), 1);
}

TEST(DurationTest, RejectsMalformed) {
  int64_t value = 0;
  for (std::string_view bad : {"", "d", "3x", "1h30", "1.5h", "--1s", "0.0000001", "3 d"}) {
    EXPECT_FALSE(ParseDuration(bad, &value)) << bad;
  }
}

TEST(DurationTest, FormatsCanonicallyAndRoundTrips) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(3 * kMicrosPerDay), "3d");
  EXPECT_EQ(FormatDuration(kMicrosPerDay + 2 * 3600 * kMicrosPerSecond + 30 * 60 * kMicrosPerSecond), "1d2h30m");
  EXPECT_EQ(FormatDuration(-45 * 60 * kMicrosPerSecond), "-45m");
  EXPECT_EQ(FormatDuration(1'500'000), "1.5s");
  for (int64_t value : {int64_t{1}, int64_t{-1}, int64_t{61'000'001}, 15 * kMicrosPerDay + 7}) {
    EXPECT_EQ(Micros(FormatDuration(value)), value);
  }
}

}  // namespace
}  // namespace seg::rt
