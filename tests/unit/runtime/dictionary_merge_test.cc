#include "runtime/dictionary_merge.h"

#include <gtest/gtest.h>

#include "runtime/thread_pool.h"

namespace seg::rt {
namespace {

TEST(DictionaryMergeTest, MatchesMergingPartAfterPart) {
  std::vector<Dictionary> parts(5);
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
    EXPECT_TRUE(merged.dictionary == sequential) << threads;
    EXPECT_EQ(merged.remaps, sequential_remaps) << threads;
    EXPECT_EQ(merged.dictionary.Find("key4999"), sequential.Find("key4999"));
    // Laid out without a hash table, it still interns as the sequential one does.
    EXPECT_EQ(merged.dictionary.Intern("key17"), sequential.Find("key17"));
    EXPECT_EQ(merged.dictionary.Intern("new"), static_cast<int32_t>(sequential.size()));
  }
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
