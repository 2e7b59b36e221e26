// The quantile bins of a population (R rfm, pandas qcut, rank-based qcut, SQL ntile), for the
// whole population or one more value; percent ranks and cumulative shares are in
// population_rank.cc.
#include "runtime/kernels/population.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <type_traits>
#include <utility>

#include "runtime/kernels/four_cuts.h"
#include "runtime/kernels/int_histogram.h"
#include "runtime/kernels/order_statistics.h"
#include "runtime/kernels/population_order.h"

namespace seg::rt {
namespace {

using population_detail::IsValid;
using population_detail::Present;
using population_detail::SortValid;

using population_detail::ForEachPiece;
using population_detail::IntHistogram;
using population_detail::OrderStatistics;
using population_detail::OrderStatisticsOf;

// The rows of a population pass cut into pieces for the pool's threads; each piece writes only
// its own rows' outputs.
constexpr size_t kPassRows = size_t{1} << 16;

// std::fill_n, not memset: an empty population passes its vectors' data(), which may be null,
// and memset's pointer must not be null even for zero bytes.
template <typename Bin> void ClearOutputs(size_t n, Bin* out_bin, uint8_t* out_valid) {
  std::fill_n(out_bin, n, 0);
  std::fill_n(out_valid, n, 0);
}

// R's quantile(type = 7) at probability p over m sorted values, as R writes it:
// index = 1 + (m - 1) * p, lo = floor(index), hi = ceiling(index), and when index > lo and
// x[hi] != x[lo] the result is (1 - h) * x[lo] + h * x[hi] with h = index - lo.
struct RQuantileIndex {
  size_t lo = 0, hi = 0;  // 0-based
  double h = 0;
};
RQuantileIndex RType7Index(size_t m, double p) {
  double index = 1.0 + static_cast<double>(m - 1) * p;
  double lo = std::floor(index);
  double hi = std::ceil(index);
  RQuantileIndex q;
  q.lo = static_cast<size_t>(lo) - 1;
  q.hi = std::min(static_cast<size_t>(hi), m) - 1;
  q.h = index - lo;
  return q;
}
double RType7Value(const RQuantileIndex& q, double x_lo, double x_hi) {
  if (q.h > 0 && x_hi != x_lo) return (1.0 - q.h) * x_lo + q.h * x_hi;
  return x_lo;
}

// numpy's percentile(method="linear") as pandas calls it: pandas passes p * 100 and numpy
// divides by 100 again; the virtual index is (m - 1) * p; the lerp is computed from whichever
// end is nearer (numpy's _lerp), which decides the last bit of an edge.
struct NumpyQuantileIndex {
  size_t prev = 0, next = 0;  // 0-based
  double gamma = 0;
};
NumpyQuantileIndex NumpyLinearIndex(size_t m, double p) {
  double q = NumpyProbability(p);
  double virtual_index = static_cast<double>(m - 1) * q;
  NumpyQuantileIndex r;
  if (virtual_index >= static_cast<double>(m - 1)) {
    // numpy clips both ends to the last value; the lerp of equal ends is that value.
    r.prev = r.next = m - 1;
    return r;
  }
  double prev = std::floor(virtual_index);
  r.prev = static_cast<size_t>(prev);
  r.next = r.prev + 1;
  r.gamma = virtual_index - prev;
  return r;
}
double NumpyLerp(double a, double b, double t) {
  double diff = b - a;
  if (t >= 0.5) return b - diff * (1.0 - t);
  return a + diff * t;
}

// A row's bin from its count of cuts below it: first + step * count, (1, 1) numbering the bins
// from the bottom, (bins_used, -1) from the top (descending), in the same pass as the count.
template <typename Bin> struct Numbering { Bin first, step; };

// Counts the cuts for which Less(cut, x) (strict = true: cut < x, else cut <= x). Few cuts are
// the norm (5 scores), so they sit in a fixed-size array padded with NaN, which compares false
// both ways; the loop then has no data-dependent branch and the compiler unrolls it.
template <size_t kSlots, bool kStrict, bool kAllValid, typename Bin>
void CountCutsOf(const double* values, const uint8_t* valid, size_t begin, size_t end, const std::vector<double>& cuts,
                 Numbering<Bin> numbering, Bin* out_bin, uint8_t* out_valid) {
  std::array<double, kSlots> padded;
  padded.fill(std::numeric_limits<double>::quiet_NaN());
  std::copy(cuts.begin(), cuts.end(), padded.begin());
  for (size_t i = begin; i < end; ++i) {
    double x = values[i];
    Bin count = 0;
    for (size_t k = 0; k < kSlots; ++k) count += kStrict ? (padded[k] < x) : (padded[k] <= x);
    bool ok = Present<kAllValid>(values, valid, i);
    out_bin[i] = ok ? static_cast<Bin>(numbering.first + numbering.step * count) : 0;
    out_valid[i] = ok;
  }
}

template <size_t kSlots, bool kStrict, typename Bin>
void CountCuts(const double* values, const uint8_t* valid, size_t begin, size_t end, const std::vector<double>& cuts,
               Numbering<Bin> numbering, Bin* out_bin, uint8_t* out_valid) {
  if (valid == nullptr)
    return CountCutsOf<kSlots, kStrict, true>(values, valid, begin, end, cuts, numbering, out_bin, out_valid);
  CountCutsOf<kSlots, kStrict, false>(values, valid, begin, end, cuts, numbering, out_bin, out_valid);
}

// Rows [begin, end): bin = first + step * #{cuts c : c < x} (strict) or #{c : c <= x}; cuts
// ascending.
template <typename Bin>
void AssignRange(const double* values, const uint8_t* valid, size_t begin, size_t end, const std::vector<double>& cuts,
                 bool strict, Numbering<Bin> numbering, Bin* out_bin, uint8_t* out_valid) {
  if constexpr (std::is_same_v<Bin, int64_t>) {
    if (cuts.size() <= 4 && population_detail::FourCutsWideRuns()) {
      std::array<double, 4> padded;
      padded.fill(std::numeric_limits<double>::quiet_NaN());
      std::copy(cuts.begin(), cuts.end(), padded.begin());
      return population_detail::FourCutsWide(values, valid, begin, end, padded, strict, numbering.first, numbering.step,
                                             out_bin, out_valid);
    }
  }
  if (cuts.size() <= 4) {
    strict ? CountCuts<4, true>(values, valid, begin, end, cuts, numbering, out_bin, out_valid)
           : CountCuts<4, false>(values, valid, begin, end, cuts, numbering, out_bin, out_valid);
  } else if (cuts.size() <= 16) {
    strict ? CountCuts<16, true>(values, valid, begin, end, cuts, numbering, out_bin, out_valid)
           : CountCuts<16, false>(values, valid, begin, end, cuts, numbering, out_bin, out_valid);
  } else {
    // Many cuts (percentiles): binary search. lower_bound counts cuts < x, upper_bound cuts <= x.
    for (size_t i = begin; i < end; ++i) {
      if (!IsValid(values, valid, i)) {
        out_bin[i] = 0;
        out_valid[i] = 0;
        continue;
      }
      double x = values[i];
      auto it = strict ? std::lower_bound(cuts.begin(), cuts.end(), x) : std::upper_bound(cuts.begin(), cuts.end(), x);
      out_bin[i] = static_cast<Bin>(numbering.first + numbering.step * static_cast<Bin>(it - cuts.begin()));
      out_valid[i] = 1;
    }
  }
}

// Bins numbered from the bottom, or from the top when descending (bins_used + 1 - bin).
template <typename Bin> Numbering<Bin> NumberingOf(bool descending, int bins_used) {
  return descending ? Numbering<Bin>{static_cast<Bin>(bins_used), -1} : Numbering<Bin>{1, 1};
}

// Every row's bin by the cuts (AssignRange), numbered by NumberingOf, in pieces on the pool's
// threads.
template <typename Bin>
void AssignByCuts(const double* values, const uint8_t* valid, size_t n, const std::vector<double>& cuts, bool strict,
                  bool descending, int bins_used, Bin* out_bin, uint8_t* out_valid, ThreadPool* pool) {
  Numbering<Bin> numbering = NumberingOf<Bin>(descending, bins_used);
  ForEachPiece(pool, (n + kPassRows - 1) / kPassRows, [&](size_t piece) {
    size_t begin = piece * kPassRows, end = std::min(n, begin + kPassRows);
    AssignRange(values, valid, begin, end, cuts, strict, numbering, out_bin, out_valid);
  });
}

// What `compute(value_at)` returns, value_at(j) being the j-th smallest valid value of `order`
// (0-based) as a double (`to_double` of it), with all the positions it asks for found in one
// pass over the values (each one asked alone would be a pass): `compute` runs twice, first to
// learn the positions, then with their values, and asks for the same positions in the same order
// both times.
template <typename T, typename Compute, typename ToDouble>
auto OfOrderStatistics(const OrderStatisticsOf<T>& order, Compute compute, ToDouble to_double) {
  std::vector<size_t> positions;
  compute([&](size_t position) {
    positions.push_back(position);
    return 0.0;
  });
  std::vector<T> stats = order.At(positions);
  size_t next = 0;
  return compute([&](size_t) { return to_double(stats[next++]); });
}

// The rfm breaks b_1..b_{bins-1} of m sorted values, value_at(j) giving the j-th smallest
// (0-based). The batch and the one-customer scoring (QuantileBinOfOne) both compute them here.
template <typename ValueAt> std::vector<double> RfmBreaks(size_t m, int bins, ValueAt value_at) {
  std::vector<double> breaks;
  for (int k = 1; k < bins; ++k) {
    RQuantileIndex at = RType7Index(m, CutProbability(k, bins));
    double lo = value_at(at.lo);
    double hi = value_at(at.hi);
    breaks.push_back(RType7Value(at, lo, hi) + 1.0);
  }
  return breaks;
}

// The two kinds of population RfmBins and QcutBins rank, each with size() (its valid values),
// Stats(compute) (what compute(value_at) returns, value_at(j) the j-th smallest valid value,
// 0-based) and Assign (every row's bin by the cuts, as AssignByCuts).
//
// Doubles: their order statistics selected (OrderStatistics), their rows binned by AssignByCuts.
class DoublePopulation {
 public:
  DoublePopulation(const double* values, const uint8_t* valid, size_t n, ThreadPool* pool)
      : values_(values), valid_(valid), n_(n), pool_(pool), order_(values, valid, n, pool) {}
  size_t size() const { return order_.size(); }
  template <typename Compute> auto Stats(Compute compute) const {
    return OfOrderStatistics(order_, compute, [](double x) { return x; });
  }
  template <typename Bin>
  void Assign(const std::vector<double>& cuts, bool strict, bool descending, int bins_used, Bin* out_bin,
              uint8_t* out_valid) const {
    AssignByCuts(values_, valid_, n_, cuts, strict, descending, bins_used, out_bin, out_valid, pool_);
  }

