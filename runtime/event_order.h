// What building the event index (event_index.cc) and reordering the table along it
// (sort_events.cc) share: the order of one customer's events and the sorts that put them in it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/column.h"
#include "runtime/value_order.h"

namespace seg::rt::event_order {

// Customers per morsel for the per-customer passes; large enough to amortise scheduling.
inline constexpr size_t kCustomerMorsel = 4096;

// Re-sorted customers per thread hand-off.
inline constexpr size_t kResortMorsel = 256;

// Events per customer up to which SortNearlySorted sorts by insertion.
inline constexpr size_t kInsertionSortMax = 64;

// A stable sort of `order` by `less`. A customer re-sorted in a log written in time order has
// its events nearly in time order (events at one time, a late event): sorted by insertion, each
// is compared about once and nothing is allocated, where std::stable_sort takes a buffer per
// call (measured: 9,845 customers of 1M re-sorted in the bench's time-ordered orders).
template <typename Less> void SortNearlySorted(std::vector<uint32_t>& order, const Less& less) {
  if (order.size() > kInsertionSortMax) {
    std::stable_sort(order.begin(), order.end(), less);
    return;
  }
  for (size_t i = 1; i < order.size(); ++i) {
    uint32_t event = order[i];
    size_t at = i;
    for (; at > 0 && less(event, order[at - 1]); --at) order[at] = order[at - 1];  // only past greater ones: stable
    order[at] = event;
  }
}

// Whether the event at `row_a` comes before the one at `row_b` of the same customer: by time,
// then by the tie columns' values, in that order; equal events keep their order (stable sorts).
inline bool EventBefore(int64_t time_a, int64_t time_b, std::span<const Column* const> tie_columns, size_t row_a,
                        size_t row_b) {
  if (time_a != time_b) return time_a < time_b;
  for (const Column* column : tie_columns) {
    if (int c = CompareColumnValues(*column, row_a, row_b); c != 0) return c < 0;
  }
  return false;
}

// `values[begin + i] = old values[begin + order[i]]` for i in [0, order.size()); `old` is scratch
// the caller may reuse between calls.
template <typename T> void MoveAlike(T* values, uint32_t begin, std::span<const uint32_t> order, std::vector<T>& old) {
  old.assign(values + begin, values + begin + order.size());
  for (size_t slot = 0; slot < order.size(); ++slot) values[begin + slot] = old[order[slot]];
}
template <typename T> void MoveAlike(T* values, uint32_t begin, std::span<const uint32_t> order) {
  std::vector<T> old;
  MoveAlike(values, begin, order, old);
}

// `column`'s validity bits moved as MoveAlike moves values; `scratch` is reused between calls.
// One thread at a time: neighbouring customers may share a word.
inline void MoveValidityAlike(Column& column, uint32_t begin, std::span<const uint32_t> order,
                              std::vector<uint8_t>& scratch) {
  scratch.resize(order.size());
  for (size_t slot = 0; slot < order.size(); ++slot) scratch[slot] = column.IsValid(begin + slot);
  for (size_t slot = 0; slot < order.size(); ++slot) column.SetValid(begin + slot, scratch[order[slot]]);
}

}  // namespace seg::rt::event_order
