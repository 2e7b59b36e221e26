// The valid values' order statistics at a few ranks (the quantile kernels' cut points), without
// sorting or even copying them all, on a pool's threads when given one. Internal to the
// population kernels (population.cc).
//
// Pass 1 counts the values per bucket of the order key's top 16 bits (population_order.h); the
// prefix sums then say which bucket holds each wanted rank. Pass 2 copies out only the values of
// those buckets, and selection runs inside them. With spread-out data that is a tiny fraction of
// n; with heavy ties (one value everywhere) it degrades to one selection over all.
//
// Pass 1 also marks a bucket whose values are not all one value (its keys' low 48 bits differ
// from the bucket's one whole value: 0 for a positive bucket, all ones for a negative one; a -0.0
// marks its bucket too, so that its sign comes out as the sort's). A wanted bucket left unmarked
// holds a single value, known from the bucket alone, so none of its rows is copied: counts,
// days and zero amounts, the heavy ties of a population (535K of job.seg's 1M frequencies sit
// in such buckets), need no pass 2 at all.
//
// Both passes cut the rows into fixed pieces (kPieceRows each: the cut depends on n alone), each
// counted into its own table, and piece p's values of a bucket go after those of pieces 0..p-1.
// The answer is the same for any cut and any thread count anyway: a rank's value is the same
// whichever order the candidates sit in.
//
// Ints (OrderStatisticsOf<int64_t>: money in ten-thousandths, durations in microseconds, ranked
// where they are) are bucketed by the order key of their double, which never decreases as the
// int grows, and selected as ints; a bucket of one value is that value's double, as an int (an
// int beyond 2^53, which shares its double with others, marks its bucket).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/thread_pool.h"

namespace seg::rt::population_detail {

template <typename T> class OrderStatisticsOf {
 public:
  // `pool` may be null (everything on the calling thread).
  OrderStatisticsOf(const T* values, const uint8_t* valid, size_t n, ThreadPool* pool);

  // The number of valid values.
  size_t size() const { return starts_[kBuckets]; }

  // The values at 0-based ranks `ranks` (any order, repeats allowed; each < size()).
  std::vector<T> At(const std::vector<size_t>& ranks) const;

 private:
  static constexpr int kBits = 16;
  static constexpr size_t kBuckets = size_t{1} << kBits;
  static constexpr size_t kPieceRows = size_t{1} << 18;

  // A piece's count of a bucket, less the mark of a bucket with more than one value (bit 31: a
  // piece has at most kPieceRows < 2^31 rows, so a count never reaches it).
  static constexpr uint32_t kManyValues = uint32_t{1} << 31;
  uint32_t PieceCount(size_t piece, size_t bucket) const {
    return piece_counts_[piece * kBuckets + bucket] & ~kManyValues;
  }
  // Whether bucket `b` holds more than one value (in any piece).
  bool ManyValues(size_t bucket) const;

  size_t PieceEnd(size_t piece) const;
  // The bucket holding 0-based rank `rank`.
  size_t BucketOf(size_t rank) const;

  const T* values_;
  const uint8_t* valid_;
  size_t n_;
  ThreadPool* pool_;
  size_t pieces_;
  std::unique_ptr<uint32_t[]> piece_counts_;  // pieces_ tables of kBuckets counts, each with kManyValues
  std::vector<size_t> starts_;                // starts_[b] = rank of bucket b's first value; kBuckets + 1
};

using OrderStatistics = OrderStatisticsOf<double>;

// Runs body(piece) for pieces 0..pieces-1, on the pool's threads when there is one.
template <typename Body> void ForEachPiece(ThreadPool* pool, size_t pieces, const Body& body) {
  if (pool == nullptr || pool->size() < 2 || pieces < 2) {
    for (size_t p = 0; p < pieces; ++p) body(p);
    return;
  }
  pool->ParallelFor(pieces, 1, [&](size_t first, size_t last) {
    for (size_t p = first; p < last; ++p) body(p);
  });
}

}  // namespace seg::rt::population_detail
