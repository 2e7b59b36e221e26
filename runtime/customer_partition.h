// A stable sort of event rows by customer, in two cache-friendly radix passes: the event index's
// grouping step (rt::BuildEventIndex), and the same passes repeated to carry each event column
// into the index's order (rt::SortEvents).
//
// Why not one counting sort: its scatter writes each row to one of `customers` places, so in an
// event log written in time order (each customer's events spread over the whole file) every
// write misses the cache and the TLB, and its counts (4 bytes a customer) outgrow the caches.
// Measured on one core, 20M rows: by 1M customers 0.22 s for the counting sort, 0.15 s here; by
// 10M customers (60M rows) 1.2-1.5 s against 0.48 s, which keeps the cost per customer flat as
// customers grow. Here the rows are first partitioned by the high bits of their
// customer index into at most ~1024 buckets, through a small write-combining buffer per bucket
// (four cache lines of values at a time go to memory, so only ~1024 runs of lines and pages are
// being written at once), and then each bucket, a few thousand customers and few enough rows to
// stay in the L2 cache, is counting-sorted by the low bits where it lies.
//
// Why carry columns through the same passes instead of gathering them along the permutation
// afterwards: in a time-ordered log each gathered value is a random read, a cache and TLB miss
// (20M orders: 17 ns a value on one core). The passes read each column in row order and write
// it in cache-friendly streams, whatever the order of the file.
//
// Why each carried column is a sweep of its own, not several in one (tried: the time column in
// the partition's sweep, and SortEvents' columns up to 16 bytes a row together, each column as
// bytes of its width): the index took 1.25-1.30 CPU s instead of 1.08-1.12 (1M customers, 20M
// time-ordered orders and 10M visits, one core). A sweep costs its memory traffic and its
// thousand write streams, which fusing does not cut; finding each row's customer and slot, which
// it would share, is the smaller part (a bare scatter of 20M int64 by the same 1024 buckets took
// 85 ms of CPU here, the carry of an 8-byte column ~107 ms).
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
#include <new>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/thread_pool.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace seg::rt {

namespace customer_partition {

// Buckets of pass 1: about this many, for few enough write streams that their buffers (a few
// cache lines each) stay in the L2 cache and their pages in the TLB.
inline constexpr int kBucketBits = 10;
// A bucket's customers are told apart by their low bits, kept as uint16_t between the passes.
inline constexpr int kMaxLowBits = 16;
// Bytes of a cache line: the unit the streamed stores write whole.
inline constexpr size_t kLineBytes = 64;
// Bytes per write-combining buffer: four cache lines, streamed out together. Measured against
// one line (index_bench examples/retail.seg, 1M customers' time-ordered orders: four carries and
// the partition's pass, alternated runs, lowest CPU s): 0.631-0.655 s of CPU against 0.691-0.797
// at one thread, 0.654-0.681 against 0.693-0.789 at two; eight lines gave the same as four. A
// run of lines written together to one page costs fewer page walks and memory-row switches
// than the same lines written one at a time between the other buckets' lines.
inline constexpr size_t kBufferBytes = 4 * kLineBytes;
// Below this many rows per range, handing a range to a thread costs more than it saves.
inline constexpr size_t kMinRowsPerRange = size_t{1} << 16;

// Bits of the customer index that tell a bucket's customers apart.
inline int LowBits(size_t customers) {
  int bits = customers <= 1 ? 0 : std::bit_width(customers - 1);
  return std::min(kMaxLowBits, std::max(0, bits - kBucketBits));
}

// A bucket's buffer (whole cache lines) to `out` (16-byte aligned), stored around the cache: the
// lines are not read first as an ordinary store would, which for 1024 scattered write streams
// doubles the traffic.
inline void StreamBuffer(void* out, const void* buffered) {
#if defined(__SSE2__)
  for (size_t i = 0; i < kBufferBytes / 16; ++i) {
    _mm_stream_si128(static_cast<__m128i*>(out) + i, _mm_loadu_si128(static_cast<const __m128i*>(buffered) + i));
  }
#else
  std::memcpy(out, buffered, kBufferBytes);
#endif
}

// Orders the streamed stores before whatever the thread does next (they are weakly ordered).
inline void StreamFence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

}  // namespace customer_partition

