// Large arrays of zeros that cost neither zeroing nor memory: a read-only anonymous mapping,
// whose every page reads as the kernel's one shared zero page. Fresh memory that is written with
// zeros (std::vector's value-initialisation) costs a page fault and the kernel's clearing of each
// page, and on a machine short of free memory that is slow; an array nobody writes need not pay it.
#pragma once

#include <cstddef>
#include <memory>

#include "runtime/buffer.h"

namespace seg::rt {

// `bytes` of zeros, read-only, kept mapped while the pointer (or a copy) lives. Throws
// std::bad_alloc when the mapping fails.
std::shared_ptr<const void> ZeroPages(size_t bytes);

// A buffer of `count` zeros viewing ZeroPages (changing it copies it first, as any view).
template <typename T> Buffer<T> ZeroBuffer(size_t count) {
  std::shared_ptr<const void> zeros = ZeroPages(count * sizeof(T));
  const T* data = static_cast<const T*>(zeros.get());
  return Buffer<T>::View(data, count, std::move(zeros));
}

}  // namespace seg::rt
