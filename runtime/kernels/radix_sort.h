// A stable sort of rows by a 64-bit key, for the ranking kernels and the customer key order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace seg::rt {

// A row and its order key; the radix passes move the two together in one stream.
template <typename Index> struct KeyedRow {
  uint64_t key;
  Index row;
};

// Sorts by key, stably: rows with equal keys keep their order. LSD radix sort on 11-bit digits;
// a digit on which all keys agree (common: small integers share their high bits) costs no pass.
template <typename Index> void RadixSortByKey(std::vector<KeyedRow<Index>>* rows) {
  constexpr int kBits = 11;
  constexpr int kPasses = (64 + kBits - 1) / kBits;
  constexpr size_t kBuckets = size_t{1} << kBits;
  size_t m = rows->size();
  if (m < 2) return;
  std::vector<size_t> counts(kPasses * kBuckets, 0);
  for (const KeyedRow<Index>& r : *rows) {
    for (int p = 0; p < kPasses; ++p) ++counts[p * kBuckets + ((r.key >> (p * kBits)) & (kBuckets - 1))];
  }
  std::vector<KeyedRow<Index>> tmp(m);
  for (int p = 0; p < kPasses; ++p) {
    size_t* count = &counts[p * kBuckets];
    int shift = p * kBits;
    if (count[((*rows)[0].key >> shift) & (kBuckets - 1)] == m) continue;
    size_t offset = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      size_t c = count[b];
      count[b] = offset;
      offset += c;
    }
    for (const KeyedRow<Index>& r : *rows) tmp[count[(r.key >> shift) & (kBuckets - 1)]++] = r;
    rows->swap(tmp);
  }
}

}  // namespace seg::rt
