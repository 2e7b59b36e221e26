#include "runtime/kernels/population.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/civil_time.h"
#include "runtime/thread_pool.h"

namespace seg::rt {
namespace {

struct Binned {
  std::vector<int32_t> bin;
  std::vector<uint8_t> valid;
  BinCuts cuts;
};

Binned Bin(const std::vector<double>& x, int bins, BinMethod method, bool descending = false,
           const std::vector<uint8_t>& valid = {}) {
  Binned r;
  r.bin.assign(x.size(), -1);
  r.valid.assign(x.size(), 9);
  QuantileBins(x.data(), valid.empty() ? nullptr : valid.data(), x.size(), bins, method, descending, r.bin.data(),
               r.valid.data(), &r.cuts);
  return r;
}

std::vector<int32_t> Bins(const std::vector<double>& x, int bins, BinMethod method, bool descending = false) {
  return Bin(x, bins, method, descending).bin;
}

using V = std::vector<int32_t>;

// ---- kRfm -------------------------------------------------------------------------------

TEST(PopulationRfmTest, BreaksAreType7QuantilesPlusOne) {
  Binned r = Bin({1, 2, 3, 4, 5}, 5, BinMethod::kRfm);
  EXPECT_EQ(r.bin, (V{1, 1, 2, 3, 4}));
  EXPECT_EQ(r.cuts.bins, 5);
  ASSERT_EQ(r.cuts.edges.size(), 6u);
  EXPECT_DOUBLE_EQ(r.cuts.edges[0], 1);
  EXPECT_DOUBLE_EQ(r.cuts.edges[1], 2.8);
  EXPECT_DOUBLE_EQ(r.cuts.edges[2], 3.6);
  EXPECT_DOUBLE_EQ(r.cuts.edges[3], 4.4);
  EXPECT_DOUBLE_EQ(r.cuts.edges[4], 5.2);
  EXPECT_DOUBLE_EQ(r.cuts.edges[5], 6);
}

TEST(PopulationRfmTest, DescendingReversesTheScore) {
  EXPECT_EQ(Bins({10, 20, 30}, 3, BinMethod::kRfm), (V{1, 2, 3}));
  EXPECT_EQ(Bins({10, 20, 30}, 3, BinMethod::kRfm, true), (V{3, 2, 1}));
  // Reversal is against `bins`, not the bins reached: {1..5} reaches 1..4 ascending.
  EXPECT_EQ(Bins({5, 4, 3, 2, 1}, 5, BinMethod::kRfm, true), (V{2, 3, 4, 5, 5}));
}

// Descending numbers the bins in the pass that assigns them: each valid row's bin is the
// ascending one reversed against the bins used, with few cuts (the unrolled count) and many (the
// binary search), missing rows and NaNs left at 0.
TEST(PopulationRfmTest, DescendingIsTheAscendingBinReversed) {
  std::mt19937_64 rng(3);
  std::vector<double> x(5000);
  std::vector<uint8_t> valid(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(rng() % 300) / 4.0;
    valid[i] = i % 7 != 0;
    if (i % 11 == 0) x[i] = std::nan("");
  }
  for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut}) {
    for (int bins : {5, 16, 40}) {
      Binned up = Bin(x, bins, method, false, valid);
      Binned down = Bin(x, bins, method, true, valid);
      ASSERT_EQ(up.valid, down.valid);
      for (size_t i = 0; i < x.size(); ++i) {
        int32_t expected = up.valid[i] ? up.cuts.bins + 1 - up.bin[i] : 0;
        ASSERT_EQ(down.bin[i], expected) << "method " << int(method) << " bins " << bins << " row " << i;
      }
    }
  }
}

TEST(PopulationRfmTest, RepeatedBreaksSkipBins) {
  // Breaks 2 2 2 2.8: [2, 2) is empty three times, so the nines and fives land in bin 5.
  Binned r = Bin({1, 1, 1, 1, 1, 1, 1, 1, 5, 9}, 5, BinMethod::kRfm);
  EXPECT_EQ(r.bin, (V{1, 1, 1, 1, 1, 1, 1, 1, 5, 5}));
  EXPECT_DOUBLE_EQ(r.cuts.edges[1], 2);
  EXPECT_DOUBLE_EQ(r.cuts.edges[3], 2);
  // R computes (1 - h) * 1 + h * 5 with h = 8.2 - 8, which lands a little under 2.8.
  EXPECT_NEAR(r.cuts.edges[4], 2.8, 1e-12);
}

