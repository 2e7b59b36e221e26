// Inputs that are not what they seem: repeated header columns, UTF-16 files, text that is not
// UTF-8, customer rows without a key or with a repeated one.
#include <gtest/gtest.h>

#include "csv_reader_test_tables.h"
#include "runtime/io/csv_reader.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::CustomersSpec;
using testing::Load;
using testing::OrdersSpec;
using testing::TempDir;

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

}  // namespace
}  // namespace seg::rt
