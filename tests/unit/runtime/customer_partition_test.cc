#include "runtime/customer_partition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>

namespace seg::rt {
namespace {

// What the partition must equal: the kept rows, stably sorted by customer, and each customer's
// first position.
void Expected(const std::vector<int32_t>& customer_of, size_t customers, std::vector<uint32_t>* permutation,
              std::vector<uint32_t>* offsets) {
  permutation->clear();
  for (size_t row = 0; row < customer_of.size(); ++row) {
    if (customer_of[row] >= 0) permutation->push_back(static_cast<uint32_t>(row));
  }
  std::stable_sort(permutation->begin(), permutation->end(),
                   [&](uint32_t a, uint32_t b) { return customer_of[a] < customer_of[b]; });
  offsets->assign(customers + 1, 0);
  for (uint32_t row : *permutation) ++(*offsets)[static_cast<size_t>(customer_of[row]) + 1];
  std::partial_sum(offsets->begin(), offsets->end(), offsets->begin());
}

// Random customers (with rows of nobody, as unknown or missing keys give) for customer counts
// from none to enough for several buckets with many low bits, and row counts below and above
// the cut into one range per thread: every thread count must give std::stable_sort's order.
TEST(CustomerPartitionTest, EqualsStableSortForAnyCustomersRowsAndThreads) {
  std::mt19937 random(16);
  struct Case {
    size_t customers, rows;
    int left_out_per_100;
  };
  for (Case c : std::vector<Case>{{0, 1000, 100},
                                  {1, 1000, 10},
                                  {3, 200000, 0},
                                  {1024, 100000, 5},
                                  {1025, 150000, 5},
                                  {70000, 300000, 20},
                                  {3000000, 200000, 1}}) {
    std::vector<int32_t> customer_of(c.rows);
    for (int32_t& customer : customer_of) {
      bool left_out = c.customers == 0 || static_cast<int>(random() % 100) < c.left_out_per_100;
      customer = left_out ? -1 - static_cast<int32_t>(random() % 3) : static_cast<int32_t>(random() % c.customers);
    }
    std::vector<uint32_t> expected_permutation, expected_offsets;
    Expected(customer_of, c.customers, &expected_permutation, &expected_offsets);
    for (size_t threads : {1, 2, 3}) {
      ThreadPool pool(threads);
      // Both sorts (the radix partition, and the counting sort for grouped files whatever the
      // order of the rows) must give the stable sort.
      for (bool counting : {false, true}) {
        // The slots past the kept rows (and one past the room) are the sort's to leave alone.
        constexpr uint32_t kUntouched = 0xDEADBEEF;
        std::vector<uint32_t> permutation(c.rows + 1, kUntouched), offsets;
        auto customer = [&](size_t row) { return customer_of[row]; };
        size_t kept = counting ? CountingSortRowsByCustomer(c.rows, c.customers, customer, pool, permutation.data(),
                                                            &offsets)
                               : SortRowsByCustomer(c.rows, c.customers, customer, pool, permutation.data(), &offsets);
        EXPECT_EQ(kept, expected_permutation.size());
        EXPECT_TRUE(std::all_of(permutation.begin() + static_cast<std::ptrdiff_t>(std::min(kept, c.rows)),
                                permutation.end(), [](uint32_t slot) { return slot == kUntouched; }));
        permutation.resize(kept);
        std::string what = std::to_string(c.customers) + " customers, " + std::to_string(threads) + " threads" +
                           (counting ? ", counting" : "");
        EXPECT_EQ(permutation, expected_permutation) << what;
        EXPECT_EQ(offsets, expected_offsets) << what;
      }
    }
  }
}

// A time-ordered log's usual shape, and the skew a bucket must survive: one customer holding most
// rows (a bucket far larger than the cache), the others few.
TEST(CustomerPartitionTest, OneCustomerWithMostRows) {
  constexpr size_t kCustomers = 50000;
  std::vector<int32_t> customer_of(400000);
  for (size_t row = 0; row < customer_of.size(); ++row) {
    customer_of[row] = row % 10 == 0 ? static_cast<int32_t>((row * 7919) % kCustomers) : 12345;
  }
  std::vector<uint32_t> expected_permutation, expected_offsets;
  Expected(customer_of, kCustomers, &expected_permutation, &expected_offsets);
  ThreadPool pool(2);
  std::vector<uint32_t> permutation(customer_of.size()), offsets;
  permutation.resize(SortRowsByCustomer(
      customer_of.size(), kCustomers, [&](size_t row) { return customer_of[row]; }, pool, permutation.data(),
      &offsets));
  EXPECT_EQ(permutation, expected_permutation);
  EXPECT_EQ(offsets, expected_offsets);
}

TEST(CustomerPartitionTest, LowBitsKeepBucketsFewAndFitUint16) {
  EXPECT_EQ(customer_partition::LowBits(0), 0);
  EXPECT_EQ(customer_partition::LowBits(1024), 0);  // a bucket per customer
  EXPECT_EQ(customer_partition::LowBits(1025), 1);
  EXPECT_EQ(customer_partition::LowBits(1000000), 10);
  EXPECT_EQ(customer_partition::LowBits(size_t{1} << 31), customer_partition::kMaxLowBits);
}

}  // namespace
}  // namespace seg::rt