TEST(PopulationRfmTest, TiesAtABreakGoUp) {
  // x = 0..9 (n - 1 = 9): quantile(0.2) = 1.8 -> break 2.8; quantile(0.6) = 5.4 -> 6.4.
  std::vector<double> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(Bins(x, 5, BinMethod::kRfm), (V{1, 1, 1, 2, 2, 3, 3, 4, 4, 5}));
  // Breaks falling exactly on values: {0, 0, 1, 1, 2, 2} at 1/2 -> quantile 1, break 2, so 2 >= 2 is bin 2.
  EXPECT_EQ(Bins({0, 0, 1, 1, 2, 2}, 2, BinMethod::kRfm), (V{1, 1, 1, 1, 2, 2}));
}

TEST(PopulationRfmTest, AllEqualAndSingleValue) {
  EXPECT_EQ(Bins({7, 7, 7}, 5, BinMethod::kRfm), (V{1, 1, 1}));
  EXPECT_EQ(Bins({7, 7, 7}, 5, BinMethod::kRfm, true), (V{5, 5, 5}));
  Binned one = Bin({42}, 5, BinMethod::kRfm);
  EXPECT_EQ(one.bin, (V{1}));
  EXPECT_EQ(one.valid, (std::vector<uint8_t>{1}));
}

// ---- kQcut ------------------------------------------------------------------------------

