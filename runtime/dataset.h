// The data a program runs over, loaded and indexed: one row per customer, and each input of
// events sorted by (customer, time) with offsets, so a customer's events are one contiguous range.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/buffer.h"
#include "runtime/deferred_checks.h"
#include "runtime/table.h"

namespace seg::rt {

struct EventData {
  Table table;               // rows sorted by customer, then time, then file order
  Buffer<uint32_t> offsets;  // customer c's events are rows [offsets[c], offsets[c+1])
  int32_t time_column = -1;
  // Each event's calendar day in the program's time zone, and its time in microseconds UTC (a
  // date is local midnight). These and offsets may view a mapped snapshot file (rt::Buffer).
  Buffer<int32_t> local_day;
  Buffer<int64_t> instant;
};

struct Dataset {
  Table customers;  // output order
  int32_t key_column = -1;
  std::vector<EventData> events;  // indexed like the program's inputs; empty for the customer input
  // Checks of the events' values not yet made (a snapshot's, read for a run): exec::Execute makes
  // them on each morsel's thread before evaluating it. Null: everything was checked at load.
  std::shared_ptr<DeferredChecks> deferred_checks;
  size_t num_customers() const { return customers.num_rows(); }
};

// Events without a time sort last and are never inside any window.
inline constexpr int32_t kNoDay = INT32_MAX;

}  // namespace seg::rt
