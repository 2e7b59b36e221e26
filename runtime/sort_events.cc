#include "runtime/sort_events.h"

#include <memory>
#include <numeric>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/assert.h"
#include "runtime/buffer.h"
#include "runtime/event_carry.h"
#include "runtime/event_order.h"
#include "runtime/fill_on_threads.h"
#include "runtime/thread_pool.h"

namespace seg::rt {

using event_order::EventBefore;
using event_order::kCustomerMorsel;
using event_order::kResortMorsel;
using event_order::MoveAlike;
using event_order::MoveValidityAlike;
using event_order::SortNearlySorted;

namespace {

// Output rows per thread hand-off when gathering: a multiple of 64, so no two threads ever write
// one validity word.
constexpr size_t kGatherMorsel = size_t{1} << 16;

// How many rows ahead the gathers ask for the row they will read. In a time-ordered log every
// read is a cache and TLB miss; without the hint the processor overlaps only the misses its
// reorder window holds. Measured on 20M rows in 1M customers' order (one core): a byte column
// gathered in 0.042 s instead of 0.085, int32 0.12 instead of 0.14, int64 0.17 instead of 0.19.
constexpr size_t kPrefetchAhead = 128;

// out[i] = in[rows[i]] for i in [begin, end), with each read asked for kPrefetchAhead rows early.
template <typename T> void GatherRange(T* out, const T* in, const uint32_t* rows, size_t begin, size_t end) {
  size_t i = begin;
  for (; i + kPrefetchAhead < end; ++i) {
    __builtin_prefetch(in + rows[i + kPrefetchAhead]);
    out[i] = in[rows[i]];
  }
  for (; i < end; ++i) out[i] = in[rows[i]];
}

// `column`'s rows in the order `rows` gives, as Column::Gather, with the rows split among the
// pool's threads so that a single large column uses them all; the source is consumed (its
// dictionary moves over, its buffers are freed on return).
//
// Why a gather and not the permutation's cycles walked in place: an event log in time order
// scatters each customer's events over the whole file, so every step of a cycle is two cache
// misses that depend on each other (the next row is read from the permutation just visited),
// which made reordering 20 million orders take 14 s. The gather's reads are independent of
// each other, so the processor overlaps their misses, and its writes are sequential.
Column GatherOnThreads(Column column, std::span<const uint32_t> rows, ThreadPool& pool) {
  if (column.unloaded() || column.type() == ValueType::kTags ||
      (column.size() > 0 && column.NullCount() == column.size())) {
    return column.Gather(rows);  // cheap already (nothing to read) or rows of varying length
  }
  size_t n = rows.size();
  std::vector<uint64_t> validity((n + 63) / 64, ~uint64_t{0});
  if (n % 64 != 0) validity.back() = (uint64_t{1} << (n % 64)) - 1;  // no bit past the last row
  if (column.NullCount() != 0) {
    pool.ParallelFor(n, kGatherMorsel, [&](size_t begin, size_t end) {
      const uint64_t* valid = column.validity().data();
      for (size_t i = begin; i < end; ++i) {
        if (i + kPrefetchAhead < end) __builtin_prefetch(valid + (rows[i + kPrefetchAhead] >> 6));
        if (!((valid[rows[i] >> 6] >> (rows[i] & 63)) & 1)) validity[i >> 6] &= ~(uint64_t{1} << (i & 63));
      }
    });
  }
  Column::Data data = std::visit(
      [&](const auto& values) -> Column::Data {
        using T = typename std::decay_t<decltype(values)>::value_type;
        const T* in = values.data();
        return FillOnThreads<T>(n, kGatherMorsel, pool, [&](T* out, size_t begin, size_t end) {
          GatherRange(out, in, rows.data(), begin, end);
        });
      },
      column.data());
  ValueType type = column.type();
  Dictionary dictionary = std::move(column.mutable_dictionary());
  return Column::FromParts(type, n, std::move(validity), std::move(data), {}, std::move(dictionary));
}

}  // namespace

// The customer key column in index order: every event of a customer has the customer's key, so
// each range is filled with the value of its first event, one random read per customer instead
// of one per event. Only for a full index, where every event has a key. The customers below
// `own_codes` have their own index as key code (text keys, EventCarry::same): nothing to read.
// Without a permutation (BuildEventIndex's `permutation_read` false) the keys of the others are
// `key_of_customer`'s (EventCarry::key_of_customer).
template <typename T>
void FillKeysByCustomer(Buffer<T>& key_values, const EventIndex& index, ThreadPool& pool, size_t own_codes,
                        const std::vector<int64_t>& key_of_customer) {
  T* keys = key_values.mutable_data();  // a view of a mapped file is copied first
  size_t customers = index.offsets.size() - 1;
  std::vector<T> first(customers);  // read before any range is filled: the fills overwrite keys
  pool.ParallelFor(customers, kCustomerMorsel, [&](size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      if (c < own_codes) {
        first[c] = static_cast<T>(c);
      } else if (index.offsets[c] < index.offsets[c + 1]) {
        first[c] = index.permutation.empty() ? static_cast<T>(key_of_customer[c])
                                             : keys[index.permutation[index.offsets[c]]];
      }
    }
  });
  pool.ParallelFor(customers, kCustomerMorsel, [&](size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      std::fill(keys + index.offsets[c], keys + index.offsets[c + 1], first[c]);
    }
  });
}

