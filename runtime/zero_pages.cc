#include "runtime/zero_pages.h"

#include <sys/mman.h>

#include <new>

namespace seg::rt {

std::shared_ptr<const void> ZeroPages(size_t bytes) {
  size_t length = bytes == 0 ? 1 : bytes;
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (address == MAP_FAILED) throw std::bad_alloc();
  return std::shared_ptr<const void>(address, [length](const void* p) { ::munmap(const_cast<void*>(p), length); });
}

}  // namespace seg::rt
