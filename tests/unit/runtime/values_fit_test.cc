// ValuesFit (runtime/snapshot/values_fit.h) against the rule it checks, row by row: runs of
// whole words of present rows are checked as one reduction, so a bad value is put at every place
// such a run can hide it (first, middle, last row of a run, the word after it, a partial word).
#include "runtime/snapshot/values_fit.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace seg::rt::snapshot {
namespace {

// The rule, one row at a time.
template <typename T>
bool Reference(const std::vector<T>& v, size_t first, size_t last, const uint64_t* bits, int64_t dictionary) {
  for (size_t r = first; r < last; ++r) {
    bool present = bits == nullptr || ((bits[r / 64] >> (r % 64)) & 1);
    if (!present) {
      if (!AllBitsZero(v[r])) return false;
    } else if constexpr (std::is_same_v<T, uint8_t>) {
      if (v[r] > 1) return false;
    } else if constexpr (std::is_same_v<T, int32_t>) {
      if (dictionary >= 0 && (v[r] < 0 || v[r] >= dictionary)) return false;
    }
  }
  return true;
}

// Words of present rows in long runs, then a word with a missing row or two, and so on.
std::vector<uint64_t> Bitmap(size_t rows, std::mt19937_64& rng) {
  std::vector<uint64_t> bits((rows + 63) / 64, ~uint64_t{0});
  for (size_t w = 0; w < bits.size(); ++w) {
    if (rng() % 7 == 0) bits[w] &= ~(uint64_t{1} << (rng() % 64));
  }
  return bits;
}

template <typename T> void CheckEveryPlacement(T bad_present, T bad_missing, int64_t dictionary) {
  std::mt19937_64 rng(7);
  const size_t rows = 64 * 40 + 17;  // a partial last word
  for (int round = 0; round < 12; ++round) {
    std::vector<uint64_t> bits = Bitmap(rows, rng);
    std::vector<T> v(rows, T{});
    for (size_t r = 0; r < rows; ++r) {
      if ((bits[r / 64] >> (r % 64)) & 1) v[r] = static_cast<T>(rng() % 2);
    }
    for (size_t at = 0; at < rows; at += 1 + rng() % 23) {
      std::vector<T> damaged = v;
      bool present = (bits[at / 64] >> (at % 64)) & 1;
      damaged[at] = present ? bad_present : bad_missing;
      for (auto [first, last] :
           {std::pair<size_t, size_t>{0, rows}, {64, rows - 17}, {at / 64 * 64, rows}, {3, at + 1}}) {
        if (first >= last) continue;
        EXPECT_EQ(ValuesFit(damaged.data(), first, last, bits.data(), dictionary),
                  Reference(damaged, first, last, bits.data(), dictionary))
            << "row " << at << " of [" << first << ", " << last << ")";
        EXPECT_EQ(ValuesFit(damaged.data(), first, last, nullptr, dictionary),
                  Reference(damaged, first, last, nullptr, dictionary));
      }
    }
    EXPECT_TRUE(ValuesFit(v.data(), 0, rows, bits.data(), dictionary));
  }
}

TEST(ValuesFitTest, BoolsFoundAnywhere) { CheckEveryPlacement<uint8_t>(2, 1, -1); }

TEST(ValuesFitTest, CodesFoundAnywhere) {
  CheckEveryPlacement<int32_t>(5, 1, 5);
  CheckEveryPlacement<int32_t>(-1, 3, 5);
}

TEST(ValuesFitTest, NumbersOnlyCheckedWhereMissing) {
  CheckEveryPlacement<int64_t>(-9, 4, -1);
  CheckEveryPlacement<double>(-0.0, -0.0, -1);
}

}  // namespace
}  // namespace seg::rt::snapshot
