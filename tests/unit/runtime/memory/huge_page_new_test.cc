// The seg command's replacement of the global operator new (runtime/memory/huge_page_new.cc),
// linked into this test binary alone: every form of new hands out usable memory of the asked
// alignment that its matching delete takes back, and the standard library's mixed uses (the
// nothrow buffer of std::stable_sort, over-aligned types) work. Before every form was replaced,
// the nothrow new came from libstdc++ while delete came from the replacement.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

namespace {

bool AlignedTo(const void* p, size_t alignment) { return reinterpret_cast<uintptr_t>(p) % alignment == 0; }

TEST(HugePageNew, EveryFormAllocatesWritableMemoryThatItsDeleteFrees) {
  for (size_t bytes : {size_t{0}, size_t{1}, size_t{100}, size_t{5} << 20}) {  // 5 MiB asks for huge pages
    void* plain = ::operator new(bytes);
    void* array = ::operator new[](bytes);
    void* nothrow = ::operator new(bytes, std::nothrow);
    void* nothrow_array = ::operator new[](bytes, std::nothrow);
    ASSERT_NE(nothrow, nullptr);
    ASSERT_NE(nothrow_array, nullptr);
    for (void* p : {plain, array, nothrow, nothrow_array}) std::memset(p, 0xab, bytes);
    ::operator delete(plain);
    ::operator delete[](array);
    ::operator delete(nothrow, std::nothrow);
    ::operator delete[](nothrow_array, std::nothrow);
    void* sized = ::operator new(bytes);
    ::operator delete(sized, bytes);
  }
}

TEST(HugePageNew, AlignedFormsHonourTheAlignment) {
  for (size_t alignment : {size_t{32}, size_t{64}, size_t{4096}, size_t{2} << 20}) {
    std::align_val_t a{alignment};
    void* p = ::operator new(1000, a);
    void* q = ::operator new[](1000, a);
    void* r = ::operator new(1000, a, std::nothrow);
    EXPECT_TRUE(AlignedTo(p, alignment) && AlignedTo(q, alignment) && AlignedTo(r, alignment)) << alignment;
    std::memset(p, 1, 1000);
    ::operator delete (p, size_t{1000}, a);
    ::operator delete[](q, a);
    ::operator delete(r, a, std::nothrow);
  }
  struct alignas(128) Wide {
    char bytes[128];
  };
  std::vector<Wide> wides(33);
  EXPECT_TRUE(AlignedTo(wides.data(), 128));
}

// A large block starts on a huge page and its whole last huge page is usable, so the kernel can
// back all of it with 2 MiB pages: before, malloc placed it 16 bytes past a 4 KiB page and the
// first and last 2 MiB of every result column were faulted in 4 KiB at a time.
TEST(HugePageNew, LargeBlocksAreWholeAlignedHugePages) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "sanitizer builds keep the standard operator new";
#endif
  constexpr size_t kHuge = size_t{2} << 20;
  for (size_t bytes : {size_t{4'000'000}, size_t{8'000'000}, size_t{9} << 20}) {
    std::vector<void*> blocks;
    for (int k = 0; k < 3; ++k) blocks.push_back(::operator new(bytes));
    for (void* p : blocks) {
      EXPECT_TRUE(AlignedTo(p, kHuge)) << bytes;
      size_t whole = (bytes + kHuge - 1) / kHuge * kHuge;
      std::memset(p, 0x5a, whole);  // the rounded-up tail belongs to the block
      ::operator delete(p);
    }
  }
}

TEST(HugePageNew, ExhaustionThrowsOrReturnsNull) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer reports an impossible allocation instead of failing it";
#endif
  size_t impossible = SIZE_MAX / 2;
  volatile size_t almost_all = SIZE_MAX - 1;                     // volatile: the compiler would warn of a constant
  EXPECT_EQ(::operator new(almost_all, std::nothrow), nullptr);  // not wrapped round by the rounding
  EXPECT_THROW((void)::operator new(impossible), std::bad_alloc);
  EXPECT_EQ(::operator new(impossible, std::nothrow), nullptr);
  EXPECT_EQ(::operator new[](impossible, std::align_val_t{64}, std::nothrow), nullptr);
}

TEST(HugePageNew, StableSortsTemporaryBufferComesAndGoesThroughTheSameFamily) {
  std::vector<std::pair<int, int>> rows;
  for (int i = 0; i < 100000; ++i) rows.push_back({(i * 7919) % 1000, i});
  std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_TRUE(rows[i - 1].first < rows[i].first ||
                (rows[i - 1].first == rows[i].first && rows[i - 1].second < rows[i].second));
  }
}

}  // namespace
