#include "runtime/event_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "runtime/civil_time.h"
#include "runtime/event_carry.h"
#include "runtime/sort_events.h"

namespace seg::rt {
namespace {

Column Keys(std::vector<std::string> keys) {
  Column column(ValueType::kId);
  for (const auto& key : keys) key.empty() ? column.AppendNull() : column.AppendText(key);
  return column;
}

Column Dates(std::vector<int32_t> days) {
  Column column(ValueType::kDate);
  for (int32_t day : days) day < 0 ? column.AppendNull() : column.AppendInt32(day);
  return column;
}

TEST(EventIndexTest, GroupsByCustomerThenTimeStably) {
  Column customers = Keys({"a", "b", "c"});
  Column event_keys = Keys({"b", "a", "b", "a", "b", "a"});
  Column times = Dates({5, 3, 1, 3, 5, -1});  // row 5 has no time
  EventIndex index = BuildEventIndex(customers, event_keys, times, 1);
  ASSERT_TRUE(index.ok()) << index.status.message();
  EXPECT_EQ(index.offsets, (std::vector<uint32_t>{0, 3, 6, 6}));
  // a: rows 1 and 3 tie at day 3 and keep row order; the untimed row 5 goes last.
  // b: row 2 (day 1), then rows 0 and 4 tie at day 5.
  EXPECT_EQ(index.permutation, (std::vector<uint32_t>{1, 3, 5, 2, 0, 4}));
  EXPECT_EQ(index.unknown_customer_events, 0u);
}

TEST(EventIndexTest, CountsUnknownAndMissingCustomers) {
  Column customers = Keys({"a"});
  Column event_keys = Keys({"x", "a", "y", "x", "", "z"});
  Column times = Dates({1, 2, 3, 4, 5, 6});
  EventIndex index = BuildEventIndex(customers, event_keys, times, 1);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index.unknown_customer_events, 4u);
  EXPECT_EQ(index.missing_key_events, 1u);
  EXPECT_EQ(index.unknown_key_samples, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(index.permutation, (std::vector<uint32_t>{1}));
}

TEST(EventIndexTest, RejectsWrongColumnTypes) {
  Column customers = Keys({"a"});
  Column ints(ValueType::kInt);
  Column floats(ValueType::kFloat);
  EXPECT_FALSE(BuildEventIndex(floats, Keys({"a"}), Dates({1}), 1).ok());
  EXPECT_FALSE(BuildEventIndex(customers, Keys({"a"}), ints, 1).ok());
}

Column Ints(std::vector<int64_t> values) {
  Column column(ValueType::kInt);
  for (int64_t v : values) column.AppendInt64(v);
  return column;
}

TEST(EventIndexTest, IntKeysMatchByValue) {
  Column customers = Ints({10, 7, 2});
  Column event_keys = Ints({7, 99, 10, 7, 99, 5});
  EventIndex index = BuildEventIndex(customers, event_keys, Dates({1, 2, 3, 4, 5, 6}), 1);
  ASSERT_TRUE(index.ok()) << index.status.message();
  EXPECT_EQ(index.offsets, (std::vector<uint32_t>{0, 1, 3, 3}));
  EXPECT_EQ(index.permutation, (std::vector<uint32_t>{2, 0, 3}));
  EXPECT_EQ(index.unknown_customer_events, 3u);
  EXPECT_EQ(index.unknown_key_samples, (std::vector<std::string>{"99", "5"}));
  // Int keys on one side only: refused.
  EXPECT_FALSE(BuildEventIndex(customers, Keys({"7"}), Dates({1}), 1).ok());
  Column derived = DeriveCustomers(std::vector<const Column*>{&event_keys});
  EXPECT_EQ(derived.type(), ValueType::kInt);
  EXPECT_EQ(derived.values<int64_t>(), (std::vector<int64_t>{7, 99, 10, 5}));
}

// Dense int keys (a span under 4 per customer + 1024) are found through an array, sparse ones
// through a hash table: both must match by value alike, at the span's ends and beyond them,
// with negative keys and the extremes of int64.
TEST(EventIndexTest, DenseAndSparseIntKeysMatchAlike) {
  std::vector<int64_t> events = {-3, -4, 0, 2, 3, 1, INT64_MIN, INT64_MAX, -3, 5, 2};
  for (int64_t far : {int64_t{2}, int64_t{1} << 40}) {  // the second makes the keys sparse
    Column customers = Ints({-3, 2, 0, far});
    EventIndex index = BuildEventIndex(customers, Ints(events), Dates(std::vector<int32_t>(events.size(), 1)), 1);
    ASSERT_TRUE(index.ok()) << index.status.message();
    // -3 twice (rows 0, 8), 2 twice (rows 3, 10), 0 once (row 2); `far` repeats key 2 in the dense case:
    // the first row of a repeated key wins, so customer 3 gets nothing there.
    EXPECT_EQ(index.offsets, (std::vector<uint32_t>{0, 2, 4, 5, 5})) << far;
    EXPECT_EQ(index.permutation, (std::vector<uint32_t>{0, 8, 3, 10, 2})) << far;
    EXPECT_EQ(index.unknown_customer_events, 6u) << far;
    EXPECT_EQ(index.unknown_key_samples,
              (std::vector<std::string>{"-4", "3", "1", std::to_string(INT64_MIN), std::to_string(INT64_MAX)}))
        << far;
  }
}

TEST(EventIndexTest, EqualTimesAreOrderedByTheTieColumnsNotTheFile) {
  Column customers = Keys({"a"});
  Column labels(ValueType::kText);
  for (const char* l : {"zebra", "apple", "", "mango", "apple"}) *l ? labels.AppendText(l) : labels.AppendNull();
  Column amounts = Ints({1, 2, 3, 4, 1});
  std::vector<const Column*> tie = {&labels, &amounts};
  EventIndex index = BuildEventIndex(customers, Keys({"a", "a", "a", "a", "a"}), Dates({4, 4, 4, 4, 4}), 1, tie);
  ASSERT_TRUE(index.ok());
  // missing first, then apple (1 before 2), mango, zebra.
  EXPECT_EQ(index.permutation, (std::vector<uint32_t>{2, 4, 1, 3, 0}));
  // Without tie columns: file order.
  EXPECT_EQ(BuildEventIndex(customers, Keys({"a", "a", "a", "a", "a"}), Dates({4, 4, 4, 4, 4}), 1).permutation,
            (std::vector<uint32_t>{0, 1, 2, 3, 4}));
}

// Appending to a named string sidesteps a g++ 12 -Wrestrict false positive on "k" + to_string().
std::string Key(int64_t number) {
  std::string key = "k";
  key += std::to_string(number);
  return key;
}

// Indexes a time-ordered log (with `amounts` as the tie column) at 1 to 3 threads, and expects
// what the general path gives for the same rows plus one late row of an unknown customer dated
// before the others, which puts the file out of time order. Returns the general path's index.
EventIndex ExpectTimeOrderedPathAsGeneral(const Column& customers, Column keys, Column times, Column amounts) {
  std::vector<const Column*> ties = {&amounts};
  std::vector<EventIndex> ordered;
  for (size_t threads : {1, 2, 3}) ordered.push_back(BuildEventIndex(customers, keys, times, threads, ties));
  keys.AppendText("late");
  times.AppendInt64(-1);
  amounts.AppendInt64(0);
  EventIndex general = BuildEventIndex(customers, keys, times, 1, ties);
  for (const EventIndex& index : ordered) {
    EXPECT_EQ(index.permutation, general.permutation);
    EXPECT_EQ(index.offsets, general.offsets);
  }
  return general;
}

// A log in time order takes a shortcut: only customers with two events at one time are sorted.
// It must give the index the general path gives: here the same rows plus one late row of an
// unknown customer dated before the others, which puts the file out of time order. Rows enough
// for the search for tied times to be cut into one range per thread (64Ki rows and up), with runs
// of equal times across the cuts, at 1 to 3 threads.
TEST(EventIndexTest, TimeOrderedLogsIndexAsAnyOther) {
  Column customers(ValueType::kText);
  for (int i = 0; i < 50; ++i) customers.AppendText(Key(i));
  for (bool with_missing_times : {false, true}) {
    Column keys(ValueType::kText), times(ValueType::kTimestamp), amounts(ValueType::kInt);
    constexpr int64_t kRows = 200000;
    for (int64_t row = 0; row < kRows; ++row) {
      keys.AppendText(Key(((row / 2) * 7919) % 53));              // 50..52 are nobody's; rows in pairs
      bool missing = with_missing_times && row >= kRows - 100;    // a missing time sorts last: the end of the file
      missing ? times.AppendNull() : times.AppendInt64(row / 7);  // runs of seven rows at one time
      amounts.AppendInt64((row * 104729) % 5);
    }
    EventIndex general = ExpectTimeOrderedPathAsGeneral(customers, keys, times, amounts);
    // Ties within a customer really occur and are ordered by the amount.
    bool tie_seen = false;
    for (size_t i = 1; i < general.permutation.size(); ++i) {
      uint32_t a = general.permutation[i - 1], b = general.permutation[i];
      if (keys.TextAt(a) == keys.TextAt(b) && times.IsValid(a) && times.IsValid(b) &&
          times.values<int64_t>()[a] == times.values<int64_t>()[b]) {
        tie_seen = true;
        EXPECT_LE(amounts.values<int64_t>()[a], amounts.values<int64_t>()[b]);
      }
    }
    EXPECT_TRUE(tie_seen);
  }
}

// The search for tied times is cut into one range of rows per thread; a run of equal times across
// a cut belongs to the range it starts in. Here the only customers with two events at one time
// have them in runs across the cuts for 2 and 3 threads (rows 66666, 100000, 133333), in the
// opposite order of the tie column: each must be found, whatever the thread count.
TEST(EventIndexTest, TiedTimesAcrossTheThreadsCutsAreFound) {
  Column customers(ValueType::kText);
  for (int i = 0; i < 50000; ++i) customers.AppendText(Key(i));
  Column keys(ValueType::kText), times(ValueType::kTimestamp), amounts(ValueType::kInt);
  constexpr int64_t kRows = 200000;
  auto near_a_cut = [](int64_t row) {
    for (int64_t cut : {66666, 100000, 133333}) {
      if (row >= cut - 8 && row < cut + 8) return true;
    }
    return false;
  };
  for (int64_t row = 0; row < kRows; ++row) {
    // One customer per row (a customer's rows are 50003 apart), but pairs of rows near the cuts.
    int64_t customer = near_a_cut(row) ? 3 * (row / 2) : row;
    keys.AppendText(Key(static_cast<int>(customer % 50003)));
    times.AppendInt64(row / 7);                             // runs of seven rows at one time
    amounts.AppendInt64(near_a_cut(row) ? -(row % 2) : 0);  // a pair's second row sorts first
  }
  ExpectTimeOrderedPathAsGeneral(customers, keys, times, amounts);
}

TEST(EventIndexTest, SameResultForAnyThreadCount) {
  Column customers(ValueType::kText);
  for (int i = 0; i < 20000; ++i) customers.AppendText(Key(i));
  Column event_keys(ValueType::kText);
  Column times(ValueType::kTimestamp);
  for (int64_t row = 0; row < 200000; ++row) {
    event_keys.AppendText(Key((row * 7919) % 20011));
    times.AppendInt64((row * 104729) % 1000);
  }
  EventIndex one = BuildEventIndex(customers, event_keys, times, 1);
  EventIndex four = BuildEventIndex(customers, event_keys, times, 4);
  EXPECT_EQ(one.permutation, four.permutation);
  EXPECT_EQ(one.offsets, four.offsets);
  EXPECT_GT(one.unknown_customer_events, 0u);
  for (size_t customer = 0; customer < 20000; ++customer) {
    for (uint32_t i = one.offsets[customer] + 1; i < one.offsets[customer + 1]; ++i) {
      int64_t previous = times.values<int64_t>()[one.permutation[i - 1]];
      int64_t current = times.values<int64_t>()[one.permutation[i]];
      ASSERT_TRUE(previous < current || (previous == current && one.permutation[i - 1] < one.permutation[i]));
    }
  }
}

// Enough events for the counting sort to cut them into one range per thread (64Ki rows and up),
// with missing and unknown keys among them: every thread count must give the sequential result.
TEST(EventIndexTest, ParallelCountingSortMatchesOneThreadWithMissingAndUnknownKeys) {
  for (bool int_keys : {false, true}) {
    Column customers(int_keys ? ValueType::kInt : ValueType::kId);
    for (int i = 0; i < 5000; ++i) int_keys ? customers.AppendInt64(i) : customers.AppendText(Key(i));
    Column event_keys(int_keys ? ValueType::kInt : ValueType::kId);
    Column times(ValueType::kDate);
    for (int64_t row = 0; row < 300000; ++row) {
      int64_t key = (row * 7919) % 5003;  // 5000..5002 are nobody's
      if (row % 997 == 0) {
        event_keys.AppendNull();
      } else {
        int_keys ? event_keys.AppendInt64(key) : event_keys.AppendText(Key(static_cast<int>(key)));
      }
      row % 1009 == 0 ? times.AppendNull() : times.AppendInt32(static_cast<int32_t>((row * 104729) % 50));
    }
    EventIndex one = BuildEventIndex(customers, event_keys, times, 1);
    for (size_t threads : {2, 3, 4}) {
      EventIndex many = BuildEventIndex(customers, event_keys, times, threads);
      EXPECT_EQ(one.permutation, many.permutation) << threads;
      EXPECT_EQ(one.offsets, many.offsets) << threads;
      EXPECT_EQ(one.unknown_key_samples, many.unknown_key_samples);
    }
    EXPECT_EQ(one.missing_key_events, 301u);
    EXPECT_GT(one.unknown_customer_events, 0u);
    EXPECT_EQ(one.permutation.size() + one.missing_key_events + one.unknown_customer_events, 300000u);
    // Within each customer: time order, untimed last, ties in row order.
    for (size_t customer = 0; customer < 5000; ++customer) {
      for (uint32_t i = one.offsets[customer] + 1; i < one.offsets[customer + 1]; ++i) {
        uint32_t a = one.permutation[i - 1], b = one.permutation[i];
        ASSERT_EQ(int_keys ? event_keys.values<int64_t>()[a] : static_cast<int64_t>(customer),
                  int_keys ? event_keys.values<int64_t>()[b] : static_cast<int64_t>(customer));
        int64_t ta = times.IsValid(a) ? times.values<int32_t>()[a] : INT64_MAX;
        int64_t tb = times.IsValid(b) ? times.values<int32_t>()[b] : INT64_MAX;
        ASSERT_TRUE(ta < tb || (ta == tb && a < b));
      }
    }
  }
}

// Text keys take a shortcut where an event's key code is its customer's row (the usual file:
// one key per row, numbered in row order). Customers whose rows and codes differ (a customer
// without a key first, a repeated key: the first row wins) must still be matched by key.
TEST(EventIndexTest, CustomersWhoseRowsAreNotTheirKeyCodesMatchByKey) {
  Column customers(ValueType::kId);
  customers.AppendText("a");  // row 0, code 0
  customers.AppendNull();     // row 1: no key
  customers.AppendText("b");  // row 2, code 1
  customers.AppendText("a");  // row 3: repeated, row 0 wins
  customers.AppendText("c");  // row 4, code 2
  Column event_keys = Keys({"c", "b", "a", "z", "b", "c", ""});
  EventIndex index = BuildEventIndex(customers, event_keys, Dates({1, 2, 3, 4, 5, 6, 7}), 2);
  ASSERT_TRUE(index.ok()) << index.status.message();
  EXPECT_EQ(index.permutation, (std::vector<uint32_t>{2, 1, 4, 0, 5}));
  EXPECT_EQ(index.offsets, (std::vector<uint32_t>{0, 1, 1, 3, 3, 5}));
  EXPECT_EQ(index.unknown_customer_events, 1u);
  EXPECT_EQ(index.missing_key_events, 1u);
  EXPECT_EQ(index.unknown_key_samples, (std::vector<std::string>{"z"}));
}

TEST(EventIndexTest, DerivesCustomersInFirstAppearanceOrder) {
  Column orders = Keys({"c3", "c1", "", "c3", "c2"});
  Column visits = Keys({"c4", "c1", "c5"});
  std::vector<const Column*> tables = {&orders, &visits};
  Column customers = DeriveCustomers(tables);
  EXPECT_EQ(customers.type(), ValueType::kId);
  ASSERT_EQ(customers.size(), 5u);
  std::vector<std::string> keys;
  for (size_t row = 0; row < customers.size(); ++row) keys.emplace_back(customers.TextAt(row));
  EXPECT_EQ(keys, (std::vector<std::string>{"c3", "c1", "c2", "c4", "c5"}));
}

// An event table of `keys` and `ts`, and after them a column of every other type, with missing
// values, tags and a column the loader skipped.
Table EventsOfEveryType(Column keys, Column ts) {
  size_t rows = keys.size();
  Column flag(ValueType::kBool), quantity(ValueType::kInt), share(ValueType::kFloat), day(ValueType::kDate);
  Column status(ValueType::kText), labels(ValueType::kTags);
  for (size_t row = 0; row < rows; ++row) {
    row % 7 == 0 ? flag.AppendNull() : flag.AppendBool(row % 3 == 0);
    row % 11 == 0 ? quantity.AppendNull() : quantity.AppendInt64(static_cast<int64_t>((row * 31) % 17));
    row % 13 == 0 ? share.AppendNull() : share.AppendDouble(static_cast<double>(row) * 0.5);
    day.AppendInt32(static_cast<int32_t>(row % 400));
    row % 5 == 0 ? status.AppendNull() : status.AppendText(row % 2 ? "paid" : "returned");
    if (row % 3 != 0) labels.AddTag(row % 2 ? "x" : "y");
    if (row % 4 == 0) labels.AddTag("z");
    labels.FinishTags();
  }
  Table events("orders");
  events.AddColumn("customer", std::move(keys));
  events.AddColumn("ts", std::move(ts));
  events.AddColumn("flag", std::move(flag));
  events.AddColumn("quantity", std::move(quantity));
  events.AddColumn("share", std::move(share));
  events.AddColumn("day", std::move(day));
  events.AddColumn("status", std::move(status));
  events.AddColumn("labels", std::move(labels));
  events.AddColumn("skipped", Column::Unloaded(ValueType::kMoney, rows));
  return events;
}

// Every event indexed: SortEvents reorders the columns in place along the permutation's cycles.
// Each type (with missing values, tags, a column the loader skipped) must come out exactly as a
// copy by Gather would, for any thread count.
// Rows enough for several of the gather's morsels per thread, a count that is no multiple of 64
// (validity words cut between morsels), with every customer known (the key column filled per
// customer) and with some unknown (a permutation of a part of the rows).
TEST(EventIndexTest, SortEventsEqualsGatherForEveryColumnTypeAndThreadCount) {
  constexpr int kRows = 140001;
  Column keys(ValueType::kId), ts(ValueType::kTimestamp);
  for (int row = 0; row < kRows; ++row) {
    keys.AppendText(Key((row * 7919) % 97));
    ts.AppendInt64((int64_t{row} * 104729) % 1000);
  }
  Column customers(ValueType::kText);
  for (int i = 0; i < 97; ++i) customers.AppendText(Key(i));
  EventIndex index = BuildEventIndex(customers, keys, ts, 1);
  ASSERT_EQ(index.permutation.size(), static_cast<size_t>(kRows));
  Column some_customers(ValueType::kText);
  for (int i = 0; i < 90; ++i) some_customers.AppendText(Key(i));
  EventIndex part = BuildEventIndex(some_customers, keys, ts, 1);
  ASSERT_LT(part.permutation.size(), static_cast<size_t>(kRows));
  Table events = EventsOfEveryType(std::move(keys), std::move(ts));
  for (size_t threads : {1, 3}) {
    // With the key column named, it is filled per customer instead of moved row by row.
    Table sorted = SortEvents(events, index, threads, threads == 3 ? 0 : -1);
    ASSERT_EQ(sorted.num_columns(), events.num_columns());
    for (size_t c = 0; c < events.num_columns(); ++c) {
      EXPECT_EQ(sorted.column_name(c), events.column_name(c));
      EXPECT_TRUE(sorted.column(c) == events.column(c).Gather(index.permutation)) << events.column_name(c);
    }
    EXPECT_TRUE(sorted.column(events.num_columns() - 1).unloaded());
    Table some = SortEvents(events, part, threads);
    for (size_t c = 0; c < events.num_columns(); ++c) {
      EXPECT_TRUE(some.column(c) == events.column(c).Gather(part.permutation)) << events.column_name(c);
    }
  }
}

TEST(EventIndexTest, SortEventsMakesCustomerRangesContiguous) {
  Table events("orders");
  Column& keys = events.AddColumn("customer", ValueType::kId);
  for (const char* key : {"b", "a", "b"}) keys.AppendText(key);
  Column& amount = events.AddColumn("amount", ValueType::kMoney);
  for (int64_t value : {10, 20, 30}) amount.AppendInt64(value);
  Column& ts = events.AddColumn("ts", ValueType::kDate);
  for (int32_t day : {9, 1, 2}) ts.AppendInt32(day);
  Column customers = Keys({"a", "b"});
  EventIndex index = BuildEventIndex(customers, *events.FindColumn("customer"), *events.FindColumn("ts"), 2);
  Table sorted = SortEvents(events, index, 2);
  EXPECT_EQ(sorted.column_name(1), "amount");
  EXPECT_EQ(sorted.column(1).values<int64_t>(), (std::vector<int64_t>{20, 30, 10}));
  EXPECT_EQ(sorted.column(0).TextAt(0), "a");
  EXPECT_EQ(sorted.column(2).values<int32_t>(), (std::vector<int32_t>{1, 2, 9}));
}

// A log in time order, but for a few rows at the time of their customer's event one period of
// customers before (so customers with ties whose tie values are out of order are re-sorted).
// Text or int keys; every customer known, or some rows of unknown and missing keys.
Table TimeOrderedEvents(bool int_keys, bool every_row, size_t rows) {
  Column keys(int_keys ? ValueType::kInt : ValueType::kId), ts(ValueType::kTimestamp);
  for (size_t row = 0; row < rows; ++row) {
    size_t period = every_row ? 5000 : 5003;
    auto key = static_cast<int64_t>((row * 7919) % period);  // 5000.. are nobody's
    if (!every_row && row % 997 == 0) {
      keys.AppendNull();
    } else {
      int_keys ? keys.AppendInt64(key) : keys.AppendText(Key(key));
    }
    bool tied = (row / period) % 2 == 1 && row % 500 == 0;  // at the time of the row `period` before
    ts.AppendInt64(static_cast<int64_t>(tied ? row - period : row));
  }
  return EventsOfEveryType(std::move(keys), std::move(ts));
}

// SortEvents given the key and time columns carries the columns through the index's passes (and
// re-sorts the customers whose events at one time are out of order by `quantity`): the result
// must be what a gather along the permutation gives, for any thread count, key type, and with
// rows left out of the index.
TEST(EventIndexTest, CarriedColumnsEqualGatherOnTimeOrderedLog) {
  for (bool int_keys : {false, true}) {
    for (bool every_row : {true, false}) {
      Table events = TimeOrderedEvents(int_keys, every_row, 200001);
      Column customers(int_keys ? ValueType::kInt : ValueType::kText);
      for (int i = 0; i < 5000; ++i) int_keys ? customers.AppendInt64(i) : customers.AppendText(Key(i));
      std::vector<const Column*> ties = {events.FindColumn("quantity")};
      for (size_t threads : {1, 2, 3}) {
        EventIndex index = BuildEventIndex(customers, events.column(0), events.column(1), threads, ties);
        ASSERT_TRUE(index.ok());
        ASSERT_NE(index.carry, nullptr);
        EXPECT_FALSE(index.carry->resorted.empty());  // ties out of order were re-sorted...
        EXPECT_TRUE(index.carry->resorts_kept);       // ...and few enough to carry the columns
        EXPECT_EQ(index.permutation,
                  BuildEventIndex(customers, events.column(0), events.column(1), 1, ties).permutation);
        Table sorted = SortEvents(events, index, threads, 0, 1);
        for (size_t c = 0; c < events.num_columns(); ++c) {
          EXPECT_TRUE(sorted.column(c) == events.column(c).Gather(index.permutation))
              << events.column_name(c) << (int_keys ? " int" : " text") << (every_row ? "" : " partial") << threads;
        }
      }
    }
  }
}

// A log mostly in time order, with late rows (an event written after later ones of its customer,
// with an earlier time) and, in one variant, missing times: the customers whose events are out
// of time order are found (from the carried times while in the cache, or by the full check where
// times are missing) and sorted, for text and int keys and any thread count. The expected order
// is a stable sort by customer, then time (missing last).
TEST(EventIndexTest, LateEventsInATimeOrderedLogAreSortedByTime) {
  constexpr size_t kRows = 150001;
  constexpr int64_t kCustomers = 3000;
  for (bool int_keys : {false, true}) {
    for (bool missing_times : {false, true}) {
      Column keys(int_keys ? ValueType::kInt : ValueType::kId), ts(ValueType::kTimestamp);
      std::vector<int64_t> customer_of(kRows), time_of(kRows);
      for (size_t row = 0; row < kRows; ++row) {
        int64_t key = static_cast<int64_t>((row * 7919) % kCustomers);
        int_keys ? keys.AppendInt64(key) : keys.AppendText(Key(key));
        bool late = row % 301 == 0;
        bool missing = missing_times && row % 409 == 0;
        time_of[row] = missing ? INT64_MAX : static_cast<int64_t>(late ? row - 20000 : row);
        missing ? ts.AppendNull() : ts.AppendInt64(time_of[row]);
        customer_of[row] = key;
      }
      Column customers(int_keys ? ValueType::kInt : ValueType::kText);
      for (int64_t i = 0; i < kCustomers; ++i) int_keys ? customers.AppendInt64(i) : customers.AppendText(Key(i));
      std::vector<uint32_t> expected(kRows);
      std::iota(expected.begin(), expected.end(), uint32_t{0});
      std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
        if (customer_of[a] != customer_of[b]) return customer_of[a] < customer_of[b];
        return time_of[a] < time_of[b];
      });
      for (size_t threads : {1, 2, 3}) {
        EventIndex index = BuildEventIndex(customers, keys, ts, threads);
        ASSERT_TRUE(index.ok());
        EXPECT_EQ(index.permutation, expected) << (int_keys ? "int" : "text") << missing_times << threads;
        Table events("orders");
        events.AddColumn("customer", keys);
        events.AddColumn("ts", ts);
        Table sorted = SortEvents(events, index, threads, 0, 1);
        EXPECT_TRUE(sorted.column(1) == ts.Gather(index.permutation));
      }
    }
  }
}

