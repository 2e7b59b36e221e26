#include "runtime/kernels/int_histogram.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "runtime/kernels/order_statistics.h"

namespace seg::rt::population_detail {

namespace {

template <bool kAllValid> bool Valid(const uint8_t* valid, size_t i) {
  if constexpr (kAllValid) return true;
  return valid[i] != 0;
}

}  // namespace

IntHistogram::IntHistogram(const int64_t* values, const uint8_t* valid, size_t n, ThreadPool* pool) {
  size_t pieces = std::max<size_t>(1, (n + kPieceRows - 1) / kPieceRows);
  auto piece_end = [&](size_t p) { return std::min(n, (p + 1) * kPieceRows); };
  // Pass 1: each piece's least and greatest valid value. Without a branch on validity: a missing
  // row is compared as the piece's identity values.
  std::vector<int64_t> least(pieces, std::numeric_limits<int64_t>::max());
  std::vector<int64_t> greatest(pieces, std::numeric_limits<int64_t>::min());
  ForEachPiece(pool, pieces, [&](size_t p) {
    auto range = [&]<bool kAllValid>() {
      int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
      for (size_t i = p * kPieceRows, end = piece_end(p); i < end; ++i) {
        bool present = Valid<kAllValid>(valid, i);
        lo = std::min(lo, present ? values[i] : std::numeric_limits<int64_t>::max());
        hi = std::max(hi, present ? values[i] : std::numeric_limits<int64_t>::min());
      }
      least[p] = lo;
      greatest[p] = hi;
    };
    valid == nullptr ? range.template operator()<true>() : range.template operator()<false>();
  });
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
    auto count = [&]<bool kAllValid>() {
      for (size_t i = p * kPieceRows, end = piece_end(p); i < end; ++i) {
        bool present = Valid<kAllValid>(valid, i);
        size_t slot = present ? static_cast<size_t>(static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(lo)) : 0;
        table[slot] += present ? 1 : 0;
      }
    };
    valid == nullptr ? count.template operator()<true>() : count.template operator()<false>();
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
