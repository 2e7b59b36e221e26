// exec::PackBits and UnpackBits, which both engines write and read their bools through: every
// start and length within and across words, bytes and int64 values (any nonzero value is a set
// bit), and the bits outside the range left as they were.
#include "compiler/exec/bits.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace seg::exec {
namespace {

TEST(Bits, PackWritesExactlyTheRangeFromBytesAndInts) {
  std::mt19937_64 rng(7);
  const size_t rows = 64 * 5;
  for (size_t begin = 0; begin < 130; begin += 1) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{63}, size_t{64}, size_t{65}, size_t{128}, size_t{190}}) {
      if (begin + n > rows) continue;
      std::vector<uint8_t> bytes(n);
      std::vector<int64_t> ints(n);
      for (size_t k = 0; k < n; ++k) {
        // Mostly 0 and 1, some other nonzero values (a set bit all the same).
        uint64_t r = rng();
        bytes[k] = r % 7 == 0 ? static_cast<uint8_t>(r >> 8) : static_cast<uint8_t>(r & 1);
        ints[k] = r % 5 == 0 ? static_cast<int64_t>(r >> 3) : static_cast<int64_t>(r & 1);
      }
      std::vector<uint64_t> before(rows / 64);
      for (uint64_t& w : before) w = rng();
      std::vector<uint64_t> from_bytes = before, from_ints = before;
      PackBits(bytes.data(), n, from_bytes.data(), begin);
      PackBits(ints.data(), n, from_ints.data(), begin);
      for (size_t row = 0; row < rows; ++row) {
        bool old = (before[row / 64] >> (row % 64)) & 1;
        bool inside = row >= begin && row < begin + n;
        bool want_byte = inside ? bytes[row - begin] != 0 : old;
        bool want_int = inside ? ints[row - begin] != 0 : old;
        ASSERT_EQ((from_bytes[row / 64] >> (row % 64)) & 1, want_byte) << begin << "+" << n << " row " << row;
        ASSERT_EQ((from_ints[row / 64] >> (row % 64)) & 1, want_int) << begin << "+" << n << " row " << row;
      }
      std::vector<uint8_t> back(n);
      UnpackBits(from_bytes.data(), begin, n, back.data());
      for (size_t k = 0; k < n; ++k) ASSERT_EQ(back[k], bytes[k] != 0 ? 1 : 0) << begin << "+" << n;
    }
  }
}

}  // namespace
}  // namespace seg::exec