 private:
  const double* values_;
  const uint8_t* valid_;
  size_t n_;
  ThreadPool* pool_;
  OrderStatistics order_;
};

// Rows [begin, end) binned by the ints' thresholds (IntPopulation::Assign): count = #{t : t <= v},
// thresholds ascending. Few of them are the norm (5 scores): a fixed array and a mask of the used
// slots, so that the loop has no data-dependent branch and unrolls.
template <size_t kSlots, typename Bin>
void CountThresholds(const int64_t* values, const uint8_t* valid, size_t begin, size_t end,
                     const std::vector<int64_t>& thresholds, Numbering<Bin> numbering, Bin* out_bin,
                     uint8_t* out_valid) {
  std::array<int64_t, kSlots> padded{};
  std::copy(thresholds.begin(), thresholds.end(), padded.begin());
  const size_t used = thresholds.size();
  for (size_t i = begin; i < end; ++i) {
    int64_t v = values[i];
    Bin count = 0;
    for (size_t k = 0; k < kSlots; ++k) count += (k < used) & (padded[k] <= v);
    bool present = valid == nullptr || valid[i] != 0;
    out_bin[i] = present ? static_cast<Bin>(numbering.first + numbering.step * count) : 0;
    out_valid[i] = present;
  }
}

// Ints ranked as the doubles static_cast<double>(v) / unit would be (money in ten-thousandths,
// durations in microseconds), without a column of those doubles (9 MB of fresh pages at a
// million customers, written and read once). The conversion never decreases as v grows, so the
// j-th smallest int gives the j-th smallest double (OrderStatisticsOf<int64_t>), and a cut c
// counts for a row, c <= its double (c < it, strict), exactly when its int is at least c's
// threshold: the least int for which it does, found by bisection over the conversion itself.
class IntPopulation {
 public:
  IntPopulation(const int64_t* values, const uint8_t* valid, size_t n, double unit, ThreadPool* pool)
      : values_(values), valid_(valid), n_(n), unit_(unit), pool_(pool), order_(values, valid, n, pool) {}
  size_t size() const { return order_.size(); }
  template <typename Compute> auto Stats(Compute compute) const {
    return OfOrderStatistics(order_, compute, [&](int64_t v) { return Double(v); });
  }
  template <typename Bin>
  void Assign(const std::vector<double>& cuts, bool strict, bool descending, int bins_used, Bin* out_bin,
              uint8_t* out_valid) const {
    std::vector<int64_t> thresholds;  // ascending, as the cuts are
    for (double cut : cuts) {
      auto counts = [&](int64_t v) { return strict ? cut < Double(v) : cut <= Double(v); };
      if (!counts(std::numeric_limits<int64_t>::max())) continue;  // above every int (or NaN): counts for none
      int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
      while (lo < hi) {  // the least v with counts(v), which holds at hi
        int64_t mid = lo + static_cast<int64_t>((static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo)) / 2);
        if (counts(mid)) hi = mid;
        else lo = mid + 1;
      }
      thresholds.push_back(lo);
    }
    Numbering<Bin> numbering = NumberingOf<Bin>(descending, bins_used);
    ForEachPiece(pool_, (n_ + kPassRows - 1) / kPassRows, [&](size_t piece) {
      size_t begin = piece * kPassRows, end = std::min(n_, begin + kPassRows);
      if (thresholds.size() <= 4) {
        return CountThresholds<4>(values_, valid_, begin, end, thresholds, numbering, out_bin, out_valid);
      }
      if (thresholds.size() <= 16) {
        return CountThresholds<16>(values_, valid_, begin, end, thresholds, numbering, out_bin, out_valid);
      }
      for (size_t i = begin; i < end; ++i) {  // many cuts (percentiles): binary search
        bool present = valid_ == nullptr || valid_[i] != 0;
        auto count = static_cast<Bin>(std::upper_bound(thresholds.begin(), thresholds.end(), values_[i]) -
                                      thresholds.begin());
        out_bin[i] = present ? static_cast<Bin>(numbering.first + numbering.step * count) : 0;
        out_valid[i] = present;
      }
    });
  }

