// BuildEventIndex told that nothing reads the permutation (`permutation_read` false, as `seg run`
// indexes a table without tags) keeps none where it can do without, and must give the same
// offsets, the same in_row_order and the same columns out of SortEvents as with it: with and
// without tie columns, text and int keys, unknown and missing keys, customers whose key codes
// are not their index (keys filled per customer from EventCarry::key_of_customer), few and many
// customers with events at one time (many: the permutation carried after all), missing times,
// a file in customer order with one event each (the identity), and columns skipped or missing.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "runtime/event_carry.h"
#include "runtime/event_index.h"
#include "runtime/sort_events.h"

namespace seg::rt {
namespace {

struct Shape {
  bool int_keys = false;
  bool every_row = true;
  bool shuffled_customers = false;  // the customers' keys in another order than the events' first rows
  int tied_every = 500;             // a row in this many at the time of its customer's event before
  bool missing_times = false;
  bool one_each = false;  // one event per customer, in customer order
};

std::string Key(int64_t number) {
  std::string key = "k";
  key += std::to_string(number);
  return key;
}

constexpr int64_t kCustomers = 3000;

Table Events(const Shape& shape, size_t rows) {
  Column keys(shape.int_keys ? ValueType::kInt : ValueType::kId), ts(ValueType::kTimestamp), flag(ValueType::kBool);
  Column quantity(ValueType::kInt), status(ValueType::kText), share(ValueType::kFloat), none(ValueType::kText);
  std::vector<int64_t> last_time(rows + kCustomers + 7, 0);
  for (size_t row = 0; row < rows; ++row) {
    int64_t key = shape.one_each ? static_cast<int64_t>(row) : static_cast<int64_t>((row * 7919) % (kCustomers + 7));
    if (!shape.every_row && row % 991 == 0) {
      keys.AppendNull();
    } else {
      int64_t written = shape.every_row && !shape.one_each ? key % kCustomers : key;  // kCustomers.. are nobody's
      shape.int_keys ? keys.AppendInt64(written) : keys.AppendText(Key(written));
      key = written;
    }
    auto time = static_cast<int64_t>(row * 10);
    if (shape.tied_every > 0 && row % static_cast<size_t>(shape.tied_every) == 1) time = last_time[key];
    last_time[key] = time;
    shape.missing_times&& row % 409 == 0 ? ts.AppendNull() : ts.AppendInt64(time);
    row % 7 == 0 ? flag.AppendNull() : flag.AppendBool(row % 3 == 0);
    row % 11 == 0 ? quantity.AppendNull() : quantity.AppendInt64(static_cast<int64_t>((row * 31) % 17));
    row % 5 == 0 ? status.AppendNull() : status.AppendText(row % 2 ? "paid" : "returned");
    share.AppendDouble(static_cast<double>(row % 101) * 0.5);
    none.AppendNull();
  }
  Table events("orders");
  events.AddColumn("customer", std::move(keys));
  events.AddColumn("ts", std::move(ts));
  events.AddColumn("flag", std::move(flag));
  events.AddColumn("quantity", std::move(quantity));
  events.AddColumn("status", std::move(status));
  events.AddColumn("share", std::move(share));
  events.AddColumn("none", std::move(none));
  events.AddColumn("skipped", Column::Unloaded(ValueType::kMoney, rows));
  return events;
}

Column Customers(const Shape& shape, int64_t count) {
  Column customers(shape.int_keys ? ValueType::kInt : ValueType::kText);
  for (int64_t i = 0; i < count; ++i) {
    int64_t key = shape.shuffled_customers ? (i * 17) % count : i;  // 17 and 3000 are coprime
    shape.int_keys ? customers.AppendInt64(key) : customers.AppendText(Key(key));
  }
  return customers;
}

void ExpectSameWithoutPermutation(const Shape& shape, size_t rows, bool expect_skipped, const std::string& name) {
  Table events = Events(shape, rows);
  Column customers = Customers(shape, shape.one_each ? static_cast<int64_t>(rows) : kCustomers);
  for (bool with_ties : {true, false}) {
    std::vector<const Column*> ties;
    std::vector<size_t> tie_indexes;
    if (with_ties) {
      ties = {events.FindColumn("quantity"), events.FindColumn("status")};
      tie_indexes = {3, 4};
    }
    for (size_t threads : {1, 2, 3}) {
      std::string where = name + (with_ties ? " ties " : " no ties ") + std::to_string(threads);
      EventIndex kept = BuildEventIndex(customers, events.column(0), events.column(1), threads, ties, true);
      EventIndex skipped = BuildEventIndex(customers, events.column(0), events.column(1), threads, ties, false);
      ASSERT_TRUE(kept.ok() && skipped.ok()) << where;
      EXPECT_EQ(skipped.permutation.empty(), expect_skipped) << where;
      EXPECT_EQ(skipped.offsets, kept.offsets) << where;
      EXPECT_EQ(skipped.in_row_order, kept.in_row_order) << where;
      if (!skipped.permutation.empty()) EXPECT_EQ(skipped.permutation, kept.permutation) << where;
      Table by_kept = SortEvents(events, kept, threads, 0, 1);
      Table by_skipped = SortEvents(events, skipped, threads, 0, 1, tie_indexes);
      for (size_t c = 0; c < events.num_columns(); ++c) {
        EXPECT_TRUE(by_skipped.column(c) == by_kept.column(c)) << where << " " << events.column_name(c);
        EXPECT_TRUE(by_kept.column(c) == events.column(c).Gather(kept.permutation)) << where << " " << c;
      }
    }
  }
}

TEST(SkippedPermutationTest, TimeOrderedLogsGiveTheSameColumns) {
  for (bool int_keys : {false, true}) {
    for (bool every_row : {true, false}) {
      for (bool shuffled : {false, true}) {
        Shape shape;
        shape.int_keys = int_keys;
        shape.every_row = every_row;
        shape.shuffled_customers = shuffled;
        std::string name = std::string(int_keys ? "int" : "text") + (every_row ? " every row" : " partial") +
                           (shuffled ? " shuffled" : "");
        ExpectSameWithoutPermutation(shape, 150001, true, name);
      }
    }
  }
}

TEST(SkippedPermutationTest, ManyTiesOrMissingTimesCarryThePermutation) {
  Shape many;
  many.tied_every = 3;  // a third of the rows tied: more than an eighth of the events compared
  ExpectSameWithoutPermutation(many, 120001, false, "many ties");
  Shape missing;
  missing.missing_times = true;  // customers out of order are not flagged while carried
  ExpectSameWithoutPermutation(missing, 120001, false, "missing times");
  Shape none;
  none.tied_every = 0;  // no customer compared: no rows needed at all
  ExpectSameWithoutPermutation(none, 120001, true, "no ties");
}

TEST(SkippedPermutationTest, OneEventPerCustomerInOrderIsTheIdentity) {
  Shape shape;
  shape.one_each = true;
  shape.tied_every = 0;
  Table events = Events(shape, 70001);
  Column customers = Customers(shape, 70001);
  EventIndex skipped = BuildEventIndex(customers, events.column(0), events.column(1), 2, {}, false);
  ASSERT_TRUE(skipped.ok());
  EXPECT_TRUE(skipped.in_row_order);
  ASSERT_EQ(skipped.permutation.size(), 70001u);
  for (uint32_t i = 0; i < skipped.permutation.size(); ++i) ASSERT_EQ(skipped.permutation[i], i);
}

}  // namespace
}  // namespace seg::rt
