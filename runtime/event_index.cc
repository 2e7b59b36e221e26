#include "runtime/event_index.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include "runtime/assert.h"
#include "runtime/buffer.h"
#include "runtime/customer_partition.h"
#include "runtime/event_carry.h"
#include "runtime/event_order.h"
#include "runtime/fill_on_threads.h"
#include "runtime/thread_pool.h"
#include "runtime/value_order.h"

namespace seg::rt {
namespace {

using event_order::EventBefore;
using event_order::kCustomerMorsel;
using event_order::kResortMorsel;
using event_order::MoveAlike;
using event_order::SortNearlySorted;

bool IsTextKey(ValueType type) { return type == ValueType::kText || type == ValueType::kId; }

// Whether `whole`'s first values are those of `start`, in the same order (one pass over bytes).
bool StartsWith(const Dictionary& whole, const Dictionary& start) {
  size_t n = start.size();
  if (n == 0 || whole.size() < n) return false;
  if (!std::equal(start.ends().begin(), start.ends().end(), whole.ends().begin())) return false;
  return whole.bytes().substr(0, start.bytes().size()) == start.bytes();
}

// Text keys: the customer row per key code of the event column (-1: unknown key), so an event's
// customer is one array lookup by its code, translated through the dictionaries once per distinct
// event key, not once per event, and nothing the size of the events is built. Counts the
// missing and unknown events and samples unknown keys (in row order).
std::vector<int32_t> MatchTextKeys(const Column& customer_keys, const Column& event_keys, EventIndex* index) {
  // Customer index per key code of the entity column (first row wins for repeated keys).
  const auto& customer_codes = customer_keys.values<int32_t>();
  std::vector<int32_t> customer_of_code(customer_keys.dictionary().size(), -1);
  for (size_t row = 0; row < customer_keys.size(); ++row) {
    if (!customer_keys.IsValid(row)) continue;
    int32_t& slot = customer_of_code[static_cast<size_t>(customer_codes[row])];
    if (slot < 0) slot = static_cast<int32_t>(row);
  }
  const Dictionary& event_dictionary = event_keys.dictionary();
  std::vector<int32_t> customer_of_event_code(event_dictionary.size(), -1);
  bool unknown_codes = false;
  // An event key column the loader coded by the customers' key numbering begins with their
  // dictionary: those codes are the customers' own and need no lookup.
  size_t shared = StartsWith(event_dictionary, customer_keys.dictionary()) ? customer_keys.dictionary().size() : 0;
  for (size_t code = 0; code < shared; ++code) {
    customer_of_event_code[code] = customer_of_code[code];
    unknown_codes |= customer_of_event_code[code] < 0;
  }
  for (size_t code = shared; code < event_dictionary.size(); ++code) {
    int32_t customer_code = customer_keys.dictionary().Find(event_dictionary.Value(static_cast<int32_t>(code)));
    if (customer_code >= 0) customer_of_event_code[code] = customer_of_code[static_cast<size_t>(customer_code)];
    unknown_codes |= customer_of_event_code[code] < 0;
  }
  index->missing_key_events = event_keys.NullCount();
  if (!unknown_codes) return customer_of_event_code;
  const auto& event_codes = event_keys.values<int32_t>();
  std::vector<uint8_t> sampled(event_dictionary.size(), 0);
  for (size_t row = 0; row < event_keys.size(); ++row) {
    if (!event_keys.IsValid(row)) continue;
    size_t code = static_cast<size_t>(event_codes[row]);
    if (customer_of_event_code[code] >= 0) continue;
    ++index->unknown_customer_events;
    if (!sampled[code] && index->unknown_key_samples.size() < kMaxUnknownKeySamples) {
      sampled[code] = 1;
      index->unknown_key_samples.emplace_back(event_dictionary.Value(static_cast<int32_t>(code)));
    }
  }
  return customer_of_event_code;
}

// Int keys: matched by value, through an array indexed by key - smallest key when the keys are
// dense (the span below 4 per customer + 1024: ids from a counter), else a hash table.
std::vector<int32_t> MatchIntKeys(const Column& customer_keys, const Column& event_keys, EventIndex* index) {
  const auto& customer_values = customer_keys.values<int64_t>();
  int64_t low = INT64_MAX;
  int64_t high = INT64_MIN;
  for (size_t row = 0; row < customer_keys.size(); ++row) {
    if (!customer_keys.IsValid(row)) continue;
    low = std::min(low, customer_values[row]);
    high = std::max(high, customer_values[row]);
  }
  uint64_t span = low <= high ? static_cast<uint64_t>(high) - static_cast<uint64_t>(low) + 1 : 0;
  bool dense = span > 0 && span <= uint64_t{4} * customer_keys.size() + 1024;
  std::vector<int32_t> customer_of_number(dense ? span : 0, -1);
  std::unordered_map<int64_t, int32_t> customer_of_key;
  if (!dense) customer_of_key.reserve(customer_keys.size());
  for (size_t row = 0; row < customer_keys.size(); ++row) {
    if (!customer_keys.IsValid(row)) continue;
    if (dense) {
      int32_t& slot = customer_of_number[static_cast<uint64_t>(customer_values[row]) - static_cast<uint64_t>(low)];
      if (slot < 0) slot = static_cast<int32_t>(row);
    } else {
      customer_of_key.emplace(customer_values[row], static_cast<int32_t>(row));
    }
  }
  auto customer_of = [&](int64_t key) -> int32_t {
    if (dense) {
      uint64_t offset = static_cast<uint64_t>(key) - static_cast<uint64_t>(low);  // wraps below low
      return offset < span ? customer_of_number[offset] : -1;
    }
    auto it = customer_of_key.find(key);
    return it == customer_of_key.end() ? -1 : it->second;
  };
  const auto& event_values = event_keys.values<int64_t>();
  std::vector<int32_t> customer_of_event(event_keys.size(), -1);
  std::unordered_set<int64_t> sampled;
  for (size_t row = 0; row < event_keys.size(); ++row) {
    if (!event_keys.IsValid(row)) {
      ++index->missing_key_events;
      continue;
    }
    if (int32_t customer = customer_of(event_values[row]); customer >= 0) {
      customer_of_event[row] = customer;
      continue;
    }
    ++index->unknown_customer_events;
    if (index->unknown_key_samples.size() < kMaxUnknownKeySamples && sampled.insert(event_values[row]).second) {
      index->unknown_key_samples.push_back(std::to_string(event_values[row]));
    }
  }
  return customer_of_event;
}

// Puts each customer's events, which the partition left in row order, into the order of their
// times (missing times last), then their values in `tie_columns`, then row: events alike in all
// of them are alike to the program, so their order cannot change a result. `time_of(slot)` is
// the time of the event in the slot (INT64_MAX: missing), read from the time column in partition
// order, so that finding the customers out of order is one pass in memory order; in a log
// written in time order they are those with events at one time, whose tie values the comparison
// then reads by row: `rows_of(c)` gives the rows of customer c's slots (from its first), for the
// customers compared (null where there are no tie columns, or where each slot is its own row: a
// partition that is the identity, with no row numbers written). Only those customers are
// sorted: their rows, and whatever else `move(begin, order)` moves alike (slot begin + i gets
// what was in begin + order[i]); `carry` learns where their events came from, and keeps it
// (EventCarry::resorts_kept) when `keep_every_resort` or where that stays small. `unordered`,
// when not empty, has 0 for each customer whose every event is later than the one before
// (ColumnCarrier::CarryInPartitionOrder found them): only the others are compared.
template <typename TimeOf, typename RowsOf, typename Move>
void SortCustomersByTime(const TimeOf& time_of, const RowsOf& rows_of, const std::vector<uint32_t>& offsets,
                         std::span<const Column* const> tie_columns, const std::vector<uint8_t>& unordered,
                         ThreadPool& pool, EventCarry* carry, bool keep_every_resort, const Move& move) {
  size_t customers = offsets.size() - 1;
  // Slots a and b of the customer whose first slot is `begin` and whose rows are `rows`.
  auto before = [&](const uint32_t* rows, size_t begin, size_t a, size_t b) {
    return EventBefore(time_of(a), time_of(b), tie_columns, rows == nullptr ? a : rows[a - begin],
                       rows == nullptr ? b : rows[b - begin]);
  };
  std::vector<uint8_t> out_of_order(customers, 0);
  pool.ParallelFor(customers, kCustomerMorsel, [&](size_t first, size_t last) {
    for (size_t c = first; c < last; ++c) {
      if (!unordered.empty() && !unordered[c]) continue;
      if (offsets[c + 1] - offsets[c] < 2) continue;
      const uint32_t* rows = tie_columns.empty() ? nullptr : rows_of(c);
      for (size_t slot = size_t{offsets[c]} + 1; slot < offsets[c + 1]; ++slot) {
        if (!before(rows, offsets[c], slot, slot - 1)) continue;
        out_of_order[c] = 1;
        break;
      }
    }
  });
  std::vector<uint32_t>& resorted = carry->resorted;
  size_t resorted_events = 0;
  for (size_t c = 0; c < customers; ++c) {
    if (!out_of_order[c]) continue;
    resorted.push_back(static_cast<uint32_t>(c));
    resorted_events += offsets[c + 1] - offsets[c];
  }
  // Where the events came from costs 4 bytes each; kept while that stays small beside the
  // columns it lets SortEvents carry (a log in time order re-sorts few customers).
  carry->resorts_kept = keep_every_resort || resorted_events <= offsets.back() / 8;
  if (carry->resorts_kept) {
    carry->resorted_start.assign(resorted.size() + 1, 0);
    for (size_t i = 0; i < resorted.size(); ++i) {
      carry->resorted_start[i + 1] = carry->resorted_start[i] + offsets[resorted[i] + 1] - offsets[resorted[i]];
    }
    carry->resorted_from.resize(resorted_events);
  }
  pool.ParallelFor(resorted.size(), kResortMorsel, [&](size_t first, size_t last) {
    std::vector<uint32_t> order;
    std::vector<uint32_t> old_rows;
    for (size_t i = first; i < last; ++i) {
      uint32_t begin = offsets[resorted[i]];
      size_t n = offsets[resorted[i] + 1] - begin;
      uint32_t* rows = rows_of(resorted[i]);
      order.resize(n);
      std::iota(order.begin(), order.end(), uint32_t{0});
      SortNearlySorted(order, [&](uint32_t a, uint32_t b) { return before(rows, begin, begin + a, begin + b); });
      if (rows != nullptr) {
        old_rows.assign(rows, rows + n);
        for (size_t slot = 0; slot < n; ++slot) rows[slot] = old_rows[order[slot]];
      }
      move(begin, order);
      if (carry->resorts_kept) std::copy(order.begin(), order.end(), &carry->resorted_from[carry->resorted_start[i]]);
    }
  });
}

// Whether most steps of the permutation go to a nearby row (EventCarry::local), judged on a
// sample: in a log in time order nearly every step jumps far (a customer's next event is
// thousands of rows on), in a file grouped by customer only the steps between customers may.
bool IsLocal(const uint32_t* rows, size_t n) {
  constexpr size_t kSampleStep = 61;  // a prime: no period of the data lines up with it
  constexpr int64_t kNear = 1024;     // rows: within a few pages of the one before
  size_t sampled = 0;
  size_t far = 0;
  for (size_t i = 1; i < n; i += kSampleStep) {
    ++sampled;
    int64_t step = int64_t{rows[i]} - int64_t{rows[i - 1]};
    far += step < -kNear || step > kNear;
  }
  return far * 4 < sampled;  // under a quarter
}

// Whether rows mostly follow a row of the same customer, judged on a sample of pairs of rows: in
// a file grouped by customer all but the rows where a customer's events begin do; in a log in
// time order nearly none does.
bool GroupedByCustomer(const CustomerOfRow& customer_of, size_t events) {
  constexpr size_t kSamples = 4096;
  size_t step = std::max<size_t>(1, events / kSamples);
  size_t sampled = 0;
  size_t same = 0;
  for (size_t row = 1; row < events; row += step) {
    int32_t customer = customer_of(row);
    if (customer < 0) continue;
    ++sampled;
    same += customer == customer_of(row - 1);
  }
  return same * 2 > sampled;  // over half
}

// Whether the rows kept all rows in their order: a file grouped by customer in time order.
bool IsIdentity(const uint32_t* rows, size_t n, ThreadPool& pool) {
  std::atomic<bool> identity{true};
  pool.ParallelFor(n, size_t{1} << 20, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end && identity.load(std::memory_order_relaxed); ++i) {
      if (rows[i] != i) identity = false;
    }
  });
  return identity;
}

