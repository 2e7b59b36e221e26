// SortEvents on a file grouped by customer in customer order where the sort by time reorders a
// few customers (events at one time ordered by their tie values, a late event): it moves only
// those customers' events, in place (EventCarry::in_place), and must give every column as a plain
// stable sort of the rows by customer, time, then the tie columns' values would: values, missing
// values (validity bits shared by neighbouring customers), texts, bools, dates, floats, tags
// (gathered), a skipped column, the key column left as it is; for any thread count, with and
// without the permutation read.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "plain_event_sort.h"
#include "runtime/event_carry.h"
#include "runtime/event_index.h"
#include "runtime/sort_events.h"

namespace seg::rt {
namespace {

// `customer_count` customers in order, each with 0 to 40 events mostly in time order; one event
// in `tie_every` at the time of the event before (compared by quantity, status and flag, each
// sometimes missing, so that a tie may need moving), and with `late` one in 50 customers with
// an event earlier than the one before it.
EventLog RandomGroupedLog(uint32_t seed, int64_t customer_count, int tie_every, bool late) {
  EventLog log;
  std::mt19937 random(seed);
  Column keys(ValueType::kId), ts(ValueType::kTimestamp), flag(ValueType::kBool), quantity(ValueType::kInt);
  Column status(ValueType::kText), amount(ValueType::kFloat), day(ValueType::kDate), labels(ValueType::kTags);
  for (int64_t customer = 0; customer < customer_count; ++customer) {
    log.customers.AppendText("c" + std::to_string(customer));
    size_t events = random() % 41;
    int64_t time = 1000;
    for (size_t e = 0; e < events; ++e) {
      if (e == 0 || random() % static_cast<uint32_t>(tie_every) != 0) time += 1 + random() % 100;
      int64_t event_time = late && e == events / 2 && customer % 50 == 7 ? time - 500 : time;
      log.customer_of.push_back(customer);
      log.time_of.push_back(event_time);
      keys.AppendText("c" + std::to_string(customer));
      ts.AppendInt64(event_time);
      random() % 9 == 0 ? quantity.AppendNull() : quantity.AppendInt64(static_cast<int64_t>(random() % 4));
      random() % 8 == 0 ? status.AppendNull() : status.AppendText(random() % 2 ? "paid" : "returned");
      random() % 10 == 0 ? flag.AppendNull() : flag.AppendBool(random() % 2 == 0);
      random() % 7 == 0 ? amount.AppendNull() : amount.AppendDouble(static_cast<double>(random() % 1000) / 8);
      random() % 6 == 0 ? day.AppendNull() : day.AppendInt32(static_cast<int32_t>(random() % 20000));
      if (random() % 3 != 0) labels.AddTag(random() % 2 ? "x" : "y");
      if (random() % 4 == 0) labels.AddTag("z");
      labels.FinishTags();
    }
  }
  size_t rows = log.customer_of.size();
  log.events.AddColumn("customer", std::move(keys));
  log.events.AddColumn("ts", std::move(ts));
  log.events.AddColumn("quantity", std::move(quantity));
  log.events.AddColumn("status", std::move(status));
  log.events.AddColumn("flag", std::move(flag));
  log.events.AddColumn("amount", std::move(amount));
  log.events.AddColumn("day", std::move(day));
  log.events.AddColumn("labels", std::move(labels));
  log.events.AddColumn("skipped", Column::Unloaded(ValueType::kMoney, rows));
  return log;
}

Table WithoutTags(const Table& events) {
  Table without(events.name());
  for (size_t c = 0; c < events.num_columns(); ++c) {
    if (events.column(c).type() != ValueType::kTags) without.AddColumn(events.column_name(c), events.column(c));
  }
  return without;
}

// Sorts `log` as the driver does (the key and time columns given, the ties' indexes) and
// compares every column with the plain sort's. How SortEvents must have done it: `How::kInPlace`,
// the re-sorted customers' events moved in place; `kAsItIs`, the index says the table is in
// order as it is.
enum class How { kInPlace, kAsItIs };
void ExpectPlainSortOrder(const EventLog& log, const std::vector<size_t>& ties, How how, const std::string& name) {
  std::vector<uint32_t> expected = PlainSort(log, ties);
  for (bool permutation_read : {true, false}) {
    // Tags are gathered along the permutation: a table with them has the permutation read.
    const Table events = permutation_read ? log.events : WithoutTags(log.events);
    std::vector<const Column*> tie_columns;
    for (size_t c : ties) tie_columns.push_back(&events.column(c));
    for (size_t threads : {1, 2, 3}) {
      std::string where = name + " threads " + std::to_string(threads) + (permutation_read ? " permutation read" : "");
      EventIndex index = BuildEventIndex(log.customers, events.column(0), events.column(1), threads, tie_columns,
                                         permutation_read);
      ASSERT_TRUE(index.ok()) << where;
      ASSERT_NE(index.carry, nullptr) << where;
      EXPECT_EQ(index.carry->in_place, how == How::kInPlace) << where;
      EXPECT_EQ(index.in_row_order, how == How::kAsItIs) << where;
      ASSERT_EQ(index.offsets.back(), expected.size()) << where;
      if (permutation_read) {
        EXPECT_TRUE(std::equal(expected.begin(), expected.end(), index.permutation.begin())) << where;
      }
      Table sorted = SortEvents(events, index, threads, 0, 1, ties);
      ASSERT_EQ(sorted.num_columns(), events.num_columns()) << where;
      for (size_t c = 0; c < events.num_columns(); ++c) {
        EXPECT_TRUE(sorted.column(c) == events.column(c).Gather(expected)) << where << " " << events.column_name(c);
      }
    }
  }
}

TEST(ResortInPlaceTest, EqualsAPlainStableSortOnGroupedFiles) {
  // About 200,000 rows: two and three threads cut them into several ranges.
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::string name = "seed " + std::to_string(seed);
    ExpectPlainSortOrder(RandomGroupedLog(seed, 10000, 400, false), {2, 3, 4}, How::kInPlace, name + " ties");
    ExpectPlainSortOrder(RandomGroupedLog(seed, 10000, 400, true), {4, 2}, How::kInPlace,
                         name + " ties and late events");
    ExpectPlainSortOrder(RandomGroupedLog(seed, 10000, 1000000, true), {}, How::kInPlace,
                         name + " late events, no ties");
  }
}

TEST(ResortInPlaceTest, ManyCustomersReSorted) {
  // A tie in one event of five: most customers are re-sorted, still in place.
  ExpectPlainSortOrder(RandomGroupedLog(6, 5000, 5, true), {2, 3, 4}, How::kInPlace, "many ties");
}

TEST(ResortInPlaceTest, AFileInOrderIsTakenAsItIs) {
  // No tie columns, no late event: every customer's events are in time order.
  ExpectPlainSortOrder(RandomGroupedLog(4, 5000, 1000000, false), {}, How::kAsItIs, "in order");
  // Ties, but not compared: equal events keep their file order.
  ExpectPlainSortOrder(RandomGroupedLog(5, 5000, 10, false), {}, How::kAsItIs, "ties not compared");
}

}  // namespace
}  // namespace seg::rt
