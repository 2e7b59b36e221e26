// A growing buffer of output text whose bytes are written before they are read: growing it does
// not clear the new room (a std::string's resize writes every byte once more, and a million
// customers' rows are 50 MB), and it is reused from block to block, so its pages are touched
// for the first time once.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace seg::driver {

class RowText {
 public:
  // Room for `bytes` more after the text; returns where they go. Write them, then End().
  char* Room(size_t bytes) {
    if (capacity_ - size_ < bytes) Grow(size_ + bytes);
    return data_.get() + size_;
  }
  // The text now ends at `end` (within the room Room gave).
  void End(const char* end) { size_ = static_cast<size_t>(end - data_.get()); }

  std::string_view text() const { return {data_.get(), size_}; }
  // Empty, keeping its memory.
  void Clear() { size_ = 0; }
  // Room for `bytes` in all, allocated now: a block that knows its size grows once rather than by
  // doubling, where each step copied the text so far into fresh memory (2x its size in pages the
  // kernel clears, for a block of 8192 rows). Room not written is never touched, so reserving
  // more than is used costs address space, not memory.
  void Reserve(size_t bytes) {
    if (capacity_ < bytes) Grow(bytes);
  }

 private:
  void Grow(size_t at_least) {
    size_t capacity = std::max(at_least, 2 * capacity_);
    std::unique_ptr<char[]> grown(new char[capacity]);  // not cleared: see the top of the file
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace seg::driver
