// FindRepeatedKeys: keys coded in row order (a customer file read in one pass, no repeat) are
// told apart by one sequential pass; any other coding is checked key by key, and a repeat is
// found in either.
#include "runtime/io/repeated_keys.h"

#include <gtest/gtest.h>

namespace seg::rt {
namespace {

Column Keys(std::initializer_list<const char*> keys) {
  Column column(ValueType::kId);
  for (const char* key : keys) {
    if (key == nullptr) {
      column.AppendNull();
    } else {
      column.AppendText(key);
    }
  }
  return column;
}

TEST(RepeatedKeysTest, KeysCodedInRowOrderHaveNoRepeat) {
  EXPECT_TRUE(FindRepeatedKeys(Keys({"a", "b", "c"})).empty());
  EXPECT_TRUE(FindRepeatedKeys(Keys({})).empty());
}

TEST(RepeatedKeysTest, ARepeatIsFoundWhereverItIs) {
  std::vector<RepeatedKey> repeated = FindRepeatedKeys(Keys({"a", "b", "a", "c", "b"}));
  ASSERT_EQ(repeated.size(), 2u);
  EXPECT_EQ(repeated[0].row, 2u);
  EXPECT_EQ(repeated[0].first_row, 0u);
  EXPECT_EQ(repeated[1].row, 4u);
  EXPECT_EQ(repeated[1].first_row, 1u);
  // A missing key is no repeat, and its row (code 0) does not hide one after it.
  repeated = FindRepeatedKeys(Keys({"a", nullptr, "b", "b"}));
  ASSERT_EQ(repeated.size(), 1u);
  EXPECT_EQ(repeated[0].row, 3u);
}

// Codes not in row order (a dictionary that held the keys before the rows came): no repeat is
// made up, and a real one is found.
TEST(RepeatedKeysTest, KeysCodedOutOfRowOrderAreCheckedKeyByKey) {
  Column distinct(ValueType::kId);
  distinct.mutable_dictionary().Intern("z");
  for (const char* key : {"a", "b", "z"}) distinct.AppendText(key);
  EXPECT_TRUE(FindRepeatedKeys(distinct).empty());
  distinct.AppendText("a");
  ASSERT_EQ(FindRepeatedKeys(distinct).size(), 1u);
}

}  // namespace
}  // namespace seg::rt