// A file grouped by customer (runs of one customer's events, the customers not in their order,
// some runs split, a few rows of unknown and missing keys, times out of order within some runs):
// indexed by the counting sort and gathered, it must give a stable sort by customer and time, and
// SortEvents what a gather gives, for text and int keys and any thread count.
TEST(EventIndexTest, GroupedFileIsSortedByCountingAsAnyOther) {
  constexpr int64_t kCustomers = 4000;
  for (bool int_keys : {false, true}) {
    Column keys(int_keys ? ValueType::kInt : ValueType::kId), ts(ValueType::kTimestamp);
    std::vector<int64_t> customer_of, time_of;
    for (int64_t run = 0; run < 2 * kCustomers; ++run) {
      int64_t key = (run * 7919) % (kCustomers + 3);  // kCustomers.. are nobody's
      for (int64_t e = 0; e < 1 + run % 37; ++e) {
        bool missing = (run + e) % 503 == 0;
        missing ? keys.AppendNull() : int_keys ? keys.AppendInt64(key) : keys.AppendText(Key(key));
        int64_t time = run % 5 == 0 ? 100 - e : e + run % 3;  // some runs backwards
        ts.AppendInt64(time);
        customer_of.push_back(missing || key >= kCustomers ? -1 : key);
        time_of.push_back(time);
      }
    }
    std::vector<uint32_t> expected;
    for (size_t row = 0; row < customer_of.size(); ++row) {
      if (customer_of[row] >= 0) expected.push_back(static_cast<uint32_t>(row));
    }
    std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
      if (customer_of[a] != customer_of[b]) return customer_of[a] < customer_of[b];
      return time_of[a] < time_of[b];
    });
    Column customers(int_keys ? ValueType::kInt : ValueType::kText);
    for (int64_t i = 0; i < kCustomers; ++i) int_keys ? customers.AppendInt64(i) : customers.AppendText(Key(i));
    Table events = EventsOfEveryType(keys, ts);
    for (size_t threads : {1, 2, 3}) {
      EventIndex index = BuildEventIndex(customers, keys, ts, threads);
      ASSERT_TRUE(index.ok());
      EXPECT_TRUE(index.carry->local);  // the counting sort's permutation is gathered along
      EXPECT_EQ(index.permutation, expected) << (int_keys ? "int " : "text ") << threads;
      Table sorted = SortEvents(events, index, threads, 0, 1);
      for (size_t c = 0; c < events.num_columns(); ++c) {
        EXPECT_TRUE(sorted.column(c) == events.column(c).Gather(index.permutation)) << events.column_name(c);
      }
    }
  }
}

