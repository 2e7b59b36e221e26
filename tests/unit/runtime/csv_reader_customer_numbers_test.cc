// Event keys read through the customers' key numbering (CustomerKeyNumbers) load and index as
// keys interned one by one.
#include <gtest/gtest.h>

#include <random>

#include "csv_reader_test_tables.h"
#include "runtime/event_index.h"
#include "runtime/io/csv_reader.h"
#include "runtime/io/customer_key_numbers.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::Load;
using testing::OrdersSpec;
using testing::TempDir;

std::string SevenDigits(uint64_t number) {
  std::string digits = std::to_string(number);
  return std::string(7 - std::min<size_t>(7, digits.size()), '0') + digits;
}

// Event keys resolved through the customers' key numbering (C + 7 digits) must load as the same
// key texts as keys interned one by one, whatever the thread count, and index alike: keys of the
// shape that nobody has, numbers written shorter or with a zero more, other prefixes and missing
// keys are unknown or missing exactly as before. The customers' codes come first in the column's
// dictionary, the other keys after them in order of first appearance.
TEST(CsvReaderTest, NumberedCustomerKeysLoadAndIndexAsInternedKeysWhateverTheThreadCount) {
  TempDir dir;
  Column customers(ValueType::kId);
  for (uint64_t i = 3000; i >= 1; --i) customers.AppendText("C" + SevenDigits(i));  // codes not in number order
  std::mt19937_64 random(7);
  std::string text = "customer,ts,amount,note\n";
  for (int row = 0; row < 150000; ++row) {
    uint64_t n = random() % 3000 + 1;
    std::string key = "C" + SevenDigits(n);
    switch (random() % 40) {
      case 0: key = ""; break;
      case 1: key = "C" + std::to_string(n); break;
      case 2: key = "C0" + SevenDigits(n); break;
      case 3: key = "X" + SevenDigits(n); break;
      case 4: key = "C" + SevenDigits(5000 + n); break;
      case 5: key = "C" + SevenDigits(0); break;
      default: break;
    }
    text += key + ",2024-01-01T" + std::to_string(10 + random() % 10) + ":00:00Z,1,n\n";
  }
  std::string path = dir.Write("orders.csv", text);
  LoadOptions options;
  LoadResult hashed = Load(path, OrdersSpec(), options);
  ASSERT_TRUE(hashed.ok()) << hashed.status.message();
  TableSpec numbered_spec = OrdersSpec();
  numbered_spec.customer_numbers = CustomerKeyNumbers::Of(customers);
  ASSERT_NE(numbered_spec.customer_numbers, nullptr);
  LoadResult one;
  for (size_t threads : {1u, 2u, 4u}) {
    options.threads = threads;
    LoadResult numbered = Load(path, numbered_spec, options);
    ASSERT_TRUE(numbered.ok()) << numbered.status.message();
    const Column& keys = numbered.table.column(0);
    const Column& hashed_keys = hashed.table.column(0);
    ASSERT_EQ(keys.size(), hashed_keys.size());
    for (size_t row = 0; row < keys.size(); ++row) {
      ASSERT_EQ(keys.IsValid(row), hashed_keys.IsValid(row)) << row;
      ASSERT_EQ(keys.TextAt(row), hashed_keys.TextAt(row)) << row;
    }
    for (int32_t code = 0; code < 3000; ++code) ASSERT_EQ(keys.dictionary().Value(code), customers.TextAt(code));
    if (threads == 1) {
      one = std::move(numbered);
      continue;
    }
    EXPECT_TRUE(numbered.table.column(0) == one.table.column(0)) << threads;
    EventIndex from_numbered = BuildEventIndex(customers, keys, numbered.table.column(1), threads);
    EventIndex from_hashed = BuildEventIndex(customers, hashed_keys, hashed.table.column(1), threads);
    ASSERT_TRUE(from_numbered.ok());
    EXPECT_EQ(from_numbered.permutation, from_hashed.permutation);
    EXPECT_EQ(from_numbered.offsets, from_hashed.offsets);
    EXPECT_EQ(from_numbered.unknown_customer_events, from_hashed.unknown_customer_events);
    EXPECT_EQ(from_numbered.missing_key_events, from_hashed.missing_key_events);
    EXPECT_EQ(from_numbered.unknown_key_samples, from_hashed.unknown_key_samples);
    EXPECT_GT(from_numbered.unknown_customer_events, 0u);
    EXPECT_GT(from_numbered.missing_key_events, 0u);
  }
}

