// Reads a stretch of a MappedFile opened for direct reads (MappedFile::direct()) into a few
// buffers of the process's own, recycled, and moves each buffer's pages over the file's mapping
// where the stretch lies (mremap), so that the reader still sees the file at data() and parses it
// in place; once it is past a stretch, the pages move back into the ring and the file's mapping is
// put back there.
//
// Why: a file larger than the page cache can keep (the 10M-customer job: 14.6 GB of orders.csv
// beside a 9 GB resident set on a 24 GB machine) was read from disk through the page cache on
// every run: each page allocated, read into, mapped, unmapped and reclaimed again. Reading
// 2 GiB of it that way cost 0.34 s of system time per GiB (MADV_POPULATE_READ of 4 MiB windows,
// WILLNEED ahead, DONTNEED behind), 0.30 with pread into a reused buffer, and 0.04 with O_DIRECT
// into a reused buffer, which bypasses the page cache (measured with a small reader on this
// machine's disk: 1.4 GB/s). The reads are issued ahead of the reader (Linux native AIO, which
// is asynchronous for O_DIRECT), so the disk works while the reader parses. The whole job at
// 10M customers, 1 thread (two runs each, loaded machine): 53.0 and 50.1 CPU s (user 42.6 and
// 39.8, system 10.4 and 10.3) before, 42.6 and 43.5 (user 35.1 and 35.5, system 7.5 and 8.0)
// with this: per customer 4.3 us, as at 1M with the files cached (4.3), where it was 5.0 to 5.3.
// Most of the user time saved was the first pass over the text (the separator scanner, the
// first to touch each byte): 811 ns a customer at 10M before, 424 with this, 323 at 1M cached
// (perf record -e cpu-clock), and the kernel's share fell from 1086 ns to 880 (679 at 1M).
//
// Only whole pages inside [begin, end) are moved: the page at each edge may be another reader's
// too, and stays the file's mapping (a page read there comes through the page cache as before).
// Where anything fails (no AIO, a read the device refuses, mremap), the stretch is read from the
// file's mapping as before: the bytes are the same either way. A read that comes back short of
// the size the file had when opened (the file shrank while being read) reads as zeros and marks
// the file (MappedFile::changed()), for the loader to report rather than load a partial file.
#pragma once

#include <linux/aio_abi.h>

#include <cstddef>
#include <deque>
#include <vector>

namespace seg::rt {

class MappedFile;

class DirectPages {
 public:
  DirectPages(const MappedFile& file, size_t begin, size_t end);
  // Waits for the reads in flight and puts the file's mapping back wherever a buffer lies.
  ~DirectPages();
  DirectPages(const DirectPages&) = delete;
  DirectPages& operator=(const DirectPages&) = delete;

  // The reader is at `pos`, will not read before it again, and reads the next `ahead` bytes
  // next: the pages behind go back to the ring, those up to pos + ahead are the buffers', and
  // the disk is asked for those up to pos + read_ahead.
  void At(size_t pos, size_t ahead, size_t read_ahead);

  // How many buffers it has mapped so far: a ring's worth however long the stretch, as each
  // buffer behind the reader is reused with its pages (a fresh one is a page fault per 4 KiB).
  size_t buffers_mapped() const { return buffers_mapped_; }

 private:
  struct Slot {
    size_t begin;  // file offset, a whole page
    size_t end;    // a whole page, or the file's end rounded up to one
    char* buffer;  // the buffer's address (the file's own address once moved there)
    bool done = false;
    bool in_place = false;  // moved over the file's mapping
    long result = 0;        // bytes read, or -errno
  };

  size_t SlotCount() const { return (last_ - first_ + step_ - 1) / step_; }
  char* TakeBuffer();
  void Submit();
  void Wait(Slot& slot);
  void MoveInPlace(Slot& slot);
  void Retire(Slot& slot);  // back to the ring, the file's mapping put back where it was

  const MappedFile& file_;
  char* base_;
  size_t step_;
  size_t first_;     // the first whole page of the stretch
  size_t last_;      // where its last whole page ends
  size_t next_ = 0;  // the next slot to ask the disk for
  aio_context_t aio_ = 0;
  bool aio_ok_ = false;
  std::deque<Slot> slots_;  // asked for, in file order, not yet retired
  std::vector<char*> free_;
  size_t buffers_mapped_ = 0;
};

}  // namespace seg::rt
