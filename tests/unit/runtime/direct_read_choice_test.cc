// ShouldReadDirect: past the page cache only a file too big for it to keep (a quarter of the
// machine's memory or more) that is not in it already. A sparse file stands for a big one: its
// size costs no disk, and reading the sampled stretches brings them into the page cache.
#include "runtime/io/direct_read_choice.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "test_files.h"

namespace seg::rt {
namespace {

using testing::TempDir;

TEST(DirectReadChoiceTest, OnlyABigFileNotInThePageCacheIsReadDirectly) {
  TempDir dir;
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t big = static_cast<size_t>(::sysconf(_SC_PHYS_PAGES)) / 4 * page + page;
  std::string path = dir.Write("big.csv", "");
  int fd = ::open(path.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(big)), 0);
  void* mapping = ::mmap(nullptr, big, PROT_READ, MAP_PRIVATE, fd, 0);
  ASSERT_NE(mapping, MAP_FAILED);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  EXPECT_TRUE(ShouldReadDirect(mapping, big));
  EXPECT_FALSE(ShouldReadDirect(mapping, big / 2));  // the same pages, taken as a smaller file
  // Write the stretches the choice samples: the file is cached now, and read from there. (Written,
  // not read: reading a hole caches nothing on tmpfs, which has O_DIRECT since Linux 6.6.)
  std::vector<char> stretch(16 * page, 'x');
  for (size_t s = 0; s < 64; ++s) {
    ASSERT_GE(::pwrite(fd, stretch.data(), stretch.size(), static_cast<off_t>(big / 64 * s / page * page)), 0);
  }
  EXPECT_FALSE(ShouldReadDirect(mapping, big));
  ::munmap(mapping, big);
  ::close(fd);
}

}  // namespace
}  // namespace seg::rt
