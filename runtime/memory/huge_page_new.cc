// The global operator new of seg's own executables (the `seg` command and the benchmarks; never
// libseg, whose host chooses its allocator): a large allocation (columns, per-customer results)
// is placed on a 2 MiB boundary and rounded up to whole 2 MiB pages, so that the kernel may back
// it with transparent huge pages, but it no longer asks for them (MADV_HUGEPAGE).
//
// Why not ask: on the machines seg is measured on (virtual machines whose free memory the host
// takes back, "free page reporting"), a fresh 2 MiB page is taken from the large free blocks the
// host has reclaimed, and zeroing it costs a host fault per 4 KiB inside the guest's fault;
// 4 KiB pages come first from small free blocks the guest still holds. Measured there, first
// touching 1 GiB took 2.7-8.7 s with huge pages against 0.7-1.2 s without, and the whole
// bench/peers/job.seg run on 1M customers and 20M orders in time order took 1.1-1.4x the CPU
// time and wall time with them, at 1 and 2 threads. (Earlier, on a quieter host, huge pages had
// made first touching 80 MB 50x cheaper: if that comes back, the madvise below is the switch.)
//
// Every form of the global operator new and delete is replaced here, not only the plain ones:
// the standard library allocates through the nothrow form (std::stable_sort's buffer) and the
// aligned forms (over-aligned types), and frees through whichever delete matches. Replacing a
// subset pairs our new with libstdc++'s delete (or the other way round), which is undefined and
// which AddressSanitizer reports as alloc-dealloc-mismatch. All forms come from the malloc family
// and go back through free, so any pairing is safe. Sanitizer builds leave this file out
// (runtime/CMakeLists.txt) so that ASan's own operator new checks the pairing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr size_t kHugePage = size_t{2} << 20;
// Large: a million customers' int32 column (a bucket array, 3.8 MiB) and anything bigger.
constexpr size_t kLargeAllocation = size_t{3} << 20;
constexpr size_t kDefault = alignof(std::max_align_t);  // what malloc guarantees

// nullptr when memory is exhausted; the throwing forms turn that into std::bad_alloc.
void* TryAllocate(size_t bytes, size_t alignment) {
  if (bytes == 0) bytes = 1;
  // A large block is whole huge pages, starting on one: malloc's own placement (16 bytes past a
  // 4 KiB page for an mmap'd chunk) left the first and last 2 MiB of every block to 4 KiB pages,
  // up to 1024 faults each, and for a run's result columns (a tag is 9 MB per million
  // customers) those faults were most of the time spent writing them. The rounding costs at most
  // a third of a block at the threshold, a twentieth for the usual million-customer columns.
  if (bytes >= kLargeAllocation) {
    if (bytes > SIZE_MAX - kHugePage) return nullptr;  // no such block: exhausted, without wrapping
    alignment = std::max(alignment, kHugePage);
    bytes = (bytes + kHugePage - 1) & ~(kHugePage - 1);
  }
  void* p = nullptr;
  if (alignment <= kDefault) {
    p = std::malloc(bytes);
  } else if (::posix_memalign(&p, alignment, bytes) != 0) {
    p = nullptr;
  }
  // No ::madvise(p, bytes, MADV_HUGEPAGE): see the top of the file.
  return p;
}

// As the standard requires of operator new: on exhaustion, call the new-handler and retry, and
// throw std::bad_alloc when there is none.
void* Allocate(size_t bytes, size_t alignment) {
  for (;;) {
    if (void* p = TryAllocate(bytes, alignment)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* AllocateOrNull(size_t bytes, size_t alignment) noexcept {
  try {
    return Allocate(bytes, alignment);
  } catch (...) {
    return nullptr;
  }
}

size_t Alignment(std::align_val_t alignment) { return static_cast<size_t>(alignment); }

}  // namespace

void* operator new(size_t bytes) { return Allocate(bytes, kDefault); }
void* operator new[](size_t bytes) { return Allocate(bytes, kDefault); }
void* operator new(size_t bytes, const std::nothrow_t&) noexcept { return AllocateOrNull(bytes, kDefault); }
void* operator new[](size_t bytes, const std::nothrow_t&) noexcept { return AllocateOrNull(bytes, kDefault); }
void* operator new(size_t bytes, std::align_val_t a) { return Allocate(bytes, Alignment(a)); }
void* operator new[](size_t bytes, std::align_val_t a) { return Allocate(bytes, Alignment(a)); }
void* operator new(size_t bytes, std::align_val_t a, const std::nothrow_t&) noexcept {
  return AllocateOrNull(bytes, Alignment(a));
}
void* operator new[](size_t bytes, std::align_val_t a, const std::nothrow_t&) noexcept {
  return AllocateOrNull(bytes, Alignment(a));
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
