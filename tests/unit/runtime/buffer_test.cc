// rt::Buffer: a view of another owner's memory stays a view through every read, whether the
// buffer is const or not, and is copied only by a change that says so (mutable_data, push_back).
#include "runtime/buffer.h"

#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <span>
#include <type_traits>
#include <vector>

namespace seg::rt {
namespace {

// A read through a buffer that is not const gives a const reference: no way to read a value
// can also write it, so none has to copy a view to be safe.
static_assert(std::is_same_v<decltype(std::declval<Buffer<int>&>()[0]), const int&>);
static_assert(std::is_same_v<decltype(std::declval<Buffer<int>&>().front()), const int&>);
static_assert(std::is_same_v<decltype(std::declval<Buffer<int>&>().back()), const int&>);
static_assert(std::is_same_v<decltype(std::declval<Buffer<int>&>().begin()), const int*>);
static_assert(std::is_same_v<decltype(std::declval<Buffer<int>&>().data()), const int*>);

Buffer<int> ViewOf(const std::shared_ptr<const std::vector<int>>& owner) {
  return Buffer<int>::View(owner->data(), owner->size(), owner);
}

TEST(BufferTest, AViewStaysAViewThroughEveryRead) {
  auto owner = std::make_shared<const std::vector<int>>(std::vector<int>{3, 1, 4, 1, 5, 9});
  Buffer<int> view = ViewOf(owner);  // not const: the reads below must not copy it either
  const int* mapped = owner->data();
  auto still_viewed = [&](const char* read) {
    EXPECT_TRUE(view.viewing()) << read;
    EXPECT_EQ(view.data(), mapped) << read;
  };
  EXPECT_EQ(view.size(), 6u);
  EXPECT_FALSE(view.empty());
  still_viewed("size, empty");
  EXPECT_EQ(view[2], 4);
  still_viewed("operator[]");
  EXPECT_EQ(&view[5], mapped + 5);
  still_viewed("address of operator[]");
  EXPECT_EQ(view.front(), 3);
  EXPECT_EQ(view.back(), 9);
  still_viewed("front, back");
  EXPECT_EQ(std::accumulate(view.begin(), view.end(), 0), 23);
  int sum = 0;
  for (int v : view) sum += v;
  EXPECT_EQ(sum, 23);
  still_viewed("begin, end, range for");
  std::span<const int> span = view;
  EXPECT_EQ(span.data(), mapped);
  still_viewed("span");
  EXPECT_TRUE(view == ViewOf(owner));
  still_viewed("==");
  Buffer<int> copy = view;
  EXPECT_TRUE(copy.viewing());
  EXPECT_EQ(copy.data(), mapped);
  still_viewed("copy");
  Buffer<int> shared = view.Shared();
  EXPECT_EQ(shared.data(), mapped);
  still_viewed("Shared");
}

TEST(BufferTest, AWriteCopiesAViewAndLeavesTheViewedMemoryAlone) {
  auto owner = std::make_shared<const std::vector<int>>(std::vector<int>{1, 2, 3});
  Buffer<int> view = ViewOf(owner);
  Buffer<int> other = view;
  view.mutable_data()[1] = 20;
  EXPECT_FALSE(view.viewing());
  EXPECT_NE(view.data(), owner->data());
  EXPECT_EQ(view, Buffer<int>({1, 20, 3}));
  EXPECT_EQ((*owner)[1], 2);
  EXPECT_TRUE(other.viewing());  // a copy of the view is not changed by the write
  EXPECT_EQ(other[1], 2);
  other.push_back(4);
  EXPECT_FALSE(other.viewing());
  EXPECT_EQ(other, Buffer<int>({1, 2, 3, 4}));
}

TEST(BufferTest, AnOwningBufferIsWrittenInPlace) {
  Buffer<int> owned(std::vector<int>{1, 2, 3});
  const int* before = owned.data();
  owned.mutable_data()[0] = 7;
  EXPECT_EQ(owned.data(), before);
  EXPECT_EQ(owned[0], 7);
}

}  // namespace
}  // namespace seg::rt