// BuildEventIndex's first step, which MatchEventKeys shares: the column types checked (an error
// in index->status, then null), each event row's customer matched, and the unknown and missing
// keys counted and sampled into `index`.
std::shared_ptr<EventCarry> MatchKeys(const Column& customer_keys, const Column& event_keys, const Column& event_times,
                                      EventIndex* index) {
  bool int_keys = customer_keys.type() == ValueType::kInt && event_keys.type() == ValueType::kInt;
  if (!int_keys && !(IsTextKey(customer_keys.type()) && IsTextKey(event_keys.type()))) {
    index->status = Status::Error("customer keys must be text or id columns on both sides, or int on both");
    return nullptr;
  }
  if (event_times.type() != ValueType::kTimestamp && event_times.type() != ValueType::kDate) {
    index->status = Status::Error("event time must be a timestamp or date column");
    return nullptr;
  }
  auto carry = std::make_shared<EventCarry>();
  carry->int_keys = int_keys;
  if (int_keys) {
    carry->customer_of_event = MatchIntKeys(customer_keys, event_keys, index);
    carry->same = static_cast<uint32_t>(customer_keys.size());
    return carry;
  }
  carry->customer_of_code = MatchTextKeys(customer_keys, event_keys, index);
  // Usually the first codes are their customers' own indexes (the loader numbers the event keys
  // by the customers' key dictionary, and the customers' keys come one per row): those need no
  // lookup in the table, a random read per row in a time-ordered log that, in a table of a
  // million customers, misses the L2 cache and cost as much as the sort itself.
  const std::vector<int32_t>& customer_of_code = carry->customer_of_code;
  while (carry->same < customer_of_code.size() && customer_of_code[carry->same] == static_cast<int32_t>(carry->same)) {
    ++carry->same;
  }
  carry->key_nulls = index->missing_key_events != 0;
  return carry;
}