TEST(PopulationQcutTest, RightClosedWithLowestIncluded) {
  Binned r = Bin({1, 2, 3, 4, 5}, 2, BinMethod::kQcut);
  EXPECT_EQ(r.bin, (V{1, 1, 1, 2, 2}));
  EXPECT_EQ(r.cuts.edges, (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(r.cuts.bins, 2);
  // pd.qcut(range(10), 4, labels=False): edges 0 2.25 4.5 6.75 9.
  EXPECT_EQ(Bins({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 4, BinMethod::kQcut), (V{1, 1, 1, 2, 2, 3, 3, 4, 4, 4}));
  EXPECT_EQ(Bins({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 4, BinMethod::kQcut, true), (V{4, 4, 4, 3, 3, 2, 2, 1, 1, 1}));
}

TEST(PopulationQcutTest, DuplicateEdgesAreDropped) {
  // Edges 1 1 1 1 2 -> 1 2: a single bin.
  Binned r = Bin({1, 1, 1, 1, 2}, 4, BinMethod::kQcut);
  EXPECT_EQ(r.bin, (V{1, 1, 1, 1, 1}));
  EXPECT_EQ(r.cuts.edges, (std::vector<double>{1, 2}));
  EXPECT_EQ(r.cuts.bins, 1);
  // pd.qcut([1]*6 + [2, 3, 4, 5], 4, duplicates="drop"): edges 1 1 1 2.75 5 -> 1 2.75 5.
  Binned s = Bin({1, 1, 1, 1, 1, 1, 2, 3, 4, 5}, 4, BinMethod::kQcut);
  EXPECT_EQ(s.bin, (V{1, 1, 1, 1, 1, 1, 1, 2, 2, 2}));
  EXPECT_EQ(s.cuts.bins, 2);
  EXPECT_EQ(Bin({1, 1, 1, 1, 1, 1, 2, 3, 4, 5}, 4, BinMethod::kQcut, true).bin, (V{2, 2, 2, 2, 2, 2, 2, 1, 1, 1}));
}

TEST(PopulationQcutTest, AllEqualLeavesNoBinAsInPandas) {
  Binned r = Bin({3, 3, 3}, 4, BinMethod::kQcut);
  EXPECT_EQ(r.valid, (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_EQ(r.bin, (V{0, 0, 0}));
  EXPECT_EQ(r.cuts.bins, 0);
  // With one bin pandas keeps the two equal edges and everyone is in it.
  Binned one_bin = Bin({3, 3, 3}, 1, BinMethod::kQcut);
  EXPECT_EQ(one_bin.bin, (V{1, 1, 1}));
  EXPECT_EQ(one_bin.valid, (std::vector<uint8_t>{1, 1, 1}));
  EXPECT_EQ(Bin({3}, 4, BinMethod::kQcut).valid, (std::vector<uint8_t>{0}));
}

TEST(PopulationQcutTest, ManyBinsUseTheBinarySearchPath) {
  std::vector<double> x;
  for (int i = 0; i < 1000; ++i) x.push_back((i * 37) % 1000);
  std::vector<int32_t> bins = Bins(x, 100, BinMethod::kQcut);
  for (size_t i = 0; i < x.size(); ++i) {
    // Edges are 9.99 * k; value v is in bin ceil(v / 9.99), at least 1.
    int32_t expected = std::max(1, static_cast<int32_t>(std::ceil(x[i] / 9.99)));
    ASSERT_EQ(bins[i], expected) << x[i];
  }
}

// The selection (bucketed by the key's top bits, then nth_element) must find the same order
// statistics as a full sort, whatever the spread: negatives, heavy ties, one bucket for all.
TEST(PopulationQcutTest, SelectionAgreesWithAFullSort) {
  std::mt19937_64 rng(7);
  for (int shape = 0; shape < 4; ++shape) {
    std::vector<double> x(5000);
    for (double& v : x) {
      switch (shape) {
        case 0: v = std::uniform_real_distribution<double>(-1e6, 1e6)(rng); break;
        case 1: v = std::uniform_int_distribution<int>(-3, 3)(rng); break;
        case 2: v = 1000.0 + std::uniform_real_distribution<double>(0, 1e-9)(rng); break;  // one bucket
        default: v = std::exp(std::normal_distribution<double>(0, 5)(rng)); break;
      }
    }
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    for (int bins : {2, 5, 10, 40}) {
      // kQcut: each value's bin is the number of interior edges below it, plus one; the edges
      // are interpolated between neighbours of the sorted data (at most one rounding apart).
      Binned q = Bin(x, bins, BinMethod::kQcut);
      ASSERT_EQ(q.cuts.edges.front(), sorted.front());
      ASSERT_EQ(q.cuts.edges.back(), sorted.back());
      for (size_t k = 1; k + 1 < q.cuts.edges.size(); ++k) {
        double pos = (sorted.size() - 1) * (static_cast<double>(k) / bins);
        double lo = sorted[static_cast<size_t>(pos)],
               hi = sorted[std::min(sorted.size() - 1, static_cast<size_t>(pos) + 1)];
        if (q.cuts.edges.size() == static_cast<size_t>(bins) + 1) {
          EXPECT_GE(q.cuts.edges[k], lo) << shape << " " << bins << " " << k;
          EXPECT_LE(q.cuts.edges[k], hi) << shape << " " << bins << " " << k;
        }
      }
      for (size_t i = 0; i < x.size(); ++i) {
        int32_t expected = 1;
        for (size_t k = 1; k + 1 < q.cuts.edges.size(); ++k) expected += q.cuts.edges[k] < x[i];
        ASSERT_EQ(q.bin[i], expected) << shape << " " << bins;
      }
      Binned r = Bin(x, bins, BinMethod::kRfm);
      ASSERT_EQ(r.cuts.edges.front(), sorted.front());
      ASSERT_EQ(r.cuts.edges.back(), sorted.back() + 1);
      for (int k = 1; k < bins; ++k) {
        double index = 1.0 + (sorted.size() - 1) * (k * (1.0 / bins));
        size_t lo = static_cast<size_t>(std::floor(index)) - 1;
        double h = index - std::floor(index);
        double expected = sorted[lo] == sorted[lo + 1] || h == 0 ? sorted[lo]
                                                                 : (1 - h) * sorted[lo] + h * sorted[lo + 1];
        ASSERT_EQ(r.cuts.edges[k], expected + 1) << shape << " " << bins << " " << k;
      }
    }
  }
}

// ---- kQcutRank --------------------------------------------------------------------------

TEST(PopulationQcutRankTest, TiesBreakByPosition) {
  Binned r = Bin({5, 5, 5, 5}, 2, BinMethod::kQcutRank);
  EXPECT_EQ(r.bin, (V{1, 1, 2, 2}));
  EXPECT_EQ(r.cuts.edges, (std::vector<double>{5, 5, 5}));
  // ranks (first): 30->4 10->1 20->3 10->2 40->5; qcut(ranks, 2): edges 1 3 5.
  EXPECT_EQ(Bins({30, 10, 20, 10, 40}, 2, BinMethod::kQcutRank), (V{2, 1, 1, 1, 2}));
  EXPECT_EQ(Bins({30, 10, 20, 10, 40}, 2, BinMethod::kQcutRank, true), (V{1, 2, 2, 2, 1}));
  // n = 1: the only rank is every edge, so like pandas nothing is binned.
  EXPECT_EQ(Bin({1}, 3, BinMethod::kQcutRank).valid, (std::vector<uint8_t>{0}));
}

// ---- kNtile -----------------------------------------------------------------------------

TEST(PopulationNtileTest, LargerGroupsFirst) {
  std::vector<double> x = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
  Binned r = Bin(x, 3, BinMethod::kNtile);
  EXPECT_EQ(r.bin, (V{3, 3, 3, 2, 2, 2, 1, 1, 1, 1}));
  std::map<int32_t, int> sizes;
  for (int32_t b : r.bin) ++sizes[b];
  EXPECT_EQ(sizes, (std::map<int32_t, int>{{1, 4}, {2, 3}, {3, 3}}));
  EXPECT_EQ(r.cuts.edges, (std::vector<double>{0, 4, 7, 9}));
  EXPECT_EQ(Bins(x, 3, BinMethod::kNtile, true), (V{1, 1, 1, 2, 2, 2, 3, 3, 3, 3}));
  // Ties split by position; fewer rows than bins gives one row per group.
  EXPECT_EQ(Bins({1, 1, 1, 1}, 2, BinMethod::kNtile), (V{1, 1, 2, 2}));
  EXPECT_EQ(Bins({3, 1}, 5, BinMethod::kNtile), (V{2, 1}));
  EXPECT_EQ(Bins({3, 1}, 5, BinMethod::kNtile, true), (V{1, 2}));
  EXPECT_EQ(Bins({42}, 4, BinMethod::kNtile), (V{1}));
}

// ---- tie order ------------------------------------------------------------------------

std::vector<int32_t> BinsInTieOrder(const std::vector<double>& x, int bins, BinMethod method, bool descending,
                                    const std::vector<uint32_t>& tie_order) {
  std::vector<int32_t> bin(x.size());
  std::vector<uint8_t> valid(x.size());
  QuantileBins(x.data(), nullptr, x.size(), bins, method, descending, bin.data(), valid.data(), nullptr, tie_order);
  return bin;
}

TEST(PopulationTieOrderTest, TiedRowsRankInTheGivenOrderNotRowOrder) {
  // Rows 0..3 all tie; listed 2, 0, 3, 1 they rank 1 2 3 4 in that order.
  std::vector<uint32_t> order = {2, 0, 3, 1};
  EXPECT_EQ(BinsInTieOrder({5, 5, 5, 5}, 4, BinMethod::kNtile, false, order), (V{2, 4, 1, 3}));
  EXPECT_EQ(BinsInTieOrder({5, 5, 5, 5}, 2, BinMethod::kQcutRank, false, order), (V{1, 2, 1, 2}));
  // descending reverses the bin numbers of the same ranking.
  EXPECT_EQ(BinsInTieOrder({5, 5, 5, 5}, 4, BinMethod::kNtile, true, order), (V{3, 1, 4, 2}));
  // Values still come first: the order only decides between equal values.
  EXPECT_EQ(BinsInTieOrder({9, 1, 5, 1}, 4, BinMethod::kNtile, false, {0, 1, 2, 3}), (V{4, 1, 3, 2}));
  EXPECT_EQ(BinsInTieOrder({9, 1, 5, 1}, 4, BinMethod::kNtile, false, {3, 2, 1, 0}), (V{4, 2, 3, 1}));
  // The value methods keep ties together whatever the order.
  for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut}) {
    EXPECT_EQ(BinsInTieOrder({1, 2, 2, 3}, 2, method, false, {3, 2, 1, 0}), Bins({1, 2, 2, 3}, 2, method));
  }
}

TEST(PopulationTieOrderTest, PermutedRowsGiveEachRowTheSameBin) {
  // Shuffling the rows together with their place in the tie order changes no row's bin.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(0, 5);
  for (int round = 0; round < 50; ++round) {
    size_t n = 1 + rng() % 40;
    std::vector<double> x(n);
    for (double& v : x) v = value(rng);
    std::vector<uint32_t> identity(n);
    for (size_t i = 0; i < n; ++i) identity[i] = static_cast<uint32_t>(i);
    std::vector<uint32_t> perm = identity;  // row i of the shuffled input is original row perm[i]
    std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<double> shuffled(n);
    std::vector<uint32_t> position(n);  // where original row r went
    for (size_t i = 0; i < n; ++i) {
      shuffled[i] = x[perm[i]];
      position[perm[i]] = static_cast<uint32_t>(i);
    }
    // The tie order of the shuffled rows: the original rows in order, at their new places.
    std::vector<uint32_t> tie_order(n);
    for (size_t r = 0; r < n; ++r) tie_order[r] = position[r];
    for (BinMethod method : {BinMethod::kQcutRank, BinMethod::kNtile}) {
      for (bool descending : {false, true}) {
        std::vector<int32_t> a = BinsInTieOrder(x, 3, method, descending, identity);
        std::vector<int32_t> b = BinsInTieOrder(shuffled, 3, method, descending, tie_order);
        for (size_t r = 0; r < n; ++r) ASSERT_EQ(a[r], b[position[r]]) << "round " << round << " row " << r;
      }
    }
  }
}

// ---- missing values, empty input --------------------------------------------------------

TEST(PopulationTest, MissingValuesTakeNoPart) {
  for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut, BinMethod::kQcutRank, BinMethod::kNtile}) {
    // The missing 1000 would change every cut if it counted; NaN counts as missing too.
    Binned r = Bin({1, 1000, 2, 3, NAN, 4, 5}, 2, method, false, {1, 0, 1, 1, 1, 1, 1});
    EXPECT_EQ(r.valid, (std::vector<uint8_t>{1, 0, 1, 1, 0, 1, 1})) << int(method);
    Binned clean = Bin({1, 2, 3, 4, 5}, 2, method);
    EXPECT_EQ((V{r.bin[0], r.bin[2], r.bin[3], r.bin[5], r.bin[6]}), clean.bin) << int(method);
    EXPECT_EQ(r.bin[1], 0);
    EXPECT_EQ(r.cuts.edges, clean.cuts.edges) << int(method);
  }
}

TEST(PopulationTest, EmptyAndAllMissing) {
  for (BinMethod method : {BinMethod::kRfm, BinMethod::kQcut, BinMethod::kQcutRank, BinMethod::kNtile}) {
    Binned none = Bin({}, 5, method);
    EXPECT_TRUE(none.bin.empty());
    EXPECT_EQ(none.cuts.bins, 0);
    Binned missing = Bin({1, 2}, 5, method, false, {0, 0});
    EXPECT_EQ(missing.valid, (std::vector<uint8_t>{0, 0}));
    EXPECT_EQ(missing.bin, (V{0, 0}));
    EXPECT_TRUE(missing.cuts.edges.empty());
  }
}

// ---- ground truth: the rfm package's published tables ----------------------------------

std::string DataDir() { return std::string(SEG_SHARED_DATA_DIR) + "/rfm-r-package"; }

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

int64_t Day(const std::string& iso) {
  return DaysFromCivil(std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)), std::stoi(iso.substr(8, 2)));
}

