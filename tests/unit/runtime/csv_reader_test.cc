#include "runtime/io/csv_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <thread>

#include "runtime/civil_time.h"
#include "runtime/event_index.h"
#include "runtime/io/customer_key_numbers.h"
#include "runtime/money.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::TempDir;

TableSpec OrdersSpec() {
  return TableSpec{"orders",
                   {{"customer", ValueType::kId},
                    {"ts", ValueType::kTimestamp},
                    {"amount", ValueType::kMoney},
                    {"note", ValueType::kText}},
                   "customer",
                   "ts",
                   true};
}

LoadResult Load(const std::string& path, const TableSpec& spec, LoadOptions options = {}) {
  return LoadCsvTable(spec, path, options, TimeZone::Utc());
}

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

// A file big enough to be split into many pieces, with quotes, embedded newlines and bad rows.
std::string GeneratedOrders(size_t rows, bool with_bad_rows) {
  std::mt19937_64 random(42);
  std::string text = "customer,ts,amount,note\n";
  for (size_t row = 0; row < rows; ++row) {
    text += "cust" + std::to_string(random() % 5000) + ",";
    text += "2024-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 10) + "T12:00:0" +
            std::to_string(random() % 10) + "Z,";
    if (with_bad_rows && random() % 1000 == 0) {
      text += "oops";
    } else if (random() % 10 != 0) {
      text += std::to_string(random() % 100000) + "." + std::to_string(random() % 100);
    }
    text += ",";
    switch (random() % 4) {
      case 0: text += "\"quoted, with \"\"quotes\"\"\nand a newline " + std::to_string(random() % 300) + "\""; break;
      case 1: text += "note" + std::to_string(random() % 1000); break;
      default: break;
    }
    text += row % 7 == 0 ? "\r\n" : "\n";
  }
  return text;
}

TEST(CsvReaderTest, ResultsDoNotDependOnThreadCount) {
  TempDir dir;
  for (bool with_bad_rows : {false, true}) {
    std::string path = dir.Write("big.csv", GeneratedOrders(120000, with_bad_rows));
    LoadOptions options;
    options.on_bad_row = BadRowPolicy::kSkip;
    options.threads = 1;
    LoadResult one = Load(path, OrdersSpec(), options);
    ASSERT_TRUE(one.ok()) << one.status.message();
    EXPECT_EQ(one.table.num_rows() + one.stats.rows_skipped, 120000u);
    for (size_t threads : {2u, 4u, 7u}) {
      options.threads = threads;
      LoadResult many = Load(path, OrdersSpec(), options);
      ASSERT_TRUE(many.ok()) << many.status.message();
      ASSERT_EQ(many.table.num_rows(), one.table.num_rows());
      for (size_t c = 0; c < one.table.num_columns(); ++c) {
        EXPECT_TRUE(many.table.column(c) == one.table.column(c)) << "column " << c << " threads " << threads;
        EXPECT_EQ(many.table.column(c).dictionary().values(), one.table.column(c).dictionary().values());
      }
      EXPECT_EQ(many.stats.messages, one.stats.messages);
      EXPECT_EQ(many.stats.skipped_by_reason, one.stats.skipped_by_reason);
    }
    // In fail mode the same first error is reported whatever the thread count.
    options.on_bad_row = BadRowPolicy::kFail;
    options.threads = 1;
    std::string first_error = Load(path, OrdersSpec(), options).status.message();
    options.threads = 4;
    EXPECT_EQ(Load(path, OrdersSpec(), options).status.message(), first_error);
  }
}

