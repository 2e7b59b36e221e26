// MappedFile on what is not a regular file: a FIFO (a named pipe, or `<(zcat orders.csv.gz)`) is
// read as a stream to its end; a directory is refused with a message, never a hang or a crash.
#include "runtime/io/mapped_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
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

// Kilobytes of the process's resident set that lie in the mapping starting at `address`, from
// /proc/self/smaps.
size_t ResidentKb(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  char start[32];
  std::snprintf(start, sizeof(start), "%lx-", reinterpret_cast<unsigned long>(address));
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::string first = line.substr(0, line.find(' '));
    if (first.empty() || first.back() != ':') {  // a mapping's own line, "7f..-7f.. r--p ..."
      inside = line.rfind(start, 0) == 0;
      continue;
    }
    if (inside && line.rfind("Rss:", 0) == 0) return std::stoul(line.substr(4));
  }
  return 0;
}

// A windowed reader maps a stretch before reading it and lets it go after: the stretch is resident
// in between and not after, and reading it again gives the same bytes.
TEST(MappedFileTest, AWindowedFileIsResidentOnlyWhereMappedAheadAndReadsTheSameAfterRelease) {
  TempDir dir;
  std::string text;
  for (int i = 0; text.size() < (size_t{8} << 20); ++i) text += "c" + std::to_string(i) + ",2024-06-01,1.5\n";
  std::string path = dir.Write("a.csv", text);
  Result<MappedFile> file = MappedFile::Open(path, MappedFile::Pages::kWindowed);
  ASSERT_TRUE(file.ok()) << file.message();
  const void* address = file->data().data();
  EXPECT_LT(ResidentKb(address), 1024u);  // nothing mapped up front
  file->MapAhead(0, text.size());
  EXPECT_GE(ResidentKb(address), 8000u);
  file->Release(0, text.size() / 2);
  size_t half = ResidentKb(address);
  EXPECT_LT(half, 4200u);
  EXPECT_GE(half, 4000u);
  file->Release(text.size() / 2, text.size());
  EXPECT_LT(ResidentKb(address), 8u);
  EXPECT_EQ(file->data(), text);  // mapped again as read
  // Only whole pages inside the range are let go: a byte past it stays resident.
  file->Release(1, 4096 * 3 - 1);
  EXPECT_EQ(file->data().substr(0, 4096 * 3), text.substr(0, 4096 * 3));
}

// Reading ahead only asks the disk for the pages: none enters the resident set, the bytes are the
// file's, and a range past the end or empty is nothing to do.
TEST(MappedFileTest, ReadingAheadMapsNothing) {
  TempDir dir;
  std::string text;
  for (int i = 0; text.size() < (size_t{4} << 20); ++i) text += "c" + std::to_string(i) + ",2024-06-01,1.5\n";
  std::string path = dir.Write("a.csv", text);
  Result<MappedFile> file = MappedFile::Open(path, MappedFile::Pages::kWindowed);
  ASSERT_TRUE(file.ok()) << file.message();
  const void* address = file->data().data();
  file->ReadAhead(0, text.size());
  file->ReadAhead(text.size() - 1, text.size() + (size_t{1} << 30));
  file->ReadAhead(text.size() + 4096, text.size() + 8192);
  file->ReadAhead(100, 100);
  EXPECT_LT(ResidentKb(address), 1024u);
  EXPECT_EQ(file->data(), text);
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
