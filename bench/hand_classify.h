// The classify benchmark's yardstick: the 20 rules of classify_bench.cc's kRules20 written by
// hand as a branch-free C++ loop over the same columns seg reads.
#pragma once
#include <cstddef>
#include <cstdint>

struct HandColumns {
  const int64_t* r;
  const int64_t* f;
  const int64_t* m;
  const int64_t* recency_days;
  const int64_t* frequency;
  const int64_t* monetary;  // money units of 1/10000
  const uint8_t* newsletter;
  const uint8_t* discount_lover;
  const uint8_t* b2b;
};

inline constexpr int kHandElse = 20;  // "Others"

// `matches ? bucket : current` without a branch or a select the vectoriser might refuse.
inline int64_t HandPick(bool matches, int64_t bucket, int64_t current) {
  int64_t mask = -static_cast<int64_t>(matches);
  return (bucket & mask) | (current & ~mask);
}

// Writes the bucket (0..20) of customers [begin, end).
void HandClassify20(const HandColumns& x, size_t begin, size_t end, int32_t* out);
