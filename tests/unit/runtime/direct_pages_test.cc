// DirectPages: a file read past the page cache into buffers moved over its mapping reads as the
// file's bytes wherever the reader's range and the file's end fall against the pages and the
// steps, puts the mapping back behind the reader, and reads zeros and says so, rather than
// crash, when the file shrinks while read.
#include "runtime/io/direct_pages.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/io/mapped_file.h"
#include "runtime/io/page_window.h"
#include "test_files.h"

namespace seg::rt {
namespace {

using testing::TempDir;

constexpr size_t kStep = 16 << 10;  // four pages a step, so that small files are many steps

std::string Text(size_t size) {
  std::string text;
  for (size_t i = 0; text.size() < size; ++i) text += "c" + std::to_string(i) + ",2024-06-01,\"a, b\"\r\n";
  text.resize(size);
  return text;
}

// Opens `path` for direct reads, or skips the test where the file system has none.
MappedFile OpenDirect(const std::string& path) {
  Result<MappedFile> file = MappedFile::Open(path, MappedFile::Pages::kWindowed, kStep, MappedFile::ReadPath::kDirect);
  EXPECT_TRUE(file.ok()) << file.message();
  return std::move(*file);
}

// Walks [begin, end) as a reader does, `stride` bytes at a time, and checks each stretch.
void ReadThrough(const MappedFile& file, const std::string& text, size_t begin, size_t end, size_t stride) {
  PageWindow window(&file, begin, end);
  for (size_t pos = begin; pos < end; pos += stride) {
    window.At(pos);
    size_t n = std::min(stride, end - pos);
    ASSERT_EQ(file.data().substr(pos, n), std::string_view(text).substr(pos, n))
        << "at " << pos << " of [" << begin << ", " << end << ") in " << text.size() << " bytes";
  }
}

TEST(DirectPagesTest, ReadsTheFilesBytesWhereverItsEndsAndTheRangesFall) {
  TempDir dir;
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  for (size_t size : {size_t{1}, page - 1, page, page + 1, kStep - 1, kStep, kStep + 1, 3 * kStep - 1, 3 * kStep,
                      3 * kStep + 1, 9 * kStep + 123}) {
    std::string text = Text(size);
    std::string path = dir.Write("f.csv", text);
    MappedFile file = OpenDirect(path);
    if (!file.direct()) GTEST_SKIP() << "no O_DIRECT on this file system";
    for (auto [begin, end] : {std::pair{size_t{0}, size}, std::pair{size_t{1}, size - 1 + (size == 1)},
                              std::pair{page - 1, size}, std::pair{size / 3, 2 * size / 3}}) {
      if (begin >= end) continue;
      for (size_t stride : {size_t{1000}, kStep, 3 * kStep + 7}) ReadThrough(file, text, begin, end, stride);
    }
    // Behind the reader, and once it is done, the file's mapping is back: the bytes are the same.
    EXPECT_EQ(file.data(), text);
    EXPECT_FALSE(file.changed());
  }
}

// Two readers of neighbouring ranges at once, as two threads parse two pieces: the page they
// share stays the mapping's, and each reads its own range right.
TEST(DirectPagesTest, NeighbouringReadersShareTheirEdgePage) {
  TempDir dir;
  std::string text = Text(20 * kStep + 5);
  MappedFile file = OpenDirect(dir.Write("f.csv", text));
  if (!file.direct()) GTEST_SKIP() << "no O_DIRECT on this file system";
  size_t middle = 10 * kStep + 1234;
  PageWindow left(&file, 0, middle);
  PageWindow right(&file, middle, text.size());
  for (size_t k = 0; k < 10; ++k) {
    left.At(k * kStep);
    right.At(middle + k * kStep);
    EXPECT_EQ(file.data().substr(k * kStep, kStep), std::string_view(text).substr(k * kStep, kStep));
    size_t at = middle + k * kStep;
    size_t n = std::min(kStep, text.size() - at);
    EXPECT_EQ(file.data().substr(at, n), std::string_view(text).substr(at, n));
  }
}

// A file that shrinks under the reader: what is past its new end reads as zeros (the mapping
// would raise SIGBUS there) and the file says it changed, for the loader to report.
TEST(DirectPagesTest, AFileThatShrinksWhileReadReadsZerosPastItsEndAndSaysSo) {
  TempDir dir;
  std::string text = Text(10 * kStep);
  std::string path = dir.Write("f.csv", text);
  MappedFile file = OpenDirect(path);
  if (!file.direct()) GTEST_SKIP() << "no O_DIRECT on this file system";
  size_t kept = 3 * kStep + kStep / 2 + 17;
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kept)), 0);
  {
    PageWindow window(&file, 0, text.size());
    for (size_t pos = 0; pos < text.size(); pos += kStep) {
      window.At(pos);
      for (size_t i = pos; i < pos + kStep; ++i) {
        ASSERT_EQ(file.data()[i], i < kept ? text[i] : '\0') << "at " << i;
      }
    }
  }
  EXPECT_TRUE(file.changed());
}

