#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "runtime/buffer.h"
#include "runtime/column.h"
#include "runtime/status.h"
#include "runtime/table.h"

namespace seg::rt {

struct EventCarry;  // runtime/event_carry.h

// Events grouped per customer and ordered by time, so that aggregates read each customer's events
// as one contiguous, time-sorted range.
struct EventIndex {
  // Event rows of known customers, sorted by (customer index, time, tie columns' values,
  // original row). Events with a missing time sort after the customer's timed events.
  // Built on the threads that sort, never zero-filled (see SortRowsByCustomer). Empty where
  // BuildEventIndex was told nothing reads it and could do without.
  Buffer<uint32_t> permutation;
  // Customer i's events are permutation[offsets[i] .. offsets[i+1]); size = customers + 1.
  std::vector<uint32_t> offsets;
  // Events whose key matches no customer, or is missing: left out of the index but counted, with
  // a few distinct sample keys (in row order) for the report.
  size_t unknown_customer_events = 0;
  size_t missing_key_events = 0;
  std::vector<std::string> unknown_key_samples;
  // Every row kept, in the table's order (a file grouped by customer in time order): the
  // permutation is the identity, and the table can be taken as it is.
  bool in_row_order = false;
  Status status;  // fails when the columns have unusable types
  // How the rows were partitioned, kept so that SortEvents can move the table's columns the same
  // way (rt::ColumnCarrier) instead of gathering them along the permutation; null where the
  // index was put together otherwise.
  std::shared_ptr<const EventCarry> carry;
  bool ok() const { return status.ok(); }
};

inline constexpr size_t kMaxUnknownKeySamples = 5;

// Builds the index. `customer_keys` is the entity key column (text, id or int, one row per
// customer; for a repeated key the first row wins); `event_keys` is the event table's customer
// reference (text or id where the keys are, int where they are int; int keys match by value)
// and `event_times` its time column (timestamp or date). A customer's events with the same time
// are ordered by their values in `tie_columns` (columns of the event table, compared in turn by
// CompareColumnValues), so their order, which first/last and float sums see, follows the data
// and not the file; events alike in all of them keep their file order. Sorting is a stable
// radix partition by customer (rt::SortRowsByCustomer), then a per-customer sort by time, both on
// `threads` threads; the result does not depend on the thread count.
//
// With `permutation_read` false the caller promises to read no permutation: it calls SortEvents
// once, with the key and time columns and the indexes of `tie_columns` in the table, on a table
// with no tags column (tags are gathered along it), and nothing else. The index then keeps none
// where it can do without (the radix partition, the usual path for a log in time order):
// `permutation` is empty, offsets and SortEvents' result are the same. Measured on 1M customers'
// time-ordered bench data (20M orders; index_bench bench/peers/job.seg, one core of a shared
// 2-core machine): the partition took 83-88 ms of CPU instead of 166-180, and the whole index
// 0.630 s of CPU instead of 0.665 (median of 15: 0.666 against 0.702); the 80 MB of the
// permutation no longer live through SortEvents. Where few customers have events to compare
// (events at one time, late events) and there are tie columns, their comparison is left to
// SortEvents, which compares the tie values where it carries them (EventCarry::deferred)
// instead of the index finding the compared events' rows in a pass over every row's customer
// (55 ms of CPU on that data, examples/retail.seg, one core).
EventIndex BuildEventIndex(const Column& customer_keys, const Column& event_keys, const Column& event_times,
                           size_t threads, std::span<const Column* const> tie_columns = {},
                           bool permutation_read = true);

// BuildEventIndex's checks and counts without the index, for an input that nothing reads: the
// same errors for unusable column types, the same unknown and missing key counts and samples;
// no offsets, no permutation. `missing_times` receives how many
// rows with a known customer have no time (what the index would have kept without one).
EventIndex MatchEventKeys(const Column& customer_keys, const Column& event_keys, const Column& event_times,
                          size_t* missing_times);

// When only event files are given, the customers are their distinct keys in first-appearance order,
// across the tables in the order given. Returns an id column, or an int column for int keys.
Column DeriveCustomers(std::span<const Column* const> event_key_columns);

}  // namespace seg::rt
