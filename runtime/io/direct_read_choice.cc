#include "runtime/io/direct_read_choice.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "runtime/io/page_size.h"

namespace seg::rt {

bool ShouldReadDirect(const void* mapping, size_t size) {
  const size_t page = PageSize();
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  if (pages <= 0 || size < static_cast<size_t>(pages) / 4 * page) return false;
  // 64 stretches of 16 pages spread over the file: a file read whole lately is cached in long
  // runs, so a sample says as much as a walk over millions of pages would.
  constexpr size_t kSamples = 64;
  constexpr size_t kPagesPerSample = 16;
  size_t resident = 0;
  size_t seen = 0;
  for (size_t s = 0; s < kSamples; ++s) {
    size_t at = size / kSamples * s / page * page;
    if (at + kPagesPerSample * page > size) break;
    unsigned char in_core[kPagesPerSample];
    if (::mincore(static_cast<char*>(const_cast<void*>(mapping)) + at, kPagesPerSample * page, in_core) != 0) {
      return false;
    }
    for (unsigned char flag : in_core) resident += flag & 1;
    seen += kPagesPerSample;
  }
  return resident * 2 < seen;
}

}  // namespace seg::rt
