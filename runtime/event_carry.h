// Event columns carried into the event index's order through the radix passes that built it
// (rt::CarryByCustomer), instead of gathered along its permutation: the reordering step of
// rt::SortEvents.
//
// Why: in an event log written in time order each customer's events are spread over the whole
// file, so a gather's every read is a cache and TLB miss. Measured on 20M orders of 1M
// customers (one core of a shared 2-core machine): the gathers of amount, status, discounted and
// the two time columns took 1.3 s of the index's 1.9 s; carried, each column is read in row order
// and written in cache-line streams.
//
// Tried and dropped: the local days of the times found in the time column's second pass, per
// bucket while its times are in the cache, instead of by the driver afterwards. It saved 20-30
// ms of the index's 0.77 CPU s (1M customers' time-ordered bench data, one core), but the days
// (4 bytes an event) then live through SortEvents' carries, the peak: `seg run job.seg` took
// 1,115 MB instead of 1,037 MB. (Since the index keeps no permutation where nothing reads it,
// 80 MB less live through the carries: room for it again, not yet measured.)
//
// Tried and dropped: the narrow columns (bools and text codes) carried together as one packed
// value a row, each column's missing rows folded into its field, and unpacked after. On
// examples/retail.seg (`status` and `discounted`, 1M customers' time-ordered orders, one core)
// packing took 40 ms, the carry of a byte 63-66 ms and unpacking 50 ms: 156 ms against 167 ms
// for the two carried apart (a byte column's carry 65-70 ms, a text column's 96-104 ms), for
// 40 MB more fresh memory; bench/peers/job.seg reads one bool only and gains nothing. A carry
// costs about 53 ms plus 12 ms per byte of a row here, so a pack gains where it saves several
// bytes or columns, if packing and unpacking are fused into the carry's two passes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <variant>
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

// A column's values and validity carried into the partition's order (customer by customer, a
// customer's events in row order), not yet in time order.
struct CarriedColumn {
  ValueType type = ValueType::kInt;
  Dictionary dictionary;
  using Values = std::variant<std::shared_ptr<uint8_t[]>, std::shared_ptr<int32_t[]>, std::shared_ptr<int64_t[]>,
                              std::shared_ptr<double[]>>;
  Values values;
  std::shared_ptr<uint8_t[]> valid;  // a byte a row; null: every row has a value
};

// What rt::BuildEventIndex keeps so that SortEvents can carry the columns of the same table.
struct EventCarry {
  CustomerPartition partition;
  // Text keys: the customer per key code (codes below `same` need no lookup); whether the key
  // column has missing rows. Int keys: the customer per row (-1: none), and `same` the customers.
  bool int_keys = false;
  // Whether the permutation mostly steps to a nearby row (a file grouped by customer, whatever
  // the order within customers or of customers): then a gather along it reads memory in order and
  // costs less than the radix passes, which SortEvents then leaves alone.
  bool local = false;
  std::vector<int32_t> customer_of_code;
  uint32_t same = 0;
  bool key_nulls = false;
  std::vector<int32_t> customer_of_event;
  // The customers whose events the sort by time reordered, one after another: for each slot of a
  // customer's range, the slot (from the range's start) its event had before, in row order
  // (resorted_from[resorted_start[i] ...]). Not kept when they are so many that keeping them
  // costs more memory than the gather the carry saves: then `resorts_kept` is false.
  bool resorts_kept = true;
  std::vector<uint32_t> resorted;
  std::vector<size_t> resorted_start;
  std::vector<uint32_t> resorted_from;
  // A file grouped by customer in customer order: the permutation is the identity but for the
  // re-sorted customers (kept: resorts_kept), each of whose events stay within the customer's
  // own rows. SortEvents then moves only those, in place (ColumnCarrier::ResortInPlace),
  // instead of copying every column along the permutation.
  bool in_place = false;
  // The time column in index order: carried to find the customers whose events need the sort by
  // time, it is SortEvents' too.
  std::optional<Column> sorted_times;
  // Where the index kept no permutation: each customer's key, as the event key column holds it
  // (a text key's code in it, an int key's value), for the customers from `same` on (text keys;
  // every customer for int keys), so that SortEvents fills the key column per customer without
  // reading a row. Empty where the permutation is kept, or no customer needs it.
  std::vector<int64_t> key_of_customer;
  // Where the index kept no permutation and the customers whose events need comparing are few:
  // their comparison by the tie columns is left to SortEvents, which carries those columns into
  // partition order anyway and compares them there, slot by slot, instead of the index finding
  // each compared event's row (one pass over every row's customer: 55 ms of the index's 0.72 s
  // of CPU on 1M customers' time-ordered bench data, one core). `customers` are the customers
  // to compare, `ties` how many tie columns BuildEventIndex was given, `times` the time column
  // in partition order. SortEvents takes it (an index that defers its sort orders one table).
  struct DeferredSort {
    std::vector<uint32_t> customers;
    size_t ties = 0;
    CarriedColumn times;
  };
  mutable std::optional<DeferredSort> deferred;