struct Scores {
  int r = 0, f = 0, m = 0;
};

// Scores every customer the way the package does, 5 bins each, recency descending.
std::vector<Scores> RfmScores(const std::vector<double>& recency, const std::vector<double>& frequency,
                              const std::vector<double>& monetary) {
  size_t n = recency.size();
  std::vector<int32_t> r(n), f(n), m(n);
  std::vector<uint8_t> ok(n);
  QuantileBins(recency.data(), nullptr, n, 5, BinMethod::kRfm, true, r.data(), ok.data(), nullptr);
  QuantileBins(frequency.data(), nullptr, n, 5, BinMethod::kRfm, false, f.data(), ok.data(), nullptr);
  QuantileBins(monetary.data(), nullptr, n, 5, BinMethod::kRfm, false, m.data(), ok.data(), nullptr);
  std::vector<Scores> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = {r[i], f[i], m[i]};
  return out;
}

// Columns of the published tables: customer_id,segment,rfm_score,transaction_count,recency_days,
// amount,recency_score,frequency_score,monetary_score.
std::map<std::string, Scores> PublishedScores(const std::string& path) {
  std::map<std::string, Scores> published;
  for (const auto& row : ReadCsv(path)) published[row[0]] = {std::stoi(row[6]), std::stoi(row[7]), std::stoi(row[8])};
  return published;
}

