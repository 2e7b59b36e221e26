// std::allocator without the zero fill on resize, for buffers that are written in full before
// they are read: zeroing ten million rows first would cost as much as computing them, and a
// fresh buffer's zero fill is also the first touch of its pages. exec::Values (the engines'
// result columns) and rt::CellColumn (a SQL server's answer) share it, so that a column read
// back from a server becomes a result column by a move, not a copy.
#pragma once
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace seg::rt {

template <typename T> struct NoFillAllocator : std::allocator<T> {
  template <typename U> struct rebind { using other = NoFillAllocator<U>; };
  template <typename U> void construct(U* p) noexcept { ::new (static_cast<void*>(p)) U; }
  template <typename U, typename... Args> void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <typename T> using NoFillVector = std::vector<T, NoFillAllocator<T>>;

}  // namespace seg::rt
