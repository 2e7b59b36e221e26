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
#include <utility>

#include "runtime/kernels/population_order.h"

namespace seg::rt {
namespace {

using population_detail::IsValid;
using population_detail::OrderedKey;
using population_detail::SortValid;

// std::fill_n, not memset: an empty population passes its vectors' data(), which may be null,
// and memset's pointer must not be null even for zero bytes.
void ClearOutputs(size_t n, int32_t* out_bin, uint8_t* out_valid) {
  std::fill_n(out_bin, n, 0);
  std::fill_n(out_valid, n, 0);
}

// Puts the order statistics at `positions` (sorted, distinct, 0-based) into place in
// [first, last) without sorting the rest: select the middle position, then recurse on each
// side, so k positions cost O(n log k) rather than k full passes.
void MultiSelect(double* first, double* last, const size_t* pos_begin, const size_t* pos_end, size_t base) {
  while (pos_begin != pos_end) {
    const size_t* mid = pos_begin + (pos_end - pos_begin) / 2;
    double* pivot = first + (*mid - base);
    std::nth_element(first, pivot, last);
    MultiSelect(first, pivot, pos_begin, mid, base);
    // Tail-iterate on the right side.
    base = *mid + 1;
    first = pivot + 1;
    pos_begin = mid + 1;
  }
}

// The valid values' order statistics at a few ranks, without sorting or even copying them all.
// Pass 1 counts the values per bucket of the key's top 16 bits (a 256 KiB table, L2-resident);
// the prefix sums then say which bucket holds each wanted rank. Pass 2 copies out only the
// values of those buckets, and selection runs inside them. With spread-out data that is a tiny
// fraction of n; with heavy ties (one value everywhere) it degrades to one selection over all.
class OrderStatistics {
 public:
  OrderStatistics(const double* values, const uint8_t* valid, size_t n) : values_(values), valid_(valid), n_(n) {
    counts_.assign(kBuckets, 0);
    for (size_t i = 0; i < n; ++i) {
      if (IsValid(values, valid, i)) ++counts_[Bucket(values[i])];
    }
    starts_.resize(kBuckets + 1);
    starts_[0] = 0;
    for (size_t b = 0; b < kBuckets; ++b) starts_[b + 1] = starts_[b] + counts_[b];
  }

  size_t size() const { return starts_[kBuckets]; }

  // The values at 0-based ranks `ranks` (any order, repeats allowed; each < size()).
  std::vector<double> At(const std::vector<size_t>& ranks) const {
    std::vector<size_t> wanted = ranks;
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    // Which buckets hold a wanted rank, and where each one's values go in the candidate buffer.
    std::vector<int64_t> slot(kBuckets, -1);
    std::vector<size_t> buckets;
    size_t total = 0;
    for (size_t rank : wanted) {
      size_t b = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), rank) - starts_.begin()) - 1;
      if (slot[b] < 0) {
        slot[b] = static_cast<int64_t>(total);
        buckets.push_back(b);
        total += counts_[b];
      }
    }
    std::vector<double> candidates(total);
    std::vector<int64_t> fill = slot;
    for (size_t i = 0; i < n_; ++i) {
      if (!IsValid(values_, valid_, i)) continue;
      int64_t& at = fill[Bucket(values_[i])];
      if (at >= 0) candidates[static_cast<size_t>(at++)] = values_[i];
    }
    // Select inside each bucket; the ranks are relative to the bucket's first rank.
    for (size_t b : buckets) {
      double* first = candidates.data() + slot[b];
      std::vector<size_t> inner;
      for (size_t rank : wanted) {
        if (rank >= starts_[b] && rank < starts_[b + 1]) inner.push_back(rank - starts_[b]);
      }
      MultiSelect(first, first + counts_[b], inner.data(), inner.data() + inner.size(), 0);
    }
    std::vector<double> out(ranks.size());
    for (size_t i = 0; i < ranks.size(); ++i) {
      size_t b = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), ranks[i]) - starts_.begin()) - 1;
      out[i] = candidates[static_cast<size_t>(slot[b]) + (ranks[i] - starts_[b])];
    }
    return out;
  }

 private:
  static constexpr int kBits = 16;
  static constexpr size_t kBuckets = size_t{1} << kBits;
  static size_t Bucket(double x) { return static_cast<size_t>(OrderedKey(x) >> (64 - kBits)); }

  const double* values_;
  const uint8_t* valid_;
  size_t n_;
  std::vector<size_t> counts_;
  std::vector<size_t> starts_;  // starts_[b] = rank of bucket b's first value
};

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

// Counts the cuts for which Less(cut, x) (strict = true: cut < x, else cut <= x). Few cuts are
// the norm (5 scores), so they sit in a fixed-size array padded with NaN, which compares false
// both ways; the loop then has no data-dependent branch and the compiler unrolls it.
template <size_t kSlots, bool kStrict>
void CountCuts(const double* values, const uint8_t* valid, size_t n, const std::vector<double>& cuts, int32_t first_bin,
               int32_t* out_bin, uint8_t* out_valid) {
  std::array<double, kSlots> padded;
  padded.fill(std::numeric_limits<double>::quiet_NaN());
  std::copy(cuts.begin(), cuts.end(), padded.begin());
  for (size_t i = 0; i < n; ++i) {
    double x = values[i];
    int32_t count = first_bin;
    for (size_t k = 0; k < kSlots; ++k) count += kStrict ? (padded[k] < x) : (padded[k] <= x);
    bool ok = IsValid(values, valid, i);
    out_bin[i] = ok ? count : 0;
    out_valid[i] = ok;
  }
}

