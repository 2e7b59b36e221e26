// The sort by time that BuildEventIndex, keeping no permutation, leaves to SortEvents
// (EventCarry::deferred: the tie columns compared where they are carried, in partition order):
// on randomized time-ordered logs with events at one time, late events, missing tie values,
// customers without events, unknown keys and a single customer, SortEvents must give every
// column in the order of a plain stable sort of the rows by customer, time, then the tie
// columns' values, for any thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "plain_event_sort.h"
#include "runtime/event_carry.h"
#include "runtime/event_index.h"
#include "runtime/sort_events.h"

namespace seg::rt {
namespace {

// `rows` events of `customer_count` customers in time order, customers drawn at random (every
// seventh has none), one row in `tie_every` at the time of its customer's event before (a tie,
// compared by quantity, status and flag, each sometimes missing), one in 500 late (an earlier
// time), and with `unknown` one in 997 of nobody's key.
EventLog RandomLog(uint32_t seed, size_t rows, int64_t customer_count, int tie_every, bool unknown) {
  EventLog log;
  std::mt19937 random(seed);
  Column keys(ValueType::kId), ts(ValueType::kTimestamp), flag(ValueType::kBool), quantity(ValueType::kInt);
  Column status(ValueType::kText);
  std::vector<int64_t> last_time(static_cast<size_t>(customer_count), -1);
  for (size_t row = 0; row < rows; ++row) {
    int64_t customer = static_cast<int64_t>(random() % static_cast<uint32_t>(customer_count));
    if (customer_count > 1 && customer % 7 == 3) customer = (customer + 1) % customer_count;
    auto time = static_cast<int64_t>(row * 10);
    if (last_time[static_cast<size_t>(customer)] >= 0 && random() % static_cast<uint32_t>(tie_every) == 0) {
      time = last_time[static_cast<size_t>(customer)];
    } else if (row > 5000 && random() % 500 == 0) {
      time -= 40000;
    }
    last_time[static_cast<size_t>(customer)] = std::max(last_time[static_cast<size_t>(customer)], time);
    if (unknown && row % 997 == 0) {
      keys.AppendText("nobody");
      customer = -1;
    } else {
      keys.AppendText("c" + std::to_string(customer));
    }
    log.customer_of.push_back(customer);
    log.time_of.push_back(time);
    ts.AppendInt64(time);
    random() % 9 == 0 ? quantity.AppendNull() : quantity.AppendInt64(static_cast<int64_t>(random() % 4));
    random() % 8 == 0 ? status.AppendNull() : status.AppendText(random() % 2 ? "paid" : "returned");
    random() % 10 == 0 ? flag.AppendNull() : flag.AppendBool(random() % 2 == 0);
  }
  for (int64_t c = 0; c < customer_count; ++c) log.customers.AppendText("c" + std::to_string(c));
  log.events.AddColumn("customer", std::move(keys));
  log.events.AddColumn("ts", std::move(ts));
  log.events.AddColumn("quantity", std::move(quantity));
  log.events.AddColumn("status", std::move(status));
  log.events.AddColumn("flag", std::move(flag));
  log.events.AddColumn("skipped", Column::Unloaded(ValueType::kMoney, rows));
  return log;
}

void ExpectPlainSortOrder(const EventLog& log, const std::vector<size_t>& ties, bool expect_deferred,
                          const std::string& name) {
  std::vector<uint32_t> expected = PlainSort(log, ties);
  std::vector<const Column*> tie_columns;
  for (size_t c : ties) tie_columns.push_back(&log.events.column(c));
  for (size_t threads : {1, 2, 3}) {
    std::string where = name + " threads " + std::to_string(threads);
    EventIndex index = BuildEventIndex(log.customers, log.events.column(0), log.events.column(1), threads, tie_columns,
                                       false);
    ASSERT_TRUE(index.ok()) << where;
    ASSERT_NE(index.carry, nullptr) << where;
    EXPECT_EQ(index.carry->deferred.has_value(), expect_deferred) << where;
    EXPECT_EQ(index.offsets.back(), expected.size()) << where;
    Table sorted = SortEvents(log.events, index, threads, 0, 1, ties);
    EXPECT_FALSE(index.carry->deferred.has_value()) << where;  // taken by SortEvents
    for (size_t c = 0; c < log.events.num_columns(); ++c) {
      EXPECT_TRUE(sorted.column(c) == log.events.column(c).Gather(expected))
          << where << " " << log.events.column_name(c);
    }
  }
}

TEST(DeferredSortTest, EqualsAPlainStableSortOnRandomTimeOrderedLogs) {
  // Over 131,072 rows: two and three threads cut the rows into as many ranges.
  for (uint32_t seed : {1u, 2u, 3u}) {
    for (bool unknown : {false, true}) {
      EventLog log = RandomLog(seed, 140001, 20000, 150, unknown);
      std::string name = "seed " + std::to_string(seed) + (unknown ? " unknown keys" : "");
      ExpectPlainSortOrder(log, {2, 3, 4}, true, name);
      ExpectPlainSortOrder(log, {4, 2}, true, name + " ties flag, quantity");
      ExpectPlainSortOrder(log, {5, 3}, true, name + " ties skipped, status");
    }
  }
}

TEST(DeferredSortTest, OneCustomerAndCustomersWithoutEvents) {
  // One customer: every row its own, grouped (a counting sort with the permutation, not deferred).
  ExpectPlainSortOrder(RandomLog(4, 20001, 1, 5, false), {2, 3, 4}, false, "one customer");
  // More customers than events: most have none.
  ExpectPlainSortOrder(RandomLog(5, 70001, 200000, 8, false), {2, 3, 4}, true, "sparse customers");
}

}  // namespace
}  // namespace seg::rt
