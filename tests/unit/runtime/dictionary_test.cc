#include "runtime/dictionary.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace seg::rt {
namespace {

// Intern remembers the last value: runs, interleavings and returns to older values must all give
// the codes of first appearance, as without the shortcut.
TEST(DictionaryTest, RepeatedAndInterleavedValuesKeepFirstAppearanceCodes) {
  std::vector<std::string> values = {"b", "b", "a", "b", "a", "a", "c", "", "", "b", "ab", "a", "ab", "c"};
  Dictionary dictionary;
  std::vector<int32_t> codes;
  for (const std::string& v : values) codes.push_back(dictionary.Intern(v));
  EXPECT_EQ(codes, (std::vector<int32_t>{0, 0, 1, 0, 1, 1, 2, 3, 3, 0, 4, 1, 4, 2}));
  EXPECT_EQ(dictionary.values(), (std::vector<std::string>{"b", "a", "c", "", "ab"}));
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(dictionary.Find(values[i]), codes[i]);
}

TEST(DictionaryTest, APrefixOfTheLastValueIsAnotherValue) {
  Dictionary dictionary;
  EXPECT_EQ(dictionary.Intern("C000012"), 0);
  EXPECT_EQ(dictionary.Intern("C00001"), 1);
  EXPECT_EQ(dictionary.Intern("C000012"), 0);
  EXPECT_EQ(dictionary.Intern("C0000123"), 2);
  EXPECT_EQ(dictionary.size(), 3u);
}

TEST(DictionaryTest, MovedFromAndCopiedDictionariesInternCorrectly) {
  Dictionary first;
  first.Intern("x");
  first.Intern("y");
  Dictionary copy = first;
  EXPECT_EQ(copy.Intern("y"), 1);
  EXPECT_EQ(copy.Intern("z"), 2);
  Dictionary moved = std::move(first);
  EXPECT_EQ(moved.Intern("y"), 1);
  first = Dictionary();
  EXPECT_EQ(first.Intern("y"), 0);  // the remembered code of the old contents is not reused
  EXPECT_EQ(first.size(), 1u);
}

}  // namespace
}  // namespace seg::rt
