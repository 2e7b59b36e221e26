// The global operator new of seg's own executables (the `seg` command and the benchmarks; never
// libseg, whose host chooses its allocator): a large allocation (columns, per-customer results)
// asks the kernel for transparent huge pages.
//
// Why: seg touches hundreds of megabytes once per run, and each fresh 4 KiB page costs a page
// fault. On the shared build machines a fault costs about 10 us, so first-touching 80 MB takes
// 300 ms, longer than evaluating the program; with 2 MiB pages it takes 6 ms. Debian's default
// THP mode is "madvise", so the kernel only does this for memory that asks.
//
// Memory still comes from malloc and goes back through free (the aligned and nothrow forms
// keep libstdc++'s definitions, which use the same malloc family), so nothing else changes.
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
constexpr size_t kLargeAllocation = size_t{4} << 20;

void* Allocate(size_t bytes) {
  void* p = std::malloc(bytes == 0 ? 1 : bytes);
  if (p == nullptr) throw std::bad_alloc();
  if (bytes >= kLargeAllocation) {
    // Only whole, aligned huge pages inside the block can be huge.
    uintptr_t first = (reinterpret_cast<uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
    uintptr_t last = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(kHugePage - 1);
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);  // advice: failure is fine
  }
  return p;
}

}  // namespace

void* operator new(size_t bytes) { return Allocate(bytes); }
void* operator new[](size_t bytes) { return Allocate(bytes); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