TEST(PopulationGroundTruthTest, RfmPackageTransactionTable) {
  std::string orders_path = DataDir() + "/rfm_data_orders.csv";
  if (!std::filesystem::exists(orders_path)) GTEST_SKIP() << "shared data not present: " << orders_path;
  struct Customer {
    int64_t last_day = INT64_MIN;
    double count = 0, amount = 0;
  };
  std::map<std::string, Customer> customers;
  for (const auto& row : ReadCsv(orders_path)) {
    Customer& c = customers[row[0]];
    c.last_day = std::max(c.last_day, Day(row[1]));
    c.count += 1;
    c.amount += std::stod(row[2]);
  }
  ASSERT_EQ(customers.size(), 995u);
  int64_t analysis_day = DaysFromCivil(2006, 12, 31);
  std::vector<std::string> ids;
  std::vector<double> recency, frequency, monetary;
  for (const auto& [id, c] : customers) {
    ids.push_back(id);
    recency.push_back(static_cast<double>(analysis_day - c.last_day));
    frequency.push_back(c.count);
    monetary.push_back(c.amount);
  }
  std::vector<Scores> scores = RfmScores(recency, frequency, monetary);
  std::map<std::string, Scores> published = PublishedScores(DataDir() +
                                                            "/published_rfm_segments_orders_2006-12-31.csv");
  ASSERT_EQ(published.size(), 995u);
  size_t matched = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = published.find(ids[i]);
    ASSERT_NE(it, published.end()) << ids[i];
    EXPECT_EQ(scores[i].r, it->second.r) << ids[i] << " recency " << recency[i];
    EXPECT_EQ(scores[i].f, it->second.f) << ids[i] << " count " << frequency[i];
    EXPECT_EQ(scores[i].m, it->second.m) << ids[i] << " amount " << monetary[i];
    matched += scores[i].r == it->second.r && scores[i].f == it->second.f && scores[i].m == it->second.m;
  }
  EXPECT_EQ(matched, 995u);
}

