// KeyBatch interns a batch of customer keys with their slots prefetched: the codes must be those
// of interning row by row, rows without a key left alone, repeated keys given their first code.
#include "runtime/io/key_batch.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace seg::rt {
namespace {

TEST(KeyBatchTest, GivesTheCodesOfInterningRowByRow) {
  std::mt19937_64 random(7);
  Dictionary by_row;
  Dictionary batched;
  batched.Reserve(100);  // smaller than the keys: the table grows between prefetch and insert
  KeyBatch batch;
  for (size_t round = 0; round < 20; ++round) {
    size_t rows = 1 + random() % 1500;
    std::vector<uint8_t> valid(rows);
    std::vector<int32_t> expected(rows, -7);
    std::vector<int32_t> codes(rows, -7);
    for (size_t row = 0; row < rows; ++row) {
      valid[row] = random() % 10 != 0;
      if (!valid[row]) continue;
      // Mostly new keys, some repeated (within the batch and from earlier ones), of any length.
      std::string key = random() % 8 == 0 ? "C" + std::to_string(random() % 50)
                                          : "customer-" + std::to_string(random()) + std::string(random() % 20, 'x');
      expected[row] = by_row.Intern(key);
      batch.Add(key);
    }
    batch.InternInto(&batched, valid.data(), rows, codes.data());
    EXPECT_EQ(codes, expected) << round;
  }
  EXPECT_TRUE(batched == by_row);
}

}  // namespace
}  // namespace seg::rt
