#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "runtime/dictionary.h"

namespace seg::rt {

// A small direct-mapped cache in front of one column's Dictionary while a loader fills it. The
// text columns of an event log mostly hold a few values in no particular order (a status, a
// category, a page): the dictionary's own check of the last value misses on them, and its full
// hash and probe cost more than parsing the field. Here a text of up to 16 bytes is held as its
// length and two words, which pick one slot by a cheap hash and are compared there whole. A column of mostly distinct
// values (ids) would only pay for the misses, so the cache turns itself off when it misses more than it hits. The codes
// are the dictionary's: the cache only remembers them.
class TextCodeCache {
 public:
  int32_t Intern(std::string_view text, Dictionary* dictionary) {
    size_t n = text.size();
    if (n == 0 || n > kMaxLength || !enabled_) return dictionary->Intern(text);
    if (++lookups_ == kTrial) {  // a fresh count every kTrial lookups
      lookups_ = 0;
      misses_ = 0;
    }
    Key key = KeyOf(text);
    Entry& entry = entries_[Slot(key)];
    if (entry.key == key) return entry.code;
    int32_t code = dictionary->Intern(text);
    entry.key = key;
    entry.code = code;
    if (++misses_ > kTrial / 2) enabled_ = false;
    return code;
  }

 private:
  static constexpr size_t kMaxLength = 16;
  static constexpr size_t kEntries = 256;
  static constexpr uint32_t kTrial = 4096;

  // Up to 16 bytes exactly, as the length and two words that between them hold every byte
  // (overlapping for lengths under 16): equal keys are equal texts, so no byte compare is needed.
  struct Key {
    uint64_t head = 0;
    uint64_t tail = 0;
    uint64_t length = 0;  // 0: an empty slot
    friend bool operator==(const Key&, const Key&) = default;
  };

  static Key KeyOf(std::string_view text) {
    const char* p = text.data();
    size_t n = text.size();
    Key key;
    key.length = n;
    if (n >= 8) {
      std::memcpy(&key.head, p, 8);
      std::memcpy(&key.tail, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, p, 4);
      std::memcpy(&tail, p + n - 4, 4);
      key.head = head;
      key.tail = tail;
    } else {
      key.head = static_cast<unsigned char>(p[0]) | static_cast<unsigned>(static_cast<unsigned char>(p[n / 2])) << 8 |
                 static_cast<unsigned>(static_cast<unsigned char>(p[n - 1])) << 16;
    }
    return key;
  }

  static size_t Slot(const Key& key) {
    uint64_t hash = (key.head * 0x9E3779B97F4A7C15ull) ^ (key.tail * 0xC2B2AE3D27D4EB4Full) ^ key.length;
    return static_cast<size_t>((hash ^ (hash >> 29)) * 0xBF58476D1CE4E5B9ull >> 56) & (kEntries - 1);
  }

  struct Entry {
    Key key;
    int32_t code = 0;
  };

  Entry entries_[kEntries];
  uint32_t lookups_ = 0;
  uint32_t misses_ = 0;
  bool enabled_ = true;
};

}  // namespace seg::rt
