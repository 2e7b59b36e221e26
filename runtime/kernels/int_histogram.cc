#include "runtime/kernels/int_histogram.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>

#include "runtime/kernels/order_statistics.h"
#include "runtime/kernels/population_order.h"

namespace seg::rt::population_detail {

namespace {

constexpr int64_t kNone = std::numeric_limits<int64_t>::max();

// Row i of a column of ints: present where valid (valid null: every row).
struct ReadInts {
  const int64_t* values;
  const uint8_t* valid;
  bool Present(size_t i) const { return valid == nullptr || valid[i] != 0; }
  int64_t Value(size_t i) const { return values[i]; }
  // Every value is a whole number.
  bool Whole(size_t) const { return true; }
};

// Row i of a column of doubles: present where valid and not NaN, as the population kernels take
// it; its value as an int64 once Whole said it is one.
struct ReadWholes {
  const double* values;
  const uint8_t* valid;
  // Whole numbers of magnitude below 2^53 (each one exactly a double and an int64), not -0.0.
  static constexpr double kLimit = 9007199254740992.0;
  bool Present(size_t i) const { return IsValid(values, valid, i); }
  int64_t Value(size_t i) const { return static_cast<int64_t>(values[i]); }
  // Through an int64 and back rather than std::trunc, which x86-64's baseline (SSE2) makes a call.
  bool Whole(size_t i) const {
    double x = values[i];
    return std::fabs(x) < kLimit && static_cast<double>(static_cast<int64_t>(x)) == x &&
           std::bit_cast<uint64_t>(x) != (uint64_t{1} << 63);
  }
};

}  // namespace

IntHistogram::IntHistogram(const int64_t* values, const uint8_t* valid, size_t n, ThreadPool* pool) {
  Count(ReadInts{values, valid}, n, pool);
}

IntHistogram::IntHistogram(const double* values, const uint8_t* valid, size_t n, ThreadPool* pool) {
  Count(ReadWholes{values, valid}, n, pool);
}

template <typename Reader> void IntHistogram::Count(const Reader& reader, size_t n, ThreadPool* pool) {
  size_t pieces = std::max<size_t>(1, (n + kPieceRows - 1) / kPieceRows);
  auto piece_end = [&](size_t p) { return std::min(n, (p + 1) * kPieceRows); };
  // Pass 1: each piece's least and greatest valid value, without a branch on validity (a missing
  // row is compared as the identity values). A piece that finds a value that is no whole number
  // says so, and every piece stops at the next block of rows: the values are ranked as doubles.
  constexpr size_t kBlock = 4096;
  std::vector<int64_t> least(pieces, kNone);
  std::vector<int64_t> greatest(pieces, std::numeric_limits<int64_t>::min());
  std::atomic<bool> fractional{false};
  ForEachPiece(pool, pieces, [&](size_t p) {
    int64_t lo = kNone, hi = std::numeric_limits<int64_t>::min();
    for (size_t block = p * kPieceRows, end = piece_end(p); block < end; block += kBlock) {
      if (fractional.load(std::memory_order_relaxed)) return;
      bool whole = true;
      for (size_t i = block, block_end = std::min(end, block + kBlock); i < block_end; ++i) {
        bool present = reader.Present(i);
        bool counted = present && reader.Whole(i);
        whole &= counted || !present;
        int64_t value = counted ? reader.Value(i) : 0;
        lo = std::min(lo, present ? value : kNone);
        hi = std::max(hi, present ? value : std::numeric_limits<int64_t>::min());
      }
      if (!whole) {
        fractional.store(true, std::memory_order_relaxed);
        return;
      }
    }
    least[p] = lo;
    greatest[p] = hi;
  });
  if (fractional.load()) {
    narrow_ = false;
    return;
  }
  int64_t lo = *std::min_element(least.begin(), least.end());
  int64_t hi = *std::max_element(greatest.begin(), greatest.end());
  if (lo > hi) return;  // no valid value: size() 0
  // The difference as unsigned: int64's whole range would overflow a signed one.
  uint64_t width = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (width >= kMaxSpan) {
    narrow_ = false;
    return;
  }
  lowest_ = lo;
  size_t span = static_cast<size_t>(width) + 1;
  // Pass 2: each piece counts into a table of its own (a missing row adds 0 to the first slot).
  std::unique_ptr<uint32_t[]> counts(new uint32_t[pieces * span]);
  ForEachPiece(pool, pieces, [&](size_t p) {
    uint32_t* table = &counts[p * span];
    std::fill_n(table, span, 0);
    for (size_t i = p * kPieceRows, end = piece_end(p); i < end; ++i) {
      bool present = reader.Present(i);
      size_t slot = present ? static_cast<size_t>(static_cast<uint64_t>(reader.Value(i)) - static_cast<uint64_t>(lo))
                            : 0;
      table[slot] += present ? 1 : 0;
    }
  });
  below_.assign(span + 1, 0);
  for (size_t k = 0; k < span; ++k) {
    uint64_t total = 0;
    for (size_t p = 0; p < pieces; ++p) total += counts[p * span + k];
    below_[k + 1] = below_[k] + total;
  }
}

int64_t IntHistogram::At(size_t rank) const {
  // The first value whose count of smaller values and itself passes `rank`.
  auto after = std::upper_bound(below_.begin(), below_.end(), static_cast<uint64_t>(rank));
  size_t k = static_cast<size_t>(after - below_.begin()) - 1;
  return static_cast<int64_t>(static_cast<uint64_t>(lowest_) + k);
}

}  // namespace seg::rt::population_detail
