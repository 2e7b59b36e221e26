// MappedFile on what is not a regular file: a FIFO (a named pipe, or `<(zcat orders.csv.gz)`) is
// read as a stream to its end; a directory is refused with a message, never a hang or a crash.
#include "runtime/io/mapped_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "test_files.h"

namespace seg::rt {
namespace {

using testing::TempDir;

TEST(MappedFileTest, ARegularFileIsMapped) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "id\nc1\n");
  Result<MappedFile> file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.message();
  EXPECT_EQ(file->data(), "id\nc1\n");
}

TEST(MappedFileTest, AFifoIsReadAsAStreamToItsEnd) {
  TempDir dir;
  std::string fifo = (dir.path() / "orders.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // More than a pipe holds at once, written in pieces, so the reader must loop until the end.
  std::string expected = "customer,ts,amount\n";
  for (int i = 0; i < 20000; ++i) expected += "c" + std::to_string(i) + ",2024-06-01,1.5\n";
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    for (size_t at = 0; at < expected.size(); at += 4096) out << expected.substr(at, 4096) << std::flush;
  });
  Result<MappedFile> file = MappedFile::Open(fifo);
  writer.join();
  ASSERT_TRUE(file.ok()) << file.message();
  EXPECT_EQ(file->data(), expected);
  MappedFile moved = std::move(*file);
  EXPECT_EQ(moved.data().size(), expected.size());
}

TEST(MappedFileTest, ADirectoryIsRefused) {
  TempDir dir;
  auto refused = MappedFile::Open(dir.path().string());
  EXPECT_FALSE(refused.ok());
  std::string error = refused.message();
  EXPECT_NE(error.find("it is a directory"), std::string::npos) << error;
}

}  // namespace
}  // namespace seg::rt
