#include "runtime/kernels/order_statistics.h"

#include <algorithm>
#include <memory>

#include "runtime/kernels/population_order.h"

namespace seg::rt::population_detail {
namespace {

constexpr int kBucketShift = 64 - 16;

size_t Bucket(double x) { return static_cast<size_t>(OrderedKey(x) >> kBucketShift); }

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

}  // namespace

OrderStatistics::OrderStatistics(const double* values, const uint8_t* valid, size_t n, ThreadPool* pool)
    : values_(values),
      valid_(valid),
      n_(n),
      pool_(pool),
      pieces_(std::max<size_t>(1, (n + kPieceRows - 1) / kPieceRows)) {
  piece_counts_.assign(pieces_ * kBuckets, 0);
  ForEachPiece(pool_, pieces_, [&](size_t p) {
    uint32_t* counts = &piece_counts_[p * kBuckets];
    // No branch on validity: a missing row adds 0 to whatever bucket its (meaningless) value
    // falls in, which costs less than a mispredicted branch where missing rows are common.
    auto count = [&]<bool kAllValid>() {
      for (size_t i = p * kPieceRows, end = PieceEnd(p); i < end; ++i)
        counts[Bucket(values_[i])] += Present<kAllValid>(values_, valid_, i) ? 1 : 0;
    };
    valid_ == nullptr ? count.template operator()<true>() : count.template operator()<false>();
  });
  starts_.resize(kBuckets + 1);
  starts_[0] = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    size_t count = 0;
    for (size_t p = 0; p < pieces_; ++p) count += piece_counts_[p * kBuckets + b];
    starts_[b + 1] = starts_[b] + count;
  }
}

size_t OrderStatistics::PieceEnd(size_t piece) const { return std::min(n_, (piece + 1) * kPieceRows); }

size_t OrderStatistics::BucketOf(size_t rank) const {
  return static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), rank) - starts_.begin()) - 1;
}

std::vector<double> OrderStatistics::At(const std::vector<size_t>& ranks) const {
  std::vector<size_t> wanted = ranks;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  // The buckets that hold a wanted rank, in ascending order, and where each one's values start
  // in the candidate buffer (its rank, less the ranks of the buckets skipped).
  std::vector<size_t> buckets;
  for (size_t rank : wanted) {
    size_t b = BucketOf(rank);
    if (buckets.empty() || buckets.back() != b) buckets.push_back(b);
  }
  // Without a branch on each row: the rows of the other buckets, and missing rows, are written
  // to a spare slot past the candidates (one per piece, so no two threads write the same one),
  // which they do not move on from.
  size_t wanted_buckets = buckets.size(), spare = wanted_buckets;
  std::vector<uint32_t> which(kBuckets, static_cast<uint32_t>(spare));  // bucket -> index in `buckets`
  std::vector<size_t> slot(wanted_buckets + 1);
  size_t total = 0;
  for (size_t w = 0; w < wanted_buckets; ++w) {
    which[buckets[w]] = static_cast<uint32_t>(w);
    slot[w] = total;
    total += starts_[buckets[w] + 1] - starts_[buckets[w]];
  }
  slot[spare] = total;
  // Piece p's values of a bucket go after those of the pieces before it.
  std::vector<size_t> fill(pieces_ * (wanted_buckets + 1));
  for (size_t w = 0; w < wanted_buckets; ++w) {
    size_t at = slot[w];
    for (size_t p = 0; p < pieces_; ++p) {
      fill[p * (wanted_buckets + 1) + w] = at;
      at += piece_counts_[p * kBuckets + buckets[w]];
    }
  }
  for (size_t p = 0; p < pieces_; ++p) fill[p * (wanted_buckets + 1) + spare] = total + p;
  // Every slot is written below before any is read: not zero-filled first (with heavy ties the
  // wanted buckets can hold most of the values: 535K of 1M for job.seg's frequency, whose zeroing
  // was 5% of a snapshot run's page faults).
  std::unique_ptr<double[]> candidates(new double[total + pieces_]);
  ForEachPiece(pool_, pieces_, [&](size_t p) {
    size_t* at = &fill[p * (wanted_buckets + 1)];
    auto copy = [&]<bool kAllValid>() {
      for (size_t i = p * kPieceRows, end = PieceEnd(p); i < end; ++i) {
        uint32_t w = Present<kAllValid>(values_, valid_, i) ? which[Bucket(values_[i])] : static_cast<uint32_t>(spare);
        size_t& next = at[w];
        candidates[next] = values_[i];
        next += w != spare;
      }
    };
    valid_ == nullptr ? copy.template operator()<true>() : copy.template operator()<false>();
  });
  // Select inside each bucket; the ranks are relative to the bucket's first rank.
  ForEachPiece(pool_, buckets.size(), [&](size_t w) {
    size_t b = buckets[w];
    std::vector<size_t> inner;
    for (size_t rank : wanted) {
      if (rank >= starts_[b] && rank < starts_[b + 1]) inner.push_back(rank - starts_[b]);
    }
    double* first = candidates.get() + slot[w];
    MultiSelect(first, first + (starts_[b + 1] - starts_[b]), inner.data(), inner.data() + inner.size(), 0);
  });
  std::vector<double> out(ranks.size());
  for (size_t i = 0; i < ranks.size(); ++i) {
    size_t b = BucketOf(ranks[i]);
    size_t w = which[b];
    out[i] = candidates[slot[w] + (ranks[i] - starts_[b])];
  }
  return out;
}

}  // namespace seg::rt::population_detail