// An array of `n` T, 64-byte aligned (whole cache lines for the streamed stores) and left
// uninitialised: each slot is written once, on the thread that sorts it, so no page is zeroed
// first by one thread only to be overwritten.
template <typename T> std::shared_ptr<T[]> UninitialisedLines(size_t n) {
  return std::shared_ptr<T[]>(new (std::align_val_t{customer_partition::kLineBytes}) T[n],
                              [](T* p) { ::operator delete[](p, std::align_val_t{customer_partition::kLineBytes}); });
}

// How SortRowsByCustomer cut the rows: enough to move any array of values, one per row, into the
// order of its permutation with the same two passes (CarryByCustomer), as long as `customer_of`
// gives the same customers.
struct CustomerPartition {
  size_t events = 0;
  size_t customers = 0;
  int low_bits = 0;
  size_t buckets = 0;
  size_t kept = 0;
  // Per range of rows (one per thread), per bucket: where the range's first row of the bucket goes.
  std::vector<std::vector<uint32_t>> range_cursors;
  // Bucket b's rows are [bucket_start[b], bucket_start[b + 1]); buckets + 1 entries.
  std::vector<uint32_t> bucket_start;
  // Per kept row in pass 1's order (bucket by bucket, rows in order): its customer's low bits.
  std::shared_ptr<uint16_t[]> lows;

  size_t ranges() const { return range_cursors.size(); }
  size_t RangeBegin(size_t r) const { return events * r / ranges(); }
};