// A file is read a window of pages at a time, each let go once parsed (PageWindow); one of many
// windows per piece, with quoted newlines and bad rows across their edges, must load as the same
// text does read whole from a FIFO, which is never mapped. The windows are shrunk to 16 pages so
// that a file of a few megabytes is many of them.
TEST(CsvReaderTest, AFileOfManyReadWindowsLoadsAsItsTextReadWhole) {
  TempDir dir;
  for (bool with_bad_rows : {false, true}) {
    std::string text = GeneratedOrders(60000, with_bad_rows);
    LoadOptions options;
    options.window_bytes = 64 << 10;
    ASSERT_GT(text.size(), 30 * options.window_bytes);  // two 1 MiB pieces or more, of many windows
    std::string path = dir.Write("big.csv", text);
    std::string fifo = (dir.path() / (with_bad_rows ? "bad.fifo" : "good.fifo")).string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    options.on_bad_row = BadRowPolicy::kSkip;
    std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
    LoadResult whole = Load(fifo, OrdersSpec(), options);
    writer.join();
    ASSERT_TRUE(whole.ok()) << whole.status.message();
    for (auto [threads, read_path] : {std::pair{1u, MappedFile::ReadPath::kMapped},
                                      {2u, MappedFile::ReadPath::kMapped},
                                      {1u, MappedFile::ReadPath::kDirect},
                                      {2u, MappedFile::ReadPath::kDirect}}) {
      options.threads = threads;
      options.read_path = read_path;
      LoadResult windowed = Load(path, OrdersSpec(), options);
      ASSERT_TRUE(windowed.ok()) << windowed.status.message();
      ASSERT_EQ(windowed.table.num_rows(), whole.table.num_rows());
      for (size_t c = 0; c < whole.table.num_columns(); ++c) {
        EXPECT_TRUE(windowed.table.column(c) == whole.table.column(c))
            << "column " << c << " threads " << threads << " direct " << (read_path == MappedFile::ReadPath::kDirect);
      }
      // The same lines and reasons; only the file's name differs.
      ASSERT_EQ(windowed.stats.messages.size(), whole.stats.messages.size());
      for (size_t m = 0; m < whole.stats.messages.size(); ++m) {
        const std::string& a = windowed.stats.messages[m];
        const std::string& b = whole.stats.messages[m];
        EXPECT_EQ(a.substr(a.find(':')), b.substr(b.find(':')));
      }
      EXPECT_EQ(windowed.stats.skipped_by_reason, whole.stats.skipped_by_reason);
    }
  }
}

// Read past the page cache (MappedFile::ReadPath::kDirect), a file loads as it does through the
// mapping wherever it ends against the read steps: a last line without its newline, a CRLF, a
// quoted field with a newline across a step, or a cut inside quotes, which must fail alike.
TEST(CsvReaderTest, AFileReadDirectlyLoadsAsMappedWhereverItEnds) {
  TempDir dir;
  std::string text = GeneratedOrders(3000, true);
  constexpr size_t kStep = 16 << 10;
  ASSERT_GT(text.size(), 4 * kStep);
  for (size_t cut : {kStep - 1, kStep, kStep + 1, 2 * kStep + 4095, 3 * kStep + 4097, text.size() - 1, text.size()}) {
    for (size_t shift = 0; shift < 40; shift += 13) {
      std::string path = dir.Write("cut.csv", text.substr(0, std::min(text.size(), cut + shift)));
      LoadOptions options;
      options.window_bytes = kStep;
      options.on_bad_row = BadRowPolicy::kSkip;
      options.read_path = MappedFile::ReadPath::kMapped;
      LoadResult mapped = Load(path, OrdersSpec(), options);
      options.read_path = MappedFile::ReadPath::kDirect;
      LoadResult direct = Load(path, OrdersSpec(), options);
      ASSERT_EQ(direct.status.message(), mapped.status.message()) << "cut " << cut + shift;
      ASSERT_EQ(direct.table.num_rows(), mapped.table.num_rows()) << "cut " << cut + shift;
      for (size_t c = 0; c < mapped.table.num_columns(); ++c) {
        EXPECT_TRUE(direct.table.column(c) == mapped.table.column(c)) << "column " << c << " cut " << cut + shift;
      }
      EXPECT_EQ(direct.stats.messages, mapped.stats.messages) << "cut " << cut + shift;
    }
  }
}

