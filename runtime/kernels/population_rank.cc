// Percent ranks and cumulative shares over a population: each value's place among all valid
// values (SQL percent_rank) and the share of the total held by it and every larger value; the
// quantile bins are in population.cc.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "runtime/kernels/population.h"
#include "runtime/kernels/population_order.h"

namespace seg::rt {
namespace {

// The percent rank of a tie group at sorted positions [start, end) of m valid values.
// Ascending, the group's rank is start + 1; descending, the rows above it are m - end.
double PercentRankOfGroup(size_t start, size_t end, size_t m, bool descending) {
  double rank_minus_one = descending ? static_cast<double>(m - end) : static_cast<double>(start);
  return m > 1 ? rank_minus_one / static_cast<double>(m - 1) : 0.0;
}

template <typename Index>
void PercentRankImpl(const double* values, const uint8_t* valid, size_t n, bool descending, double* out,
                     uint8_t* out_valid) {
  std::vector<KeyedRow<Index>> sorted = population_detail::SortValid<Index>(values, valid, n);
  size_t m = sorted.size();
  for (size_t start = 0; start < m;) {
    size_t end = start + 1;
    while (end < m && sorted[end].key == sorted[start].key) ++end;
    double pr = PercentRankOfGroup(start, end, m, descending);
    for (size_t j = start; j < end; ++j) {
      out[sorted[j].row] = pr;
      out_valid[sorted[j].row] = 1;
    }
    start = end;
  }
}

}  // namespace

double PercentRankOfOne(size_t below, size_t tied, size_t m, bool descending) {
  return PercentRankOfGroup(below, below + tied, m, descending);
}

void CumulativeShare(const double* values, const uint8_t* valid, size_t n, double* out, uint8_t* out_valid) {
  std::fill(out, out + n, 0.0);
  std::fill_n(out_valid, n, 0);
  std::vector<std::pair<double, size_t>> sorted;
  for (size_t i = 0; i < n; ++i) {
    if (population_detail::IsValid(values, valid, i)) sorted.emplace_back(values[i], i);
  }
  std::sort(sorted.begin(), sorted.end());
  // The total is added up in the same order as the running sum below (largest first), never in
  // row order: floating-point addition is not associative, and the result must not depend on
  // the order of the customers (the last group then gets exactly 1).
  double total = 0;
  for (size_t j = sorted.size(); j > 0; --j) total += sorted[j - 1].first;
  if (!(total > 0)) return;
  double running = 0;
  // Largest values first; a tie group adds up before any of its members is assigned.
  for (size_t end = sorted.size(); end > 0;) {
    size_t start = end;
    while (start > 0 && sorted[start - 1].first == sorted[end - 1].first) --start;
    for (size_t j = start; j < end; ++j) running += sorted[j].first;
    for (size_t j = start; j < end; ++j) {
      out[sorted[j].second] = running / total;
      out_valid[sorted[j].second] = 1;
    }
    end = start;
  }
}

void PercentRank(const double* values, const uint8_t* valid, size_t n, bool descending, double* out,
                 uint8_t* out_valid) {
  std::fill(out, out + n, 0.0);
  std::fill_n(out_valid, n, 0);
  if (n <= std::numeric_limits<uint32_t>::max()) {
    PercentRankImpl<uint32_t>(values, valid, n, descending, out, out_valid);
  } else {
    PercentRankImpl<uint64_t>(values, valid, n, descending, out, out_valid);
  }
}

}  // namespace seg::rt