 private:
  double Double(int64_t v) const { return static_cast<double>(v) / unit_; }

  const int64_t* values_;
  const uint8_t* valid_;
  size_t n_;
  double unit_;
  ThreadPool* pool_;
  OrderStatisticsOf<int64_t> order_;
};

// Whole numbers of a narrow range (IntHistogram), ints or doubles, ranked as the doubles
// static_cast<double>(v) / unit would be: the order statistics read off the counts, and each
// value of the range binned once by AssignRange over its double, so that a row's bin is the one
// the doubles would give it.
template <typename T> class CountedPopulation {
 public:
  CountedPopulation(const T* values, const uint8_t* valid, size_t n, double unit, const IntHistogram& counts,
                    ThreadPool* pool)
      : values_(values), valid_(valid), n_(n), unit_(unit), counts_(counts), pool_(pool) {}
  size_t size() const { return counts_.size(); }
  template <typename Compute> auto Stats(Compute compute) const {
    return compute([&](size_t rank) { return static_cast<double>(counts_.At(rank)) / unit_; });
  }
  template <typename Bin>
  void Assign(const std::vector<double>& cuts, bool strict, bool descending, int bins_used, Bin* out_bin,
              uint8_t* out_valid) const {
    size_t span = counts_.span();
    auto lowest = static_cast<uint64_t>(counts_.lowest());
    std::vector<double> doubles(span);
    for (size_t k = 0; k < span; ++k) doubles[k] = static_cast<double>(static_cast<int64_t>(lowest + k)) / unit_;
    std::vector<Bin> bin_of(span);
    std::vector<uint8_t> binned(span);
    AssignRange(doubles.data(), nullptr, 0, span, cuts, strict, NumberingOf<Bin>(descending, bins_used), bin_of.data(),
                binned.data());
    // Without a branch on validity: a missing row reads the first slot and keeps nothing of it.
    ForEachPiece(pool_, (n_ + kPassRows - 1) / kPassRows, [&](size_t piece) {
      for (size_t i = piece * kPassRows, end = std::min(n_, i + kPassRows); i < end; ++i) {
        bool present = Present(i);
        size_t slot = present ? static_cast<size_t>(static_cast<uint64_t>(Value(i)) - lowest) : 0;
        out_bin[i] = present ? bin_of[slot] : 0;
        out_valid[i] = present ? binned[slot] : 0;
      }
    });
  }

 private:
  // As IntHistogram counted them: a double's NaN is missing, and a present double is whole.
  bool Present(size_t i) const {
    if constexpr (std::is_same_v<T, double>) return IsValid(values_, valid_, i);
    return valid_ == nullptr || valid_[i] != 0;
  }
  int64_t Value(size_t i) const { return static_cast<int64_t>(values_[i]); }

  const T* values_;
  const uint8_t* valid_;
  size_t n_;
  double unit_;
  const IntHistogram& counts_;
  ThreadPool* pool_;
};

template <typename Population, typename Bin>
void RfmBins(const Population& population, size_t n, int bins, bool descending, Bin* out_bin, uint8_t* out_valid,
             BinCuts* cuts) {
  size_t m = population.size();
  if (m == 0) return ClearOutputs(n, out_bin, out_valid);
  struct Cuts {
    double lowest, highest;
    std::vector<double> breaks;
  };
  auto [lowest, highest, breaks] = population.Stats([&](auto value_at) {
    double low = value_at(0);
    double high = value_at(m - 1);
    return Cuts{low, high, RfmBreaks(m, bins, value_at)};
  });
  // The package assigns [lower_k, upper_k) in turn; with monotone breaks that is 1 + #{b <= x}.
  population.Assign(breaks, /*strict=*/false, descending, bins, out_bin, out_valid);
  if (cuts) {
    cuts->edges.clear();
    cuts->edges.push_back(lowest);
    cuts->edges.insert(cuts->edges.end(), breaks.begin(), breaks.end());
    cuts->edges.push_back(highest + 1.0);
    cuts->bins = bins;
  }
}

// Drops repeated edges (pandas duplicates="drop"; edges are ascending so repeats are adjacent).
// pandas keeps a repeated pair when there are only two edges, so bins == 1 always has one bin.
std::vector<double> DropDuplicateEdges(std::vector<double> edges) {
  if (edges.size() == 2) return edges;
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

// The kept qcut edges of m sorted values, value_at(j) giving the j-th smallest (0-based).
template <typename ValueAt> std::vector<double> QcutEdges(size_t m, int bins, ValueAt value_at) {
  std::vector<double> edges;
  for (int k = 0; k <= bins; ++k) {
    NumpyQuantileIndex at = NumpyLinearIndex(m, CutProbability(k, bins));
    double prev = value_at(at.prev);
    double next = value_at(at.next);
    edges.push_back(NumpyLerp(prev, next, at.gamma));
  }
  return DropDuplicateEdges(std::move(edges));
}

template <typename Population, typename Bin>
void QcutBins(const Population& population, size_t n, int bins, bool descending, Bin* out_bin, uint8_t* out_valid,
              BinCuts* cuts) {
  size_t m = population.size();
  if (m == 0) return ClearOutputs(n, out_bin, out_valid);
  std::vector<double> edges = population.Stats([&](auto value_at) { return QcutEdges(m, bins, value_at); });
  int bins_used = static_cast<int>(edges.size()) - 1;
  if (cuts) {
    cuts->edges = edges;
    cuts->bins = std::max(bins_used, 0);
  }
  // One edge left: no interval holds anything, and pandas returns all NaN.
  if (bins_used < 1) {
    if (cuts) cuts->bins = 0;
    return ClearOutputs(n, out_bin, out_valid);
  }
  // Right-closed (e_{k-1}, e_k] with e_0 included: bin = 1 + #{interior edges < x}.
  std::vector<double> interior(edges.begin() + 1, edges.end() - 1);
  population.Assign(interior, /*strict=*/true, descending, bins_used, out_bin, out_valid);
}

// The bins of kRfm or kQcut over either kind of population.
template <typename Population, typename Bin>
void RfmOrQcutBins(const Population& population, BinMethod method, size_t n, int bins, bool descending, Bin* out_bin,
                   uint8_t* out_valid, BinCuts* cuts) {
  if (method == BinMethod::kRfm) return RfmBins(population, n, bins, descending, out_bin, out_valid, cuts);
  QcutBins(population, n, bins, descending, out_bin, out_valid, cuts);
}

// The 0-based ntile group of sorted position j of m: n = q * bins + r rows go to groups of
// q + 1 rows (the first r groups) and q rows (the rest).
size_t NtileGroup(size_t j, size_t m, int bins) {
  size_t q = m / static_cast<size_t>(bins), r = m % static_cast<size_t>(bins);
  size_t big = r * (q + 1);  // rows in the larger groups, which come first
  return j < big ? j / (q + 1) : r + (j - big) / q;
}

// Bin of each sorted position, for the rank methods; returns bins used (0: all invalid).
int RankBins(size_t m, int bins, BinMethod method, std::vector<int32_t>* bin_of_position) {
  bin_of_position->assign(m, 0);
  if (method == BinMethod::kNtile) {
    size_t groups = std::min(static_cast<size_t>(bins), m);
    for (size_t j = 0; j < m; ++j) (*bin_of_position)[j] = static_cast<int32_t>(NtileGroup(j, m, bins) + 1);
    return static_cast<int>(groups);
  }
  // kQcutRank: qcut over the ranks 1..m.
  std::vector<double> edges = QcutEdges(m, bins, [](size_t position) { return static_cast<double>(position + 1); });
  int bins_used = static_cast<int>(edges.size()) - 1;
  if (bins_used < 1) return 0;
  // Ranks rise with the position, so the bin only moves forward.
  int32_t bin = 1;
  for (size_t j = 0; j < m; ++j) {
    double rank = static_cast<double>(j + 1);
    while (bin < bins_used && edges[bin] < rank) ++bin;
    (*bin_of_position)[j] = bin;
  }
  return bins_used;
}

template <typename Index, typename Bin>
void RankMethodBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                    Bin* out_bin, uint8_t* out_valid, BinCuts* cuts, std::span<const uint32_t> tie_order) {
  ClearOutputs(n, out_bin, out_valid);  // the rows left missing
  std::vector<KeyedRow<Index>> sorted = SortValid<Index>(values, valid, n, tie_order);
  size_t m = sorted.size();
  if (m == 0) return;
  std::vector<int32_t> bin_of_position;
  int bins_used = RankBins(m, bins, method, &bin_of_position);
  if (bins_used < 1) return;
  for (size_t j = 0; j < m; ++j) {
    int32_t bin = bin_of_position[j];
    out_bin[sorted[j].row] = descending ? bins_used + 1 - bin : bin;
    out_valid[sorted[j].row] = 1;
  }
  if (cuts) {
    cuts->edges.clear();
    for (size_t j = 0; j < m; ++j) {
      if (j == 0 || bin_of_position[j] != bin_of_position[j - 1]) cuts->edges.push_back(values[sorted[j].row]);
    }
    cuts->edges.push_back(values[sorted[m - 1].row]);
    cuts->bins = bins_used;
  }
}

}  // namespace

