// FixedArray's promise to code that keeps raw pointers into it (compiled code, the engines):
// its elements never move while it lives, and it hands its storage on without a copy.
#include "compiler/exec/fixed_array.h"

#include <gtest/gtest.h>

namespace seg::exec {
namespace {

TEST(FixedArray, MovingKeepsTheElementsWhereTheyAre) {
  FixedArray<int64_t> a(1000);
  a[999] = 7;
  const int64_t* at = a.data();
  FixedArray<int64_t> b(std::move(a));
  EXPECT_EQ(b.data(), at);
  EXPECT_EQ(b[999], 7);
  FixedArray<int64_t> c;
  c = std::move(b);  // assigning into an empty array is how a run allocates its columns
  EXPECT_EQ(c.data(), at);
  EXPECT_EQ(c.size(), 1000u);
}

TEST(FixedArray, ReleaseHandsOnTheStorageWithoutACopy) {
  FixedArray<double> a(64);
  const double* at = a.data();
  Values<double> released = std::move(a).Release();
  EXPECT_EQ(released.data(), at);
  EXPECT_EQ(released.size(), 64u);
}

TEST(FixedArray, ArraysOfArraysKeepTheInnerElementsInPlace) {
  FixedArray<FixedArray<int32_t>> outer(3);
  for (size_t k = 0; k < outer.size(); ++k) outer[k] = FixedArray<int32_t>(10 + k);
  const int32_t* inner = outer[2].data();
  FixedArray<FixedArray<int32_t>> moved(std::move(outer));
  EXPECT_EQ(moved[2].data(), inner);
  EXPECT_EQ(moved[2].size(), 12u);
}

TEST(FixedArrayDeathTest, ReplacingAnArrayInUseStopsTheProcess) {
  FixedArray<int64_t> a(10);
  EXPECT_DEATH(a = FixedArray<int64_t>(20), "a FixedArray in use was replaced");
}

}  // namespace
}  // namespace seg::exec
