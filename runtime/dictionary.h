#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/buffer.h"

namespace seg::rt {

// The distinct strings of a text, id or tags column. Codes are dense int32_t in first-appearance
// order, so two loads of the same data give the same codes, whatever the thread count.
class Dictionary {
 public:
  Dictionary() = default;
  // Copies and moves carry the hash table, or its absence (FromParts); written out because of
  // the atomic flag.
  Dictionary(const Dictionary& other);
  Dictionary(Dictionary&& other) noexcept;
  Dictionary& operator=(const Dictionary& other);
  Dictionary& operator=(Dictionary&& other) noexcept;

  // The code of `value`, adding it if new. The last value interned is compared first, without
  // hashing: loaded columns often repeat a value on consecutive rows (a status, a category, the
  // customer of a grouped export).
  int32_t Intern(std::string_view value);
  // Intern with a hash already computed by HashOf (saves rehashing in bulk merges).
  int32_t InternHashed(std::string_view value, uint64_t hash);
  static uint64_t HashOf(std::string_view value);
  // The code of `value`, or -1.
  int32_t Find(std::string_view value) const;
  // Find with a hash already computed by HashOf (one hash for lookups in several dictionaries).
  int32_t FindHashed(std::string_view value, uint64_t hash) const;

  std::string_view Value(int32_t code) const {
    size_t begin = code == 0 ? 0 : ends_[static_cast<size_t>(code) - 1];
    return std::string_view(bytes_.data() + begin, ends_[static_cast<size_t>(code)] - begin);
  }
  // A copy of all values in code order (for tests and reports; O(total bytes)).
  std::vector<std::string> values() const;
  size_t size() const { return ends_.size(); }
  void Reserve(size_t count);

  // Interns every value of `other` in its code order and returns, per code of `other`, the code in
  // this dictionary. Merging per-chunk dictionaries in chunk order reproduces sequential codes.
  std::vector<int32_t> Merge(const Dictionary& other);

  // A copy of the values without the hash table, which it builds at its first Find or Intern
  // (FromParts): a copy that is mostly only read by code (the customers' keys at the head of an
  // event key column, runtime/io/customer_key_numbers.h) saves the table's 16 bytes a value and
  // the work of copying it.
  // A dictionary viewing a snapshot's mapping stays a view of it (nothing copied).
  Dictionary ValuesOnly() const { return FromParts(bytes_, ends_); }

  // Loads the slot `hash` probes first into the cache: a caller interning a batch of mostly new
  // values (a customer file's keys) asks for the slots of the batch before interning it, so that
  // the cache misses of a table larger than the cache overlap instead of following each other.
  // Builds the table first where FromParts left it unbuilt, as a lookup would: safe beside
  // another thread's lookup.
  void Prefetch(uint64_t hash) const {
    EnsureHashed();
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<size_t>(hash) & (slots_.size() - 1)]);
  }

  // The raw parts, for the snapshot writer (runtime/snapshot): values back to back, and where each
  // ends. FromParts takes them without hashing: the hash table is built by the first Find or
  // Intern (a run from a snapshot reads a million customer ids' dictionaries and most of them are
  // never looked up), so a stored dictionary does not depend on this build's hash function either.
  std::string_view bytes() const { return {bytes_.data(), bytes_.size()}; }
  std::span<const uint64_t> ends() const { return ends_; }
  // True while both parts view another owner's memory (a snapshot's mapping), copied by neither.
  bool viewing() const { return bytes_.viewing() && ends_.viewing(); }
  // `ends` must be non-decreasing and end within `bytes` (the snapshot reader checks). Either may
  // be a view (rt::Buffer::View) of memory another owner keeps: the snapshot reader gives the
  // stored arrays where the file is mapped, so that a million customer ids are neither copied nor
  // hashed at load; an Intern copies them first (Buffer's copy on write).
  static Dictionary FromParts(Buffer<char> bytes, Buffer<uint64_t> ends);
  // The bytes are kept as they are (shared, not copied).
  static Dictionary FromParts(std::string bytes, std::vector<uint64_t> ends);

  friend bool operator==(const Dictionary& a, const Dictionary& b) {
    return a.ends_ == b.ends_ && a.bytes_ == b.bytes_;
  }

 private:
  void Grow();
  void Rehash(size_t capacity);  // a power of two, above twice the values held
  // Builds slots_ if FromParts left it unbuilt; safe to call from several threads at once (a
  // const Find may be the first lookup, from any thread of a run).
  void EnsureHashed() const;
  // Open addressing, linear probing. A slot holds (hash high bits << 32) | (code + 1); 0 = empty.
  // Keeping hash bits in the slot rejects most mismatches without touching the string.
  mutable std::vector<uint64_t> slots_;
  mutable std::atomic<bool> hashed_{true};  // false: slots_ not built yet (FromParts)
  // Values back to back in one buffer, value i ending at ends_[i]: one allocation instead of one
  // std::string per key, which matters with millions of customer ids.
  Buffer<char> bytes_;
  Buffer<uint64_t> ends_;
  size_t last_ = SIZE_MAX;  // code of the last Intern; checked against size() (a moved-from dictionary is empty)
};

}  // namespace seg::rt
