#include "runtime/thread_pool.h"

#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>

namespace seg::rt {
namespace {

TEST(ThreadPoolTest, CoversEveryIndexExactlyOnce) {
  for (size_t threads : {1u, 2u, 4u}) {
    ThreadPool pool(threads);
    std::vector<int> hits(10007, 0);
    pool.ParallelFor(hits.size(), 64, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++hits[i];
    });
    EXPECT_EQ(std::accumulate(hits.begin(), hits.end(), 0), 10007) << threads;
    EXPECT_EQ(*std::min_element(hits.begin(), hits.end()), 1);
  }
}

TEST(ThreadPoolTest, IsReusableAndNestedLoopsRunInline) {
  ThreadPool pool(3);
  std::vector<long> sums(100, 0);
  for (int round = 0; round < 20; ++round) {
    pool.ParallelFor(sums.size(), 7, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        pool.ParallelFor(10, 3, [&](size_t b, size_t e) { sums[i] += static_cast<long>(e - b); });
      }
    });
  }
  for (long sum : sums) EXPECT_EQ(sum, 200);
}

TEST(ThreadPoolTest, RethrowsTheFirstException) {
  ThreadPool pool(4);
  EXPECT_THROW(pool.ParallelFor(1000, 10,
                                [](size_t begin, size_t) {
                                  if (begin == 500) throw std::runtime_error("boom");
                                }),
               std::runtime_error);
  // Still usable afterwards.
  size_t count = 0;
  std::mutex mutex;
  pool.ParallelFor(100, 10, [&](size_t begin, size_t end) {
    std::lock_guard<std::mutex> lock(mutex);
    count += end - begin;
  });
  EXPECT_EQ(count, 100u);
}

}  // namespace
}  // namespace seg::rt
