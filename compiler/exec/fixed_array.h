// Arrays that engines and compiled code hold raw pointers into for a whole run: the persisted
// columns (RunState::full_, read through JitCtx::full_i/f/v) and each classification's bucket
// array (RunState::bucket_out_, JitCtx::bucket_out). Such a pointer is valid only while nothing
// resizes or replaces the array, so that is the type's guarantee rather than every caller's care:
//  - the length is set when the array is made and no operation changes it (there is no resize,
//    assign, push_back or access to the storage as a vector);
//  - it cannot be copied; moving it keeps its elements where they are;
//  - it can only be assigned over while empty: replacing elements someone may point into stops
//    the process rather than leave a dangling pointer;
//  - when the run is over, Release() hands the storage to the result without a copy.
#pragma once
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <utility>

#include "compiler/exec/result.h"

namespace seg::exec {

template <typename T> class FixedArray {
 public:
  FixedArray() = default;
  // n elements, default-initialised (not zero-filled: see NoFillAllocator).
  explicit FixedArray(size_t n) : values_(n) {}
  FixedArray(const FixedArray&) = delete;
  FixedArray& operator=(const FixedArray&) = delete;
  FixedArray(FixedArray&& other) noexcept = default;
  FixedArray& operator=(FixedArray&& other) noexcept {
    if (!values_.empty()) {
      std::fprintf(stderr, "seg: internal error: a FixedArray in use was replaced\n");
      std::abort();
    }
    values_ = std::move(other.values_);
    return *this;
  }

  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  T* data() { return values_.data(); }
  const T* data() const { return values_.data(); }
  T& operator[](size_t k) { return values_[k]; }
  const T& operator[](size_t k) const { return values_[k]; }
  T* begin() { return values_.data(); }
  T* end() { return values_.data() + values_.size(); }
  const T* begin() const { return values_.data(); }
  const T* end() const { return values_.data() + values_.size(); }
  std::span<T> span() { return values_; }
  std::span<const T> span() const { return values_; }

  // The storage, for the result; the array is empty afterwards.
  Values<T> Release() && { return std::move(values_); }

 private:
  Values<T> values_;
};

}  // namespace seg::exec