// bin = first_bin + #{cuts c : c < x} (strict) or #{c : c <= x}; cuts ascending.
void AssignByCuts(const double* values, const uint8_t* valid, size_t n, const std::vector<double>& cuts, bool strict,
                  int32_t* out_bin, uint8_t* out_valid) {
  if (cuts.size() <= 4) {
    strict ? CountCuts<4, true>(values, valid, n, cuts, 1, out_bin, out_valid)
           : CountCuts<4, false>(values, valid, n, cuts, 1, out_bin, out_valid);
  } else if (cuts.size() <= 16) {
    strict ? CountCuts<16, true>(values, valid, n, cuts, 1, out_bin, out_valid)
           : CountCuts<16, false>(values, valid, n, cuts, 1, out_bin, out_valid);
  } else {
    // Many cuts (percentiles): binary search. lower_bound counts cuts < x, upper_bound cuts <= x.
    for (size_t i = 0; i < n; ++i) {
      if (!IsValid(values, valid, i)) {
        out_bin[i] = 0;
        out_valid[i] = 0;
        continue;
      }
      double x = values[i];
      auto it = strict ? std::lower_bound(cuts.begin(), cuts.end(), x) : std::upper_bound(cuts.begin(), cuts.end(), x);
      out_bin[i] = 1 + static_cast<int32_t>(it - cuts.begin());
      out_valid[i] = 1;
    }
  }
}

void Reverse(size_t n, int bins_used, int32_t* out_bin, const uint8_t* out_valid) {
  for (size_t i = 0; i < n; ++i) {
    if (out_valid[i]) out_bin[i] = bins_used + 1 - out_bin[i];
  }
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

void RfmBins(const double* values, const uint8_t* valid, size_t n, int bins, bool descending, int32_t* out_bin,
             uint8_t* out_valid, BinCuts* cuts) {
  OrderStatistics order(values, valid, n);
  size_t m = order.size();
  if (m == 0) return;
  std::vector<size_t> positions = {0, m - 1};
  RfmBreaks(m, bins, [&](size_t position) {
    positions.push_back(position);
    return 0.0;
  });
  std::vector<double> stats = order.At(positions);
  double lowest = stats[0], highest = stats[1];
  size_t next = 2;  // RfmBreaks asks for the same positions in the same order again
  std::vector<double> breaks = RfmBreaks(m, bins, [&](size_t) { return stats[next++]; });
  // The package assigns [lower_k, upper_k) in turn; with monotone breaks that is 1 + #{b <= x}.
  AssignByCuts(values, valid, n, breaks, /*strict=*/false, out_bin, out_valid);
  if (descending) Reverse(n, bins, out_bin, out_valid);
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

void QcutBins(const double* values, const uint8_t* valid, size_t n, int bins, bool descending, int32_t* out_bin,
              uint8_t* out_valid, BinCuts* cuts) {
  OrderStatistics order(values, valid, n);
  size_t m = order.size();
  if (m == 0) return;
  std::vector<size_t> positions;
  QcutEdges(m, bins, [&](size_t position) {
    positions.push_back(position);
    return 0.0;
  });
  std::vector<double> stats = order.At(positions);
  size_t next = 0;  // QcutEdges asks for the same positions in the same order again
  std::vector<double> edges = QcutEdges(m, bins, [&](size_t) { return stats[next++]; });
  int bins_used = static_cast<int>(edges.size()) - 1;
  if (cuts) {
    cuts->edges = edges;
    cuts->bins = std::max(bins_used, 0);
  }
  // One edge left: no interval holds anything, and pandas returns all NaN.
  if (bins_used < 1) {
    if (cuts) cuts->bins = 0;
    return;
  }
  // Right-closed (e_{k-1}, e_k] with e_0 included: bin = 1 + #{interior edges < x}.
  std::vector<double> interior(edges.begin() + 1, edges.end() - 1);
  AssignByCuts(values, valid, n, interior, /*strict=*/true, out_bin, out_valid);
  if (descending) Reverse(n, bins_used, out_bin, out_valid);
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

template <typename Index>
void RankMethodBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                    int32_t* out_bin, uint8_t* out_valid, BinCuts* cuts, std::span<const uint32_t> tie_order) {
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

void QuantileBins(const double* values, const uint8_t* valid, size_t n, int bins, BinMethod method, bool descending,
                  int32_t* out_bin, uint8_t* out_valid, BinCuts* cuts, std::span<const uint32_t> tie_order) {
  ClearOutputs(n, out_bin, out_valid);
  if (cuts) *cuts = BinCuts{};
  if (bins < 1 || n == 0) return;
  if (!tie_order.empty() && tie_order.size() != n) tie_order = {};  // not a permutation of the rows
  switch (method) {
    case BinMethod::kRfm: RfmBins(values, valid, n, bins, descending, out_bin, out_valid, cuts); return;
    case BinMethod::kQcut: QcutBins(values, valid, n, bins, descending, out_bin, out_valid, cuts); return;
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