// Whether every row's customer is at or after the row before's (every row kept): the
// partition is then the identity. A sample of pairs first, which rejects a log in time order at
// once, then every pair.
bool CustomersInRowOrder(const CustomerOfRow& customer_of, size_t events, ThreadPool& pool) {
  constexpr size_t kSamples = 4096;
  size_t step = std::max<size_t>(1, events / kSamples);
  for (size_t row = 1; row < events; row += step) {
    if (customer_of(row) < customer_of(row - 1)) return false;
  }
  std::atomic<bool> in_order{true};
  pool.ParallelFor(events, size_t{1} << 20, [&](size_t begin, size_t end) {
    for (size_t row = std::max<size_t>(begin, 1); row < end && in_order.load(std::memory_order_relaxed); ++row) {
      if (customer_of(row) < customer_of(row - 1)) in_order = false;
    }
  });
  return in_order;
}

// The index's offsets where every row is kept and the rows' customers are in order
// (CustomersInRowOrder, the first row's customer known): customer c's events start at the first
// row of a customer at or after c. Each offset is written once, by the row where the customers
// step past it, so the threads never write the same one.
std::vector<uint32_t> FirstRowsOfCustomers(const CustomerOfRow& customer_of, size_t events, size_t customers,
                                           ThreadPool& pool) {
  std::vector<uint32_t> offsets(customers + 1);
  auto starts = [&](int64_t after, int64_t upto, size_t row) {
    for (int64_t c = after + 1; c <= upto; ++c) offsets[static_cast<size_t>(c)] = static_cast<uint32_t>(row);
  };
  pool.ParallelFor(events, size_t{1} << 20, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      int64_t customer = customer_of(row);
      int64_t before = row == 0 ? -1 : customer_of(row - 1);
      if (customer != before) starts(before, customer, row);
    }
  });
  starts(events == 0 ? -1 : customer_of(events - 1), static_cast<int64_t>(customers), events);
  return offsets;
}

