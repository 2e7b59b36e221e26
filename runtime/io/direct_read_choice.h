// Whether a file about to be read once, front to back, should be read past the page cache
// (MappedFile::ReadPath::kDirect, direct_pages.h) rather than through it.
#pragma once

#include <cstddef>

namespace seg::rt {

// True for a file of at least a quarter of the machine's memory of which fewer than half the
// pages are in the page cache now (sampled with mincore over `mapping`, its whole-file mapping).
//
// A quarter: such a file beside the columns loaded from it (the 10M-customer job: 14.6 GB of
// orders.csv, 9 GB resident, 24 GB of memory) cannot stay cached from one run to the next, so
// going through the page cache only costs the kernel's work of filling and reclaiming it (0.34 s
// of system time per GiB against 0.04 read directly) and pushes out what could have stayed (the
// job's 4.2 GB visits.csv). A smaller file is read through the cache, where the next run finds it;
// a big file that is cached after all (a machine with room to spare) is read from there.
bool ShouldReadDirect(const void* mapping, size_t size);

}  // namespace seg::rt
