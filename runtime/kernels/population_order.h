// What the population kernels share to order a population's values: which values take part,
// a sort key per value, and the valid rows sorted by it (population.cc's quantile bins,
// population_rank.cc's percent ranks). Internal to those files.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/kernels/radix_sort.h"

namespace seg::rt::population_detail {

// Whether row i takes part in a ranking: valid and not NaN.
inline bool IsValid(const double* values, const uint8_t* valid, size_t i) {
  return (valid == nullptr || valid[i] != 0) && !std::isnan(values[i]);
}

// Maps a double to an unsigned key with the same order (-0.0 folded into +0.0 so they tie).
// Without a branch (the passes over a population run it on every value): adding +0.0 turns
// -0.0 into +0.0 and leaves every other value as it is, and a negative value's bits are all
// flipped, a positive one's sign bit only.
inline uint64_t OrderedKey(double x) {
  uint64_t bits = std::bit_cast<uint64_t>(x + 0.0);
  uint64_t negative = static_cast<uint64_t>(static_cast<int64_t>(bits) >> 63);
  return bits ^ (negative | (uint64_t{1} << 63));
}

// IsValid without a branch, for the passes over every row: `kAllValid` when valid is null.
template <bool kAllValid> inline bool Present(const double* values, const uint8_t* valid, size_t i) {
  bool number = values[i] == values[i];  // false for NaN
  if constexpr (kAllValid) return number;
  return number & (valid[i] != 0);
}

// The valid rows in ascending value order, ties in tie_order (empty: row order): the rows
// enter in tie order and the radix sort is stable.
template <typename Index>
std::vector<KeyedRow<Index>> SortValid(const double* values, const uint8_t* valid, size_t n,
                                       std::span<const uint32_t> tie_order = {}) {
  std::vector<KeyedRow<Index>> rows;
  rows.reserve(n);
  for (size_t j = 0; j < n; ++j) {
    size_t i = tie_order.empty() ? j : tie_order[j];
    if (IsValid(values, valid, i)) rows.push_back({OrderedKey(values[i]), static_cast<Index>(i)});
  }
  RadixSortByKey(&rows);
  return rows;
}

}  // namespace seg::rt::population_detail
