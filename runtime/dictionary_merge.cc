#include "runtime/dictionary_merge.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "runtime/thread_pool.h"

namespace seg::rt {

namespace {

// A key's first appearance: its part and its code there.
struct Occurrence {
  uint32_t part;
  uint32_t code;
};

// Up to this many parts a key is looked up in each earlier part's table (MergeByLookups): a key
// of the last of 4 parts costs 3 lookups, about what hashing it and interning it into a table of
// its own costs the partitioned merge. With 2 parts, half the keys take one lookup and the first
// part's take none, where the partitioned merge hashed and interned all of them into new tables
// that, with millions of customer keys, are far larger than the cache.
constexpr size_t kMaxLookupParts = 4;

// The merged dictionary from each key's first appearance: `is_first(part, code)` says whether the
// key is new there, `origin(part, code)` gives a later appearance's first one (an earlier part's).
// The first appearances, in part order, are the merged values: they are distinct, so they are
// laid end to end without a hash table, which the merged dictionary builds at its first lookup
// if it ever has one (the customers' keys of a large file, millions of them, mostly have none:
// interning them one by one here was a cache miss each, on one thread).
template <typename IsFirst, typename Origin>
MergedDictionary LayOutFirstAppearances(std::span<const Dictionary* const> parts, ThreadPool& pool,
                                        const IsFirst& is_first, const Origin& origin) {
  size_t part_count = parts.size();
  size_t total_bytes = 0;
  size_t total_values = 0;
  for (const Dictionary* part : parts) {
    total_bytes += part->bytes().size();
    total_values += part->size();
  }
  MergedDictionary merged;
  merged.remaps.resize(part_count);
  std::string bytes;
  std::vector<uint64_t> ends;
  bytes.reserve(total_bytes);
  ends.reserve(total_values);
  for (size_t part = 0; part < part_count; ++part) {
    merged.remaps[part].assign(parts[part]->size(), -1);
    for (size_t code = 0; code < parts[part]->size(); ++code) {
      if (!is_first(part, code)) continue;
      merged.remaps[part][code] = static_cast<int32_t>(ends.size());
      bytes.append(parts[part]->Value(static_cast<int32_t>(code)));
      ends.push_back(bytes.size());
    }
  }
  merged.dictionary = Dictionary::FromParts(std::move(bytes), std::move(ends));
  // Later appearances take the code of the first one, which lives in an earlier part.
  pool.ParallelFor(part_count, 1, [&](size_t first, size_t last) {
    for (size_t part = first; part < last; ++part) {
      for (size_t code = 0; code < parts[part]->size(); ++code) {
        if (is_first(part, code)) continue;
        Occurrence first_appearance = origin(part, code);
        merged.remaps[part][code] = merged.remaps[first_appearance.part][first_appearance.code];
      }
    }
  });
  return merged;
}

MergedDictionary MergeByLookups(std::span<const Dictionary* const> parts, ThreadPool& pool) {
  size_t part_count = parts.size();
  // seen[part][code]: where a key of a later part first appeared in an earlier one, or part ==
  // kNew for a key no earlier part has. The first part's keys are all first appearances.
  constexpr uint32_t kNew = UINT32_MAX;
  std::vector<std::vector<Occurrence>> seen(part_count);
  struct Block {
    size_t part;
    size_t begin;
    size_t end;
  };
  std::vector<Block> blocks;
  constexpr size_t kBlock = size_t{1} << 16;
  for (size_t part = 1; part < part_count; ++part) {
    seen[part].resize(parts[part]->size());
    for (size_t begin = 0; begin < parts[part]->size(); begin += kBlock) {
      blocks.push_back({part, begin, std::min(parts[part]->size(), begin + kBlock)});
    }
  }
  pool.ParallelFor(blocks.size(), 1, [&](size_t first, size_t last) {
    // A batch of keys has its slots in every earlier table on their way to the cache before the
    // first of them is looked up: the tables of millions of customer keys are larger than the
    // cache, and each lookup would otherwise wait for its own miss.
    constexpr size_t kBatch = 16;
    uint64_t hashes[kBatch];
    for (size_t b = first; b < last; ++b) {
      const Block& block = blocks[b];
      const Dictionary& dictionary = *parts[block.part];
      for (size_t batch = block.begin; batch < block.end; batch += kBatch) {
        size_t count = std::min(kBatch, block.end - batch);
        for (size_t i = 0; i < count; ++i) {
          hashes[i] = Dictionary::HashOf(dictionary.Value(static_cast<int32_t>(batch + i)));
          for (size_t earlier = 0; earlier < block.part; ++earlier) parts[earlier]->Prefetch(hashes[i]);
        }
        for (size_t i = 0; i < count; ++i) {
          std::string_view value = dictionary.Value(static_cast<int32_t>(batch + i));
          Occurrence found{kNew, 0};
          for (size_t earlier = 0; earlier < block.part; ++earlier) {
            int32_t code = parts[earlier]->FindHashed(value, hashes[i]);
            if (code >= 0) {
              found = {static_cast<uint32_t>(earlier), static_cast<uint32_t>(code)};
              break;
            }
          }
          seen[block.part][batch + i] = found;
        }
      }
    }
  });

  // The first part's keys are all first appearances, then each later part's new ones.
  return LayOutFirstAppearances(
      parts, pool, [&](size_t part, size_t code) { return part == 0 || seen[part][code].part == kNew; },
      [&](size_t part, size_t code) { return seen[part][code]; });
}

MergedDictionary MergeByPartitions(std::span<const Dictionary* const> parts, ThreadPool& pool) {
  size_t part_count = parts.size();
  size_t partitions = pool.size() * 2;
  size_t total_values = 0;
  for (const Dictionary* part : parts) total_values += part->size();
  std::vector<std::vector<uint64_t>> hashes(part_count);
  std::vector<std::vector<int32_t>> partition_codes(part_count);
  std::vector<std::vector<uint8_t>> is_first(part_count);
  pool.ParallelFor(part_count, 1, [&](size_t first, size_t last) {
    for (size_t part = first; part < last; ++part) {
      size_t size = parts[part]->size();
      hashes[part].resize(size);
      for (size_t code = 0; code < size; ++code) {
        hashes[part][code] = Dictionary::HashOf(parts[part]->Value(static_cast<int32_t>(code)));
      }
      partition_codes[part].assign(size, -1);
      is_first[part].assign(size, 0);
    }
  });

  // Each partition owns the keys whose hash falls into it; its entries (part, code) are disjoint
  // from every other partition's, so the shared per-part arrays are written without locks.
  std::vector<std::vector<Occurrence>> first_occurrence(partitions);
  pool.ParallelFor(partitions, 1, [&](size_t first, size_t last) {
    for (size_t partition = first; partition < last; ++partition) {
      Dictionary keys;
      // Sized for its share of the values up front, not rehashed as it grows.
      keys.Reserve(total_values / partitions + 16);
      for (size_t part = 0; part < part_count; ++part) {
        const std::vector<uint64_t>& part_hashes = hashes[part];
        for (size_t code = 0; code < part_hashes.size(); ++code) {
          // A few values of this partition ahead are on their way to the cache: with millions of
          // customer keys the table is larger than the cache and each probe would wait for its
          // own miss.
          constexpr size_t kAhead = 64;  // about 16 of this partition's, with four partitions
          if (code + kAhead < part_hashes.size() && (part_hashes[code + kAhead] >> 40) % partitions == partition)
            keys.Prefetch(part_hashes[code + kAhead]);
          uint64_t hash = part_hashes[code];
          // The high bits pick the partition; the dictionary's slots use the low bits.
          if ((hash >> 40) % partitions != partition) continue;
          size_t before = keys.size();
          int32_t key = keys.InternHashed(parts[part]->Value(static_cast<int32_t>(code)), hash);
          partition_codes[part][code] = key;
          if (keys.size() != before) {
            is_first[part][code] = 1;
            first_occurrence[partition].push_back({static_cast<uint32_t>(part), static_cast<uint32_t>(code)});
          }
        }
      }
    }
  });

  return LayOutFirstAppearances(
      parts, pool, [&](size_t part, size_t code) { return is_first[part][code] != 0; },
      [&](size_t part, size_t code) {
        size_t partition = (hashes[part][code] >> 40) % partitions;
        return first_occurrence[partition][static_cast<size_t>(partition_codes[part][code])];
      });
}

}  // namespace

MergedDictionary MergeDictionaries(std::span<const Dictionary* const> parts, ThreadPool& pool) {
  if (parts.empty()) return {};
  return parts.size() <= kMaxLookupParts ? MergeByLookups(parts, pool) : MergeByPartitions(parts, pool);
}

}  // namespace seg::rt
