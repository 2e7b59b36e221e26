// OrderStatistics (runtime/kernels/order_statistics.h) against a full sort, bit for bit: heavy
// ties (a rank in a bucket that holds most of the values, whose candidates are copied into a
// buffer that is not zeroed first, or a bucket of one value, answered without a copy), whole
// numbers and fractions, a -0.0, the extremes, missing rows holding values no valid row could,
// on one thread and on a pool.
#include "runtime/kernels/order_statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace seg::rt::population_detail {
namespace {

// Every rank from both ends and a spread of ranks between, against the sorted valid values,
// bit for bit; on one thread and on a pool.
void ExpectSortedAnswers(const std::vector<double>& values, const std::vector<uint8_t>& valid) {
  std::vector<double> sorted;
  for (size_t i = 0; i < values.size(); ++i) {
    if (valid[i] && !std::isnan(values[i])) sorted.push_back(values[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  ThreadPool pool(3);
  for (ThreadPool* threads : {static_cast<ThreadPool*>(nullptr), &pool}) {
    OrderStatistics order(values.data(), valid.data(), values.size(), threads);
    ASSERT_EQ(order.size(), sorted.size());
    if (sorted.empty()) continue;
    std::vector<size_t> ranks;
    for (size_t k = 0; k < 40; ++k) ranks.push_back(k * (sorted.size() - 1) / 39);
    ranks.push_back(0);
    ranks.push_back(sorted.size() - 1);
    std::vector<double> got = order.At(ranks);
    for (size_t k = 0; k < ranks.size(); ++k) {
      EXPECT_EQ(std::bit_cast<uint64_t>(got[k]), std::bit_cast<uint64_t>(sorted[ranks[k]]))
          << "rank " << ranks[k] << ": " << got[k] << " against " << sorted[ranks[k]];
    }
  }
}

struct Data {
  std::vector<double> values;
  std::vector<uint8_t> valid;
};

// Whole numbers from `lo` to `lo + span`, both ends present, a fifth missing with values no
// valid row could hold in their slots (a huge number, NaN, a fraction), over several pieces.
Data WholeNumbers(double lo, int64_t span, size_t n = 600'000) {
  std::mt19937_64 rng(5);
  Data d{std::vector<double>(n), std::vector<uint8_t>(n, 1)};
  for (size_t i = 0; i < n; ++i) {
    // Heavy ties: most rows among a handful of values.
    int64_t offset = rng() % 4 != 0 ? static_cast<int64_t>(rng() % 5) : static_cast<int64_t>(rng() % (span + 1));
    d.values[i] = lo + static_cast<double>(offset);
    if (rng() % 5 == 0) {
      d.valid[i] = 0;
      d.values[i] = i % 3 == 0 ? 1e300 : i % 3 == 1 ? std::nan("") : 0.5;
    }
  }
  d.values[1] = lo;
  d.valid[1] = 1;
  d.values[n - 2] = lo + static_cast<double>(span);
  d.valid[n - 2] = 1;
  return d;
}

TEST(OrderStatisticsTest, WholeNumbersWithHeavyTies) {
  for (double lo : {0.0, -3.0, -70'000.0, 1e15}) {
    Data d = WholeNumbers(lo, 65'535);
    ExpectSortedAnswers(d.values, d.valid);
  }
  Data small = WholeNumbers(-2, 4);
  ExpectSortedAnswers(small.values, small.valid);
}

TEST(OrderStatisticsTest, FractionsAndExtremes) {
  Data fraction = WholeNumbers(0, 30);
  fraction.values[fraction.values.size() - 1] = 7.25;  // the last row of the last piece
  fraction.valid[fraction.values.size() - 1] = 1;
  ExpectSortedAnswers(fraction.values, fraction.valid);
  Data huge = WholeNumbers(0, 30);
  huge.values[3] = 9007199254740992.0;  // 2^53
  huge.valid[3] = 1;
  ExpectSortedAnswers(huge.values, huge.valid);
  Data infinite = WholeNumbers(0, 30);
  infinite.values[4] = std::numeric_limits<double>::infinity();
  infinite.valid[4] = 1;
  ExpectSortedAnswers(infinite.values, infinite.valid);
}

TEST(OrderStatisticsTest, NegativeZeroIsNotCountedAsZero) {
  // Only -0.0 and a few whole numbers: the answer at rank 0 keeps its sign bit, as the sort's.
  std::vector<double> values(300'000, -0.0);
  std::vector<uint8_t> valid(values.size(), 1);
  for (size_t i = 0; i < values.size(); i += 7) values[i] = 3.0;
  ExpectSortedAnswers(values, valid);
}

// A bucket whose values are all one value is answered from the bucket alone, with no copy: the
// infinities, zeros and negative whole numbers, each the whole of its bucket, bit for bit.
TEST(OrderStatisticsTest, BucketsOfOneValue) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values(700'000);
  std::vector<uint8_t> valid(values.size(), 1);
  const double kinds[] = {-inf, -5.0, -1.0, 0.0, 1.0, 17.0, 1e300, inf};
  for (size_t i = 0; i < values.size(); ++i) values[i] = kinds[(i * 7919) % 8];
  ExpectSortedAnswers(values, valid);
}

// Every rank in one bucket of many values (1024 to 1088, with fractions) over three pieces,
// whose stretches of candidates are closed up into one.
TEST(OrderStatisticsTest, OneBucketOfManyValues) {
  std::mt19937_64 rng(11);
  std::vector<double> values(700'000);
  std::vector<uint8_t> valid(values.size(), 1);
  for (double& value : values) value = 1024.0 + static_cast<double>(rng() % 6400) / 100.0;
  ExpectSortedAnswers(values, valid);
}

// One other value in a bucket, in the last piece only (2.0625 shares 2.0's bucket), is seen: the
// marks of every piece count. The same value in a missing row marks nothing, nor does a missing
// -0.0 beside the zeros, whose answer is then +0.0.
TEST(OrderStatisticsTest, OneOtherValueInABucket) {
  std::vector<double> values(700'000, 2.0);
  std::vector<uint8_t> valid(values.size(), 1);
  for (size_t i = 0; i < values.size() / 2; ++i) values[i] = 0.0;
  values[values.size() - 1] = 2.0625;
  ExpectSortedAnswers(values, valid);
  values[values.size() - 1] = 2.0;
  for (size_t i = 0; i < values.size(); i += 1000) {
    values[i] = i % 2000 == 0 ? 2.0625 : -0.0;
    valid[i] = 0;
  }
  ExpectSortedAnswers(values, valid);
}

// A -0.0 among +0.0s: its bucket is copied, and every answer there is a zero (which one the sort
// puts first is not specified).
TEST(OrderStatisticsTest, NegativeAndPositiveZeros) {
  std::vector<double> values(300'000, 0.0);
  std::vector<uint8_t> valid(values.size(), 1);
  values[123'456] = -0.0;
  values[7] = 4.0;
  OrderStatistics order(values.data(), valid.data(), values.size(), nullptr);
  std::vector<double> got = order.At({0, 1000, values.size() - 2, values.size() - 1});
  EXPECT_EQ(got[0], 0.0);
  EXPECT_EQ(got[1], 0.0);
  EXPECT_EQ(got[2], 0.0);
  EXPECT_EQ(got[3], 4.0);
}

// The smallest and largest values (ranks 0 and size - 1, asked alone and repeated), each in a
// bucket of many values of its own, with missing rows beyond both ends: two buckets copied.
TEST(OrderStatisticsTest, ExtremesAlone) {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> spread(-1e6, 1e6);
  std::vector<double> values(500'000);
  std::vector<uint8_t> valid(values.size(), 1);
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = spread(rng);
    if (i % 9 == 4) {
      valid[i] = 0;
      values[i] = i % 2 == 0 ? -1e300 : 1e300;
    }
  }
  std::vector<double> sorted;
  for (size_t i = 0; i < values.size(); ++i) {
    if (valid[i]) sorted.push_back(values[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  ThreadPool pool(2);
  OrderStatistics order(values.data(), valid.data(), values.size(), &pool);
  std::vector<double> got = order.At({sorted.size() - 1, 0, 0});
  EXPECT_EQ(got[0], sorted.back());
  EXPECT_EQ(got[1], sorted.front());
  EXPECT_EQ(got[2], sorted.front());
}

TEST(OrderStatisticsTest, NothingValid) {
  std::vector<double> values(1000, 2.0);
  std::vector<uint8_t> valid(values.size(), 0);
  ExpectSortedAnswers(values, valid);
}

// Ints (OrderStatisticsOf<int64_t>) against a full sort: amounts with heavy ties at zero (a
// bucket of one value, answered from the bucket), the ints around 2^53 that share a double with
// their neighbours (whose buckets must be copied), the extremes, negatives, missing rows holding
// values no valid row could; on one thread and on a pool, over several pieces.
TEST(OrderStatisticsTest, IntsSelectedAsInts) {
  std::mt19937_64 rng(12);
  constexpr int64_t kExact = int64_t{1} << 53;
  const std::vector<int64_t> edges = {std::numeric_limits<int64_t>::min(),
                                      std::numeric_limits<int64_t>::max(),
                                      kExact - 1,
                                      kExact,
                                      kExact + 1,
                                      kExact + 2,
                                      kExact + 3,
                                      -kExact - 1,
                                      -kExact,
                                      -kExact - 2,
                                      0,
                                      -1,
                                      1};
  for (int shape = 0; shape < 3; ++shape) {
    size_t n = shape == 0 ? 600'000 : 5'000;
    std::vector<int64_t> values(n);
    std::vector<uint8_t> valid(n, 1);
    for (size_t i = 0; i < n; ++i) {
      if (shape == 0) values[i] = rng() % 3 == 0 ? 0 : static_cast<int64_t>(rng() % 50'000'000);  // amounts
      else if (shape == 1) values[i] = edges[rng() % edges.size()];
      else values[i] = kExact + static_cast<int64_t>(rng() % 7) - 3;  // one double or two, many ints
      if (rng() % 6 == 0) {
        valid[i] = 0;
        values[i] = i % 2 == 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
      }
    }
    std::vector<int64_t> sorted;
    for (size_t i = 0; i < n; ++i) {
      if (valid[i]) sorted.push_back(values[i]);
    }
    std::sort(sorted.begin(), sorted.end());
    ThreadPool pool(3);
    for (ThreadPool* threads : {static_cast<ThreadPool*>(nullptr), &pool}) {
      OrderStatisticsOf<int64_t> order(values.data(), valid.data(), n, threads);
      ASSERT_EQ(order.size(), sorted.size());
      std::vector<size_t> ranks;
      for (size_t k = 0; k < 40; ++k) ranks.push_back(k * (sorted.size() - 1) / 39);
      ranks.push_back(sorted.size() - 1);
      std::vector<int64_t> got = order.At(ranks);
      for (size_t k = 0; k < ranks.size(); ++k) {
        EXPECT_EQ(got[k], sorted[ranks[k]]) << "shape " << shape << " rank " << ranks[k];
      }
    }
  }
}

}  // namespace
}  // namespace seg::rt::population_detail
