#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/dictionary.h"

namespace seg::rt {

class ThreadPool;

struct MergedDictionary {
  Dictionary dictionary;
  // remaps[part][code in part] = code in `dictionary`.
  std::vector<std::vector<int32_t>> remaps;
};

// Merges dictionaries built over consecutive pieces of one input into the dictionary a single
// pass would have built: codes in order of first appearance across the parts in order. Equal to
// calling Dictionary::Merge part after part, but the hash work runs on the pool, and only the
// final numbering (a linear scan) is sequential. This keeps loads of many distinct customer ids
// from serialising on one thread. A few parts (one per loading thread on most machines): each
// part's keys are looked up in the earlier parts' own tables, built while loading. More: keys are
// split into hash partitions, each partition finds its keys' first appearances independently.
MergedDictionary MergeDictionaries(std::span<const Dictionary* const> parts, ThreadPool& pool);

}  // namespace seg::rt