namespace {

// The customers' events in order of their times, then their values in `ties` (columns in
// partition order, compared slot by slot), then slot: the sort by time that BuildEventIndex left
// to SortEvents (EventCarry::deferred), done where the tie columns have been carried. `times` is
// the time column in partition order (no missing time: the carry flags customers only then);
// each of `moved` (the values of a carried column, and the index of its column in `sorted`)
// and `times` are moved alike, and so are the validity bits of the columns of `sorted`.
void SortDeferred(const EventCarry::DeferredSort& deferred, const std::vector<uint32_t>& offsets,
                  std::span<const Column* const> ties,
                  const std::vector<std::pair<CarriedColumn::Values, size_t>>& moved, std::vector<Column>& sorted,
                  ThreadPool& pool) {
  SEG_ASSERT(deferred.times.valid == nullptr, "a deferred sort by time has every time");
  const std::vector<uint32_t>& customers = deferred.customers;
  // The order of each customer's slots; empty where they are in order already.
  std::vector<std::vector<uint32_t>> orders(customers.size());
  std::visit(
      [&](const auto& values) {
        using T = typename std::decay_t<decltype(values)>::element_type;
        if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          const T* times = values.get();
          auto before = [&](size_t a, size_t b) { return EventBefore(times[a], times[b], ties, a, b); };
          pool.ParallelFor(customers.size(), kResortMorsel, [&](size_t first, size_t last) {
            for (size_t i = first; i < last; ++i) {
              uint32_t begin = offsets[customers[i]];
              uint32_t end = offsets[customers[i] + 1];
              bool in_order = true;
              for (uint32_t slot = begin + 1; slot < end && in_order; ++slot) in_order = !before(slot, slot - 1);
              if (in_order) continue;
              std::vector<uint32_t>& order = orders[i];
              order.resize(end - begin);
              std::iota(order.begin(), order.end(), uint32_t{0});
              SortNearlySorted(order, [&](uint32_t a, uint32_t b) { return before(begin + a, begin + b); });
            }
          });
        }
      },
      deferred.times.values);
  auto move_values = [&](const CarriedColumn::Values& values) {
    std::visit(
        [&](const auto& array) {
          pool.ParallelFor(customers.size(), kResortMorsel, [&](size_t first, size_t last) {
            std::vector<std::remove_pointer_t<decltype(array.get())>> scratch;  // one a morsel, as Resort's
            for (size_t i = first; i < last; ++i) {
              if (!orders[i].empty()) MoveAlike(array.get(), offsets[customers[i]], orders[i], scratch);
            }
          });
        },
        values);
  };
  move_values(deferred.times.values);
  for (const auto& [values, c] : moved) {
    move_values(values);
    Column& column = sorted[c];
    if (column.NullCount() == 0) continue;
    // Bits: one thread, as neighbouring customers may share a word; the customers moved are few.
    std::vector<uint8_t> scratch;
    for (size_t i = 0; i < customers.size(); ++i) {
      if (!orders[i].empty()) MoveValidityAlike(column, offsets[customers[i]], orders[i], scratch);
    }
  }
}

}  // namespace

// The table of a file grouped by customer in customer order whose few re-sorted customers'
// events are moved within their own rows (EventCarry::in_place): the same columns as a gather
// along the permutation, which is the identity elsewhere, without a copy of every column. The
// key column is left as it is: every row of a customer's range holds the customer's key.
Table ResortInPlace(Table events, const EventIndex& index, int key_column, ThreadPool& pool) {
  ColumnCarrier carrier(*index.carry, index.offsets, index.permutation, CustomerOfRow{}, pool);
  for (size_t c = 0; c < events.num_columns(); ++c) {
    if (static_cast<int>(c) == key_column) continue;
    Column& column = events.mutable_column(c);
    if (column.type() == ValueType::kTags) {
      SEG_ASSERT(index.permutation.size() == column.size(), "a table with tags has its index's permutation read");
      column = GatherOnThreads(std::move(column), index.permutation, pool);  // rows of varying length
    } else {
      carrier.ResortInPlace(column);
    }
  }
  return events;
}

