// Loading a CSV file into a table: declared columns, every type, quoting, bad values and how
// they are reported or skipped, columns declared but skipped.
#include "runtime/io/csv_reader.h"

#include <gtest/gtest.h>

#include "csv_reader_test_tables.h"
#include "runtime/civil_time.h"
#include "runtime/money.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::GeneratedOrders;
using testing::Load;
using testing::OrdersSpec;
using testing::TempDir;

TEST(CsvReaderTest, LoadsDeclaredColumnsInDeclaredOrder) {
  TempDir dir;
  std::string path = dir.Write("orders.csv",
                               "note,extra,amount,ts,customer\n"
                               "first,x,12.5,2024-01-02T03:04:05Z,c1\n"
                               "second,y,-3,2024-01-03,c2\n");
  LoadResult result = Load(path, OrdersSpec());
  ASSERT_TRUE(result.ok()) << result.status.message();
  const Table& table = result.table;
  ASSERT_EQ(table.num_rows(), 2u);
  ASSERT_EQ(table.num_columns(), 4u);
  EXPECT_EQ(table.column_name(0), "customer");
  EXPECT_EQ(table.column(0).TextAt(1), "c2");
  EXPECT_EQ(FormatTimestamp(table.column(1).values<int64_t>()[0]), "2024-01-02T03:04:05Z");
  EXPECT_EQ(FormatTimestamp(table.column(1).values<int64_t>()[1]), "2024-01-03T00:00:00Z");
  EXPECT_EQ(FormatMoney(table.column(2).values<int64_t>()[0]), "12.5");
  EXPECT_EQ(table.column(3).TextAt(0), "first");
  EXPECT_EQ(result.stats.rows_loaded, 2u);
}

TEST(CsvReaderTest, HandlesQuotesEmbeddedNewlinesCrlfAndBom) {
  TempDir dir;
  std::string path = dir.Write("orders.csv",
                               "\xEF\xBB\xBF"
                               "customer,ts,amount,note\r\n"
                               "c1,2024-01-01,1,\"hello, \"\"world\"\"\"\r\n"
                               "\"c2\",2024-01-01,2,\"two\r\nlines\"\r\n"
                               "c3,2024-01-01,3,plain\r\n");
  LoadResult result = Load(path, OrdersSpec());
  ASSERT_TRUE(result.ok()) << result.status.message();
  const Column& note = result.table.column(3);
  ASSERT_EQ(note.size(), 3u);
  EXPECT_EQ(note.TextAt(0), "hello, \"world\"");
  EXPECT_EQ(note.TextAt(1), "two\r\nlines");
  EXPECT_EQ(note.TextAt(2), "plain");
  EXPECT_EQ(result.table.column(0).TextAt(1), "c2");
}

TEST(CsvReaderTest, EmptyFieldsAreMissing) {
  TempDir dir;
  std::string path = dir.Write("orders.csv", "customer,ts,amount,note\nc1,,,\n\nc2,2024-01-01,5,\n");
  LoadResult result = Load(path, OrdersSpec());
  ASSERT_TRUE(result.ok()) << result.status.message();
  ASSERT_EQ(result.table.num_rows(), 2u);
  EXPECT_FALSE(result.table.column(1).IsValid(0));
  EXPECT_FALSE(result.table.column(2).IsValid(0));
  EXPECT_FALSE(result.table.column(3).IsValid(1));
  EXPECT_TRUE(result.table.column(2).IsValid(1));
}

TEST(CsvReaderTest, MissingColumnErrorListsTheHeader) {
  TempDir dir;
  std::string path = dir.Write("orders.csv", "customer,ts,Amount,note\nc1,2024-01-01,1,x\n");
  LoadResult result = Load(path, OrdersSpec());
  EXPECT_EQ(result.status.message(),
            path + ": column 'amount' of orders is missing from the header (header has: customer, ts, Amount, note)");
}

TEST(CsvReaderTest, BadValueNamesFileLineColumnAndValue) {
  TempDir dir;
  std::string path = dir.Write("orders.csv",
                               "customer,ts,amount,note\n"
                               "c1,2024-01-01,1,\"multi\nline\"\n"
                               "c2,2024-01-01,abc,x\n"
                               "c3,2024-01-01,zzz,x\n");
  LoadResult result = Load(path, OrdersSpec());
  EXPECT_EQ(result.status.message(), path + ":4: column 'amount': 'abc' is not a money value");
}