  // `event_keys` is the key column the index was built from (text keys only).
  CustomerOfRow CustomerOf(const Column& event_keys) const;
};

// Moves columns of the indexed table into the index's order.
class ColumnCarrier {
 public:
  // `offsets` and `permutation` are the index's; `customer_of` as the partition was cut.
  ColumnCarrier(const EventCarry& carry, std::span<const uint32_t> offsets, std::span<const uint32_t> permutation,
                CustomerOfRow customer_of, ThreadPool& pool)
      : carry_(&carry), offsets_(offsets), permutation_(permutation), customer_of_(customer_of), pool_(&pool) {}

  // A carrier for the table `index` was built from, whose key column is `event_keys`; none when
  // the index keeps nothing to carry with or has not kept where the sort by time moved events.
  static std::optional<ColumnCarrier> For(const EventIndex& index, const Column& event_keys, ThreadPool& pool);

  // Whether Carry moves `column`'s values through the passes: not for a column of tags (rows of
  // varying length), of no values or skipped by the loader, whose order costs nothing to follow.
  static bool MovesValues(const Column& column);

  // `column` in index order; the source is consumed (its dictionary moves over, its buffers are
  // freed on return). Columns of tags (rows of varying length), of no values or skipped by the
  // loader are gathered as rt::Column::Gather does (nothing or little to move).
  Column Carry(Column column) const;

  // `column`, whose rows are in index order but for the re-sorted customers' (EventCarry::in_place),
  // with those customers' events put in time order where they lie.
  void ResortInPlace(Column& column) const;

  // The two halves of Carry, for a fixed-width column with values: carried in partition order,
  // then made a column, its re-sorted customers' events first put in time order when `resort`.
  // The dictionary is the caller's to move over (CarriedColumn::dictionary).
  // `unordered`, when given and `column` is a time column without missing values carried
  // through the passes, is filled per customer: 1 where some event's time is not later than the
  // one before's (events possibly out of order, or at one time), read in the second pass while
  // each bucket is in the cache instead of in one more pass over the times; else it is cleared.
  CarriedColumn CarryInPartitionOrder(const Column& column, std::vector<uint8_t>* unordered = nullptr) const;
  Column Finish(CarriedColumn carried, bool resort) const;

 private:
  // Puts the events of the re-sorted customers, carried in row order, into time order.
  template <typename T> void Resort(T* data) const;
  // Where the events of the i-th re-sorted customer's slots came from (EventCarry::resorted_from).
  std::span<const uint32_t> ResortedFrom(size_t i) const;

  const EventCarry* carry_;
  std::span<const uint32_t> offsets_;
  std::span<const uint32_t> permutation_;
  CustomerOfRow customer_of_;
  ThreadPool* pool_;
};

}  // namespace seg::rt
