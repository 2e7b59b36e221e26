// Reorders an event table along its event index (event_index.h): customers' events contiguous,
// each customer's in time order.
#pragma once

#include <cstddef>
#include <span>

#include "runtime/event_index.h"
#include "runtime/table.h"

namespace seg::rt {

// A copy of `events` with rows in index order (customers' events contiguous, time-sorted). Columns
// keep their names, order and dictionaries. Columns are reordered one at a time, each split among
// the threads, and each column of `events` is freed as soon as its sorted copy exists, so old and
// new columns never all coexist (pass std::move(table) to profit). `key_column`, if given, must be
// the customer key column the index was built from: then the columns are carried through the
// index's radix passes (rt::ColumnCarrier: each read in row order, no random read), else gathered
// along the permutation; and, when the index holds every row, the key column is filled per
// customer where it lies instead of moved. `time_column`, if given, must be the time column the
// index was built from: the index has it in index order already. `tie_columns`, the indexes in
// `events` of the tie columns BuildEventIndex was given, are needed where it deferred its sort by
// time to here (EventCarry::deferred). A file grouped by customer in customer order is returned
// as it is (EventIndex::in_row_order), or with only the events of the customers the sort by time
// reordered moved, in place, within their own rows (EventCarry::in_place).
Table SortEvents(Table events, const EventIndex& index, size_t threads, int key_column = -1, int time_column = -1,
                 std::span<const size_t> tie_columns = {});

}  // namespace seg::rt