TEST(CsvReaderTest, SkipModeCountsBadRowsPerReason) {
  TempDir dir;
  std::string path = dir.Write("orders.csv",
                               "customer,ts,amount,note\n"
                               "c1,2024-01-01,1,ok\n"
                               "c2,yesterday,1,bad time\n"
                               "c3,2024-01-01,abc,bad amount\n"
                               "c4,2024-01-01,1\n"
                               "c5,2024-01-01,1.5,ok\n"
                               "c6,2024-01-01,x,bad amount\n");
  LoadOptions options;
  options.on_bad_row = BadRowPolicy::kSkip;
  options.max_messages = 2;
  LoadResult result = Load(path, OrdersSpec(), options);
  ASSERT_TRUE(result.ok()) << result.status.message();
  EXPECT_EQ(result.table.num_rows(), 2u);
  EXPECT_EQ(result.table.column(0).TextAt(1), "c5");
  EXPECT_EQ(result.stats.rows_loaded, 2u);
  EXPECT_EQ(result.stats.rows_skipped, 4u);
  EXPECT_EQ(result.stats.skipped_by_reason.at("column 'amount': is not a money value"), 2u);
  EXPECT_EQ(result.stats.skipped_by_reason.at("column 'ts': is not a timestamp value"), 1u);
  EXPECT_EQ(result.stats.skipped_by_reason.at("wrong number of fields"), 1u);
  ASSERT_EQ(result.stats.messages.size(), 2u);
  EXPECT_EQ(result.stats.messages[0], path + ":3: column 'ts': 'yesterday' is not a timestamp value");
  // A skipped row leaves nothing behind, not even its dictionary entries.
  EXPECT_EQ(result.table.column(0).dictionary().size(), 2u);
}

TEST(CsvReaderTest, CustomDelimiter) {
  TempDir dir;
  std::string path = dir.Write("orders.csv", "customer;ts;amount;note\nc1;2024-01-01;1,5;\"a;b\"\n");
  LoadOptions options;
  options.delimiter = ';';
  TableSpec spec = OrdersSpec();
  spec.columns[2].type = ValueType::kText;  // "1,5" is a decimal comma: text here
  LoadResult result = Load(path, spec, options);
  ASSERT_TRUE(result.ok()) << result.status.message();
  EXPECT_EQ(result.table.column(2).TextAt(0), "1,5");
  EXPECT_EQ(result.table.column(3).TextAt(0), "a;b");
}

