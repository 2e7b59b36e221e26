#include "runtime/dictionary_merge.h"

#include <string>

#include "runtime/thread_pool.h"

namespace seg::rt {

MergedDictionary MergeDictionaries(std::span<const Dictionary* const> parts, ThreadPool& pool) {
  size_t part_count = parts.size();
  size_t partitions = pool.size() * 2;
  size_t total_bytes = 0;
  size_t total_values = 0;
  for (const Dictionary* part : parts) {
    total_bytes += part->bytes().size();
    total_values += part->size();
  }
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
  struct Occurrence {
    uint32_t part;
    uint32_t code;
  };
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

  // The first appearances, in part order, are the merged values: they are distinct, so they are
  // laid end to end without a hash table, which the merged dictionary builds at its first lookup
  // if it ever has one (the customers' keys of a large file, millions of them, mostly have none:
  // interning them one by one here was a cache miss each, on one thread).
  MergedDictionary merged;
  merged.remaps.resize(part_count);
  std::string bytes;
  std::vector<uint64_t> ends;
  bytes.reserve(total_bytes);
  ends.reserve(total_values);
  for (size_t part = 0; part < part_count; ++part) {
    merged.remaps[part].assign(parts[part]->size(), -1);
    for (size_t code = 0; code < parts[part]->size(); ++code) {
      if (!is_first[part][code]) continue;
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
        if (is_first[part][code]) continue;
        size_t partition = (hashes[part][code] >> 40) % partitions;
        Occurrence origin = first_occurrence[partition][static_cast<size_t>(partition_codes[part][code])];
        merged.remaps[part][code] = merged.remaps[origin.part][origin.code];
      }
    }
  });
  return merged;
}

}  // namespace seg::rt