namespace customer_partition {

// One array that pass 1 fills: `value_of(row, customer)` for each kept row, into `out` (room for
// the kept rows, 16-byte aligned).
template <typename T, typename ValueOf> struct Stream {
  using Value = T;
  static constexpr size_t kBuffered = kBufferBytes / sizeof(T);  // values per buffer
  static_assert(kBuffered * sizeof(T) == kBufferBytes);
  T* out;
  ValueOf value_of;
};
template <typename T, typename ValueOf> Stream<T, ValueOf> MakeStream(T* out, ValueOf value_of) {
  return {out, std::move(value_of)};
}

// A stream's value for slot `at` of bucket b (whose range's region starts at `region_begin`) put
// in the bucket's buffer, which mirrors the aligned run of cache lines the slot is in (slot = at %
// kBuffered), so a full buffer is whole lines, written around the cache (no read of them first).
template <typename S, typename T>
inline void Put(const S& stream, T* buffered, uint32_t at, uint32_t region_begin, size_t row, int32_t customer) {
  buffered[at % S::kBuffered] = stream.value_of(row, customer);
  if ((at + 1) % S::kBuffered != 0) return;
  size_t line = at + 1 - S::kBuffered;
  if (line >= region_begin) {
    StreamBuffer(stream.out + line, buffered);
  } else {  // the region's first lines, shared with what comes before it: ordinary stores
    std::memcpy(stream.out + region_begin, buffered + (region_begin - line), (at + 1 - region_begin) * sizeof(T));
  }
}

// The last, partial buffer of a bucket's region, `cursor` its end, with ordinary stores.
template <typename S, typename T>
inline void FlushPartialLine(const S& stream, const T* buffered, uint32_t cursor, uint32_t region_begin) {
  size_t filled = cursor % S::kBuffered;
  if (filled == 0) return;
  size_t line = cursor - filled;
  size_t from = line >= region_begin ? 0 : region_begin - line;
  std::memcpy(stream.out + line + from, buffered + from, (filled - from) * sizeof(T));
}

// A stream as one thread's pass 1 uses it: a copy of it, and its buffers, one per bucket.
template <typename S> struct Lane {
  S stream;
  typename S::Value* buffers;
};

// Pass 1 over the rows [begin, end) of one range: each kept row's values into its bucket's
// slots, from `cursors` on (per bucket: the next slot; the regions begin at `region_begin`).
// Everything the loop reads is its own (the lanes are taken by value): its stores, through
// uint32_t and the values' types (bytes alias anything), could otherwise alias what it reads
// through references, which the compiler would then load again for every row.
template <typename CustomerOf, typename... S>
void ScatterRange(size_t begin, size_t end, const CustomerOf of, const int low_bits, uint32_t* cursors,
                  const uint32_t* region_begin, size_t buckets, Lane<S>... lanes) {
  for (size_t row = begin; row < end; ++row) {
    int32_t customer = of(row);
    if (customer < 0) continue;
    size_t b = static_cast<uint32_t>(customer) >> low_bits;
    uint32_t at = cursors[b]++;
    uint32_t region = region_begin[b];
    (Put(lanes.stream, lanes.buffers + b * S::kBuffered, at, region, row, customer), ...);
  }
  for (size_t b = 0; b < buckets; ++b) {
    (FlushPartialLine(lanes.stream, lanes.buffers + b * S::kBuffered, cursors[b], region_begin[b]), ...);
  }
}

// Pass 1: each stream's values of the kept rows partitioned by bucket, rows in order within a
// bucket. One sweep of the rows fills all the streams.
template <typename CustomerOf, typename... Streams>
void ScatterByBucket(const CustomerPartition& part, const CustomerOf& customer_of, ThreadPool& pool,
                     const Streams&... streams) {
  const size_t buckets = part.buckets;
  pool.ParallelFor(part.ranges(), 1, [&](size_t first, size_t last) {
    std::tuple<std::vector<typename Streams::Value>...> buffers{
        std::vector<typename Streams::Value>(buckets * Streams::kBuffered)...};
    for (size_t r = first; r < last; ++r) {
      std::vector<uint32_t> cursor = part.range_cursors[r];
      std::apply(
          [&](auto&... buffered) {
            ScatterRange(part.RangeBegin(r), part.RangeBegin(r + 1), customer_of, part.low_bits, cursor.data(),
                         part.range_cursors[r].data(), buckets, Lane<Streams>{streams, buffered.data()}...);
          },
          buffers);
    }
    StreamFence();
  });
}

// Where each of bucket b's customers (`in_bucket` of them, from customer `base`) starts: into
// `cursor` (per customer: its first slot) and `first_of_customer(customer, slot)`, counted from
// the customers' low bits of the bucket's rows.
template <typename FirstOfCustomer>
void CountBucket(const CustomerPartition& part, size_t b, size_t base, size_t in_bucket,
                 const FirstOfCustomer& first_of_customer, std::vector<uint32_t>& cursor) {
  const uint16_t* lows = part.lows.get();
  cursor.assign(in_bucket, 0);
  for (uint32_t i = part.bucket_start[b]; i < part.bucket_start[b + 1]; ++i) ++cursor[lows[i]];
  uint32_t offset = part.bucket_start[b];
  for (size_t low = 0; low < in_bucket; ++low) {
    first_of_customer(base + low, offset);
    offset += std::exchange(cursor[low], offset);
  }
}

// The customers of bucket b: the first, and how many.
inline std::pair<size_t, size_t> BucketCustomers(const CustomerPartition& part, size_t b) {
  size_t base = b << part.low_bits;
  return {base, std::min(part.customers - base, size_t{1} << part.low_bits)};
}

// values[i] to out[cursor[lows[i]]++] for i < n, with nothing read through a reference (the
// stores, of bytes for a byte column, could alias it).
template <typename T> void PlaceBucket(const T* values, const uint16_t* lows, size_t n, uint32_t* cursor, T* out) {
  for (size_t i = 0; i < n; ++i) out[cursor[lows[i]]++] = values[i];
}

// Pass 2: each bucket of `data` (in pass 1's order) counting-sorted by its customers' low bits
// where it lies, from a copy small enough for the L2 cache. Where each customer starts is
// `starts` (customers + 1 entries) when known, else counted, and `first_of_customer(customer,
// at)` hears it. `in_place(first, count)` is called once a bucket's customers [first, first +
// count) have their values in their slots, while those are in the cache.
template <typename T, typename FirstOfCustomer, typename InPlace>
void SortBuckets(const CustomerPartition& part, T* data, ThreadPool& pool, const uint32_t* starts,
                 const FirstOfCustomer& first_of_customer, const InPlace& in_place) {
  const uint16_t* lows = part.lows.get();
  pool.ParallelFor(part.buckets, 1, [&](size_t first, size_t last) {
    std::vector<uint32_t> cursor;
    std::vector<T> bucket_values;
    for (size_t b = first; b < last; ++b) {
      auto [base, in_bucket] = BucketCustomers(part, b);
      uint32_t begin = part.bucket_start[b];
      uint32_t end = part.bucket_start[b + 1];
      if (starts != nullptr) {
        cursor.assign(starts + base, starts + base + in_bucket);
      } else {
        CountBucket(part, b, base, in_bucket, first_of_customer, cursor);
      }
      bucket_values.assign(data + begin, data + end);
      PlaceBucket(bucket_values.data(), lows + begin, end - begin, cursor.data(), data);
      in_place(base, in_bucket);
    }
  });
}

}  // namespace customer_partition

