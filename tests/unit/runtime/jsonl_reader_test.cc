#include "runtime/io/jsonl_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "runtime/civil_time.h"
#include "runtime/io/table_loader.h"
#include "runtime/money.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::TempDir;

TableSpec CustomersSpec() {
  return TableSpec{"customers",
                   {{"id", ValueType::kId},
                    {"vip", ValueType::kBool},
                    {"age", ValueType::kInt},
                    {"spend", ValueType::kMoney},
                    {"signup", ValueType::kDate},
                    {"tags", ValueType::kTags},
                    {"score", ValueType::kFloat}},
                   "id",
                   "",
                   false};
}

TEST(JsonlReaderTest, LoadsTypedValues) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl",
                               "{\"id\":\"c1\",\"vip\":true,\"age\":41,\"spend\":0.1,\"signup\":\"2024-01-31\","
                               "\"tags\":[\"a\",\"b\"],\"score\":1.5,\"other\":{\"x\":1}}\n"
                               "\n"
                               "{\"id\":\"c2\",\"vip\":\"no\",\"age\":\"7\",\"spend\":\"12.34\",\"signup\":null,"
                               "\"tags\":[],\"score\":2}\r\n"
                               "{\"id\":\"c3\",\"tags\":\"x|y\"}\n");
  LoadResult result = LoadJsonlTable(CustomersSpec(), path, {}, TimeZone::Utc());
  ASSERT_TRUE(result.ok()) << result.status.message();
  const Table& t = result.table;
  ASSERT_EQ(t.num_rows(), 3u);
  EXPECT_EQ(t.column(0).TextAt(2), "c3");
  EXPECT_EQ(t.column(1).values<uint8_t>()[0], 1);
  EXPECT_EQ(t.column(1).values<uint8_t>()[1], 0);
  EXPECT_FALSE(t.column(1).IsValid(2));
  EXPECT_EQ(t.column(2).values<int64_t>()[1], 7);
  EXPECT_EQ(t.column(3).values<int64_t>()[0], 1000);  // 0.1 stays exact
  EXPECT_EQ(FormatMoney(t.column(3).values<int64_t>()[1]), "12.34");
  EXPECT_EQ(FormatDate(t.column(4).values<int32_t>()[0]), "2024-01-31");
  EXPECT_FALSE(t.column(4).IsValid(1));
  EXPECT_EQ(t.column(5).TagsAt(0).size(), 2u);
  EXPECT_TRUE(t.column(5).IsValid(1));  // [] is an empty set
  EXPECT_EQ(t.column(5).TagsAt(1).size(), 0u);
  EXPECT_EQ(t.column(5).TagsAt(2).size(), 2u);
  EXPECT_EQ(t.column(6).values<double>()[1], 2.0);
}

TEST(JsonlReaderTest, BadValueNamesLineAndColumn) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl", "{\"id\":\"c1\",\"age\":3}\n\n{\"id\":\"c2\",\"age\":2.5}\n");
  LoadResult result = LoadJsonlTable(CustomersSpec(), path, {}, TimeZone::Utc());
  EXPECT_EQ(result.status.message(), path + ":3: column 'age': '2.5' is not an int value");
}

TEST(JsonlReaderTest, SkippedColumnsLoadMissingWhateverTheyHold) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl",
                               "{\"id\":\"c1\",\"age\":2.5,\"tags\":[\"a\"]}\n"
                               "{\"id\":\"c2\",\"age\":{\"n\":1},\"tags\":{\"x\":[1]}}\n");
  TableSpec spec = CustomersSpec();
  spec.columns[2].skip = true;  // age
  spec.columns[5].skip = true;  // tags
  LoadResult result = LoadJsonlTable(spec, path, {}, TimeZone::Utc());
  ASSERT_TRUE(result.ok()) << result.status.message();
  const Table& t = result.table;
  ASSERT_EQ(t.num_columns(), spec.columns.size());
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.column(0).TextAt(1), "c2");
  EXPECT_EQ(t.column(2).NullCount(), 2u);
  EXPECT_EQ(t.column(5).NullCount(), 2u);
  EXPECT_EQ(t.column(5).dictionary().size(), 0u);
  // A line that is not JSON is still an error: the record itself cannot be read.
  std::string broken = dir.Write("broken.jsonl", "{\"id\":\"c1\",\"age\": oops}\n");
  EXPECT_NE(LoadJsonlTable(spec, broken, {}, TimeZone::Utc()).status.message().find(broken + ":1: invalid JSON"),
            std::string::npos);
}