// 0, 1, ..., events - 1, written on the pool's threads.
std::shared_ptr<uint32_t[]> IdentityRows(size_t events, ThreadPool& pool) {
  std::shared_ptr<uint32_t[]> rows = UninitialisedLines<uint32_t>(events);
  pool.ParallelFor(events, size_t{1} << 20, [&](size_t begin, size_t end) {
    std::iota(rows.get() + begin, rows.get() + end, static_cast<uint32_t>(begin));
  });
  return rows;
}

// The customers whose events the sort by time compares (`unordered`, as the time column's carry
// flagged them), when their events are few: at most an eighth of all (then the re-sorted ones,
// among them, are few enough for SortEvents to carry the columns: EventCarry::resorts_kept).
// None when the carry flagged nothing (missing times) or they are more.
std::optional<std::vector<uint32_t>> FewUnordered(const std::vector<uint8_t>& unordered,
                                                  const std::vector<uint32_t>& offsets) {
  size_t customers = offsets.size() - 1;
  if (unordered.size() != customers) return std::nullopt;
  std::vector<uint32_t> few;
  size_t events = 0;
  for (size_t c = 0; c < customers; ++c) {
    if (!unordered[c]) continue;
    few.push_back(static_cast<uint32_t>(c));
    events += offsets[c + 1] - offsets[c];
  }
  if (events > offsets.back() / 8) return std::nullopt;
  return few;
}