// A file grouped by customer, with one customer's events at one time out of order by the tie
// column: the partition is the identity, the time column is not carried by the index, and
// SortEvents must still move every column, time included, as the gather does.
TEST(EventIndexTest, GroupedFileWithOneCustomerResortedCarriesTheTimeColumn) {
  Column customers = Keys({"a", "b", "c"});
  Table events("orders");
  Column& keys = events.AddColumn("customer", ValueType::kId);
  for (const char* key : {"a", "a", "b", "b", "b", "c"}) keys.AppendText(key);
  Column& ts = events.AddColumn("ts", ValueType::kDate);
  for (int32_t day : {1, 2, 3, 3, 4, 5}) ts.AppendInt32(day);
  Column& amount = events.AddColumn("amount", ValueType::kMoney);
  for (int64_t value : {10, 20, 31, 30, 40, 50}) amount.AppendInt64(value);
  std::vector<const Column*> ties = {events.FindColumn("amount")};
  EventIndex index = BuildEventIndex(customers, events.column(0), events.column(1), 2, ties);
  EXPECT_EQ(index.permutation, (std::vector<uint32_t>{0, 1, 3, 2, 4, 5}));
  Table sorted = SortEvents(events, index, 2, 0, 1);
  EXPECT_EQ(sorted.column(2).values<int64_t>(), (std::vector<int64_t>{10, 20, 30, 31, 40, 50}));
  for (size_t c = 0; c < events.num_columns(); ++c) {
    EXPECT_TRUE(sorted.column(c) == events.column(c).Gather(index.permutation)) << events.column_name(c);
  }
}