TEST(CsvReaderTest, ParsesEveryType) {
  TempDir dir;
  std::string path = dir.Write("all.csv",
                               "b,i,f,m,d,t,du,tx,tg,id\n"
                               "Yes,-42,2.5e3,0.10,2024-02-29,2024-01-01T10:00:00+02:00,1h30m,Hi,vip | eu||,k1\n"
                               "FALSE,+7,.5,3,1999-12-31,2024-01-01 10:00:00,90,,solo,k2\n");
  TableSpec spec{"all",
                 {{"b", ValueType::kBool},
                  {"i", ValueType::kInt},
                  {"f", ValueType::kFloat},
                  {"m", ValueType::kMoney},
                  {"d", ValueType::kDate},
                  {"t", ValueType::kTimestamp},
                  {"du", ValueType::kDuration},
                  {"tx", ValueType::kText},
                  {"tg", ValueType::kTags},
                  {"id", ValueType::kId}},
                 "id",
                 "",
                 false};
  std::string error;
  LoadResult result = LoadCsvTable(spec, path, {}, TimeZone::Fixed(-3600));
  ASSERT_TRUE(result.ok()) << result.status.message();
  const Table& t = result.table;
  EXPECT_EQ(t.column(0).values<uint8_t>(), (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(t.column(1).values<int64_t>(), (std::vector<int64_t>{-42, 7}));
  EXPECT_EQ(t.column(2).values<double>(), (std::vector<double>{2500.0, 0.5}));
  EXPECT_EQ(t.column(3).values<int64_t>(), (std::vector<int64_t>{1000, 30000}));
  EXPECT_EQ(FormatDate(t.column(4).values<int32_t>()[0]), "2024-02-29");
  EXPECT_EQ(FormatTimestamp(t.column(5).values<int64_t>()[0]), "2024-01-01T08:00:00Z");
  EXPECT_EQ(FormatTimestamp(t.column(5).values<int64_t>()[1]), "2024-01-01T11:00:00Z");  // local at -01:00
  EXPECT_EQ(t.column(6).values<int64_t>()[0], 5400 * kMicrosPerSecond);
  EXPECT_EQ(t.column(6).values<int64_t>()[1], 90 * kMicrosPerSecond);
  EXPECT_FALSE(t.column(7).IsValid(1));
  EXPECT_EQ(t.column(8).dictionary().values(), (std::vector<std::string>{"vip", "eu", "solo"}));
  EXPECT_EQ(t.column(8).TagsAt(0).size(), 2u);
  EXPECT_EQ(t.column(9).TextAt(1), "k2");
}

TEST(CsvReaderTest, MalformedQuotingIsReported) {
  TempDir dir;
  std::string path = dir.Write("orders.csv", "customer,ts,amount,note\nc1,2024-01-01,1,\"open\" x\n");
  LoadResult result = Load(path, OrdersSpec());
  EXPECT_NE(result.status.message().find(path + ":2: malformed quoting"), std::string::npos) << result.status.message();
}

TEST(CsvReaderTest, EmptyFileAndMissingFileAreErrors) {
  TempDir dir;
  EXPECT_NE(Load(dir.Write("empty.csv", ""), OrdersSpec()).status.message().find("no header row"), std::string::npos);
  EXPECT_NE(Load((dir.path() / "nope.csv").string(), OrdersSpec()).status.message().find("cannot open"),
            std::string::npos);
}

TEST(CsvReaderTest, SkippedColumnsAreSplitButNotParsed) {
  TempDir dir;
  // The note field holds a quoted delimiter and newline: splitting must still see one field.
  std::string path = dir.Write("orders.csv",
                               "customer,ts,amount,note\n"
                               "c1,2024-01-01,not money,\"a, \"\"b\"\"\nc\"\n"
                               "c2,2024-01-02,$3,plain\n");
  TableSpec spec = OrdersSpec();
  spec.columns[2].skip = true;
  spec.columns[3].skip = true;
  for (size_t threads : {1u, 3u}) {
    LoadOptions options;
    options.threads = threads;
    LoadResult result = Load(path, spec, options);
    ASSERT_TRUE(result.ok()) << result.status.message();
    const Table& table = result.table;
    ASSERT_EQ(table.num_columns(), 4u);
    ASSERT_EQ(table.num_rows(), 2u);
    EXPECT_EQ(result.stats.rows_loaded, 2u);
    EXPECT_EQ(table.column(0).TextAt(1), "c2");
    EXPECT_EQ(table.column(2).type(), ValueType::kMoney);
    EXPECT_EQ(table.column(2).NullCount(), 2u);
    EXPECT_EQ(table.column(3).type(), ValueType::kText);
    EXPECT_EQ(table.column(3).NullCount(), 2u);
    EXPECT_EQ(table.column(3).dictionary().size(), 0u);  // no dictionary built for it
  }
}

TEST(CsvReaderTest, ReadColumnsStillFailAndHeadersAndFieldCountsStillChecked) {
  TempDir dir;
  TableSpec spec = OrdersSpec();
  spec.columns[3].skip = true;
  std::string bad = dir.Write("bad.csv", "customer,ts,amount,note\nc1,2024-01-01,1,x\nc2,2024-01-02,$3,y\n");
  EXPECT_EQ(Load(bad, spec).status.message(), bad + ":3: column 'amount': '$3' is not a money value");
  std::string no_note = dir.Write("no_note.csv", "customer,ts,amount\nc1,2024-01-01,1\n");
  EXPECT_NE(Load(no_note, spec).status.message().find("column 'note' of orders is missing from the header"),
            std::string::npos);
  std::string short_row = dir.Write("short.csv", "customer,ts,amount,note\nc1,2024-01-01,1\n");
  EXPECT_NE(Load(short_row, spec).status.message().find(":2: expected 4 fields"), std::string::npos)
      << Load(short_row, spec).status.message();
}

TEST(CsvReaderTest, SkippingChangesNothingInTheColumnsThatAreRead) {
  TempDir dir;
  std::string path = dir.Write("big.csv", GeneratedOrders(120000, true));
  TableSpec lean = OrdersSpec();
  lean.columns[3].skip = true;
  for (size_t threads : {1u, 4u}) {
    LoadOptions options;
    options.on_bad_row = BadRowPolicy::kSkip;
    options.threads = threads;
    LoadResult all = Load(path, OrdersSpec(), options);
    LoadResult some = Load(path, lean, options);
    ASSERT_TRUE(all.ok() && some.ok());
    ASSERT_EQ(some.table.num_rows(), all.table.num_rows());  // the generated bad values are in read columns
    for (size_t c = 0; c < 3; ++c) EXPECT_TRUE(some.table.column(c) == all.table.column(c)) << c;
    EXPECT_EQ(some.table.column(3).NullCount(), some.table.num_rows());
  }
}

}  // namespace
}  // namespace seg::rt
