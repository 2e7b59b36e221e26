// The array behind a column's values and an event index (rt::Column, rt::EventData): either a
// std::vector of its own, or a read-only view of memory that something else keeps alive, a
// snapshot file's mapping (runtime/snapshot/generation_reader.cc), so that a run from a snapshot
// reads the stored arrays where the kernel mapped them instead of copying them (zero-copy).
//
// Reading is the same either way (data(), size(), [], iteration) and costs nothing extra: data()
// and size() are kept current by every change. A view holds `keep_alive` (a shared_ptr to the
// mapping), so the mapped memory lives as long as any buffer, or any copy of one, views it.
// Changing a view first copies it into a vector of its own (copy on write): code that builds or
// edits arrays (the loaders, Column's appends, tests) works on either, and a mapped file is never
// written. Every way in that can change a value says so by its name (mutable_data, push_back,
// resize, ...): the read accessors are const only, so that a read through a buffer that is not
// const never copies a view (a non-const operator[] did, silently: a reader of a snapshot's
// customer keys copied their 8 MB of dictionary ends on every run).
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace seg::rt {

template <typename T> class Buffer {
 public:
  using value_type = T;
  using const_iterator = const T*;
  using iterator = const T*;

  Buffer() = default;
  // A vector becomes a buffer owning it (implicit: code that fills a vector assigns it).
  Buffer(std::vector<T> values) : owned_(std::move(values)) { Sync(); }  // NOLINT(google-explicit-constructor)
  Buffer(std::initializer_list<T> values) : owned_(values) { Sync(); }
  // `size` values at `data`, which stay valid and unchanged while `keep_alive` lives.
  static Buffer View(const T* data, size_t size, std::shared_ptr<const void> keep_alive) {
    Buffer b;
    b.keep_alive_ = std::move(keep_alive);
    b.viewing_ = true;
    b.data_ = data;
    b.size_ = size;
    return b;
  }

  Buffer(const Buffer& other) : owned_(other.owned_), keep_alive_(other.keep_alive_), viewing_(other.viewing_) {
    if (viewing_) {
      data_ = other.data_;
      size_ = other.size_;
    } else {
      Sync();
    }
  }
  Buffer(Buffer&& other) noexcept { *this = std::move(other); }
  Buffer& operator=(const Buffer& other) {
    if (this != &other) *this = Buffer(other);
    return *this;
  }
  Buffer& operator=(Buffer&& other) noexcept {
    if (this == &other) return *this;
    owned_ = std::move(other.owned_);
    keep_alive_ = std::move(other.keep_alive_);
    viewing_ = other.viewing_;
    data_ = other.data_;
    size_ = other.size_;
    if (!viewing_) Sync();
    other.owned_.clear();
    other.viewing_ = false;
    other.Sync();
    return *this;
  }

  // Reading.
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](size_t i) const { return data_[i]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  operator std::span<const T>() const { return {data_, size_}; }  // NOLINT(google-explicit-constructor)
  // True while the values are another owner's memory (a mapped snapshot file).
  bool viewing() const { return viewing_; }

  // Another buffer of these values, sharing them instead of copying: an owning buffer first
  // hands its values to a shared owner and becomes a view of them, like the one returned.
  // Either one, changed, copies them first, as any view does.
  Buffer Shared() {
    if (!viewing_) {
      auto owner = std::make_shared<const std::vector<T>>(std::move(owned_));
      owned_ = std::vector<T>();
      keep_alive_ = owner;
      viewing_ = true;
      data_ = owner->data();
      size_ = owner->size();
    }
    return *this;
  }

  // Changing (a view is copied first). A loop writing many values takes mutable_data() once.
  T* mutable_data() {
    Own();
    return owned_.data();
  }
  void push_back(const T& value) {
    Own();
    owned_.push_back(value);
    Sync();
  }
  void emplace_back() { push_back(T{}); }
  void reserve(size_t n) {
    Own();
    owned_.reserve(n);
    Sync();
  }
  void resize(size_t n, const T& value = T{}) {
    Own();
    owned_.resize(n, value);
    Sync();
  }
  void assign(size_t n, const T& value) {
    DropView();
    owned_.assign(n, value);
    Sync();
  }
  void clear() {
    DropView();
    owned_.clear();
    Sync();
  }
  // Appends [first, last), which may not point into this buffer.
  void append(const T* first, const T* last) {
    Own();
    owned_.insert(owned_.end(), first, last);
    Sync();
  }

  friend bool operator==(const Buffer& a, const Buffer& b) { return std::ranges::equal(a, b); }

 private:
  void Sync() {
    data_ = owned_.data();
    size_ = owned_.size();
  }
  void Own() {
    if (!viewing_) [[likely]]
      return;
    owned_.assign(data_, data_ + size_);
    DropView();
    Sync();
  }
  void DropView() {
    viewing_ = false;
    keep_alive_.reset();
  }

  std::vector<T> owned_;
  std::shared_ptr<const void> keep_alive_;  // a view's owner; null for an owning buffer
  bool viewing_ = false;
  const T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace seg::rt
