#include "runtime/customer_key.h"

#include <gtest/gtest.h>

#include "runtime/value_order.h"

namespace seg::rt {
namespace {

Column IntKeys(std::initializer_list<int64_t> keys) {
  Column c(ValueType::kInt);
  for (int64_t k : keys) c.AppendInt64(k);
  return c;
}

Column TextKeys(std::initializer_list<const char*> keys) {
  Column c(ValueType::kId);
  for (const char* k : keys) c.AppendText(k);
  return c;
}

TEST(CustomerKeyTest, IntKeysInNumericOrder) {
  Column keys = IntKeys({10, 2, -5, 100, 7});
  EXPECT_EQ(RowsInKeyOrder(keys), (std::vector<uint32_t>{2, 1, 4, 0, 3}));
  EXPECT_LT(CompareCustomerKeys(keys, 1, 0), 0);  // 2 before 10, not "10" before "2"
  EXPECT_GT(CompareCustomerKeys(keys, 3, 4), 0);
  EXPECT_EQ(CompareCustomerKeys(keys, 0, 0), 0);
}

TEST(CustomerKeyTest, TextKeysInByteOrder) {
  // Unsigned bytes: upper case before lower case, "c10" before "c2", UTF-8 'é' (0xC3..) after 'z'.
  Column keys = TextKeys({"c2", "c10", "b1", "C3", "\xC3\xA9", "z"});
  EXPECT_EQ(RowsInKeyOrder(keys), (std::vector<uint32_t>{3, 2, 1, 0, 5, 4}));
  EXPECT_LT(CompareTextKeys("z", "\xC3\xA9"), 0);
  EXPECT_LT(CompareTextKeys("c10", "c2"), 0);
  EXPECT_LT(CompareTextKeys("a", "ab"), 0);
}

TEST(CustomerKeyTest, MissingKeysSortFirst) {
  Column keys = TextKeys({"b", "a"});
  keys.AppendNull();
  EXPECT_EQ(RowsInKeyOrder(keys), (std::vector<uint32_t>{2, 1, 0}));
  EXPECT_LT(CompareCustomerKeys(keys, 2, 1), 0);
}

TEST(CustomerKeyTest, TextAndLookup) {
  Column ints = IntKeys({42, 7});
  EXPECT_EQ(CustomerKeyText(ints, 0), "42");
  EXPECT_EQ(FindCustomerRow(ints, "0007"), std::optional<size_t>(1));
  EXPECT_EQ(FindCustomerRow(ints, "7x"), std::nullopt);
  Column texts = TextKeys({"0042", "7"});
  EXPECT_EQ(CustomerKeyText(texts, 0), "0042");
  EXPECT_EQ(FindCustomerRow(texts, "0042"), std::optional<size_t>(0));
  EXPECT_EQ(FindCustomerRow(texts, "42"), std::nullopt);  // text keys match as text
  EXPECT_TRUE(IsCustomerKeyType(ValueType::kInt));
  EXPECT_FALSE(IsCustomerKeyType(ValueType::kFloat));
}

}  // namespace
}  // namespace seg::rt

namespace seg::rt {
namespace {

TEST(ValueOrderTest, MissingFirstThenValuesInTheirOwnOrder) {
  Column floats(ValueType::kFloat);
  floats.AppendDouble(0.0);
  floats.AppendDouble(-0.0);
  floats.AppendNull();
  floats.AppendDouble(-1.5);
  EXPECT_LT(CompareColumnValues(floats, 1, 0), 0);  // -0 before +0
  EXPECT_LT(CompareColumnValues(floats, 2, 3), 0);  // missing first
  EXPECT_LT(CompareColumnValues(floats, 3, 1), 0);
  Column tags(ValueType::kTags);
  tags.AddTag("vip");
  tags.FinishTags();
  tags.AddTag("new");
  tags.AddTag("vip");
  tags.FinishTags();
  tags.AddTag("new");
  tags.FinishTags();
  EXPECT_GT(CompareColumnValues(tags, 0, 1), 0);  // "vip" after "new", ...
  EXPECT_LT(CompareColumnValues(tags, 2, 1), 0);  // a list before its extensions
  Column dates(ValueType::kDate);
  dates.AppendInt32(20000);
  dates.AppendInt32(-5);
  EXPECT_GT(CompareColumnValues(dates, 0, 1), 0);
}

}  // namespace
}  // namespace seg::rt
