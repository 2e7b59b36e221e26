// GiveBackPages: the whole pages inside each stretch read as zeros afterwards, the bytes of the
// partial pages at its ends (which an allocator may share) keep their values, and memory outside
// the stretches is untouched, for any thread count.
#include "runtime/give_back_pages.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace seg::rt {
namespace {

TEST(GiveBackPagesTest, WholePagesInsideReadAsZerosAndTheRestKeepsItsBytes) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  for (size_t threads : {1, 2, 3, 8}) {
    const size_t bytes = 40 * page;
    std::unique_ptr<uint8_t[]> memory(new uint8_t[bytes]);
    std::memset(memory.get(), 0xA5, bytes);
    uint8_t* base = memory.get();
    // Stretches that start and end inside pages, one smaller than a page, one of nothing.
    std::vector<UnneededBytes> stretches = {{base + 100, 10 * page},
                                            {base + 12 * page + 7, 9 * page + 13},
                                            {base + 25 * page + 1, page / 2},
                                            {base + 30 * page, 0},
                                            {base + 31 * page, 6 * page}};
    GiveBackPages(stretches, threads);
    auto page_start = [&](size_t offset) {
      return (reinterpret_cast<uintptr_t>(base) + offset + page - 1) & ~(page - 1);
    };
    auto page_end = [&](size_t offset) { return (reinterpret_cast<uintptr_t>(base) + offset) & ~(page - 1); };
    for (size_t i = 0; i < bytes; ++i) {
      uintptr_t at = reinterpret_cast<uintptr_t>(base + i);
      bool given = false;
      for (const UnneededBytes& s : stretches) {
        size_t offset = static_cast<size_t>(static_cast<const uint8_t*>(s.data) - base);
        given |= at >= page_start(offset) && at < page_end(offset + s.size);
      }
      ASSERT_EQ(base[i], given ? 0 : 0xA5) << "byte " << i << ", " << threads << " threads";
    }
  }
}

TEST(GiveBackPagesTest, NothingToGiveBack) {
  GiveBackPages({}, 4);
  uint8_t byte = 7;
  GiveBackPages({{&byte, 1}}, 2);
  EXPECT_EQ(byte, 7);
}

}  // namespace
}  // namespace seg::rt
