// ZeroBuffer: zeros read from pages nobody wrote; a change copies them first.
#include "runtime/zero_pages.h"

#include <gtest/gtest.h>

namespace seg::rt {
namespace {

TEST(ZeroPages, ReadAsZerosAndCopyOnChange) {
  Buffer<uint32_t> zeros = ZeroBuffer<uint32_t>(3'000'001);
  ASSERT_EQ(zeros.size(), 3'000'001u);
  EXPECT_TRUE(zeros.viewing());
  uint64_t sum = 0;
  for (uint32_t v : zeros) sum += v;
  EXPECT_EQ(sum, 0u);
  Buffer<uint32_t> copy = zeros;  // a copy views the same pages, kept mapped by either
  zeros = {};
  EXPECT_EQ(copy.back(), 0u);
  copy.mutable_data()[5] = 7;  // written: copied into memory of its own first
  EXPECT_FALSE(copy.viewing());
  EXPECT_EQ(copy[5], 7u);
  EXPECT_EQ(copy[6], 0u);
  EXPECT_EQ(ZeroBuffer<int64_t>(0).size(), 0u);
}

}  // namespace
}  // namespace seg::rt