TEST(PopulationGroundTruthTest, RfmPackageCustomerTable) {
  std::string path = DataDir() + "/rfm_data_customer.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data not present: " << path;
  // customer_id,revenue,most_recent_visit,number_of_orders,recency_days
  std::vector<std::string> ids;
  std::vector<double> recency, frequency, monetary;
  for (const auto& row : ReadCsv(path)) {
    ids.push_back(row[0]);
    monetary.push_back(std::stod(row[1]));
    frequency.push_back(std::stod(row[3]));
    recency.push_back(std::stod(row[4]));
  }
  ASSERT_EQ(ids.size(), 39999u);
  std::vector<Scores> scores = RfmScores(recency, frequency, monetary);
  std::map<std::string, Scores> published = PublishedScores(DataDir() +
                                                            "/published_rfm_segments_customer_2007-01-01.csv");
  ASSERT_EQ(published.size(), 39999u);
  size_t matched = 0, reported = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = published.find(ids[i]);
    ASSERT_NE(it, published.end()) << ids[i];
    bool same = scores[i].r == it->second.r && scores[i].f == it->second.f && scores[i].m == it->second.m;
    matched += same;
    if (!same && reported++ < 10) {
      ADD_FAILURE() << ids[i] << ": ours " << scores[i].r << scores[i].f << scores[i].m << ", published "
                    << it->second.r << it->second.f << it->second.m << " (recency " << recency[i] << ", orders "
                    << frequency[i] << ", revenue " << monetary[i] << ")";
    }
  }
  EXPECT_EQ(matched, 39999u);
}

}  // namespace
}  // namespace seg::rt