// EventCarry::key_of_customer: text keys, the event key code of each customer from `same` on
// (the code whose customer it is); int keys, each customer's key value.
std::vector<int64_t> KeysOfCustomers(const EventCarry& carry, const Column& customer_keys) {
  size_t customers = customer_keys.size();
  if (carry.int_keys) {
    const auto& values = customer_keys.values<int64_t>();
    return std::vector<int64_t>(values.begin(), values.end());
  }
  if (carry.same >= customers) return {};
  std::vector<int64_t> key_of(customers, -1);
  for (size_t code = carry.same; code < carry.customer_of_code.size(); ++code) {
    if (int32_t c = carry.customer_of_code[code]; c >= 0) key_of[static_cast<size_t>(c)] = static_cast<int64_t>(code);
  }
  return key_of;
}

}  // namespace

EventIndex MatchEventKeys(const Column& customer_keys, const Column& event_keys, const Column& event_times,
                          size_t* missing_times) {
  EventIndex index;
  std::shared_ptr<EventCarry> carry = MatchKeys(customer_keys, event_keys, event_times, &index);
  if (carry == nullptr) return index;
  *missing_times = 0;
  size_t missing = event_times.NullCount();
  if (missing == 0 || index.unknown_customer_events + index.missing_key_events == 0) {
    *missing_times = missing;
    return index;
  }
  CustomerOfRow customer_of = carry->CustomerOf(event_keys);
  for (size_t row = 0; row < event_keys.size(); ++row)
    *missing_times += !event_times.IsValid(row) && customer_of(row) >= 0;
  return index;
}

