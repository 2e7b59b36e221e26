// seg's own executables keep the memory they free for their next allocations instead of handing
// it back to the kernel (never libseg, whose host chooses its allocator's policy).
//
// Why: glibc serves every block above its mmap threshold (at most 32 MiB, and 128 KiB until a
// block is freed) with a fresh mapping and unmaps it when freed. A run frees and allocates columns
// of the same sizes over and over (the event index gathers each event column into a new one and
// frees the old, one column after another), so each new column's pages were zero-filled by the
// kernel again, a fault per 4 KiB page. With the threshold out of reach, large blocks come from
// the heap, a freed block's pages are reused as they are, and the heap's top is not trimmed.
// Measured on 1M customers and 20M time-ordered orders (segment_bench `read`, one thread,
// alternating runs): indexing 1.10-1.27 s of CPU without, 0.80-0.88 s with. The cost is that a
// long-lived process (the REPL) keeps its peak footprint after a large evaluation; the peak
// itself is unchanged, since a freed block is reused before the heap grows.
#include <malloc.h>

#include <climits>

namespace {

bool KeepFreedMemory() {
  // INT_MAX is the largest value mallopt takes; no allocation of seg's reaches 2 GiB in one block
  // until 250M rows of int64, where a mapping is no worse than today.
  bool kept = ::mallopt(M_MMAP_THRESHOLD, INT_MAX) == 1;
  kept = ::mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1 && kept;
  return kept;
}

// Before main: the policy must hold before the first large column is allocated.
[[maybe_unused]] const bool kFreedMemoryKept = KeepFreedMemory();

}  // namespace
