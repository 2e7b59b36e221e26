// A counter-based random source: value k of stream `seed` is a pure function of (seed, k), so a
// case is reproduced from its seed alone, whatever ran before it and on any platform (no
// std::uniform_int_distribution, whose output differs between standard libraries).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace seg::differential {

inline uint64_t Mix64(uint64_t x) {  // the SplitMix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed, uint64_t stream = 0) : key_(Mix64(seed) ^ Mix64(stream + 0x51ed270b7d3a6a2fULL)) {}

  uint64_t Next() { return Mix64(key_ ^ Mix64(counter_++)); }
  // Uniform in [0, n); the tiny modulo bias does not matter for test generation.
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T> const T& Pick(const std::vector<T>& items) { return items[Below(items.size())]; }

 private:
  uint64_t key_;
  uint64_t counter_ = 0;
};

}  // namespace seg::differential
