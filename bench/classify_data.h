// The population bench/classify_bench classifies: N customers' RFM metrics and text columns,
// generated in memory from a fixed seed, as seg's customer table and as the hand loops' columns.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/hand_classify.h"
#include "runtime/table.h"

namespace seg::bench {

// splitmix64: one deterministic stream for the whole population.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
};

// The metrics an RFM pipeline has per customer before it classifies.
struct Metrics {
  size_t n = 0;
  std::vector<int64_t> r, f, m;       // quintile scores 1..5
  std::vector<int64_t> recency_days;  // days since the last order
  std::vector<int64_t> frequency;     // orders in the last 365 days
  std::vector<int64_t> monetary;      // money units (1/10000) in the last 365 days
  std::vector<uint8_t> newsletter, discount_lover, b2b;
  // Text columns of the tagged program, as dictionary codes (-1 missing) into the lists below.
  std::vector<int32_t> city, domain, channel;
};

// The words of the text columns, which Metrics holds as codes into these lists.
extern const std::vector<std::string> kCities, kDomains, kChannels;

Metrics Generate(size_t n, uint64_t seed);

// The first n customers as seg's customer table (the columns kInput declares).
seg::rt::Table CustomerTable(const Metrics& x, size_t n);

// The number columns as the hand-written loops read them.
HandColumns NumberColumns(const Metrics& x);

}  // namespace seg::bench
