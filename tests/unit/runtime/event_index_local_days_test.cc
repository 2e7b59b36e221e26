// The local days BuildEventIndex finds while it sorts the times (EventIndex::local_days): each
// slot's day must be the zone's local day of the time SortEvents puts there (rt::kNoDay for a
// missing time), in zones with and without daylight saving, wherever the events move (customers
// re-sorted by time, ties ordered by another column), for any thread count and row order.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "runtime/civil_time.h"
#include "runtime/dataset.h"
#include "runtime/event_carry.h"
#include "runtime/event_index.h"
#include "runtime/time_zone.h"

namespace seg::rt {
namespace {

constexpr int64_t kCustomers = 3000;

std::string Key(int64_t number) { return "k" + std::to_string(number); }

Column Customers() {
  Column customers(ValueType::kText);
  for (int64_t i = 0; i < kCustomers; ++i) customers.AppendText(Key(i));
  return customers;
}

TimeZone Zone(const std::string& name) {
  Result<TimeZone> zone = TimeZone::Load(name);
  EXPECT_TRUE(zone.ok()) << name;
  return zone.ok() ? *zone : TimeZone::Utc();
}

int64_t Instant(int32_t year, int32_t month, int32_t day, int32_t hour) {
  return DaysFromCivil(year, month, day) * kMicrosPerDay + int64_t{hour} * 3600 * kMicrosPerSecond;
}

// A log roughly in time order over 2025's daylight saving changes in Europe, America and on
// Lord Howe Island (half an hour) and many local midnights: a row every 107 seconds from a
// month before each spring and autumn change, its rows spread over the customers and a few of
// nobody's. In each block of 8 rows, rows 4 apart are of one customer at one time, their amounts
// sorting them the other way round (ties re-sorted); some rows late (written hours after their
// time: their customers re-sorted); with `missing_times`, some rows without a time.
Table Log(bool missing_times) {
  constexpr int64_t kRows = 120000;
  Column keys(ValueType::kId), ts(ValueType::kTimestamp), amount(ValueType::kMoney);
  int64_t spring = Instant(2025, 3, 8, 20);
  int64_t autumn = Instant(2025, 9, 30, 20);
  for (int64_t row = 0; row < kRows; ++row) {
    int64_t half = row < kRows / 2 ? row : row - kRows / 2;
    int64_t group = (half / 8) * 4 + half % 4;
    keys.AppendText(Key((group * 7919 + (row < kRows / 2 ? 0 : 1)) % (kCustomers + 3)));  // kCustomers..: nobody's
    int64_t time = (row < kRows / 2 ? spring : autumn) + group * 107 * kMicrosPerSecond;
    if (row % 301 == 0) time -= 5 * 3600 * kMicrosPerSecond;
    missing_times&& row % 409 == 0 ? ts.AppendNull() : ts.AppendInt64(time);
    amount.AppendInt64(-row);
  }
  Table events("orders");
  events.AddColumn("customer", std::move(keys));
  events.AddColumn("ts", std::move(ts));
  events.AddColumn("amount", std::move(amount));
  return events;
}

// The days SortEvents' time column gives in `zone`, as the driver finds them when the index
// has none.
std::vector<int32_t> DaysOfSortedTimes(const Table& events, const EventIndex& index, const TimeZone& zone) {
  Table sorted = SortEvents(events, index, 1, 0, 1);
  const Column& times = sorted.column(1);
  std::vector<int32_t> days(times.size());
  for (size_t i = 0; i < times.size(); ++i) {
    days[i] = times.IsValid(i) ? zone.LocalDay(times.values<int64_t>()[i]) : kNoDay;
  }
  return days;
}

std::vector<int32_t> Days(const EventIndex& index) { return {index.local_days.begin(), index.local_days.end()}; }

TEST(EventIndexLocalDaysTest, TimeOrderedLogGetsTheSortedTimesDaysInEveryZone) {
  Column customers = Customers();
  for (const char* name : {"UTC", "+05:30", "-09:30", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"}) {
    TimeZone zone = Zone(name);
    for (bool missing_times : {false, true}) {
      Table events = Log(missing_times);
      std::vector<const Column*> ties = {events.FindColumn("amount")};
      EventIndex one = BuildEventIndex(customers, events.column(0), events.column(1), 1, ties, &zone);
      ASSERT_TRUE(one.ok());
      ASSERT_FALSE(one.carry->local);
      EXPECT_FALSE(one.carry->resorted.empty());  // the late rows and the ties were re-sorted
      ASSERT_EQ(one.local_days.size(), one.permutation.size()) << name;
      std::vector<int32_t> expected = DaysOfSortedTimes(events, one, zone);
      EXPECT_EQ(Days(one), expected) << name << " missing " << missing_times;
      EXPECT_EQ(std::count(expected.begin(), expected.end(), kNoDay) != 0, missing_times);
      for (size_t threads : {2, 3}) {
        EventIndex more = BuildEventIndex(customers, events.column(0), events.column(1), threads, ties, &zone);
        EXPECT_EQ(Days(more), expected) << name << " threads " << threads;
      }
    }
  }
}

// The same rows in another order index to the same days (the index's order follows the data).
TEST(EventIndexLocalDaysTest, RowOrderDoesNotChangeTheDays) {
  Column customers = Customers();
  TimeZone zone = Zone("Europe/Berlin");
  Table events = Log(true);
  std::vector<uint32_t> shuffle(events.num_rows());
  std::iota(shuffle.begin(), shuffle.end(), uint32_t{0});
  std::shuffle(shuffle.begin(), shuffle.end(), std::mt19937(7));
  Table shuffled("orders");
  for (size_t c = 0; c < events.num_columns(); ++c)
    shuffled.AddColumn(events.column_name(c), events.column(c).Gather(shuffle));
  std::vector<const Column*> ties = {events.FindColumn("amount")};
  std::vector<const Column*> shuffled_ties = {shuffled.FindColumn("amount")};
  EventIndex index = BuildEventIndex(customers, events.column(0), events.column(1), 2, ties, &zone);
  EventIndex other = BuildEventIndex(customers, shuffled.column(0), shuffled.column(1), 2, shuffled_ties, &zone);
  ASSERT_FALSE(index.local_days.empty());
  EXPECT_EQ(Days(other), Days(index));
}

// A file grouped by customer whose runs are not in time order: its rows are gathered, not
// carried through the radix passes (EventCarry::local), and the days come with them.
TEST(EventIndexLocalDaysTest, GroupedFileOutOfTimeOrderGetsTheDays) {
  Column customers = Customers();
  TimeZone zone = Zone("America/New_York");
  Column keys(ValueType::kId), ts(ValueType::kTimestamp);
  int64_t start = Instant(2025, 11, 1, 12);
  for (int64_t customer = kCustomers - 1; customer >= 0; --customer) {  // customers backwards
    for (int64_t e = 0; e < 1 + customer % 9; ++e) {
      keys.AppendText(Key(customer));
      int64_t hours = customer % 4 == 0 ? 40 - 5 * e : 5 * e;  // some runs backwards
      e == 3 ? ts.AppendNull() : ts.AppendInt64(start + hours * 3600 * kMicrosPerSecond);
    }
  }
  Table events("orders");
  events.AddColumn("customer", std::move(keys));
  events.AddColumn("ts", std::move(ts));
  for (size_t threads : {1, 3}) {
    EventIndex index = BuildEventIndex(customers, events.column(0), events.column(1), threads, {}, &zone);
    ASSERT_TRUE(index.ok());
    EXPECT_TRUE(index.carry->local);
    EXPECT_FALSE(index.in_row_order);
    EXPECT_EQ(Days(index), DaysOfSortedTimes(events, index, zone)) << threads;
  }
}

// Where the index moves no time (a file already in index order), takes dates, or has no zone,
// it finds no days: the caller does.
TEST(EventIndexLocalDaysTest, NoDaysWithoutAZoneForDatesOrInRowOrder) {
  Column customers = Customers();
  TimeZone zone = TimeZone::Utc();
  Table log = Log(false);
  EXPECT_TRUE(BuildEventIndex(customers, log.column(0), log.column(1), 1).local_days.empty());
  Column keys(ValueType::kId), ts(ValueType::kTimestamp), dates(ValueType::kDate);
  for (int64_t customer = 0; customer < kCustomers; ++customer) {
    for (int64_t e = 0; e < 3; ++e) {
      keys.AppendText(Key(customer));
      ts.AppendInt64(e * kMicrosPerDay);
      dates.AppendInt32(static_cast<int32_t>(e));
    }
  }
  EventIndex in_order = BuildEventIndex(customers, keys, ts, 1, {}, &zone);
  EXPECT_TRUE(in_order.in_row_order);
  EXPECT_TRUE(in_order.local_days.empty());
  EXPECT_TRUE(BuildEventIndex(customers, keys, dates, 1, {}, &zone).local_days.empty());
}

}  // namespace
}  // namespace seg::rt
