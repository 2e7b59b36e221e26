#include "runtime/decimal_text.h"

#include <gtest/gtest.h>

#include <charconv>
#include <limits>
#include <string>

namespace seg::rt {
namespace {

std::string Text(int64_t value) {
  char room[kIntTextMax];
  return std::string(room, WriteIntText(value, room));
}

std::string Reference(int64_t value) {
  char room[24];
  return std::string(room, std::to_chars(room, room + sizeof room, value).ptr);
}

TEST(DecimalTextTest, WritesWhatToCharsWrites) {
  // Every value with up to six digits, either sign, and the edges of every digit count, where
  // the eight-digit word and the longer path meet.
  for (int64_t value = -1000000; value <= 1000000; ++value) ASSERT_EQ(Text(value), Reference(value));
  for (int64_t power = 1; power <= std::numeric_limits<int64_t>::max() / 10; power *= 10) {
    for (int64_t near = power - 2; near <= power + 2; ++near) {
      ASSERT_EQ(Text(near), Reference(near));
      ASSERT_EQ(Text(-near), Reference(-near));
    }
  }
  for (int64_t value : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1,
                        std::numeric_limits<int64_t>::max(), int64_t{99999999}, int64_t{100000000}}) {
    EXPECT_EQ(Text(value), Reference(value));
  }
  EXPECT_EQ(Text(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  // Values of every size (xorshift, each also cut to a random number of bits).
  uint64_t state = 88172645463325252ull;
  for (int i = 0; i < 1000000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    ASSERT_EQ(Text(static_cast<int64_t>(state)), Reference(static_cast<int64_t>(state)));
    auto cut = static_cast<int64_t>(state >> (state & 63));
    ASSERT_EQ(Text(cut), Reference(cut));
    ASSERT_EQ(Text(-cut), Reference(-cut));
  }
}

// The small values' texts where the table holds them: the digits, and 32 readable bytes from
// each one's start (the last one's included: the table's padding).
TEST(DecimalTextTest, SmallValuesAreInTheTable) {
  for (uint64_t value = 0; value < kSmallValues; ++value) {
    ASSERT_EQ(std::string(SmallValueText(value), SmallValueSize(value)), Reference(static_cast<int64_t>(value)));
  }
  const char* table_end = reinterpret_cast<const char*>(decimal_detail::kSmallTexts.data() +
                                                        decimal_detail::kSmallTexts.size());
  EXPECT_GE(table_end - SmallValueText(kSmallValues - 1), 32);
  EXPECT_EQ(std::string(SmallValueText(kSmallValues - 1), SmallValueSize(kSmallValues - 1)), "9999");
}

TEST(DecimalTextTest, CountsDigits) {
  EXPECT_EQ(DecimalDigits(0), 1);
  EXPECT_EQ(DecimalDigits(9), 1);
  EXPECT_EQ(DecimalDigits(10), 2);
  EXPECT_EQ(DecimalDigits(99999999), 8);
  EXPECT_EQ(DecimalDigits(100000000), 9);
  EXPECT_EQ(DecimalDigits(std::numeric_limits<uint64_t>::max()), 20);
}

}  // namespace
}  // namespace seg::rt