EventIndex BuildEventIndex(const Column& customer_keys, const Column& event_keys, const Column& event_times,
                           size_t threads, std::span<const Column* const> tie_columns, bool permutation_read) {
  EventIndex index;
  std::shared_ptr<EventCarry> carry = MatchKeys(customer_keys, event_keys, event_times, &index);
  if (carry == nullptr) return index;
  size_t customers = customer_keys.size();
  size_t events = event_keys.size();
  ThreadPool pool(threads);
  // Room for every row, not initialised: the sort writes each kept row's slot once.
  std::shared_ptr<uint32_t[]> rows;
  CustomerOfRow customer_of = carry->CustomerOf(event_keys);
  // A file grouped by customer is sorted by one counting sort; its columns are then gathered
  // (EventCarry::local), which reads them in order. Measured on the 1M-customer bench data
  // grouped (20M orders, 10M visits; bench/index_bench, one core): the radix partition's three
  // passes took 0.29 s of the index's 0.61 user CPU s, which is 0.45 s with the counting sort.
  size_t kept;
  bool identity;
  if (GroupedByCustomer(customer_of, events)) {
    if (!permutation_read && events > 0 && customer_of(0) >= 0 && CustomersInRowOrder(customer_of, events, pool)) {
      // Every row kept, in customer order: the partition is the identity, and nothing reads the
      // row numbers, so none are written (4 bytes an event: 800 MB at 10M customers).
      index.offsets = FirstRowsOfCustomers(customer_of, events, customers, pool);
      kept = events;
      identity = true;
    } else {
      rows = UninitialisedLines<uint32_t>(events);
      kept = CountingSortRowsByCustomer(events, customers, customer_of, pool, rows.get(), &index.offsets);
      identity = kept == events && IsIdentity(rows.get(), kept, pool);
    }
    carry->local = true;
    carry->partition.events = events;  // no buckets: what a gather along the permutation needs
    carry->partition.customers = customers;
    carry->partition.kept = kept;
  } else if (permutation_read) {
    rows = UninitialisedLines<uint32_t>(events);
    kept = SortRowsByCustomer(events, customers, customer_of, pool, rows.get(), &index.offsets, &carry->partition);
    carry->local = IsLocal(rows.get(), kept);
    identity = kept == events && IsIdentity(rows.get(), kept, pool);
  } else {
    // The partition without the rows (ties compared where SortEvents carries the columns:
    // EventCarry::deferred); SortEvents carries every column, so it is not local.
    kept = SortRowsByCustomer(events, customers, customer_of, pool, nullptr, &index.offsets, &carry->partition);
    identity = kept == events && CustomersInRowOrder(customer_of, events, pool);
    if (identity) rows = IdentityRows(events, pool);  // rare: a customer's events in one row each
  }
  if (identity) {
    // A file grouped by customer: its time column is in partition order as it is. SortEvents
    // carries it if the sort by time below moves any event.
    std::visit(
        [&](const auto& values) {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
            const T* times = values.data();
            auto time_of = [&event_times, times](size_t slot) -> int64_t {
              return event_times.IsValid(slot) ? times[slot] : INT64_MAX;  // unloaded: none valid
            };
            // Where the customers re-sorted came from is kept however many they are: SortEvents
            // moves their events in place (EventCarry::in_place) instead of copying every column.
            SortCustomersByTime(
                time_of, [&](size_t c) { return rows ? rows.get() + index.offsets[c] : nullptr; }, index.offsets,
                tie_columns, {}, pool, carry.get(), true, [](uint32_t, const std::vector<uint32_t>&) {});
            // A customer re-sorted by time has an event moved (one was before the one above it).
            index.in_row_order = carry->resorted.empty();
            carry->in_place = !index.in_row_order;
          }
        },
        event_times.data());
  } else {
    // The time column carried into partition order, to find and sort the customers whose events
    // are out of time order; it is then SortEvents' time column.
    ColumnCarrier carrier(*carry, index.offsets, {rows.get(), rows ? kept : 0}, customer_of, pool);
    Column missing_times(event_times.type());  // an unloaded column has no values to carry
    if (event_times.unloaded()) missing_times.AppendNulls(events);
    std::vector<uint8_t> unordered;
    CarriedColumn times = carrier.CarryInPartitionOrder(event_times.unloaded() ? missing_times : event_times,
                                                        &unordered);
    if (!rows) {
      std::optional<std::vector<uint32_t>> few = FewUnordered(unordered, index.offsets);
      if (!few) {
        // Many customers to compare (or missing times, not flagged while carried): their rows
        // are the permutation's, carried as a column would be.
        rows = UninitialisedLines<uint32_t>(events);
        CarryByCustomer(
            carry->partition, index.offsets.data(), customer_of,
            [](size_t row, int32_t) { return static_cast<uint32_t>(row); }, rows.get(), pool);
      } else if (!tie_columns.empty()) {
        // Their tie values are compared where SortEvents carries them (EventCarry::deferred).
        carry->deferred = EventCarry::DeferredSort{std::move(*few), tie_columns.size(), std::move(times)};
      }
    }
    if (!carry->deferred) {
      uint8_t* valid = times.valid.get();
      std::visit(
          [&](const auto& values) {
            using T = typename std::decay_t<decltype(values)>::element_type;
            if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
              T* carried = values.get();
              auto time_of = [carried, valid](size_t slot) -> int64_t {
                return valid != nullptr && !valid[slot] ? INT64_MAX : carried[slot];
              };
              auto rows_of = [&](size_t c) { return rows ? rows.get() + index.offsets[c] : nullptr; };
              SortCustomersByTime(time_of, rows_of, index.offsets, tie_columns, unordered, pool, carry.get(), false,
                                  [&](uint32_t begin, const std::vector<uint32_t>& order) {
                                    MoveAlike(carried, begin, order);
                                    if (valid != nullptr) MoveAlike(valid, begin, order);
                                  });
            }
          },
          times.values);
      carry->sorted_times = carrier.Finish(std::move(times), false);
    }
  }
  if (!rows && !identity) carry->key_of_customer = KeysOfCustomers(*carry, customer_keys);
  index.carry = std::move(carry);
  if (rows) {
    const uint32_t* sorted = rows.get();  // before the move below: argument order is unspecified
    index.permutation = Buffer<uint32_t>::View(sorted, kept, std::move(rows));
  }
  return index;
}

