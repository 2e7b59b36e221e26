// Populations of ints ranked where they are, counted by value (IntHistogram) or selected as ints
// (IntPopulation): QuantileBinsOfInts against QuantileBins over the same values converted as the
// population step converts them (double(value) / unit; whole numbers are counted there too,
// others selected), and QuantileBins' counting of whole doubles against its selection of the
// same values: the same bins, validity and cut points, on one thread and on a pool's, or false
// (nothing written) for the rank methods, which the doubles rank.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "runtime/kernels/population.h"
#include "runtime/thread_pool.h"

namespace seg::rt {
namespace {

struct Case {
  std::vector<int64_t> values;
  std::vector<uint8_t> valid;
};

// `n` values from `lowest` up to `lowest + span - 1`, about one in `missing_every` missing (0:
// none), a missing row holding any value at all (what a column holds there is not defined).
Case Draw(std::mt19937_64& rng, size_t n, int64_t lowest, uint64_t span, int missing_every) {
  Case c;
  c.values.resize(n);
  c.valid.resize(n);
  for (size_t i = 0; i < n; ++i) {
    c.valid[i] = missing_every == 0 || rng() % static_cast<uint64_t>(missing_every) != 0;
    c.values[i] = c.valid[i] ? static_cast<int64_t>(static_cast<uint64_t>(lowest) + rng() % span)
                             : static_cast<int64_t>(rng());
  }
  return c;
}

void ExpectSameAsDoubles(const Case& c, double unit, int bins, BinMethod method, bool descending, ThreadPool* pool,
                         const std::string& what) {
  size_t n = c.values.size();
  std::vector<double> doubles(n);
  for (size_t i = 0; i < n; ++i) doubles[i] = static_cast<double>(c.values[i]) / unit;
  std::vector<int64_t> want(n, -1), got(n, -1);
  std::vector<uint8_t> want_ok(n, 9), got_ok(n, 9);
  BinCuts want_cuts, got_cuts;
  QuantileBins(doubles.data(), c.valid.data(), n, bins, method, descending, want.data(), want_ok.data(), &want_cuts);
  ASSERT_TRUE(QuantileBinsOfInts(c.values.data(), c.valid.data(), n, unit, bins, method, descending, got.data(),
                                 got_ok.data(), &got_cuts, pool))
      << what;
  ASSERT_EQ(want_ok, got_ok) << what;
  ASSERT_EQ(want, got) << what;
  ASSERT_EQ(want_cuts.edges, got_cuts.edges) << what;
  ASSERT_EQ(want_cuts.bins, got_cuts.bins) << what;
}

TEST(PopulationIntsTest, BinsAndCutsAreThoseOfTheDoubles) {
  std::mt19937_64 rng(5);
  ThreadPool pool(3);
  struct Shape {
    size_t n;
    int64_t lowest;
    uint64_t span;
    int missing_every;
  };
  // Counts with heavy ties, days, negatives, a single value, the widest span counted, few rows,
  // and a population spanning several pieces of the passes.
  const Shape shapes[] = {{20'000, 0, 30, 5},     {20'000, 0, 3'000, 0}, {5'000, -40, 81, 3}, {1'000, 7, 1, 4},
                          {30'000, 0, 16'384, 7}, {3, 0, 2, 0},          {1, 5, 1, 0},        {600'001, 0, 60, 6}};
  for (const Shape& shape : shapes) {
    Case c = Draw(rng, shape.n, shape.lowest, shape.span, shape.missing_every);
    // The population of several pieces with one unit and one bin count (the rest is the same code).
    bool large = shape.n > 100'000;
    for (double unit : large ? std::vector<double>{1.0} : std::vector<double>{1.0, 10'000.0, 7.0}) {
      for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut}) {
        for (int bins : large ? std::vector<int>{5} : std::vector<int>{1, 3, 5, 20}) {
          for (bool descending : {false, true}) {
            for (ThreadPool* threads : {static_cast<ThreadPool*>(nullptr), &pool}) {
              std::string what = "n " + std::to_string(shape.n) + " span " + std::to_string(shape.span) + " unit " +
                                 std::to_string(unit) + " method " + std::to_string(static_cast<int>(method)) +
                                 " bins " + std::to_string(bins) + (descending ? " descending" : "") +
                                 (threads != nullptr ? " pool" : "");
              ExpectSameAsDoubles(c, unit, bins, method, descending, threads, what);
            }
          }
        }
      }
    }
  }
}

// A -0.0 among whole numbers sends QuantileBins to its selection (it keeps -0.0 apart from +0.0 in
// the cuts it reports), which must give what counting gives without it.
TEST(PopulationIntsTest, CountedWholeDoublesGiveTheSelectedBins) {
  std::mt19937_64 rng(9);
  ThreadPool pool(2);
  for (uint64_t span : {uint64_t{7}, uint64_t{400}, uint64_t{16'384}}) {
    for (int missing_every : {0, 4}) {
      Case c = Draw(rng, 300'001, -static_cast<int64_t>(span / 2), span, missing_every);
      std::vector<double> counted(c.values.size());
      for (size_t i = 0; i < counted.size(); ++i) counted[i] = static_cast<double>(c.values[i]);
      counted[1] = std::nan("");  // missing, as a NaN is
      c.valid[0] = 1;
      counted[0] = 0.0;
      std::vector<double> selected = counted;
      selected[0] = -0.0;
      for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut}) {
        for (int bins : {2, 5, 10}) {
          for (bool descending : {false, true}) {
            size_t n = counted.size();
            std::vector<int64_t> want(n, -1), got(n, -1);
            std::vector<uint8_t> want_ok(n, 9), got_ok(n, 9);
            BinCuts want_cuts, got_cuts;
            QuantileBins(selected.data(), c.valid.data(), n, bins, method, descending, want.data(), want_ok.data(),
                         &want_cuts);
            QuantileBins(counted.data(), c.valid.data(), n, bins, method, descending, got.data(), got_ok.data(),
                         &got_cuts, {}, &pool);
            std::string what = "span " + std::to_string(span) + " method " + std::to_string(static_cast<int>(method)) +
                               " bins " + std::to_string(bins);
            ASSERT_EQ(want_ok, got_ok) << what;
            ASSERT_EQ(want, got) << what;
            ASSERT_EQ(want_cuts.edges, got_cuts.edges) << what;  // == takes -0.0 for +0.0
            ASSERT_EQ(want_cuts.bins, got_cuts.bins) << what;
          }
        }
      }
    }
  }
}

TEST(PopulationIntsTest, EmptyAndAllMissingLeaveEveryRowMissing) {
  for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut}) {
    ExpectSameAsDoubles(Case{}, 1.0, 5, method, false, nullptr, "empty");
    Case missing{{4, 8, 15}, {0, 0, 0}};
    ExpectSameAsDoubles(missing, 1.0, 5, method, false, nullptr, "all missing");
    ExpectSameAsDoubles(missing, 1.0, 0, method, false, nullptr, "no bins");
  }
}

// Ints too wide to count (amounts in ten-thousandths, durations in microseconds, the extremes)
// are selected as ints and binned by their thresholds: the bins and cuts of the doubles, for
// every number of cuts (up to 4, up to 16, more: each a loop of its own), with heavy ties at zero,
// the ints around 2^53 that share a double, and a population of several pieces.
TEST(PopulationIntsTest, WideIntsAreSelectedWithTheBinsOfTheDoubles) {
  std::mt19937_64 rng(21);
  ThreadPool pool(3);
  constexpr int64_t kExact = int64_t{1} << 53;
  Case amounts = Draw(rng, 300'001, 0, 50'000'000, 6);
  for (size_t i = 0; i < amounts.values.size(); i += 3) {
    if (amounts.valid[i]) amounts.values[i] = 0;  // the customers without an order in the window
  }
  Case wide = Draw(rng, 2'000, -8'000, 16'385, 0);
  wide.values[0] = -8'000;
  wide.values[1] = 8'384;  // a span of 16,385 values: one too many to count
  Case extremes{{std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), kExact - 1, kExact,
                 kExact + 1, kExact + 2, kExact + 3, -kExact - 1, -kExact, 0, 0, -1, 1, 123'456'789},
                {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1}};
  Case near_exact = Draw(rng, 3'000, kExact - 3, 7, 5);
  const struct {
    const Case* c;
    const char* name;
  } cases[] = {{&amounts, "amounts"}, {&wide, "wide"}, {&extremes, "extremes"}, {&near_exact, "near 2^53"}};
  for (const auto& [c, name] : cases) {
    bool large = c->values.size() > 100'000;
    for (double unit : large ? std::vector<double>{10'000.0} : std::vector<double>{1.0, 10'000.0, 7.0, 8.64e10}) {
      for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut}) {
        for (int bins : large ? std::vector<int>{5, 20} : std::vector<int>{1, 2, 5, 17, 20}) {
          for (bool descending : {false, true}) {
            for (ThreadPool* threads : {static_cast<ThreadPool*>(nullptr), &pool}) {
              std::string what = std::string(name) + " unit " + std::to_string(unit) + " method " +
                                 std::to_string(static_cast<int>(method)) + " bins " + std::to_string(bins) +
                                 (descending ? " descending" : "") + (threads != nullptr ? " pool" : "");
              ExpectSameAsDoubles(*c, unit, bins, method, descending, threads, what);
            }
          }
        }
      }
    }
  }
}

TEST(PopulationIntsTest, RankMethodsAreLeftToTheDoubles) {
  std::mt19937_64 rng(8);
  Case narrow = Draw(rng, 1'000, 0, 100, 0);
  std::vector<int64_t> bins(1'000, -7);
  std::vector<uint8_t> ok(1'000, 9);
  for (BinMethod method : {BinMethod::kQcutRank, BinMethod::kNtile}) {
    EXPECT_FALSE(QuantileBinsOfInts(narrow.values.data(), narrow.valid.data(), 1'000, 1.0, 5, method, false,
                                    bins.data(), ok.data(), nullptr));
  }
  EXPECT_EQ(bins, std::vector<int64_t>(1'000, -7)) << "nothing is written when the doubles are left to rank";
  EXPECT_EQ(ok, std::vector<uint8_t>(1'000, 9));
}

}  // namespace
}  // namespace seg::rt
