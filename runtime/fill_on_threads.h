// A buffer of `n` values written once each, on a pool's threads, without first being zeroed.
//
// Why: a vector of n values is zero-filled by the thread that sizes it, and on the shared
// machines first touching fresh memory (the kernel zeroing each new page) costs more than the
// loop that then overwrites it. Here the pages are first touched by the threads that write them,
// once. The buffer owns the array (it is a view whose owner it keeps alive, copied on a change
// like any view; see rt::Buffer).
#pragma once

#include <cstddef>
#include <memory>

#include "runtime/buffer.h"
#include "runtime/thread_pool.h"

namespace seg::rt {

// `fill(out, begin, end)` must write out[begin .. end); the ranges cover [0, n), `morsel` rows
// each at most, and run on `pool`'s threads.
template <typename T, typename Fill>
Buffer<T> FillOnThreads(size_t n, size_t morsel, ThreadPool& pool, const Fill& fill) {
  std::shared_ptr<T[]> owner(new T[n]);  // default-initialised: untouched until written below
  T* out = owner.get();
  pool.ParallelFor(n, morsel, [&](size_t begin, size_t end) { fill(out, begin, end); });
  return Buffer<T>::View(out, n, std::move(owner));
}

}  // namespace seg::rt