// in_row_order, which lets the driver take the table as it is, holds exactly when the
// permutation is the identity: not when a customer is re-sorted by time or a row is left out.
TEST(EventIndexTest, InRowOrderOnlyWhenThePermutationIsTheIdentity) {
  Column customers = Keys({"a", "b", "c"});
  struct Case {
    std::vector<std::string> keys;
    std::vector<int32_t> days;
  };
  for (const Case& c :
       {Case{{"a", "a", "b", "b", "c"}, {1, 2, 3, 3, 5}}, Case{{"a", "a", "b", "b", "c"}, {1, 2, 4, 3, 5}},
        Case{{"a", "a", "x", "b", "c"}, {1, 2, 3, 3, 5}}, Case{{"a", "b", "a", "b", "c"}, {1, 2, 3, 4, 5}},
        Case{{"a", "a", "b", "b", "c"}, {1, -1, 3, 4, 5}}, Case{{"a", "a", "b", "b", "c"}, {-1, 1, 3, 4, 5}}}) {
    for (size_t threads : {1, 2}) {
      EventIndex index = BuildEventIndex(customers, Keys(c.keys), Dates(c.days), threads);
      ASSERT_TRUE(index.ok());
      bool identity = index.permutation.size() == c.keys.size();
      for (size_t e = 0; identity && e < index.permutation.size(); ++e) identity = index.permutation[e] == e;
      EXPECT_EQ(index.in_row_order, identity) << c.days[1] << " " << c.keys[2] << " " << threads;
    }
  }
}

