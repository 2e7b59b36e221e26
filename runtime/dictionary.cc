#include "runtime/dictionary.h"

#include <functional>
#include <memory>
#include <mutex>

namespace seg::rt {
uint64_t Dictionary::HashOf(std::string_view value) { return std::hash<std::string_view>{}(value); }

std::vector<std::string> Dictionary::values() const {
  std::vector<std::string> result;
  result.reserve(size());
  for (size_t code = 0; code < size(); ++code) result.emplace_back(Value(static_cast<int32_t>(code)));
  return result;
}

Dictionary::Dictionary(const Dictionary& other) { *this = other; }

Dictionary::Dictionary(Dictionary&& other) noexcept { *this = std::move(other); }

Dictionary& Dictionary::operator=(const Dictionary& other) {
  if (this == &other) return *this;
  other.EnsureHashed();  // not copied half-built by another thread's first lookup
  slots_ = other.slots_;
  bytes_ = other.bytes_;
  ends_ = other.ends_;
  last_ = other.last_;
  hashed_.store(true, std::memory_order_relaxed);
  return *this;
}

Dictionary& Dictionary::operator=(Dictionary&& other) noexcept {
  if (this == &other) return *this;
  slots_ = std::move(other.slots_);
  bytes_ = std::move(other.bytes_);
  ends_ = std::move(other.ends_);
  last_ = other.last_;
  hashed_.store(other.hashed_.load(std::memory_order_acquire), std::memory_order_relaxed);
  other.slots_.clear();
  other.bytes_.clear();
  other.ends_.clear();
  other.hashed_.store(true, std::memory_order_relaxed);
  return *this;
}

Dictionary Dictionary::FromParts(Buffer<char> bytes, Buffer<uint64_t> ends) {
  Dictionary d;
  d.bytes_ = std::move(bytes);
  d.ends_ = std::move(ends);
  d.hashed_.store(d.ends_.empty(), std::memory_order_relaxed);
  return d;
}

Dictionary Dictionary::FromParts(std::string bytes, std::vector<uint64_t> ends) {
  auto owner = std::make_shared<const std::string>(std::move(bytes));
  return FromParts(Buffer<char>::View(owner->data(), owner->size(), owner), Buffer<uint64_t>(std::move(ends)));
}

void Dictionary::EnsureHashed() const {
  if (hashed_.load(std::memory_order_acquire)) [[likely]]
    return;
  static std::mutex building;  // rare: once per dictionary read from a snapshot and looked up
  std::lock_guard<std::mutex> lock(building);
  if (hashed_.load(std::memory_order_relaxed)) return;
  size_t capacity = 64;
  while (capacity < ends_.size() * 2) capacity *= 2;
  slots_.assign(capacity, 0);
  size_t mask = capacity - 1;
  for (size_t code = 0; code < ends_.size(); ++code) {
    uint64_t hash = HashOf(Value(static_cast<int32_t>(code)));
    size_t index = static_cast<size_t>(hash) & mask;
    while (slots_[index] != 0) index = (index + 1) & mask;
    slots_[index] = ((hash >> 32) << 32) | (uint64_t{code} + 1);
  }
  hashed_.store(true, std::memory_order_release);
}

void Dictionary::Reserve(size_t count) {
  EnsureHashed();
  ends_.reserve(count);
  size_t capacity = slots_.empty() ? 64 : slots_.size();
  while (capacity < count * 2) capacity *= 2;
  // One table of the final size: growing to it a doubling at a time zero-filled every smaller
  // table on the way, as much again as the last (32 MB more for a million customers' keys).
  if (capacity > slots_.size()) Rehash(capacity);
}

void Dictionary::Grow() { Rehash(slots_.empty() ? 64 : slots_.size() * 2); }

void Dictionary::Rehash(size_t capacity) {
  std::vector<uint64_t> slots(capacity, 0);
  size_t mask = capacity - 1;
  for (uint64_t slot : slots_) {
    if (slot == 0) continue;
    size_t index = static_cast<size_t>(HashOf(Value(static_cast<int32_t>((slot & 0xffffffffu) - 1)))) & mask;
    while (slots[index] != 0) index = (index + 1) & mask;
    slots[index] = slot;
  }
  slots_ = std::move(slots);
}

int32_t Dictionary::Find(std::string_view value) const { return FindHashed(value, HashOf(value)); }

int32_t Dictionary::FindHashed(std::string_view value, uint64_t hash) const {
  EnsureHashed();
  if (slots_.empty()) return -1;
  uint64_t tag = hash >> 32;
  size_t mask = slots_.size() - 1;
  for (size_t index = static_cast<size_t>(hash) & mask;; index = (index + 1) & mask) {
    uint64_t slot = slots_[index];
    if (slot == 0) return -1;
    uint32_t code = static_cast<uint32_t>(slot & 0xffffffffu) - 1;
    if ((slot >> 32) == tag && Value(static_cast<int32_t>(code)) == value) return static_cast<int32_t>(code);
  }
}

int32_t Dictionary::Intern(std::string_view value) {
  if (last_ < size() && Value(static_cast<int32_t>(last_)) == value) return static_cast<int32_t>(last_);
  int32_t code = InternHashed(value, HashOf(value));
  last_ = static_cast<size_t>(code);
  return code;
}

int32_t Dictionary::InternHashed(std::string_view value, uint64_t hash) {
  EnsureHashed();
  // Load factor at most 1/2 keeps probe sequences short.
  if ((size() + 1) * 2 > slots_.size()) Grow();
  uint64_t tag = hash >> 32;
  size_t mask = slots_.size() - 1;
  for (size_t index = static_cast<size_t>(hash) & mask;; index = (index + 1) & mask) {
    uint64_t slot = slots_[index];
    if (slot == 0) {
      auto code = static_cast<uint32_t>(size());
      bytes_.append(value.data(), value.data() + value.size());
      ends_.push_back(bytes_.size());
      slots_[index] = (tag << 32) | (uint64_t{code} + 1);
      return static_cast<int32_t>(code);
    }
    uint32_t code = static_cast<uint32_t>(slot & 0xffffffffu) - 1;
    if ((slot >> 32) == tag && Value(static_cast<int32_t>(code)) == value) return static_cast<int32_t>(code);
  }
}

std::vector<int32_t> Dictionary::Merge(const Dictionary& other) {
  std::vector<int32_t> remap(other.size());
  for (size_t code = 0; code < other.size(); ++code) remap[code] = Intern(other.Value(static_cast<int32_t>(code)));
  return remap;
}

}  // namespace seg::rt