// Pieces are first split at the newline after each nominal point, taken to be outside quotes;
// here the middle of the file is inside a quoted note of many lines, so the first piece ends
// inside quotes and the file is split again by quote parity: the load is still a single pass's.
TEST(CsvReaderTest, APieceSplitInsideAQuotedFieldOfManyLinesIsSplitAgain) {
  TempDir dir;
  std::string text = "customer,ts,amount,note\n";
  for (int i = 0; i < 20000; ++i) text += "c" + std::to_string(i) + ",2024-06-01T12:00:00Z,1.5,x\n";
  text += "c-long,2024-06-02T12:00:00Z,2.5,\"";
  for (int i = 0; i < 400000; ++i) text += "line " + std::to_string(i) + ", still quoted\n";
  text += "\"\n";
  for (int i = 0; i < 20000; ++i) text += "d" + std::to_string(i) + ",2024-06-03T12:00:00Z,3.5,\"y\"\n";
  std::string path = dir.Write("notes.csv", text);
  LoadOptions options;
  options.threads = 1;
  LoadResult one = Load(path, OrdersSpec(), options);
  ASSERT_TRUE(one.ok()) << one.status.message();
  ASSERT_EQ(one.table.num_rows(), 40001u);
  for (size_t threads : {2u, 3u}) {
    options.threads = threads;
    LoadResult many = Load(path, OrdersSpec(), options);
    ASSERT_TRUE(many.ok()) << many.status.message();
    EXPECT_EQ(many.stats.rows_skipped, 0u);
    for (size_t c = 0; c < one.table.num_columns(); ++c) {
      EXPECT_TRUE(many.table.column(c) == one.table.column(c)) << "column " << c << " threads " << threads;
    }
  }
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

// ---------------------------------------------------------------- inputs that are not what they seem

TableSpec CustomersSpec() {
  return TableSpec{
      "customers", {{"id", ValueType::kId}, {"city", ValueType::kText}, {"tags", ValueType::kTags}}, "id", "", false};
}

// Loads `path` twice: by default it must fail with `error`; with --on-bad-row skip it must load
// `rows` rows, and that load is returned for closer checks.
LoadResult FailsThenSkips(const std::string& path, const TableSpec& spec, const std::string& error, size_t rows) {
  EXPECT_EQ(Load(path, spec).status.message(), error);
  LoadOptions skip;
  skip.on_bad_row = BadRowPolicy::kSkip;
  LoadResult result = Load(path, spec, skip);
  EXPECT_TRUE(result.ok()) << result.status.message();
  EXPECT_EQ(result.table.num_rows(), rows);
  EXPECT_EQ(result.stats.rows_loaded, rows);
  return result;
}

TEST(CsvReaderTest, ADeclaredColumnTwiceInTheHeaderIsAnError) {
  TempDir dir;
  std::string path = dir.Write("orders.csv", "customer,ts,amount,note,amount\nc1,2024-01-01,1,x,2\n");
  EXPECT_EQ(Load(path, OrdersSpec()).status.message(),
            path + ":1: column 'amount' appears twice in the header (fields 3 and 5); rename or remove one");
  // Undeclared columns are never read, so a repeated one is no ambiguity.
  path = dir.Write("extra.csv", "customer,ts,amount,note,x,x\nc1,2024-01-01,1,n,2,3\n");
  EXPECT_TRUE(Load(path, OrdersSpec()).ok());
}

TEST(CsvReaderTest, Utf16FilesAreRefusedWithAHint) {
  TempDir dir;
  std::string header = "customer,ts,amount,note\n";
  std::string little_endian("\xFF\xFE");
  std::string big_endian_no_mark;
  for (char c : header) {
    little_endian += std::string{c, '\0'};
    big_endian_no_mark += std::string{'\0', c};
  }
  for (const std::string& text : {little_endian, big_endian_no_mark}) {
    std::string path = dir.Write("orders.csv", text);
    std::string error = Load(path, OrdersSpec()).status.message();
    EXPECT_EQ(error.rfind(path + ": the file is UTF-16 text (it ", 0), 0u) << error;
    EXPECT_NE(error.find("; save it as UTF-8"), std::string::npos) << error;
  }
}

TEST(CsvReaderTest, TextThatIsNotUtf8IsABadValueNamingLineAndColumn) {
  TempDir dir;
  std::string path = dir.Write("orders.csv",
                               "customer,ts,amount,note\n"
                               "c1,2024-01-01,1,\"caf\xC3\xA9 ok\"\n"
                               "c2,2024-01-01,2,caf\xE9\n"
                               "c\xFF,2024-01-01,3,x\n");
  LoadResult result = FailsThenSkips(
      path, OrdersSpec(),
      path + ":3: column 'note': byte 4 of the field (0xE9) is not UTF-8 text; save the file as UTF-8", 1);
  ASSERT_EQ(result.table.num_rows(), 1u);
  EXPECT_EQ(result.table.column(3).TextAt(0), "caf\xC3\xA9 ok");
  EXPECT_EQ(result.stats.skipped_by_reason.at("column 'note': not UTF-8"), 1u);
  EXPECT_EQ(result.stats.skipped_by_reason.at("column 'customer': not UTF-8"), 1u);
  // Only the columns that are read are checked: the notes are not, so their bytes cost nothing.
  TableSpec lean = OrdersSpec();
  lean.columns[3].skip = true;
  path = dir.Write("lean.csv", "customer,ts,amount,note\nc2,2024-01-01,2,caf\xE9\n");
  EXPECT_TRUE(Load(path, lean).ok());
}

TEST(CsvReaderTest, AHeaderNameThatIsNotUtf8IsNeverEchoed) {
  TempDir dir;
  // Not read, so no error; but a missing column's message lists the header and must not echo it.
  std::string path = dir.Write("orders.csv", "customer,ts,amount,note,d\xE9tail\nc1,2024-01-01,1,x,y\n");
  EXPECT_TRUE(Load(path, OrdersSpec()).ok());
  path = dir.Write("orders.csv", "customer,ts,d\xE9tail,note\nc1,2024-01-01,1,x\n");
  EXPECT_EQ(Load(path, OrdersSpec()).status.message(),
            path +
                ":1: column 'amount' of orders is missing from the header, whose field 3 is not UTF-8: byte 2 of its "
                "name (0xE9) is not UTF-8 text; save the file as UTF-8");
}

TEST(CsvReaderTest, AShownValueIsCutAtACharacterBoundary) {
  TempDir dir;
  std::string amount = std::string(79, '9') + "\xC3\xA9\xC3\xA9";  // byte 80 is inside the first é
  std::string path = dir.Write("orders.csv", "customer,ts,amount,note\nc1,2024-01-01," + amount + ",x\n");
  EXPECT_EQ(Load(path, OrdersSpec()).status.message(),
            path + ":2: column 'amount': '" + std::string(79, '9') + "...' is not a money value");
}

TEST(CsvReaderTest, ACustomerRowWithoutAKeyFailsOnItsOwnLineOrIsSkipped) {
  TempDir dir;
  std::string path = dir.Write("customers.csv",
                               "id,city,tags\n"
                               "c1,\"two\nlines\",a\n"
                               "\n"
                               ",Paris,b\n"
                               "c2,Rome,c\n");
  LoadResult result = FailsThenSkips(path, CustomersSpec(), path + ":5: column 'id': a customer row without a key", 2);
  EXPECT_EQ(result.stats.rows_skipped, 1u);
  EXPECT_EQ(result.stats.skipped_by_reason.at("customer key missing"), 1u);
  // Events without a customer are not a customer table's business: the index counts them.
  path = dir.Write("orders.csv", "customer,ts,amount,note\n,2024-01-01,1,x\n");
  EXPECT_TRUE(Load(path, OrdersSpec()).ok());
}

TEST(CsvReaderTest, ARepeatedCustomerKeyFailsOnItsOwnLineOrEveryRowOfItIsSkipped) {
  TempDir dir;
  std::string path = dir.Write("customers.csv",
                               "id,city,tags\n"
                               "c1,\"two\nlines\",a\n"
                               "c2,Rome,b|c\n"
                               "c1,Oslo,d\n"
                               "c3,Lyon,e\n"
                               "c2,Rome,b\n");
  // Which row of c1 is the customer's is anybody's guess, and keeping the first would tie the
  // result to the order of rows: every row of a repeated key is left out.
  LoadResult result = FailsThenSkips(path, CustomersSpec(),
                                     path + ":5: customer key 'c1' appears again (first on line 2)", 1);
  const Table& t = result.table;
  ASSERT_EQ(t.num_rows(), 1u);
  EXPECT_EQ(t.column(0).TextAt(0), "c3");
  EXPECT_EQ(result.stats.rows_skipped, 4u);
  EXPECT_EQ(result.stats.skipped_by_reason.at("customer key repeated"), 4u);
  std::string suffix = "; every row of the key is left out";
  EXPECT_EQ(result.stats.messages,
            (std::vector<std::string>{path + ":5: customer key 'c1' appears again (first on line 2)" + suffix,
                                      path + ":7: customer key 'c2' appears again (first on line 4)" + suffix}));
  // A left-out row leaves nothing behind, not even its dictionary entries.
  EXPECT_EQ(t.column(1).dictionary().values(), std::vector<std::string>{"Lyon"});
  EXPECT_EQ(t.column(2).dictionary().values(), std::vector<std::string>{"e"});
}

TEST(CsvReaderTest, RepeatedIntKeysAreFoundByValue) {
  TempDir dir;
  TableSpec spec{"customers", {{"id", ValueType::kInt}, {"city", ValueType::kText}}, "id", "", false};
  std::string path = dir.Write("customers.csv", "id,city\n7,Rome\n10,Oslo\n007,Lyon\n");
  LoadResult result = FailsThenSkips(path, spec, path + ":4: customer key '7' appears again (first on line 2)", 1);
  EXPECT_EQ(result.table.column(0).values<int64_t>()[0], 10);
}

TEST(CsvReaderTest, RepeatedKeysAreFoundAcrossPiecesWhateverTheThreadCount) {
  TempDir dir;
  std::string text = "id,city,tags\n";
  for (int row = 0; row < 200000; ++row) {
    // Rows 150000.. repeat keys of rows far back, so repeats cross the pieces of a parallel load.
    int key = row < 150000 ? row : (row - 150000) * 3;
    text += "k" + std::to_string(key) + ",city" + std::to_string(row % 97) + ",t" + std::to_string(row % 5) + "\n";
  }
  std::string path = dir.Write("customers.csv", text);
  LoadOptions options;
  std::string first_error = Load(path, CustomersSpec(), options).status.message();
  EXPECT_EQ(first_error, path + ":150002: customer key 'k0' appears again (first on line 2)");
  options.on_bad_row = BadRowPolicy::kSkip;
  LoadResult one = Load(path, CustomersSpec(), options);
  ASSERT_TRUE(one.ok()) << one.status.message();
  EXPECT_EQ(one.table.num_rows(), 100000u);  // the 50000 repeated keys lose both their rows
  EXPECT_EQ(one.stats.rows_skipped, 100000u);
  for (size_t threads : {2u, 4u}) {
    options.threads = threads;
    LoadResult many = Load(path, CustomersSpec(), options);
    ASSERT_TRUE(many.ok()) << many.status.message();
    for (size_t c = 0; c < one.table.num_columns(); ++c) EXPECT_TRUE(many.table.column(c) == one.table.column(c));
    EXPECT_EQ(many.stats.messages, one.stats.messages);
    options.on_bad_row = BadRowPolicy::kFail;
    EXPECT_EQ(Load(path, CustomersSpec(), options).status.message(), first_error);
    options.on_bad_row = BadRowPolicy::kSkip;
  }
}

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
