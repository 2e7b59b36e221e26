// Memory whose contents a process will not read again, handed back to the kernel while it stays
// allocated: at the end of a run, so that the pages are freed on the run's threads beside the
// last writes rather than by the process's exit, on one thread, after everything else.
#pragma once

#include <cstddef>
#include <vector>

namespace seg::rt {

// A stretch of memory that the caller owns and will not read again.
struct UnneededBytes {
  const void* data;
  size_t size;
};

// The whole pages inside each stretch are handed back to the kernel (madvise MADV_DONTNEED): the
// memory stays allocated and reads as zeros if touched again. The stretches are split by bytes
// among `threads` threads, the calling one among them. Partial pages at a stretch's ends (an
// allocator's bookkeeping may share them) are left as they are.
void GiveBackPages(const std::vector<UnneededBytes>& stretches, size_t threads);

}  // namespace seg::rt
