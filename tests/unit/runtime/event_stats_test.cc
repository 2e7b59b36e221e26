// The value-collecting aggregates' kernels (runtime/kernels/event_stats.h): the interpolation,
// the divisor, the tie rule and the missing cases, on values in any order.
#include "runtime/kernels/event_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "runtime/kernels/regex.h"

namespace seg::rt::stats {
namespace {

TEST(EventStats, PercentileInterpolatesLinearlyBetweenClosestRanks) {
  uint8_t st = 1;
  std::vector<double> v{45.5, 10, 30, 20};
  EXPECT_DOUBLE_EQ(Percentile(v, 0.5, &st), 25);  // the mean of the middle two
  EXPECT_EQ(st, kOk);
  EXPECT_DOUBLE_EQ(Percentile(v, 0.9, &st), 30 + 0.7 * 15.5);  // h = 2.7
  EXPECT_DOUBLE_EQ(Percentile(v, 0, &st), 10);
  EXPECT_DOUBLE_EQ(Percentile(v, 1, &st), 45.5);
  std::vector<double> one{7};
  EXPECT_DOUBLE_EQ(Percentile(one, 0.3, &st), 7);
  std::vector<double> none;
  Percentile(none, 0.5, &st);
  EXPECT_EQ(st, kMissing);
}

TEST(EventStats, StdDevIsTheSampleOneAndNeedsTwoValues) {
  uint8_t st = 1;
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(SampleStdDev(v, &st), std::sqrt(5.0 / 3.0));
  EXPECT_EQ(st, kOk);
  std::vector<double> same{5, 5};
  EXPECT_DOUBLE_EQ(SampleStdDev(same, &st), 0);
  std::vector<double> one{5};
  SampleStdDev(one, &st);
  EXPECT_EQ(st, kMissing);
}

TEST(EventStats, ModeTakesTheMostFrequentAndBreaksTiesToTheSmallest) {
  uint8_t st = 1;
  auto less = [](int64_t a, int64_t b) { return a < b; };
  std::vector<int64_t> v{9, 3, 9, 3, 7};
  EXPECT_EQ(Mode(v, less, &st), 3);
  EXPECT_EQ(st, kOk);
  std::vector<int64_t> w{1, 2, 2};
  EXPECT_EQ(Mode(w, less, &st), 2);
  // Codes ordered by their strings, as text is: "Zed" (code 0) sorts before "apple" (code 1).
  const std::string strings[] = {"apple", "Zed"};
  auto by_text = [&](int64_t a, int64_t b) { return strings[a] < strings[b]; };
  std::vector<int64_t> codes{0, 1};
  EXPECT_EQ(Mode(codes, by_text, &st), 1);
  std::vector<int64_t> none;
  Mode(none, less, &st);
  EXPECT_EQ(st, kMissing);
}

TEST(Regex, SearchesAndRefusesWhatRe2CannotCompile) {
  EXPECT_TRUE(fn::RegexMatch("ann@gmail.com", "@gmail\\.com$"));
  EXPECT_FALSE(fn::RegexMatch("ann@gmailXcom", "@gmail\\.com$"));
  EXPECT_TRUE(fn::RegexError("(a|b").find("missing )") != std::string::npos);
  EXPECT_FALSE(fn::RegexError("(a)\\1").empty());  // backreferences: not linear, not RE2
  EXPECT_TRUE(fn::RegexError("^(a+)+$").empty());  // catastrophic elsewhere, linear here
  EXPECT_FALSE(fn::RegexMatch(std::string(50000, 'a') + "b", "^(a+)+$"));
}

}  // namespace
}  // namespace seg::rt::stats