TEST(JsonlReaderTest, InvalidJsonAndNonObjectsAreReported) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl",
                               "{\"id\":\"c1\"}\n"
                               "{\"id\": oops}\n"
                               "[1,2]\n"
                               "{\"id\":\"c4\",\"age\":{\"n\":1}}\n"
                               "{\"id\":\"c5\"}\n");
  LoadOptions options;
  options.on_bad_row = BadRowPolicy::kSkip;
  LoadResult result = LoadJsonlTable(CustomersSpec(), path, options, TimeZone::Utc());
  ASSERT_TRUE(result.ok()) << result.status.message();
  EXPECT_EQ(result.table.num_rows(), 2u);
  EXPECT_EQ(result.stats.rows_skipped, 3u);
  ASSERT_EQ(result.stats.messages.size(), 3u);
  EXPECT_NE(result.stats.messages[0].find(path + ":2: invalid JSON: "), std::string::npos);
  EXPECT_EQ(result.stats.messages[1], path + ":3: expected a JSON object");
  EXPECT_EQ(result.stats.messages[2], path + ":4: column 'age': '[...]' is not an int value");
}

TEST(JsonlReaderTest, LoadTableChoosesTheFormatByExtension) {
  TempDir dir;
  std::string path = dir.Write("c.ndjson", "{\"id\":\"c1\"}\n");
  LoadResult result = LoadTable(CustomersSpec(), path, {}, TimeZone::Utc());
  ASSERT_TRUE(result.ok()) << result.status.message();
  EXPECT_EQ(result.table.num_rows(), 1u);
}

TEST(JsonlReaderTest, ResultsDoNotDependOnThreadCount) {
  TempDir dir;
  std::string text;
  for (int row = 0; row < 60000; ++row) {
    // Distinct keys (a customer table repeats none) in scrambled order; the tags repeat.
    text += "{\"id\":\"c" + std::to_string(row * 7919 % 60001) + "\",\"age\":" + std::to_string(row % 90) +
            ",\"tags\":[\"t" + std::to_string(row % 13) + "\",\"u" + std::to_string(row % 5) + "\"]}\n";
  }
  std::string path = dir.Write("many.jsonl", text);
  LoadOptions options;
  LoadResult one = LoadJsonlTable(CustomersSpec(), path, options, TimeZone::Utc());
  ASSERT_TRUE(one.ok()) << one.status.message();
  options.threads = 4;
  LoadResult four = LoadJsonlTable(CustomersSpec(), path, options, TimeZone::Utc());
  ASSERT_TRUE(four.ok()) << four.status.message();
  for (size_t c = 0; c < one.table.num_columns(); ++c) EXPECT_TRUE(one.table.column(c) == four.table.column(c));
}

