#include "runtime/io/customer_key_numbers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace seg::rt {
namespace {

Column Keys(const std::vector<std::string>& keys) {
  Column column(ValueType::kId);
  for (const std::string& key : keys) key.empty() ? column.AppendNull() : column.AppendText(key);
  return column;
}

TEST(CustomerKeyNumbersTest, PrefixAndFixedWidthDigitsResolveToTheCustomersCodes) {
  // Out of order, a missing key among them: codes are the column's, whatever the numbers.
  Column keys = Keys({"C0000007", "C0000002", "", "C0000010", "C0000001"});
  auto numbers = CustomerKeyNumbers::Of(keys);
  ASSERT_NE(numbers, nullptr);
  EXPECT_EQ(numbers->CodeOf("C0000007"), keys.dictionary().Find("C0000007"));
  EXPECT_EQ(numbers->CodeOf("C0000002"), keys.dictionary().Find("C0000002"));
  EXPECT_EQ(numbers->CodeOf("C0000010"), keys.dictionary().Find("C0000010"));
  EXPECT_EQ(numbers->CodeOf("C0000001"), keys.dictionary().Find("C0000001"));
  EXPECT_TRUE(numbers->dictionary() == keys.dictionary());
}

TEST(CustomerKeyNumbersTest, KeysOfAnotherShapeAreNoCustomers) {
  auto numbers = CustomerKeyNumbers::Of(Keys({"C0000001", "C0000002", "C0000003"}));
  ASSERT_NE(numbers, nullptr);
  for (const char* other : {"C0000004",    // the shape, but nobody's number
                            "C0000000",    // within the array, nobody's
                            "C9999999",    // beyond the array
                            "C2",          // the number of a customer, written shorter
                            "C00000002",   // ... or with one leading zero more
                            "c0000002",    // another prefix
                            "D0000002",    //
                            "C000000x",    // not digits
                            "C-000002",    //
                            "C 000002",    //
                            "0000002",     // no prefix
                            "",            //
                            "C0000002 "})  // a trailing space
    EXPECT_EQ(numbers->CodeOf(other), -1) << other;
}

// Customers in number order from any first number (the computed code) and with a gap or a swap
// (the looked-up code) resolve alike: each key its customer's code, numbers outside nobody's.
TEST(CustomerKeyNumbersTest, CustomersInNumberOrderOrNotResolveAlike) {
  for (const std::vector<std::string>& customers :
       std::vector<std::vector<std::string>>{{"C0000005", "C0000006", "C0000007"},
                                             {"C0000005", "C0000006", "C0000008"},
                                             {"C0000005", "C0000007", "C0000006"},
                                             {"C0000005", "", "C0000006", "C0000007"}}) {
    Column keys = Keys(customers);
    auto numbers = CustomerKeyNumbers::Of(keys);
    ASSERT_NE(numbers, nullptr);
    for (int number = 0; number <= 12; ++number) {
      std::string key = "C000000" + std::to_string(number);
      if (number >= 10) key = "C00000" + std::to_string(number);
      EXPECT_EQ(numbers->CodeOf(key), keys.dictionary().Find(key)) << key << " among " << customers.size();
    }
  }
}

TEST(CustomerKeyNumbersTest, AllDigitKeysWithLeadingZerosHaveAnEmptyPrefix) {
  Column keys = Keys({"0001", "0002", "0010"});
  auto numbers = CustomerKeyNumbers::Of(keys);
  ASSERT_NE(numbers, nullptr);
  EXPECT_EQ(numbers->CodeOf("0010"), 2);
  EXPECT_EQ(numbers->CodeOf("10"), -1);
  EXPECT_EQ(numbers->CodeOf("1"), -1);
  EXPECT_EQ(numbers->CodeOf("00010"), -1);
}

TEST(CustomerKeyNumbersTest, KeysWithoutTheShapeGetNoNumbering) {
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({"C1", "C22", "C333"})), nullptr);     // widths vary
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({"C0000001", "D0000002"})), nullptr);  // prefixes vary
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({"C0000001", "C00000x2"})), nullptr);  // a letter among digits
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({"alice", "bob"})), nullptr);          // no digits
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({"C0000001", "C9999999"})), nullptr);  // too sparse
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({"K1234567890123456789"})), nullptr);  // 19 digits
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({})), nullptr);                        // no customers
  EXPECT_EQ(CustomerKeyNumbers::Of(Keys({""})), nullptr);                      // only a missing key
  Column ints(ValueType::kInt);
  ints.AppendInt64(1);
  EXPECT_EQ(CustomerKeyNumbers::Of(ints), nullptr);  // int keys are matched by value elsewhere
}

}  // namespace
}  // namespace seg::rt
