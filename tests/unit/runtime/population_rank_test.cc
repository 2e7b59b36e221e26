// Percent ranks and cumulative shares (runtime/kernels/population_rank.cc).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "runtime/kernels/population.h"

namespace seg::rt {
namespace {

TEST(PopulationPercentRankTest, TiesShareTheLowestRank) {
  std::vector<double> x = {20, 10, 30, 20};
  std::vector<double> out(4, -1);
  std::vector<uint8_t> ok(4, 9);
  PercentRank(x.data(), nullptr, 4, false, out.data(), ok.data());
  EXPECT_EQ(out, (std::vector<double>{1.0 / 3, 0, 1, 1.0 / 3}));
  EXPECT_EQ(ok, (std::vector<uint8_t>{1, 1, 1, 1}));
  PercentRank(x.data(), nullptr, 4, true, out.data(), ok.data());
  EXPECT_EQ(out, (std::vector<double>{1.0 / 3, 1, 0, 1.0 / 3}));

  std::vector<uint8_t> valid = {1, 0, 1, 1};
  PercentRank(x.data(), valid.data(), 4, false, out.data(), ok.data());
  EXPECT_EQ(ok, (std::vector<uint8_t>{1, 0, 1, 1}));
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[2], 1);
  EXPECT_EQ(out[3], 0);

  // n == 1 gives 0; all equal gives 0 everywhere; -0.0 ties with 0.0.
  double single = 5;
  PercentRank(&single, nullptr, 1, false, out.data(), ok.data());
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(ok[0], 1);
  std::vector<double> zeros = {0.0, -0.0, 0.0};
  PercentRank(zeros.data(), nullptr, 3, false, out.data(), ok.data());
  EXPECT_EQ((std::vector<double>{out[0], out[1], out[2]}), (std::vector<double>{0, 0, 0}));
  std::vector<double> mixed = {-1.5, 2, -3, 1e300};
  PercentRank(mixed.data(), nullptr, 4, false, out.data(), ok.data());
  EXPECT_EQ(out, (std::vector<double>{1.0 / 3, 2.0 / 3, 0, 1}));
}

TEST(CumulativeShareTest, LargestFirstWithTiesSharingTheirGroupsFigure) {
  const double values[] = {20, 50, 30, 30, 0};
  const uint8_t valid[] = {1, 1, 1, 1, 0};
  double out[5];
  uint8_t out_valid[5];
  CumulativeShare(values, valid, 5, out, out_valid);
  // Total 130: 50 -> 50/130; the two 30s together -> 110/130; 20 -> 130/130; missing stays missing.
  EXPECT_DOUBLE_EQ(out[1], 50.0 / 130.0);
  EXPECT_DOUBLE_EQ(out[2], 110.0 / 130.0);
  EXPECT_DOUBLE_EQ(out[3], 110.0 / 130.0);
  EXPECT_DOUBLE_EQ(out[0], 1.0);
  EXPECT_EQ(out_valid[4], 0);
  EXPECT_EQ(out_valid[0], 1);
}

TEST(CumulativeShareTest, NoPositiveTotalIsMissing) {
  const double values[] = {0, 0};
  double out[2];
  uint8_t out_valid[2];
  CumulativeShare(values, nullptr, 2, out, out_valid);
  EXPECT_EQ(out_valid[0], 0);
  EXPECT_EQ(out_valid[1], 0);
}

// The total is summed in value order, not row order: values whose float sum depends on the
// order of addition give every customer the same share in any row order, and the largest
// cumulative share is exactly 1.
TEST(CumulativeShareTest, SameSharesInAnyRowOrder) {
  std::vector<double> values = {0.1, 1e16, 0.2, 3.0, 1.0, 0.3, 7.5e-3, 2.0};
  std::vector<size_t> order(values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::map<double, double> first;
  bool saw_one = false;
  std::mt19937 rng(11);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> shuffled;
    for (size_t i : order) shuffled.push_back(values[i]);
    std::vector<double> out(values.size());
    std::vector<uint8_t> ok(values.size());
    CumulativeShare(shuffled.data(), nullptr, shuffled.size(), out.data(), ok.data());
    for (size_t i = 0; i < shuffled.size(); ++i) {
      ASSERT_TRUE(ok[i]);
      auto [it, inserted] = first.emplace(shuffled[i], out[i]);
      if (!inserted) {
        ASSERT_EQ(it->second, out[i]) << "value " << shuffled[i] << " round " << round;
      }
      saw_one |= out[i] == 1.0;
    }
  }
  EXPECT_TRUE(saw_one);
}

TEST(CumulativeShareTest, TheLastBitDoesNotDependOnTheRowOrder) {
  // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in this order and 0.6 in the reverse one: a total
  // summed in row order made the shares depend on how the input file was sorted.
  const double forward[] = {0.1, 0.2, 0.3};
  const double backward[] = {0.3, 0.2, 0.1};
  double a[3], b[3];
  uint8_t a_valid[3], b_valid[3];
  CumulativeShare(forward, nullptr, 3, a, a_valid);
  CumulativeShare(backward, nullptr, 3, b, b_valid);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a_valid[i], 1);
    EXPECT_EQ(a[i], b[2 - i]) << forward[i];  // exactly, not within a tolerance
  }
}

}  // namespace
}  // namespace seg::rt
