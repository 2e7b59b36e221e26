// A stable sort of event rows by customer index, in two cache-friendly radix passes: the event
// index's grouping step (rt::BuildEventIndex).
//
// Why not one counting sort: with a million customers, a counting sort's scatter writes each
// row to one of a million places, so in an event log written in time order (each customer's
// events spread over the whole file) every write misses the cache and the TLB; that scatter took
// most of the index time. Here the rows are first partitioned by the high bits of their
// customer index into at most ~1024 buckets, through a small write-combining buffer per bucket
// (one cache line of rows at a time goes to memory, so only ~1024 lines and pages are being
// written at once), and then each bucket, a few thousand customers and few enough rows to stay
// in the L2 cache, is counting-sorted by the low bits where it lies.
//
// Stable and independent of the thread count: the rows are cut into contiguous ranges, one per
// thread; each range's bucket counts give it its own write cursors (a range writes a bucket's
// rows after those of the ranges before it), so pass 1 yields what one sequential pass would;
// pass 2 sorts each bucket on its own, in row order.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "runtime/thread_pool.h"

namespace seg::rt {

namespace customer_partition {

// Buckets of pass 1: about this many, for few enough write streams that their buffers (16 rows
// and 16 low bits each) stay in the L1/L2 cache and their pages in the TLB.
inline constexpr int kBucketBits = 10;
// A bucket's customers are told apart by their low bits, kept as uint16_t between the passes.
inline constexpr int kMaxLowBits = 16;
// Rows per write-combining buffer: one 64-byte cache line of row numbers.
inline constexpr size_t kBufferRows = 16;
// Below this many rows per range, handing a range to a thread costs more than it saves.
inline constexpr size_t kMinRowsPerRange = size_t{1} << 16;

// Bits of the customer index that tell a bucket's customers apart.
inline int LowBits(size_t customers) {
  int bits = customers <= 1 ? 0 : std::bit_width(customers - 1);
  return std::min(kMaxLowBits, std::max(0, bits - kBucketBits));
}

}  // namespace customer_partition

// Sorts the rows [0, events) stably by `customer_of(row)` (an int32_t customer index below
// `customers`, or negative: the row is left out) into `permutation` (the kept rows, customer by
// customer, each customer's rows in row order) and `offsets` (customer i's rows are
// permutation[offsets[i] .. offsets[i+1]); customers + 1 entries). `customer_of` is called twice
// per row, from several threads at once.
template <typename CustomerOf>
void SortRowsByCustomer(size_t events, size_t customers, const CustomerOf& customer_of, ThreadPool& pool,
                        std::vector<uint32_t>* permutation, std::vector<uint32_t>* offsets) {
  using namespace customer_partition;
  const int low_bits = LowBits(customers);
  const uint32_t low_mask = (uint32_t{1} << low_bits) - 1;
  const size_t buckets = customers == 0 ? 0 : ((customers - 1) >> low_bits) + 1;
  const size_t ranges = std::max<size_t>(1, std::min(pool.size(), events / kMinRowsPerRange));
  auto range_begin = [&](size_t r) { return events * r / ranges; };

  // Pass 0: each range counts its rows per bucket.
  std::vector<std::vector<uint32_t>> cursors(ranges);
  pool.ParallelFor(ranges, 1, [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      std::vector<uint32_t>& count = cursors[r];
      count.assign(buckets, 0);
      for (size_t row = range_begin(r); row < range_begin(r + 1); ++row) {
        int32_t customer = customer_of(row);
        if (customer >= 0) ++count[static_cast<uint32_t>(customer) >> low_bits];
      }
    }
  });
  // Counts become write cursors: bucket by bucket, range by range.
  std::vector<uint32_t> bucket_start(buckets + 1, 0);
  uint32_t total = 0;
  for (size_t b = 0; b < buckets; ++b) {
    bucket_start[b] = total;
    for (std::vector<uint32_t>& count : cursors) total += std::exchange(count[b], total);
  }
  bucket_start[buckets] = total;

  // Pass 1: rows, partitioned by bucket into `permutation`, and their customers' low bits beside
  // them (left uninitialised, no page zeroed only to be overwritten: each slot is written once).
  permutation->resize(total);
  uint32_t* rows = permutation->data();
  std::unique_ptr<uint16_t[]> lows(new uint16_t[total]);
  pool.ParallelFor(ranges, 1, [&](size_t first, size_t last) {
    std::vector<uint32_t> buffered_rows(buckets * kBufferRows);
    std::vector<uint16_t> buffered_lows(buckets * kBufferRows);
    std::vector<uint8_t> fill(buckets, 0);
    for (size_t r = first; r < last; ++r) {
      uint32_t* cursor = cursors[r].data();
      auto flush = [&](size_t b, size_t n) {
        std::memcpy(rows + cursor[b], &buffered_rows[b * kBufferRows], n * sizeof(uint32_t));
        std::memcpy(lows.get() + cursor[b], &buffered_lows[b * kBufferRows], n * sizeof(uint16_t));
        cursor[b] += static_cast<uint32_t>(n);
      };
      for (size_t row = range_begin(r); row < range_begin(r + 1); ++row) {
        int32_t customer = customer_of(row);
        if (customer < 0) continue;
        size_t b = static_cast<uint32_t>(customer) >> low_bits;
        size_t slot = b * kBufferRows + fill[b];
        buffered_rows[slot] = static_cast<uint32_t>(row);
        buffered_lows[slot] = static_cast<uint16_t>(static_cast<uint32_t>(customer) & low_mask);
        if (++fill[b] == kBufferRows) {
          flush(b, kBufferRows);
          fill[b] = 0;
        }
      }
      for (size_t b = 0; b < buckets; ++b) {
        if (fill[b] != 0) flush(b, fill[b]);
        fill[b] = 0;
      }
    }
  });

  // Pass 2: each bucket counting-sorted by the low bits where it lies, from a copy small enough
  // for the L2 cache.
  offsets->assign(customers + 1, total);
  pool.ParallelFor(buckets, 1, [&](size_t first, size_t last) {
    std::vector<uint32_t> cursor;
    std::vector<uint32_t> bucket_rows;
    for (size_t b = first; b < last; ++b) {
      size_t base = b << low_bits;
      size_t in_bucket = std::min(customers - base, size_t{1} << low_bits);
      cursor.assign(in_bucket, 0);
      uint32_t begin = bucket_start[b];
      uint32_t end = bucket_start[b + 1];
      for (uint32_t i = begin; i < end; ++i) ++cursor[lows[i]];
      uint32_t offset = begin;
      for (size_t low = 0; low < in_bucket; ++low) {
        (*offsets)[base + low] = offset;
        offset += std::exchange(cursor[low], offset);
      }
      bucket_rows.assign(rows + begin, rows + end);
      for (uint32_t i = begin; i < end; ++i) rows[cursor[lows[i]]++] = bucket_rows[i - begin];
    }
  });
}

}  // namespace seg::rt