// A piece whose keys are all customers' keeps its codes as they are in the merge (no remap);
// a piece before or after it with keys no customer has must not change that: the keys read the
// same as hashed ones, at every thread count.
TEST(CsvReaderTest, NumberedKeysOfPiecesWithAndWithoutUnknownKeysMergeAsOnePass) {
  TempDir dir;
  Column customers(ValueType::kId);
  for (uint64_t i = 1; i <= 2000; ++i) customers.AppendText("C" + SevenDigits(i));
  for (bool unknown_first : {true, false}) {
    std::string text = "customer,ts,amount,note\n";
    for (int row = 0; row < 100000; ++row) {
      bool unknown_half = (row < 50000) == unknown_first;
      uint64_t n = static_cast<uint64_t>(row) * 7919 % 2000 + 1;
      std::string key = unknown_half && row % 5 == 0 ? "X" + SevenDigits(n) : "C" + SevenDigits(n);
      text += key + ",2024-01-01T10:00:00Z,1,n\n";
    }
    std::string path = dir.Write(unknown_first ? "first.csv" : "second.csv", text);
    LoadResult hashed = Load(path, OrdersSpec());
    ASSERT_TRUE(hashed.ok()) << hashed.status.message();
    TableSpec spec = OrdersSpec();
    spec.customer_numbers = CustomerKeyNumbers::Of(customers);
    for (size_t threads : {1u, 2u, 3u}) {
      LoadOptions options;
      options.threads = threads;
      LoadResult numbered = Load(path, spec, options);
      ASSERT_TRUE(numbered.ok()) << numbered.status.message();
      const Column& keys = numbered.table.column(0);
      ASSERT_EQ(keys.size(), hashed.table.num_rows());
      for (size_t row = 0; row < keys.size(); ++row) {
        ASSERT_EQ(keys.TextAt(row), hashed.table.column(0).TextAt(row)) << row << " threads " << threads;
      }
      EXPECT_EQ(keys.dictionary().size(), 2000u + 400u) << threads;
    }
  }
}

// A bad key is reported as before (file, line, column), numbering or not.
TEST(CsvReaderTest, NumberedCustomerKeysKeepBadDataMessages) {
  TempDir dir;
  Column customers(ValueType::kId);
  for (uint64_t i = 1; i <= 10; ++i) customers.AppendText("C" + SevenDigits(i));
  std::string path = dir.Write("orders.csv",
                               "customer,ts,amount,note\n"
                               "C0000001,2024-01-01,1,a\n"
                               "C00\xFF"
                               "0002,2024-01-01,1,b\n"
                               "C0000003,someday,1,c\n");
  TableSpec spec = OrdersSpec();
  spec.customer_numbers = CustomerKeyNumbers::Of(customers);
  std::string message = Load(path, spec).status.message();
  EXPECT_EQ(message, Load(path, OrdersSpec()).status.message());
  EXPECT_NE(message.find(path + ":3: column 'customer'"), std::string::npos) << message;
  LoadOptions skip;
  skip.on_bad_row = BadRowPolicy::kSkip;
  LoadResult skipped = Load(path, spec, skip);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped.table.num_rows(), 1u);
  EXPECT_EQ(skipped.stats.messages, Load(path, OrdersSpec(), skip).stats.messages);
  EXPECT_NE(skipped.stats.messages.back().find(path + ":4: column 'ts'"), std::string::npos);
}

}  // namespace
}  // namespace seg::rt
