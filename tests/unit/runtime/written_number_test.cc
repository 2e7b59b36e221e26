#include "runtime/written_number.h"

#include <gtest/gtest.h>

#include <limits>

#include "runtime/money.h"

namespace seg::rt {
namespace {

TEST(WrittenNumberTest, WholeNumbersUpTo64Bits) {
  int64_t value = 0;
  WrittenNumberError error;
  EXPECT_TRUE(ParseWrittenInt("9223372036854775807", &value, &error));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(ParseWrittenInt("-9223372036854775808", &value, &error));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(ParseWrittenInt("9223372036854775808", &value, &error));
  EXPECT_EQ(error.problem, "is beyond the range of whole numbers");
  EXPECT_FALSE(ParseWrittenInt("12x", &value, &error));
  EXPECT_EQ(error.problem, "is not a whole number");
  EXPECT_FALSE(ParseWrittenInt("", &value, &error));
}

TEST(WrittenNumberTest, FloatsMustBeFinite) {
  double value = 0;
  WrittenNumberError error;
  EXPECT_TRUE(ParseWrittenFloat("2.5", &value, &error));
  EXPECT_EQ(value, 2.5);
  EXPECT_TRUE(ParseWrittenFloat("-1e-3", &value, &error));
  EXPECT_FALSE(ParseWrittenFloat("1e400", &value, &error));
  EXPECT_EQ(error.problem, "is beyond the range of numbers");
  EXPECT_FALSE(ParseWrittenFloat("1" + std::string(400, '0') + ".5", &value, &error));
  EXPECT_EQ(error.problem, "is beyond the range of numbers");
  EXPECT_FALSE(ParseWrittenFloat("1e-400", &value, &error));
  EXPECT_EQ(error.problem, "is too close to zero to tell apart from 0");
  for (const char* bad : {"inf", "-inf", "nan", "", "1,5"}) {
    EXPECT_FALSE(ParseWrittenFloat(bad, &value, &error)) << bad;
    EXPECT_EQ(error.problem, "is not a finite number") << bad;
  }
}

TEST(WrittenNumberTest, MoneyInRangeAndExact) {
  int64_t value = 0;
  WrittenNumberError error;
  EXPECT_TRUE(ParseWrittenMoney("922337203685477.5807", &value, &error));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(ParseWrittenMoney("-922337203685477.5808", &value, &error));
  EXPECT_EQ(value, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(ParseWrittenMoney("19.990000", &value, &error));
  EXPECT_EQ(value, 199900);
  for (const char* beyond : {"922337203685477.5808", "99999999999999999999.5",
                             "1"
                             "000000000000000000000000000000000000"}) {
    EXPECT_FALSE(ParseWrittenMoney(beyond, &value, &error)) << beyond;
    EXPECT_EQ(error.problem, "is beyond the money range") << beyond;
  }
  EXPECT_FALSE(ParseWrittenMoney("19.99999", &value, &error));
  EXPECT_EQ(error.problem, "has more decimal places than money holds");
  EXPECT_EQ(error.limits, "money holds four decimal places; the nearest amount is 20");
  EXPECT_FALSE(ParseWrittenMoney("$5", &value, &error));
  EXPECT_EQ(error.problem, "is not an amount of money");
}

TEST(WrittenNumberTest, DataKeepsRoundingWhereWrittenMoneyRefuses) {
  int64_t value = 0;
  EXPECT_EQ(ParseMoneyWithReason("19.99999", &value), MoneyParse::kRounded);
  EXPECT_EQ(value, 200000);
  EXPECT_TRUE(ParseMoney("19.99999", &value));
  EXPECT_EQ(ParseMoneyWithReason("19.99990", &value), MoneyParse::kOk);
  EXPECT_EQ(ParseMoneyWithReason("1" + std::string(40, '0') + ".5", &value), MoneyParse::kOutOfRange);
  EXPECT_EQ(ParseMoneyWithReason("1" + std::string(40, '0') + "x", &value), MoneyParse::kMalformed);
  EXPECT_EQ(ParseMoneyWithReason("1.2.3", &value), MoneyParse::kMalformed);
}

}  // namespace
}  // namespace seg::rt