double CutProbability(int k, int bins) {
  if (k == bins) return 1.0;
  return static_cast<double>(k) * (1.0 / static_cast<double>(bins));
}

double NumpyProbability(double p) { return (p * 100.0) / 100.0; }

namespace {

template <typename Bin>
void QuantileBinsOf(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                    Bin* out_bin, uint8_t* out_valid, BinCuts* cuts, std::span<const uint32_t> tie_order,
                    ThreadPool* pool) {
  if (cuts) *cuts = BinCuts{};
  if (bins < 1 || n == 0) return ClearOutputs(n, out_bin, out_valid);
  if (!tie_order.empty() && tie_order.size() != n) tie_order = {};  // not a permutation of the rows
  switch (method) {
    case BinMethod::kRfm:
    case BinMethod::kQcut: {
      // Whole numbers of a narrow range (days, counts) are counted by value; others selected.
      IntHistogram counts(values, valid, n, pool);
      if (counts.narrow()) {
        return RfmOrQcutBins(CountedPopulation<double>(values, valid, n, 1.0, counts, pool), method, n, bins,
                             descending, out_bin, out_valid, cuts);
      }
      return RfmOrQcutBins(DoublePopulation(values, valid, n, pool), method, n, bins, descending, out_bin, out_valid,
                           cuts);
    }
    case BinMethod::kQcutRank:
    case BinMethod::kNtile:
      if (n <= std::numeric_limits<uint32_t>::max()) {
        RankMethodBins<uint32_t>(values, valid, n, bins, method, descending, out_bin, out_valid, cuts, tie_order);
      } else {
        RankMethodBins<uint64_t>(values, valid, n, bins, method, descending, out_bin, out_valid, cuts, tie_order);
      }
      return;
  }
}

}  // namespace

void QuantileBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                  int32_t* out_bin, uint8_t* out_valid, BinCuts* cuts, std::span<const uint32_t> tie_order,
                  ThreadPool* pool) {
  QuantileBinsOf(values, valid, n, bins, method, descending, out_bin, out_valid, cuts, tie_order, pool);
}

void QuantileBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                  int64_t* out_bin, uint8_t* out_valid, BinCuts* cuts, std::span<const uint32_t> tie_order,
                  ThreadPool* pool) {
  QuantileBinsOf(values, valid, n, bins, method, descending, out_bin, out_valid, cuts, tie_order, pool);
}

bool QuantileBinsOfInts(const int64_t* values, const uint8_t* valid, size_t n, double unit, int bins, BinMethod method,
                        bool descending, int64_t* out_bin, uint8_t* out_valid, BinCuts* cuts, ThreadPool* pool) {
  if (method != BinMethod::kRfm && method != BinMethod::kQcut) return false;
  if (bins < 1) {  // nothing ranked: no need to count, as QuantileBins
    if (cuts) *cuts = BinCuts{};
    ClearOutputs(n, out_bin, out_valid);
    return true;
  }
  if (cuts) *cuts = BinCuts{};
  IntHistogram counts(values, valid, n, pool);
  if (counts.narrow()) {
    RfmOrQcutBins(CountedPopulation<int64_t>(values, valid, n, unit, counts, pool), method, n, bins, descending,
                  out_bin, out_valid, cuts);
  } else {
    RfmOrQcutBins(IntPopulation(values, valid, n, unit, pool), method, n, bins, descending, out_bin, out_valid, cuts);
  }
  return true;
}

