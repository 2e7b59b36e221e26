#include "runtime/money.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "runtime/money_text.h"

namespace seg::rt {
namespace {

int64_t Money(std::string_view text) {
  int64_t value = 0;
  EXPECT_TRUE(ParseMoney(text, &value)) << text;
  return value;
}

TEST(MoneyTest, ParsesPlainDecimals) {
  EXPECT_EQ(Money("12"), 120000);
  EXPECT_EQ(Money("-3.5"), -35000);
  EXPECT_EQ(Money("1234.5678"), 12345678);
  EXPECT_EQ(Money("+0.25"), 2500);
  EXPECT_EQ(Money(".5"), 5000);
  EXPECT_EQ(Money("7."), 70000);
  EXPECT_EQ(Money("-0"), 0);
}

TEST(MoneyTest, RejectsNonDecimals) {
  int64_t value = 0;
  for (std::string_view bad : {"", "-", ".", "abc", "1e3", "1,000", "$5", "1.2.3", " 1", "--1", "1-"}) {
    EXPECT_FALSE(ParseMoney(bad, &value)) << bad;
  }
}

TEST(MoneyTest, RoundsExtraDecimalsHalfToEven) {
  EXPECT_EQ(Money("0.00005"), 0);  // tie, 0 is even
  EXPECT_EQ(Money("0.00015"), 2);  // tie, rounds to even 2
  EXPECT_EQ(Money("0.00025"), 2);
  EXPECT_EQ(Money("0.000250001"), 3);  // above the tie
  EXPECT_EQ(Money("0.00004999"), 0);
  EXPECT_EQ(Money("-0.00015"), -2);  // symmetric for negatives
  EXPECT_EQ(Money("1.99999"), 20000);
}

TEST(MoneyTest, DetectsOverflow) {
  int64_t value = 0;
  EXPECT_TRUE(ParseMoney("922337203685477.5807", &value));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(ParseMoney("922337203685477.5808", &value));
  EXPECT_FALSE(ParseMoney("99999999999999999999999999999999999", &value));
  EXPECT_FALSE(CheckedAddMoney(std::numeric_limits<int64_t>::max(), 1, &value));
  EXPECT_FALSE(CheckedSubMoney(std::numeric_limits<int64_t>::min(), 1, &value));
  EXPECT_FALSE(CheckedMulMoneyByInt(std::numeric_limits<int64_t>::max() / 2, 3, &value));
  EXPECT_FALSE(MulMoneyByDouble(Money("1"), 1e300, &value));
  EXPECT_FALSE(MoneyFromDouble(std::numeric_limits<double>::quiet_NaN(), &value));
}

TEST(MoneyTest, FormatsMinimally) {
  EXPECT_EQ(FormatMoney(Money("12.50")), "12.5");
  EXPECT_EQ(FormatMoney(Money("12")), "12");
  EXPECT_EQ(FormatMoney(Money("-0.25")), "-0.25");
  EXPECT_EQ(FormatMoney(0), "0");
  EXPECT_EQ(FormatMoney(1), "0.0001");
  EXPECT_EQ(FormatMoney(-10001), "-1.0001");
  EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::min()), "-922337203685477.5808");
  EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::max()), "922337203685477.5807");
  EXPECT_EQ(FormatMoney(-1), "-0.0001");
  EXPECT_EQ(FormatMoney(-2500), "-0.25");
  EXPECT_EQ(FormatMoney(-10000), "-1");
  // WriteMoneyText's text at the start of its room; what it writes past the text is not part of it.
  char room[kMoneyTextMax];
  EXPECT_EQ(std::string(room, WriteMoneyText(-9000, room)), "-0.9");
}

// Every fraction, either sign, after a whole part of any length: the digits up to the last
// nonzero one.
TEST(MoneyTest, FormatsEveryFraction) {
  // Whole parts on both sides of 10^8, where WriteMoneyText's digits take another path.
  for (int64_t whole :
       {int64_t{0}, int64_t{7}, int64_t{99999999}, int64_t{100000000}, int64_t{123456789}, int64_t{922337203685476}}) {
    for (int64_t fraction = 0; fraction < kMoneyScale; ++fraction) {
      char digits[8];
      std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(fraction));
      std::string expected = std::to_string(whole);
      if (fraction != 0) expected += "." + std::string(digits).substr(0, std::string(digits).find_last_not_of('0') + 1);
      int64_t value = whole * kMoneyScale + fraction;
      ASSERT_EQ(FormatMoney(value), expected);
      if (value != 0) ASSERT_EQ(FormatMoney(-value), "-" + expected);
      std::string appended = "x";
      AppendMoney(value, &appended);
      ASSERT_EQ(appended, "x" + expected);
    }
  }
}

TEST(MoneyTest, FormatParsesBackExactly) {
  for (int64_t value :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{123456789}, int64_t{-5000}, std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(Money(FormatMoney(value)), value);
  }
}

TEST(MoneyTest, ArithmeticIsExact) {
  int64_t sum = 0;
  ASSERT_TRUE(CheckedAddMoney(Money("0.1"), Money("0.2"), &sum));
  EXPECT_EQ(FormatMoney(sum), "0.3");
  int64_t product = 0;
  ASSERT_TRUE(CheckedMulMoneyByInt(Money("19.99"), 3, &product));
  EXPECT_EQ(FormatMoney(product), "59.97");
  int64_t scaled = 0;
  ASSERT_TRUE(MulMoneyByDouble(Money("10"), 0.15, &scaled));
  EXPECT_EQ(FormatMoney(scaled), "1.5");
}

TEST(MoneyTest, DivisionRoundsHalfToEven) {
  int64_t result = 0;
  ASSERT_TRUE(DivMoneyByInt(Money("10"), 3, &result));
  EXPECT_EQ(FormatMoney(result), "3.3333");
  ASSERT_TRUE(DivMoneyByInt(5, 2, &result));  // 0.00025 -> 0.0002
  EXPECT_EQ(result, 2);
  ASSERT_TRUE(DivMoneyByInt(7, 2, &result));  // 0.00035 -> 0.0004
  EXPECT_EQ(result, 4);
  ASSERT_TRUE(DivMoneyByInt(-7, 2, &result));
  EXPECT_EQ(result, -4);
  ASSERT_TRUE(DivMoneyByInt(7, -2, &result));
  EXPECT_EQ(result, -4);
  EXPECT_FALSE(DivMoneyByInt(Money("1"), 0, &result));
}

TEST(MoneyTest, ConvertsToAndFromDouble) {
  EXPECT_DOUBLE_EQ(MoneyToDouble(Money("1234.5678")), 1234.5678);
  EXPECT_DOUBLE_EQ(MoneyToDouble(Money("-0.5")), -0.5);
  int64_t value = 0;
  ASSERT_TRUE(MoneyFromDouble(2.5, &value));
  EXPECT_EQ(value, 25000);
}

}  // namespace
}  // namespace seg::rt
