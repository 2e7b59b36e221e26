#include "runtime/dictionary.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
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

// FromParts over views (a snapshot's mapping, here a buffer this test keeps): values are read
// where they are, looked up, and an Intern copies them first, never writing the viewed memory.
TEST(DictionaryTest, FromPartsViewsMemoryAndCopiesItOnlyToIntern) {
  Dictionary built;
  for (int i = 0; i < 1000; ++i) built.Intern("id" + std::to_string(i));
  auto bytes = std::make_shared<const std::string>(built.bytes());
  auto ends = std::make_shared<const std::vector<uint64_t>>(built.ends().begin(), built.ends().end());
  Dictionary viewed = Dictionary::FromParts(Buffer<char>::View(bytes->data(), bytes->size(), bytes),
                                            Buffer<uint64_t>::View(ends->data(), ends->size(), ends));
  EXPECT_EQ(viewed.bytes().data(), bytes->data());  // not copied
  EXPECT_EQ(viewed.Value(7), "id7");
  EXPECT_EQ(viewed.Find("id999"), 999);
  EXPECT_EQ(viewed, built);
  Dictionary copied = viewed.ValuesOnly();
  EXPECT_EQ(copied.bytes().data(), bytes->data());  // still a view
  EXPECT_EQ(viewed.Intern("id5"), 5);
  EXPECT_EQ(viewed.Intern("new"), 1000);
  EXPECT_NE(viewed.bytes().data(), bytes->data());  // copied before the append
  EXPECT_EQ(*bytes, std::string(built.bytes()));    // the viewed memory is unchanged
  EXPECT_EQ(viewed.Value(1000), "new");
  EXPECT_EQ(copied.Find("new"), -1);
  EXPECT_EQ(copied.Value(999), "id999");
}

// FromParts (a dictionary read from a snapshot) builds its hash table at the first lookup, from
// any thread, and a copy or a move made before that looks up correctly too.
TEST(DictionaryTest, FromPartsHashesAtTheFirstLookup) {
  Dictionary built;
  for (int i = 0; i < 5000; ++i) built.Intern("key" + std::to_string(i));
  std::string bytes(built.bytes());
  std::vector<uint64_t> ends(built.ends().begin(), built.ends().end());
  Dictionary read = Dictionary::FromParts(bytes, ends);
  Dictionary copied = read;
  Dictionary moved;
  moved = Dictionary::FromParts(bytes, ends);  // a move, before any lookup
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 5000; i += 4) wrong += read.Find("key" + std::to_string(i)) != i;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(read.Find("absent"), -1);
  EXPECT_EQ(copied.Find("key4999"), 4999);
  EXPECT_EQ(moved.Intern("key17"), 17);
  EXPECT_EQ(moved.Intern("new"), 5000);
  EXPECT_EQ(Dictionary::FromParts("", {}).Find("x"), -1);
}

// ValuesOnly copies the values and codes but not the table: it is built at the first lookup.
TEST(DictionaryTest, ValuesOnlyIsTheSameDictionary) {
  Dictionary built;
  for (int i = 0; i < 3000; ++i) built.Intern("key" + std::to_string(i * 7 % 3000));
  Dictionary copy = built.ValuesOnly();
  EXPECT_TRUE(copy == built);
  EXPECT_EQ(copy.Find("key21"), built.Find("key21"));
  EXPECT_EQ(copy.Intern("key7"), built.Find("key7"));
  EXPECT_EQ(copy.Intern("other"), 3000);
  EXPECT_EQ(built.Find("other"), -1);
}

}  // namespace
}  // namespace seg::rt