bool QuantileBinOfOne(const std::function<double(size_t)>& value_at, size_t m, size_t position, double x, int bins,
                      BinMethod method, bool descending, int32_t* bin) {
  if (bins < 1 || m == 0 || position >= m || std::isnan(x)) return false;
  int bins_used = bins;
  int32_t b = 1;
  switch (method) {
    case BinMethod::kRfm:
      for (double cut : RfmBreaks(m, bins, value_at)) b += cut <= x;
      break;
    case BinMethod::kQcut: {
      std::vector<double> edges = QcutEdges(m, bins, value_at);
      bins_used = static_cast<int>(edges.size()) - 1;
      if (bins_used < 1) return false;
      for (size_t k = 1; k + 1 < edges.size(); ++k) b += edges[k] < x;
      break;
    }
    case BinMethod::kQcutRank:
    case BinMethod::kNtile: {
      if (method == BinMethod::kNtile) {
        bins_used = static_cast<int>(std::min(static_cast<size_t>(bins), m));
        b = static_cast<int32_t>(NtileGroup(position, m, bins) + 1);
        break;
      }
      std::vector<double> edges = QcutEdges(m, bins, [](size_t j) { return static_cast<double>(j + 1); });
      bins_used = static_cast<int>(edges.size()) - 1;
      if (bins_used < 1) return false;
      double rank = static_cast<double>(position + 1);
      for (int k = 1; k < bins_used; ++k) b += edges[k] < rank;
      break;
    }
  }
  *bin = descending ? bins_used + 1 - b : b;
  return true;
}

}  // namespace seg::rt
