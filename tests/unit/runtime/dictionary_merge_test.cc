#include "runtime/dictionary_merge.h"

#include <gtest/gtest.h>

#include "runtime/thread_pool.h"

namespace seg::rt {
namespace {

// A few parts are merged by looking keys up in the earlier parts' tables, more by hash
// partitions: both as Dictionary::Merge part after part, for any pool.
TEST(DictionaryMergeTest, MatchesMergingPartAfterPart) {
  for (size_t part_count : {2u, 3u, 4u, 5u, 9u}) {
    std::vector<Dictionary> parts(part_count);
    for (size_t part = 0; part < parts.size(); ++part) {
      for (int i = 0; i < 3000; ++i) parts[part].Intern("key" + std::to_string((i * 31 + part * 977) % 5000));
    }
    Dictionary sequential;
    std::vector<std::vector<int32_t>> sequential_remaps;
    for (const Dictionary& part : parts) sequential_remaps.push_back(sequential.Merge(part));

    std::vector<const Dictionary*> pointers;
    for (const Dictionary& part : parts) pointers.push_back(&part);
    for (size_t threads : {1u, 3u, 8u}) {
      ThreadPool pool(threads);
      MergedDictionary merged = MergeDictionaries(pointers, pool);
      EXPECT_TRUE(merged.dictionary == sequential) << part_count << " parts, " << threads << " threads";
      EXPECT_EQ(merged.remaps, sequential_remaps) << part_count << " parts, " << threads << " threads";
      EXPECT_EQ(merged.dictionary.Find("key4999"), sequential.Find("key4999"));
      // Laid out without a hash table, it still interns as the sequential one does.
      EXPECT_EQ(merged.dictionary.Intern("key17"), sequential.Find("key17"));
      EXPECT_EQ(merged.dictionary.Intern("new"), static_cast<int32_t>(sequential.size()));
    }
  }
}

// A part read from a snapshot has no hash table until its first lookup (FromParts); a key of a
// later part that only such a part holds must still be found there.
TEST(DictionaryMergeTest, LooksKeysUpInPartsWithoutATableYet) {
  Dictionary first;
  for (int i = 0; i < 100; ++i) first.Intern("k" + std::to_string(i));
  Dictionary unhashed = Dictionary::FromParts(std::string(first.bytes()),
                                              std::vector<uint64_t>(first.ends().begin(), first.ends().end()));
  Dictionary second;
  for (int i = 150; i >= 50; --i) second.Intern("k" + std::to_string(i));
  std::vector<const Dictionary*> parts = {&unhashed, &second};
  ThreadPool pool(2);
  MergedDictionary merged = MergeDictionaries(parts, pool);
  Dictionary sequential;
  std::vector<std::vector<int32_t>> sequential_remaps;
  for (const Dictionary* part : parts) sequential_remaps.push_back(sequential.Merge(*part));
  EXPECT_TRUE(merged.dictionary == sequential);
  EXPECT_EQ(merged.remaps, sequential_remaps);
}

TEST(DictionaryMergeTest, HandlesEmptyParts) {
  Dictionary empty;
  Dictionary one;
  one.Intern("x");
  std::vector<const Dictionary*> parts = {&empty, &one, &empty};
  ThreadPool pool(2);
  MergedDictionary merged = MergeDictionaries(parts, pool);
  EXPECT_EQ(merged.dictionary.size(), 1u);
  EXPECT_EQ(merged.remaps[1], (std::vector<int32_t>{0}));
  EXPECT_TRUE(merged.remaps[0].empty());
}

}  // namespace
}  // namespace seg::rt