Column DeriveCustomers(std::span<const Column* const> event_key_columns) {
  bool int_keys = !event_key_columns.empty() && event_key_columns.front()->type() == ValueType::kInt;
  if (int_keys) {
    Column customers(ValueType::kInt);
    std::unordered_set<int64_t> seen;
    for (const Column* keys : event_key_columns) {
      const auto& values = keys->values<int64_t>();
      for (size_t row = 0; row < keys->size(); ++row) {
        if (keys->IsValid(row) && seen.insert(values[row]).second) customers.AppendInt64(values[row]);
      }
    }
    return customers;
  }
  Column customers(ValueType::kId);
  for (const Column* keys : event_key_columns) {
    // A code's first row is where its key first appears; the seen-flags keep this O(rows).
    std::vector<uint8_t> seen(keys->dictionary().size(), 0);
    const auto& codes = keys->values<int32_t>();
    for (size_t row = 0; row < keys->size(); ++row) {
      if (!keys->IsValid(row)) continue;
      auto code = static_cast<size_t>(codes[row]);
      if (seen[code]) continue;
      seen[code] = 1;
      std::string_view key = keys->dictionary().Value(codes[row]);
      if (customers.dictionary().Find(key) < 0) customers.AppendText(key);
    }
  }
  return customers;
}

}  // namespace seg::rt
