// The valid values of a population counted by value, when they are whole numbers of a narrow
// range (counts of orders, days since an event: the usual recency and frequency): their order
// statistics are then read off the counts, without a sort, a selection or (for a column of ints)
// a column of doubles. Internal to the population kernels (population.cc).
//
// Pass 1 finds the range of the valid values (and, for doubles, that each is a whole number),
// pass 2 counts them, each in fixed pieces of rows (the cut depends on n alone) on a pool's
// threads; the counts are sums of integers, the same for any cut and thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/thread_pool.h"

namespace seg::rt::population_detail {

class IntHistogram {
 public:
  // The widest range counted: 16,384 values (44 years of days), a table of 64 KiB a piece.
  static constexpr uint64_t kMaxSpan = uint64_t{1} << 14;

  // Counts values[i] where valid[i] != 0 (valid may be null: all valid); `pool` may be null.
  // When the valid values span more than kMaxSpan, stops after pass 1 with narrow() false.
  IntHistogram(const int64_t* values, const uint8_t* valid, size_t n, ThreadPool* pool);
  // The same for doubles, where a NaN is missing as the population kernels take it; narrow()
  // false too where a valid value is not a whole number of magnitude below 2^53, or is -0.0
  // (which the kernels keep apart from +0.0 in the cut points they report).
  IntHistogram(const double* values, const uint8_t* valid, size_t n, ThreadPool* pool);

  bool narrow() const { return narrow_; }
  // The number of valid values.
  size_t size() const { return below_.empty() ? 0 : below_.back(); }
  int64_t lowest() const { return lowest_; }
  // The values from lowest() on that the counts cover: highest - lowest + 1 (0 when none is valid).
  size_t span() const { return below_.empty() ? 0 : below_.size() - 1; }
  // The value at 0-based rank `rank` (< size()) in ascending order.
  int64_t At(size_t rank) const;

  // Rows per piece of a pass.
  static constexpr size_t kPieceRows = size_t{1} << 18;

 private:
  // Both passes, `Reader` giving each row's presence and value as an int64 (ReadInts, ReadWholes).
  template <typename Reader> void Count(const Reader& reader, size_t n, ThreadPool* pool);

  int64_t lowest_ = 0;
  bool narrow_ = true;
  // below_[k]: how many valid values are less than lowest_ + k; span() + 1 entries.
  std::vector<uint64_t> below_;
};

}  // namespace seg::rt::population_detail