// Sorts the rows [0, events) stably by `customer_of(row)` (an int32_t customer index below
// `customers`, or negative: the row is left out) into `permutation` (the kept rows, customer by
// customer, each customer's rows in row order) and `offsets` (customer i's rows are
// permutation[offsets[i] .. offsets[i+1]); customers + 1 entries), and returns how many rows
// were kept. `permutation` (16-byte aligned) has room for `events` rows and need not be
// initialised: each kept row's slot is written once, on the thread that sorts it, so no page of
// it is zeroed first by one thread (80 MB for 20M rows, 60-110 ms on one core) only to be
// overwritten; the slots past the kept rows are not written. A null `permutation` asks for the
// offsets and the partition only: the rows are then neither moved in pass 1 nor sorted in pass 2
// (what rt::BuildEventIndex does when nothing reads the permutation). `customer_of` is called twice per
// row, from several threads at once. `partition`, when given, keeps the cut for
// CarryByCustomer.
template <typename CustomerOf>
size_t SortRowsByCustomer(size_t events, size_t customers, const CustomerOf& customer_of, ThreadPool& pool,
                          uint32_t* permutation, std::vector<uint32_t>* offsets,
                          CustomerPartition* partition = nullptr) {
  using namespace customer_partition;
  CustomerPartition local;
  CustomerPartition& part = partition != nullptr ? *partition : local;
  part.events = events;
  part.customers = customers;
  part.low_bits = LowBits(customers);
  const int low_bits = part.low_bits;
  const size_t buckets = part.buckets = customers == 0 ? 0 : ((customers - 1) >> low_bits) + 1;
  part.range_cursors.assign(std::max<size_t>(1, std::min(pool.size(), events / kMinRowsPerRange)), {});

  // Pass 0: each range counts its rows per bucket.
  pool.ParallelFor(part.ranges(), 1, [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      std::vector<uint32_t>& count = part.range_cursors[r];
      count.assign(buckets, 0);
      for (size_t row = part.RangeBegin(r), end = part.RangeBegin(r + 1); row < end; ++row) {
        int32_t customer = customer_of(row);
        if (customer >= 0) ++count[static_cast<uint32_t>(customer) >> low_bits];
      }
    }
  });
  // Counts become write cursors: bucket by bucket, range by range.
  part.bucket_start.assign(buckets + 1, 0);
  uint32_t total = 0;
  for (size_t b = 0; b < buckets; ++b) {
    part.bucket_start[b] = total;
    for (std::vector<uint32_t>& count : part.range_cursors) total += std::exchange(count[b], total);
  }
  part.bucket_start[buckets] = total;
  part.kept = total;

  // Pass 1: the customers' low bits and the rows, partitioned by bucket.
  const uint32_t low_mask = (uint32_t{1} << low_bits) - 1;
  part.lows = UninitialisedLines<uint16_t>(total);
  auto low_of = [low_mask](size_t, int32_t customer) {
    return static_cast<uint16_t>(static_cast<uint32_t>(customer) & low_mask);
  };
  auto first_of_customer = [offsets](size_t customer, uint32_t at) { (*offsets)[customer] = at; };
  offsets->assign(customers + 1, total);
  if (permutation == nullptr) {
    ScatterByBucket(part, customer_of, pool, MakeStream(part.lows.get(), low_of));
    // Pass 2: only where each customer starts.
    pool.ParallelFor(buckets, 1, [&](size_t first, size_t last) {
      std::vector<uint32_t> cursor;
      for (size_t b = first; b < last; ++b) {
        auto [base, in_bucket] = BucketCustomers(part, b);
        CountBucket(part, b, base, in_bucket, first_of_customer, cursor);
      }
    });
    return total;
  }
  ScatterByBucket(part, customer_of, pool, MakeStream(part.lows.get(), low_of),
                  MakeStream(permutation, [](size_t row, int32_t) { return static_cast<uint32_t>(row); }));

  // Pass 2: each bucket counting-sorted by the low bits.
  SortBuckets(part, permutation, pool, nullptr, first_of_customer, [](size_t, size_t) {});
  return total;
}

