// Event columns carried into the event index's order through the radix passes that built it
// (rt::CarryByCustomer), instead of gathered along its permutation: the reordering step of
// rt::SortEvents.
//
// Why: in an event log written in time order each customer's events are spread over the whole
// file, so a gather's every read is a cache and TLB miss. Measured on 20M orders of 1M
// customers (one core of a shared 2-core machine): the gathers of amount, status, discounted and
// the two time columns took 1.3 s of the index's 1.9 s; carried, each column is read in row order
// and written in cache-line streams.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/column.h"
#include "runtime/customer_partition.h"
#include "runtime/event_index.h"
#include "runtime/thread_pool.h"

namespace seg::rt {

// The customer of each event row as the index matched it (-1: an unknown or missing key). Text
// keys: the row's key code, which is usually the customer's own index (the loader numbers the
// event keys by the customers' key dictionary), else looked up per code. Int keys: the matched
// customer per row, with `same` above every customer.
struct CustomerOfRow {
  const int32_t* codes = nullptr;
  const uint64_t* validity = nullptr;  // null when every row has a key
  uint32_t same = 0;                   // codes below this are their customer's index
  const int32_t* customer_of_code = nullptr;
  size_t known_codes = 0;  // codes at or past `same` and below this are looked up

  int32_t operator()(size_t row) const {
    if (validity != nullptr && !((validity[row >> 6] >> (row & 63)) & 1)) return -1;
    auto code = static_cast<uint32_t>(codes[row]);
    if (code < same) return static_cast<int32_t>(code);
    return code < known_codes ? customer_of_code[code] : -1;
  }
};

// What rt::BuildEventIndex keeps so that SortEvents can carry the columns of the same table.
struct EventCarry {
  CustomerPartition partition;
  // Text keys: the customer per key code (codes below `same` need no lookup); whether the key
  // column has missing rows. Int keys: the customer per row (-1: none), and `same` the customers.
  bool int_keys = false;
  std::vector<int32_t> customer_of_code;
  uint32_t same = 0;
  bool key_nulls = false;
  std::vector<int32_t> customer_of_event;
  // The customers whose events the sort by time reordered (their partition order is row order),
  // and how many events they hold.
  std::vector<uint32_t> resorted;
  size_t resorted_events = 0;

  // `event_keys` is the key column the index was built from (text keys only).
  CustomerOfRow CustomerOf(const Column& event_keys) const;
};

// Moves columns of the indexed table into the index's order.
class ColumnCarrier {
 public:
  // A carrier for the table `index` was built from, whose key column is `event_keys`; none when
  // the index keeps nothing to carry with, or when the sort by time reordered so many events that
  // undoing the partition's row order within customers costs more than the gather it saves.
  static std::optional<ColumnCarrier> For(const EventIndex& index, const Column& event_keys, ThreadPool& pool);

  // `column` in index order; the source is consumed (its dictionary moves over, its buffers are
  // freed on return). Columns of tags (rows of varying length), of no values or skipped by the
  // loader are gathered as rt::Column::Gather does (nothing or little to move).
  Column Carry(Column column) const;

 private:
  ColumnCarrier(const EventIndex& index, const EventCarry& carry, CustomerOfRow customer_of, ThreadPool& pool)
      : index_(&index), carry_(&carry), customer_of_(customer_of), pool_(&pool) {}
  template <typename T> Buffer<T> CarryValues(const T* in) const;
  Buffer<uint64_t> CarryValidity(const Column& column) const;
  // Puts the events of the re-sorted customers, carried in row order, into time order.
  template <typename T> void Resort(T* data) const;

  const EventIndex* index_;
  const EventCarry* carry_;
  CustomerOfRow customer_of_;
  ThreadPool* pool_;
  // For the re-sorted customers, one after another: for each slot of a customer's range, the
  // slot (from the range's start) that its event has in row order.
  std::vector<uint32_t> resorted_from_;
  std::vector<size_t> resorted_start_;  // per re-sorted customer, where its slots begin
};

}  // namespace seg::rt
