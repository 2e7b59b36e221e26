// The rows of a few customers' events, in row order per customer, found without the event
// index's permutation (rt::BuildEventIndex when nothing reads the permutation).
//
// Why: the index's permutation, the row of every event in index order, is carried through the
// radix partition beside the customers (a 4-byte stream in pass 1, then sorted in pass 2), and
// when the columns are carried (rt::ColumnCarrier) nothing after the index reads it but the sort
// by time's comparison of the tie columns, by row, for the customers with events at one time or
// out of order: in a log in time order about one customer in fifty. Their rows are found here
// in one pass over the rows' customers instead: 55-62 ms of CPU for 1M customers' time-ordered
// bench data (20M orders, 19,798 customers compared, 596k events), where keeping the
// permutation cost 83-92 ms more in the partition (see rt::BuildEventIndex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/event_carry.h"
#include "runtime/thread_pool.h"

namespace seg::rt {

class RowsOfCustomers {
 public:
  RowsOfCustomers() = default;
  // The rows of `customers` (ascending; customer c has offsets[c + 1] - offsets[c] kept rows)
  // among rows [0, events), each row's customer as `customer_of` gives it.
  RowsOfCustomers(const CustomerOfRow& customer_of, size_t events, const std::vector<uint32_t>& offsets,
                  std::vector<uint32_t> customers, ThreadPool& pool);

  // Customer c's rows (c one of the customers), from its first slot's; null for any other.
  uint32_t* Of(uint32_t customer);

 private:
  std::vector<uint32_t> customers_;
  std::vector<uint32_t> start_;  // customers_[i]'s rows are rows_[start_[i] .. start_[i + 1])
  std::vector<uint32_t> rows_;
};

}  // namespace seg::rt