// MatchEventKeys reports what BuildEventIndex does, without the index.
TEST(EventIndexTest, MatchEventKeysCountsAsTheIndex) {
  Column customers = Keys({"a", "b"});
  Column event_keys = Keys({"x", "a", "", "y", "b", "x", "b"});
  Column times = Dates({1, -1, 3, -1, 5, 6, -1});
  EventIndex index = BuildEventIndex(customers, event_keys, times, 1);
  size_t missing_times = 99;
  EventIndex matched = MatchEventKeys(customers, event_keys, times, &missing_times);
  ASSERT_TRUE(matched.ok());
  EXPECT_EQ(matched.unknown_customer_events, index.unknown_customer_events);
  EXPECT_EQ(matched.missing_key_events, index.missing_key_events);
  EXPECT_EQ(matched.unknown_key_samples, index.unknown_key_samples);
  EXPECT_EQ(missing_times, 2u);  // a's and b's; y's customer is unknown
  EXPECT_TRUE(matched.permutation.empty());
  Column floats(ValueType::kFloat);
  EXPECT_EQ(MatchEventKeys(floats, event_keys, times, &missing_times).status.message(),
            BuildEventIndex(floats, event_keys, times, 1).status.message());
  EXPECT_EQ(MatchEventKeys(customers, event_keys, floats, &missing_times).status.message(),
            BuildEventIndex(customers, event_keys, floats, 1).status.message());
}

}  // namespace
}  // namespace seg::rt
