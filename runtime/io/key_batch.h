// The customer keys of a batch of rows of a customer file, interned together. Every key of a
// customer file is new to its column's dictionary, whose hash table for millions of customers is
// far larger than the cache: interned row by row, each key waits for a cache miss into the table
// before the next starts, and the cost per customer grows with the customers. Here each key is
// hashed as its row is parsed (its text still in the cache) and copied aside; when the batch ends
// the keys are interned in row order, each slot asked for a few keys ahead so that the misses
// overlap. The codes are those interning row by row gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/dictionary.h"

namespace seg::rt {

class KeyBatch {
 public:
  // Adds the key of the batch's next row that has one.
  void Add(std::string_view key) {
    hashes_.push_back(Dictionary::HashOf(key));
    bytes_.append(key);
    ends_.push_back(bytes_.size());
  }

  // Interns the keys added, in order, into `dictionary`, writing the code of the i-th into the
  // i-th slot of `codes` whose `valid` byte is set (the rows of the batch that have a key); then
  // starts a new batch.
  void InternInto(Dictionary* dictionary, const uint8_t* valid, size_t rows, int32_t* codes) {
    constexpr size_t kAhead = 16;  // keys whose slots are on their way to the cache
    size_t count = hashes_.size();
    for (size_t k = 0; k < count && k < kAhead; ++k) dictionary->Prefetch(hashes_[k]);
    size_t key = 0;
    for (size_t row = 0; row < rows; ++row) {
      if (!valid[row]) continue;
      if (key + kAhead < count) dictionary->Prefetch(hashes_[key + kAhead]);
      size_t begin = key == 0 ? 0 : ends_[key - 1];
      codes[row] = dictionary->InternHashed(std::string_view(bytes_).substr(begin, ends_[key] - begin), hashes_[key]);
      ++key;
    }
    hashes_.clear();
    bytes_.clear();
    ends_.clear();
  }

 private:
  std::vector<uint64_t> hashes_;
  std::string bytes_;  // the keys end to end, key i ending at ends_[i]
  std::vector<size_t> ends_;
};

}  // namespace seg::rt