// Scoring one customer (real time) gives what the kernels give that customer over the whole
// population: every method, both directions, every customer of small random populations full
// of ties, with the customer's rank position found as the batch's stable sort finds it.
TEST(OneCustomerTest, EveryMethodGivesTheKernelsAnswer) {
  std::mt19937 rng(7);
  const seg::rt::BinMethod methods[] = {seg::rt::BinMethod::kRfm, seg::rt::BinMethod::kQcut,
                                        seg::rt::BinMethod::kQcutRank, seg::rt::BinMethod::kNtile};
  size_t compared = 0;
  for (int round = 0; round < 300; ++round) {
    size_t n = 1 + rng() % 23;
    std::vector<double> values(n);
    std::vector<uint8_t> valid(n);
    for (size_t i = 0; i < n; ++i) {
      values[i] = round % 3 == 0 ? static_cast<double>(rng() % 4) : static_cast<double>(rng() % 1000) / 7.0;
      valid[i] = rng() % 6 != 0;
    }
    // The valid values in rank order (value, then row: the kernels' tie order for these rows).
    std::vector<size_t> order;
    for (size_t i = 0; i < n; ++i)
      if (valid[i]) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
    auto value_at = [&](size_t j) { return values[order[j]]; };
    for (int bins : {1, 2, 3, 5, 10}) {
      for (seg::rt::BinMethod method : methods) {
        for (bool descending : {false, true}) {
          std::vector<int32_t> bin(n);
          std::vector<uint8_t> ok(n);
          seg::rt::QuantileBins(values.data(), valid.data(), n, bins, method, descending, bin.data(), ok.data(),
                                nullptr);
          for (size_t position = 0; position < order.size(); ++position) {
            size_t row = order[position];
            int32_t one = 0;
            bool one_ok = seg::rt::QuantileBinOfOne(value_at, order.size(), position, values[row], bins, method,
                                                    descending, &one);
            ASSERT_EQ(one_ok, ok[row] != 0) << "round " << round << " bins " << bins << " method " << int(method);
            if (one_ok) {
              ASSERT_EQ(one, bin[row]) << "round " << round << " bins " << bins << " method " << int(method);
            }
            ++compared;
          }
        }
      }
    }
    for (bool descending : {false, true}) {
      std::vector<double> pr(n);
      std::vector<uint8_t> ok(n);
      seg::rt::PercentRank(values.data(), valid.data(), n, descending, pr.data(), ok.data());
      for (size_t row : order) {
        size_t below = 0, tied = 0;
        for (size_t other : order) {
          below += values[other] < values[row];
          tied += values[other] == values[row];
        }
        ASSERT_EQ(seg::rt::PercentRankOfOne(below, tied, order.size(), descending), pr[row]) << "round " << round;
      }
    }
  }
  EXPECT_GT(compared, 10000u);
}

// The quantile bins on a pool's threads (the population step passes its pool) are those of one
// thread, bit for bit, cut points included, for populations spanning several of the kernels'
// pieces: heavy ties (the shape of order counts), spread-out values, missing rows and NaNs,
// written as int32 or as int64.
TEST(PopulationThreadsTest, PoolGivesTheSingleThreadedAnswer) {
  std::mt19937_64 rng(11);
  size_t n = 700'001;
  std::vector<double> ties(n), spread(n);
  std::vector<uint8_t> valid(n);
  for (size_t i = 0; i < n; ++i) {
    ties[i] = static_cast<double>(rng() % 30);
    spread[i] = static_cast<double>(rng() % 10'000'000) / 7.0 - 1000.0;
    valid[i] = rng() % 5 != 0;
    if (i % 1001 == 0) spread[i] = std::nan("");
  }
  seg::rt::ThreadPool pool(3);
  for (const std::vector<double>* values : {&ties, &spread}) {
    for (seg::rt::BinMethod method : {seg::rt::BinMethod::kRfm, seg::rt::BinMethod::kQcut}) {
      for (int bins : {1, 5, 10, 40}) {
        for (bool descending : {false, true}) {
          std::vector<int32_t> one(n, -1);
          std::vector<int64_t> many(n, -1);
          std::vector<uint8_t> one_ok(n, 9), many_ok(n, 9);
          seg::rt::BinCuts one_cuts, many_cuts;
          seg::rt::QuantileBins(values->data(), valid.data(), n, bins, method, descending, one.data(), one_ok.data(),
                                &one_cuts);
          seg::rt::QuantileBins(values->data(), valid.data(), n, bins, method, descending, many.data(), many_ok.data(),
                                &many_cuts, {}, &pool);
          ASSERT_EQ(one_ok, many_ok) << "method " << int(method) << " bins " << bins;
          ASSERT_TRUE(std::equal(one.begin(), one.end(), many.begin())) << "method " << int(method) << " bins " << bins;
          ASSERT_EQ(one_cuts.edges, many_cuts.edges);
          ASSERT_EQ(one_cuts.bins, many_cuts.bins);
        }
      }
    }
  }
}