// One that grows is read as it was when opened, which is what the mapping holds too.
TEST(DirectPagesTest, AFileThatGrowsWhileReadReadsAsOpened) {
  TempDir dir;
  std::string text = Text(5 * kStep + 99);
  std::string path = dir.Write("f.csv", text);
  MappedFile file = OpenDirect(path);
  if (!file.direct()) GTEST_SKIP() << "no O_DIRECT on this file system";
  std::ofstream(path, std::ios::binary | std::ios::app) << "more,rows\n";
  ReadThrough(file, text, 0, text.size(), 1000);
  EXPECT_EQ(file.data(), text);
  EXPECT_FALSE(file.changed());
}

// Whether this kernel moves a mapping's pages out and leaves the place mapped (MREMAP_DONTUNMAP,
// Linux 5.7): without it DirectPages cannot keep a buffer's pages, and maps a fresh one a step.
bool KernelKeepsMovedPages() {
  size_t length = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* region = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return false;
  static_cast<char*>(region)[0] = 1;
  void* moved = ::mremap(region, length, length, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, nullptr);
  ::munmap(region, length);
  if (moved == MAP_FAILED) return false;
  ::munmap(moved, length);
  return true;
}

// The buffers behind the reader are reused with their pages, so a long stretch costs a ring's
// worth of buffers, not one per step: each fresh one is a zero-filled page fault per 4 KiB,
// which for the 10M-customer job was 3.6M of its 6.6M page faults.
TEST(DirectPagesTest, ALongStretchReusesAFewBuffers) {
  if (!KernelKeepsMovedPages()) GTEST_SKIP() << "no MREMAP_DONTUNMAP on this kernel";
  TempDir dir;
  constexpr size_t kSteps = 64;
  std::string text = Text(kSteps * kStep + 5);
  MappedFile file = OpenDirect(dir.Write("f.csv", text));
  if (!file.direct()) GTEST_SKIP() << "no O_DIRECT on this file system";
  size_t buffers = 0;
  {
    DirectPages pages(file, 0, text.size());
    for (size_t pos = 0; pos < text.size(); pos += kStep) {
      pages.At(pos, 2 * kStep, 4 * kStep);
      size_t n = std::min(kStep, text.size() - pos);
      ASSERT_EQ(file.data().substr(pos, n), std::string_view(text).substr(pos, n)) << "at " << pos;
    }
    buffers = pages.buffers_mapped();
  }
  // The reads ahead (4 steps) and the one being read, and one for the edge: the ring.
  EXPECT_LE(buffers, 6u) << "for " << kSteps << " steps";
  EXPECT_EQ(file.data(), text);
}

// Behind the reader its buffers' pages go back to the ring and the file is mapped there again.
// That must never leave the place unmapped, even for a moment: another thread's mmap (a column
// growing, the other reader's next buffer) could be put there, then be overwritten by the file's
// pages and read as wrong data, not as an error. Two readers walk their halves over and over
// while a third thread keeps asking for regions of a step's size: the kernel gives the highest
// free place, so once the places above the file's mapping are taken (the regions are kept until
// one lands below it), a hole in the mapping would be the first place given.
TEST(DirectPagesTest, PuttingTheMappingBackNeverLeavesAHoleAnotherMappingCanTake) {
  TempDir dir;
  std::string text = Text(64 * kStep + 5);
  MappedFile file = OpenDirect(dir.Write("f.csv", text));
  if (!file.direct()) GTEST_SKIP() << "no O_DIRECT on this file system";
  const char* mapping_begin = file.data().data();
  const char* mapping_end = mapping_begin + text.size();
  std::atomic<bool> reading{true};
  size_t given_inside = 0;
  size_t asked = 0;
  std::thread churn([&] {
    std::vector<void*> kept;
    while (reading.load()) {
      void* region = ::mmap(nullptr, kStep, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (region == MAP_FAILED) break;
      ++asked;
      const char* at = static_cast<const char*>(region);
      if (at >= mapping_begin && at < mapping_end) ++given_inside;  // left there: the reader maps over it
      else if (at > mapping_begin) kept.push_back(region);
      else ::munmap(region, kStep);
    }
    for (void* region : kept) ::munmap(region, kStep);
  });
  size_t middle = 32 * kStep + 1234;
  auto reader = [&](size_t begin, size_t end) {
    for (int pass = 0; pass < 50; ++pass) ReadThrough(file, text, begin, end, kStep);
  };
  std::thread left(reader, size_t{0}, middle);
  reader(middle, text.size());
  left.join();
  reading.store(false);
  churn.join();
  EXPECT_GT(asked, 0u);
  EXPECT_EQ(given_inside, 0u) << "of " << asked << " regions asked for";
  EXPECT_EQ(file.data(), text);
  EXPECT_FALSE(file.changed());
}

}  // namespace
}  // namespace seg::rt
