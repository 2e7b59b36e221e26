// The CSV reader cuts a file into pieces (one per thread) and reads each a window of pages at a
// time, mapped or past the page cache: none of it may show in what is loaded.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "csv_reader_test_tables.h"
#include "runtime/io/csv_reader.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::GeneratedOrders;
using testing::Load;
using testing::OrdersSpec;
using testing::TempDir;

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

}  // namespace
}  // namespace seg::rt
