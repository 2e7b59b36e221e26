#include "runtime/kernels/order_statistics.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>

#include "runtime/kernels/population_order.h"

namespace seg::rt::population_detail {
namespace {

constexpr int kBucketShift = 64 - 16;
constexpr uint64_t kTail = (uint64_t{1} << kBucketShift) - 1;  // a key's bits below its bucket
constexpr uint64_t kSign = uint64_t{1} << 63;

// A value's bucket: the top bits of its order key, for an int that of its double (which never
// decreases as the int grows, so the buckets keep the ints' order).
size_t Bucket(double x) { return static_cast<size_t>(OrderedKey(x) >> kBucketShift); }
size_t Bucket(int64_t x) { return Bucket(static_cast<double>(x)); }

// 1 when `key`, x's key, is not its bucket's one value (the header says which that is), or x is
// a -0.0: a key's top bit is set for the positive values, whose bucket value has a tail of
// zeros, and clear for the negative ones, whose bucket value's tail is all ones (their bits are
// flipped). Without a branch: the count pass runs it on every row.
uint32_t NotTheBucketValue(uint64_t key, double x) {
  uint64_t whole = ((key >> 63) - 1) & kTail;
  return static_cast<uint32_t>((key & kTail) != whole) | static_cast<uint32_t>(std::bit_cast<uint64_t>(x) == kSign);
}

// The one value of a bucket whose values are all the same: its key, OrderedKey undone.
double BucketValue(size_t bucket) {
  uint64_t high = static_cast<uint64_t>(bucket) << kBucketShift;
  return std::bit_cast<double>((high & kSign) != 0 ? high ^ kSign : ~(high | kTail));
}

// Whether row i takes part: valid, and for a double not NaN. Without a branch.
template <bool kAllValid> bool Takes(const double* values, const uint8_t* valid, size_t i) {
  return Present<kAllValid>(values, valid, i);
}
template <bool kAllValid> bool Takes(const int64_t*, const uint8_t* valid, size_t i) {
  if constexpr (kAllValid) return true;
  return valid[i] != 0;
}

// The mark of a value that is not its bucket's one value (NotTheBucketValue). An int whose double
// is its bucket's one value is the int of that double where doubles hold every int (magnitudes
// up to 2^53): the zeros of a population of amounts, its heaviest tie, are answered from their
// bucket as a double's are. A larger int marks its bucket.
uint32_t Mark(uint64_t key, double x) { return NotTheBucketValue(key, x); }
uint32_t Mark(uint64_t key, int64_t x) {
  constexpr int64_t kExact = int64_t{1} << 53;
  return NotTheBucketValue(key, static_cast<double>(x)) | static_cast<uint32_t>(x > kExact || x < -kExact);
}

// Puts the order statistics at `positions` (sorted, distinct, 0-based) into place in
// [first, last) without sorting the rest: select the middle position, then recurse on each
// side, so k positions cost O(n log k) rather than k full passes.
template <typename T> void MultiSelect(T* first, T* last, const size_t* pos_begin, const size_t* pos_end, size_t base) {
  while (pos_begin != pos_end) {
    const size_t* mid = pos_begin + (pos_end - pos_begin) / 2;
    T* pivot = first + (*mid - base);
    std::nth_element(first, pivot, last);
    MultiSelect(first, pivot, pos_begin, mid, base);
    // Tail-iterate on the right side.
    base = *mid + 1;
    first = pivot + 1;
    pos_begin = mid + 1;
  }
}

}  // namespace

template <typename T>
OrderStatisticsOf<T>::OrderStatisticsOf(const T* values, const uint8_t* valid, size_t n, ThreadPool* pool)
    : values_(values),
      valid_(valid),
      n_(n),
      pool_(pool),
      pieces_(std::max<size_t>(1, (n + kPieceRows - 1) / kPieceRows)) {
  // Each piece clears its own table on its thread (not one serial memset of them all).
  piece_counts_.reset(new uint32_t[pieces_ * kBuckets]);
  ForEachPiece(pool_, pieces_, [&](size_t p) {
    uint32_t* counts = &piece_counts_[p * kBuckets];
    std::fill_n(counts, kBuckets, 0);
    // No branch on validity: a missing row adds 0 to whatever bucket its (meaningless) value
    // falls in and marks nothing, which costs less than a mispredicted branch where missing
    // rows are common.
    auto count = [&]<bool kAllValid>() {
      for (size_t i = p * kPieceRows, end = PieceEnd(p); i < end; ++i) {
        T x = values_[i];
        uint64_t key = OrderedKey(static_cast<double>(x));
        uint32_t present = Takes<kAllValid>(values_, valid_, i) ? 1 : 0;
        uint32_t& bucket = counts[key >> kBucketShift];
        bucket = (bucket + present) | ((present & Mark(key, x)) << 31);
      }
    };
    valid_ == nullptr ? count.template operator()<true>() : count.template operator()<false>();
  });

  starts_.resize(kBuckets + 1);
  starts_[0] = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    size_t count = 0;
    for (size_t p = 0; p < pieces_; ++p) count += PieceCount(p, b);
    starts_[b + 1] = starts_[b] + count;
  }
}

template <typename T> bool OrderStatisticsOf<T>::ManyValues(size_t bucket) const {
  uint32_t marks = 0;
  for (size_t p = 0; p < pieces_; ++p) marks |= piece_counts_[p * kBuckets + bucket];
  return (marks & kManyValues) != 0;
}