// A file is read a window of pages at a time, each let go once parsed (PageWindow), as CSV is;
// with the window shrunk to one page, lines across window edges, lines longer than two windows
// and bad rows must load as the same text does read whole from a FIFO, which is never mapped,
// for one piece and for two.
TEST(JsonlReaderTest, AFileOfManyReadWindowsLoadsAsItsTextReadWhole) {
  TempDir dir;
  std::string text;
  size_t bad_rows = 0;
  for (int row = 0; row < 100000; ++row) {
    text += "{\"id\":\"c" + std::to_string(row) + "\",\"age\":" + std::to_string(row % 90);
    if (row % 5000 == 7) {  // a line of some 20 KB: its tags span windows
      text += ",\"tags\":[";
      for (int tag = 0; tag < 2000; ++tag) text += (tag == 0 ? "\"t" : ",\"t") + std::to_string(tag) + "\"";
      text += "]";
    }
    if (row % 997 == 0) {
      text += ",\"spend\":\"lots\"";  // a bad row
      ++bad_rows;
    }
    text += "}\n";
  }
  LoadOptions options;
  options.window_bytes = 4096;
  options.on_bad_row = BadRowPolicy::kSkip;
  ASSERT_GT(text.size(), size_t{2} << 20);  // two pieces at two threads, of hundreds of windows
  std::string path = dir.Write("big.jsonl", text);
  std::string fifo = (dir.path() / "big.fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
  LoadResult whole = LoadJsonlTable(CustomersSpec(), fifo, options, TimeZone::Utc());
  writer.join();
  ASSERT_TRUE(whole.ok()) << whole.status.message();
  ASSERT_EQ(whole.table.num_rows(), 100000u - bad_rows);
  // Through the mapping and past the page cache (direct_pages.h), which must read the same.
  for (auto [threads, read_path] : {std::pair{1u, MappedFile::ReadPath::kMapped},
                                    {2u, MappedFile::ReadPath::kMapped},
                                    {1u, MappedFile::ReadPath::kDirect},
                                    {2u, MappedFile::ReadPath::kDirect}}) {
    options.threads = threads;
    options.read_path = read_path;
    LoadResult windowed = LoadJsonlTable(CustomersSpec(), path, options, TimeZone::Utc());
    ASSERT_TRUE(windowed.ok()) << windowed.status.message();
    ASSERT_EQ(windowed.table.num_rows(), whole.table.num_rows());
    for (size_t c = 0; c < whole.table.num_columns(); ++c) {
      EXPECT_TRUE(windowed.table.column(c) == whole.table.column(c)) << "column " << c << " threads " << threads;
    }
    EXPECT_EQ(windowed.stats.skipped_by_reason, whole.stats.skipped_by_reason);
    ASSERT_EQ(windowed.stats.messages.size(), whole.stats.messages.size());
    for (size_t m = 0; m < whole.stats.messages.size(); ++m) {  // the same lines; only the file's name differs
      const std::string& a = windowed.stats.messages[m];
      const std::string& b = whole.stats.messages[m];
      EXPECT_EQ(a.substr(a.find(':')), b.substr(b.find(':')));
    }
  }
}

// ---------------------------------------------------------------- inputs that are not what they seem

LoadResult LoadCustomers(const std::string& path, BadRowPolicy policy = BadRowPolicy::kFail) {
  LoadOptions options;
  options.on_bad_row = policy;
  return LoadJsonlTable(CustomersSpec(), path, options, TimeZone::Utc());
}

// By default the load must fail with `error`; with --on-bad-row skip it must keep `rows` rows,
// and that load is returned for closer checks.
LoadResult FailsThenSkips(const std::string& path, const std::string& error, size_t rows) {
  EXPECT_EQ(LoadCustomers(path).status.message(), error);
  LoadResult skipped = LoadCustomers(path, BadRowPolicy::kSkip);
  EXPECT_TRUE(skipped.ok()) << skipped.status.message();
  EXPECT_EQ(skipped.table.num_rows(), rows);
  return skipped;
}

TEST(JsonlReaderTest, BytesThatAreNotUtf8AreNamedNotEchoed) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl",
                               "{\"id\":\"c1\",\"tags\":[\"caf\xC3\xA9\"]}\n"
                               "{\"id\":\"c2\",\"tags\":[\"caf\xE9\"]}\n");
  LoadResult skipped = FailsThenSkips(
      path, path + ":2: field 'tags': byte 24 of the line (0xE9) is not UTF-8 text; save the file as UTF-8", 1);
  EXPECT_EQ(skipped.stats.skipped_by_reason.at("field 'tags': not UTF-8"), 1u);
  // In a field's name there is no field to name; an escaped quote does not end a string early.
  path = dir.Write("names.jsonl", "{\"id\":\"c\\\"1\",\"d\xE9tail\":1}\n{\"id\":\"c\\\"\xE9\"}\n");
  LoadResult names = LoadCustomers(path, BadRowPolicy::kSkip);
  ASSERT_EQ(names.stats.messages.size(), 2u);
  EXPECT_EQ(names.stats.messages[0], path + ":1: byte 16 of the line (0xE9) is not UTF-8 text; save the file as UTF-8");
  EXPECT_EQ(names.stats.messages[1],
            path + ":2: field 'id': byte 11 of the line (0xE9) is not UTF-8 text; save the file as UTF-8");
}

TEST(JsonlReaderTest, Utf16FilesAreRefusedWithAHint) {
  TempDir dir;
  std::string line = "{\"id\":\"c1\"}\n";
  std::string text("\xFF\xFE");
  for (char c : line) text += std::string{c, '\0'};
  std::string path = dir.Write("customers.jsonl", text);
  EXPECT_EQ(LoadCustomers(path).status.message(),
            path + ": the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8");
}

TEST(JsonlReaderTest, ADeclaredFieldTwiceInAnObjectIsABadRow) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl",
                               "{\"id\":\"c1\",\"age\":1,\"other\":1,\"other\":2}\n"
                               "{\"id\":\"c2\",\"age\":1,\"age\":2}\n");
  FailsThenSkips(path, path + ":2: field 'age' appears twice in the object; which one is meant is unclear", 1);
}

TEST(JsonlReaderTest, CustomerKeysMissingOrRepeatedFailOrAreSkipped) {
  TempDir dir;
  std::string path = dir.Write("customers.jsonl",
                               "{\"id\":\"c1\",\"age\":1}\n"
                               "{\"age\":2}\n"
                               "{\"id\":null,\"age\":3}\n"
                               "{\"id\":\"c1\",\"age\":4}\n"
                               "{\"id\":\"c2\",\"age\":5}\n");
  LoadResult skipped = FailsThenSkips(path, path + ":2: column 'id': a customer row without a key", 1);
  ASSERT_EQ(skipped.table.num_rows(), 1u);
  EXPECT_EQ(skipped.table.column(2).values<int64_t>()[0], 5);  // both rows of c1 are left out
  EXPECT_EQ(skipped.stats.skipped_by_reason.at("customer key missing"), 2u);
  EXPECT_EQ(skipped.stats.skipped_by_reason.at("customer key repeated"), 2u);
  EXPECT_EQ(skipped.stats.messages.back(), path +
                                               ":4: customer key 'c1' appears again (first on line 1); every "
                                               "row of the key is left out");
}

}  // namespace
}  // namespace seg::rt