Table SortEvents(Table events, const EventIndex& index, size_t threads, int key_column, int time_column,
                 std::span<const size_t> tie_columns) {
  ThreadPool pool(threads);
  size_t kept = index.offsets.empty() ? 0 : index.offsets.back();
  bool every_row = kept == events.num_rows();
  const EventCarry* carry = index.carry.get();
  bool carried = carry != nullptr && carry->partition.events == events.num_rows();
  if (index.in_row_order) return events;  // the permutation is the identity (and may not be kept)
  if (carried && every_row && carry->in_place) return ResortInPlace(std::move(events), index, key_column, pool);
  std::optional<ColumnCarrier> carrier;
  if (carried && key_column >= 0)
    carrier = ColumnCarrier::For(index, events.column(static_cast<size_t>(key_column)), pool);
  SEG_ASSERT(carrier || index.permutation.size() == kept, "an index without its permutation is carried");
  // One column at a time, each on every thread: the old and new copies of only one column
  // coexist, so the peak is the table plus its largest column. The carrier reads the key column
  // to place every row: it goes last.
  std::vector<Column> sorted(events.num_columns());
  // A sort by time left to here: the columns are carried in partition order, then sorted.
  std::optional<EventCarry::DeferredSort> deferred;
  if (carried) deferred = std::exchange(carry->deferred, std::nullopt);
  SEG_ASSERT(!deferred || (carrier && time_column >= 0 && tie_columns.size() == deferred->ties),
             "an index that defers its sort by time is given its key, time and tie columns");
  std::vector<std::pair<CarriedColumn::Values, size_t>> moved;  // the carried columns' values
  auto reorder = [&](size_t c) {
    // Moved in, and freed as soon as the copy exists.
    Column column = std::move(events.mutable_column(c));
    if (deferred && ColumnCarrier::MovesValues(column)) {
      CarriedColumn in_partition_order = carrier->CarryInPartitionOrder(column);
      in_partition_order.dictionary = std::move(column.mutable_dictionary());
      column = Column();  // freed before the next column's copy
      moved.emplace_back(in_partition_order.values, c);
      return carrier->Finish(std::move(in_partition_order), false);
    }
    return carrier ? carrier->Carry(std::move(column)) : GatherOnThreads(std::move(column), index.permutation, pool);
  };
  if (deferred) {
    events.mutable_column(static_cast<size_t>(time_column)) = Column();  // the index carried it
  } else if (carried && time_column >= 0 && carry->sorted_times) {
    // The index carried the time column already: the table's is freed first.
    events.mutable_column(static_cast<size_t>(time_column)) = Column();
    sorted[static_cast<size_t>(time_column)] = *carry->sorted_times;  // shares its values
  }
  for (size_t c = 0; c < events.num_columns(); ++c) {
    bool taken = carried && static_cast<int>(c) == time_column && (carry->sorted_times || deferred);
    if (static_cast<int>(c) != key_column && !taken) sorted[c] = reorder(c);
  }
  if (deferred) {
    std::vector<const Column*> ties;
    for (size_t c : tie_columns) ties.push_back(&sorted[c]);
    SortDeferred(*deferred, index.offsets, ties, moved, sorted, pool);
    sorted[static_cast<size_t>(time_column)] = carrier->Finish(std::move(deferred->times), false);
  }
  if (key_column >= 0) {
    auto c = static_cast<size_t>(key_column);
    if (every_row) {
      // With every row indexed (no unknown or missing customer) the key column is filled per
      // customer where it lies, without reading the permutation.
      Column& keys = events.mutable_column(c);
      static const std::vector<int64_t> kNone;
      const std::vector<int64_t>& key_of_customer = carried ? carry->key_of_customer : kNone;
      if (keys.type() == ValueType::kInt) {
        FillKeysByCustomer(keys.mutable_values<int64_t>(), index, pool, 0, key_of_customer);
      } else {
        FillKeysByCustomer(keys.mutable_values<int32_t>(), index, pool, carried ? carry->same : 0, key_of_customer);
      }
      sorted[c] = std::move(keys);
    } else {
      sorted[c] = reorder(c);
    }
  }
  Table result(events.name());
  for (size_t c = 0; c < events.num_columns(); ++c) result.AddColumn(events.column_name(c), std::move(sorted[c]));
  return result;
}

}  // namespace seg::rt