template <typename T> size_t OrderStatisticsOf<T>::PieceEnd(size_t piece) const {
  return std::min(n_, (piece + 1) * kPieceRows);
}

template <typename T> size_t OrderStatisticsOf<T>::BucketOf(size_t rank) const {
  return static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), rank) - starts_.begin()) - 1;
}

template <typename T> std::vector<T> OrderStatisticsOf<T>::At(const std::vector<size_t>& ranks) const {
  std::vector<size_t> wanted = ranks;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  // The buckets that hold a wanted rank and more than one value, in ascending order, and where
  // each one's values start in the candidate buffer (its rank, less the ranks of the buckets
  // skipped). A bucket of one value is answered from the bucket alone.
  std::vector<size_t> buckets;
  for (size_t rank : wanted) {
    size_t b = BucketOf(rank);
    if ((buckets.empty() || buckets.back() != b) && ManyValues(b)) buckets.push_back(b);
  }
  size_t wanted_buckets = buckets.size();
  std::vector<uint32_t> which(kBuckets, 0);  // bucket -> its index in `buckets`, for those
  std::vector<uint8_t> copied(kBuckets, 0);  // 1 for the buckets in `buckets`
  std::vector<size_t> slot(wanted_buckets);  // where each one's values start among the candidates
  size_t total = 0;
  for (size_t w = 0; w < wanted_buckets; ++w) {
    which[buckets[w]] = static_cast<uint32_t>(w);
    copied[buckets[w]] = 1;
    slot[w] = total;
    total += starts_[buckets[w] + 1] - starts_[buckets[w]];
  }
  // Pass 2 writes each piece's values of those buckets, in row order, to a stretch of its own,
  // with one more slot at its end: every row is written at the piece's next free slot, and only
  // a candidate moves the cursor on. The cursor stays in a register; a cursor per bucket in
  // memory made each row wait for the previous row's store to it (3 ms a pass over 1M rows, most
  // of them in no wanted bucket).
  std::vector<size_t> piece_first(pieces_ + 1, 0);
  for (size_t p = 0; p < pieces_; ++p) {
    size_t count = 0;
    for (size_t b : buckets) count += PieceCount(p, b);
    piece_first[p + 1] = piece_first[p] + count + 1;
  }
  // Every slot is written below before any is read: not zero-filled first (with heavy ties the
  // wanted buckets can hold most of the values, whose zeroing was 5% of a snapshot run's page
  // faults).
  std::unique_ptr<T[]> stretches(wanted_buckets == 0 ? nullptr : new T[piece_first[pieces_]]);
  if (wanted_buckets != 0)
    ForEachPiece(pool_, pieces_, [&](size_t p) {
      auto copy = [&]<bool kAllValid>() {
        T* at = stretches.get() + piece_first[p];
        for (size_t i = p * kPieceRows, end = PieceEnd(p); i < end; ++i) {
          T x = values_[i];
          *at = x;
          at += Takes<kAllValid>(values_, valid_, i) & (copied[Bucket(x)] != 0);
        }
      };
      valid_ == nullptr ? copy.template operator()<true>() : copy.template operator()<false>();
    });
  // Each bucket's values side by side, piece after piece: one bucket's stretches closed up; for
  // more, each piece's values put in their buckets' places (over the candidates alone, not the
  // rows).
  std::unique_ptr<T[]> grouped;
  T* candidates = stretches.get();
  if (wanted_buckets == 1) {
    for (size_t p = 1, to = piece_first[1] - 1; p < pieces_; ++p) {
      size_t count = piece_first[p + 1] - piece_first[p] - 1;
      std::memmove(candidates + to, candidates + piece_first[p], count * sizeof(T));
      to += count;
    }
  } else if (wanted_buckets > 1) {
    grouped.reset(new T[total]);
    candidates = grouped.get();
    ForEachPiece(pool_, pieces_, [&](size_t p) {
      std::vector<size_t> at(wanted_buckets);  // piece p's values of a bucket go after the earlier pieces'
      for (size_t w = 0; w < wanted_buckets; ++w) {
        at[w] = slot[w];
        for (size_t q = 0; q < p; ++q) at[w] += PieceCount(q, buckets[w]);
      }
      for (size_t j = piece_first[p], end = piece_first[p + 1] - 1; j < end; ++j) {
        T x = stretches[j];
        grouped[at[which[Bucket(x)]]++] = x;
      }
    });
  }
  // Select inside each bucket; the ranks are relative to the bucket's first rank.
  ForEachPiece(pool_, buckets.size(), [&](size_t w) {
    size_t b = buckets[w];
    std::vector<size_t> inner;
    for (size_t rank : wanted) {
      if (rank >= starts_[b] && rank < starts_[b + 1]) inner.push_back(rank - starts_[b]);
    }
    T* first = candidates + slot[w];
    MultiSelect(first, first + (starts_[b + 1] - starts_[b]), inner.data(), inner.data() + inner.size(), 0);
  });
  std::vector<T> out(ranks.size());
  for (size_t i = 0; i < ranks.size(); ++i) {
    size_t b = BucketOf(ranks[i]);
    out[i] = copied[b] == 0 ? static_cast<T>(BucketValue(b)) : candidates[slot[which[b]] + (ranks[i] - starts_[b])];
  }
  return out;
}

template class OrderStatisticsOf<double>;
template class OrderStatisticsOf<int64_t>;

}  // namespace seg::rt::population_detail