// As SortRowsByCustomer (the same permutation and offsets), by one counting sort, for rows that
// come in runs of one customer (a file grouped by customer): counting and placing them then read
// and write memory in order, and two passes over the rows cost less than the radix partition's
// three (20M orders of 1M customers grouped, one core: see rt::BuildEventIndex). In a log in time
// order each of its writes would be a cache miss (see the top of this file). Keeps no partition
// to carry columns with. Stable and independent of the thread count: each range of rows counts
// its rows per customer and writes after the ranges before it.
template <typename CustomerOf>
size_t CountingSortRowsByCustomer(size_t events, size_t customers, const CustomerOf& customer_of, ThreadPool& pool,
                                  uint32_t* permutation, std::vector<uint32_t>* offsets) {
  using namespace customer_partition;
  size_t ranges = std::max<size_t>(1, std::min(pool.size(), events / kMinRowsPerRange));
  auto range_begin = [&](size_t r) { return events * r / ranges; };
  std::vector<std::vector<uint32_t>> cursor(ranges);
  pool.ParallelFor(ranges, 1, [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      cursor[r].assign(customers, 0);
      for (size_t row = range_begin(r), end = range_begin(r + 1); row < end; ++row) {
        int32_t customer = customer_of(row);
        if (customer >= 0) ++cursor[r][static_cast<size_t>(customer)];
      }
    }
  });
  offsets->assign(customers + 1, 0);
  uint32_t total = 0;
  for (size_t c = 0; c < customers; ++c) {
    (*offsets)[c] = total;
    for (std::vector<uint32_t>& count : cursor) total += std::exchange(count[c], total);
  }
  (*offsets)[customers] = total;
  pool.ParallelFor(ranges, 1, [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      uint32_t* at = cursor[r].data();
      for (size_t row = range_begin(r), end = range_begin(r + 1); row < end; ++row) {
        int32_t customer = customer_of(row);
        if (customer >= 0) permutation[at[static_cast<size_t>(customer)]++] = static_cast<uint32_t>(row);
      }
    }
  });
  return total;
}

// The values `value_of(row, customer)` of the kept rows, moved into the order SortRowsByCustomer
// gave the rows when it kept `part` and wrote `offsets`: out[i] = value_of(permutation[i], ...)
// for the `part.kept` slots of `out` (16-byte aligned, need not be initialised), reading the rows
// in order, without a random read. `customer_of` must give what it gave then. `in_place(first,
// count)`, when given, hears when customers [first, first + count) have their values in place
// (SortBuckets), to read them while they are in the cache.
template <typename T, typename CustomerOf, typename ValueOf, typename InPlace>
void CarryByCustomer(const CustomerPartition& part, const uint32_t* offsets, const CustomerOf& customer_of,
                     const ValueOf& value_of, T* out, ThreadPool& pool, const InPlace& in_place) {
  using namespace customer_partition;
  ScatterByBucket(part, customer_of, pool, MakeStream(out, value_of));
  SortBuckets(
      part, out, pool, offsets, [](size_t, uint32_t) {}, in_place);
}
template <typename T, typename CustomerOf, typename ValueOf>
void CarryByCustomer(const CustomerPartition& part, const uint32_t* offsets, const CustomerOf& customer_of,
                     const ValueOf& value_of, T* out, ThreadPool& pool) {
  CarryByCustomer(part, offsets, customer_of, value_of, out, pool, [](size_t, size_t) {});
}

}  // namespace seg::rt
