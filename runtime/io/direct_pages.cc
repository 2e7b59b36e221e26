#include "runtime/io/direct_pages.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "runtime/io/mapped_file.h"
#include "runtime/io/page_size.h"

namespace seg::rt {
namespace {

// Reads that may be in flight at once: the reader parses a 4 MiB step in ~15 ms and the disk
// reads one in ~3 ms, so a few ahead keep it busy with room to spare.
constexpr unsigned kMaxInFlight = 16;

}  // namespace

DirectPages::DirectPages(const MappedFile& file, size_t begin, size_t end)
    : file_(file),
      base_(const_cast<char*>(file.data().data())),
      step_(file.window_bytes()),
      first_((begin + PageSize() - 1) / PageSize() * PageSize()),
      // The file's last page, partly past its end, is the reader's too: it is read as the rest
      // (the bytes past the end are zeros, as in the mapping).
      last_(end == file.data().size() ? (end + PageSize() - 1) / PageSize() * PageSize()
                                      : end / PageSize() * PageSize()) {
  if (first_ >= last_) {
    last_ = first_;
    return;
  }
  aio_ok_ = ::syscall(SYS_io_setup, kMaxInFlight, &aio_) == 0;
}

DirectPages::~DirectPages() {
  while (!slots_.empty()) {
    Wait(slots_.front());
    Retire(slots_.front());
    slots_.pop_front();
  }
  for (char* buffer : free_) ::munmap(buffer, step_);
  if (aio_ok_) ::syscall(SYS_io_destroy, aio_);
}

char* DirectPages::TakeBuffer() {
  if (!free_.empty()) {
    char* buffer = free_.back();
    free_.pop_back();
    return buffer;
  }
  void* buffer = ::mmap(nullptr, step_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buffer == MAP_FAILED) return nullptr;
  ++buffers_mapped_;
  return static_cast<char*>(buffer);
}

void DirectPages::Submit() {
  size_t begin = first_ + next_ * step_;
  Slot slot{begin, std::min(last_, begin + step_), TakeBuffer()};
  ++next_;
  if (slot.buffer == nullptr || !aio_ok_) {
    slot.done = true;
    slot.result = -ENOMEM;  // read from the mapping
  } else {
    iocb request{};
    request.aio_data = slot.begin;
    request.aio_fildes = static_cast<uint32_t>(file_.direct_fd());
    request.aio_lio_opcode = IOCB_CMD_PREAD;
    request.aio_buf = reinterpret_cast<uint64_t>(slot.buffer);
    request.aio_nbytes = slot.end - slot.begin;
    request.aio_offset = static_cast<int64_t>(slot.begin);
    iocb* requests[1] = {&request};
    if (::syscall(SYS_io_submit, aio_, 1, requests) != 1) {
      slot.done = true;
      slot.result = -errno;
    }
  }
  slots_.push_back(slot);
}

void DirectPages::Wait(Slot& slot) {
  while (!slot.done) {
    io_event events[kMaxInFlight];
    long got = ::syscall(SYS_io_getevents, aio_, 1, kMaxInFlight, events, nullptr);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {  // cannot happen with a valid context; the slots left read from the mapping
      for (Slot& s : slots_) s.done = true;
      break;
    }
    for (long i = 0; i < got; ++i) {
      for (Slot& s : slots_) {
        if (!s.done && s.begin == events[i].data) {
          s.done = true;
          s.result = static_cast<long>(events[i].res);
        }
      }
    }
  }
}

void DirectPages::MoveInPlace(Slot& slot) {
  if (slot.buffer == nullptr) return;
  size_t length = slot.end - slot.begin;
  size_t expected = std::min(slot.end, file_.data().size()) - slot.begin;
  if (slot.result < 0 || static_cast<size_t>(slot.result) < expected) {
    // The device refused the direct read (an alignment it wants bigger than a page, say) or it
    // came back short: read the rest through the page cache, whose reads take any size.
    size_t got = slot.result > 0 ? static_cast<size_t>(slot.result) : 0;
    while (got < expected) {
      ssize_t n = ::pread(file_.fd(), slot.buffer + got, expected - got, static_cast<off_t>(slot.begin + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got < expected) {
      // Shorter than when opened: the file shrank under the reader, which the loader reports.
      // The mapping would raise SIGBUS past the new end; the buffer reads as zeros instead.
      file_.NoteChanged();
    }
    slot.result = static_cast<long>(got);
  }
  std::memset(slot.buffer + slot.result, 0, length - static_cast<size_t>(slot.result));
  void* moved = ::mremap(slot.buffer, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, base_ + slot.begin);
  if (moved == MAP_FAILED) return;  // the reader reads the file's mapping, which is still there
  slot.buffer = base_ + slot.begin;
  slot.in_place = true;
}

void DirectPages::Retire(Slot& slot) {
  if (slot.buffer == nullptr) return;
  size_t length = slot.end - slot.begin;
  if (slot.in_place) {
    char* place = base_ + slot.begin;
    // The place must never be unmapped, not even between two calls: the kernel gives the highest
    // free place to the next mmap of any thread (a column growing, the other reader's buffer),
    // which the file's mapping put back here would then overwrite, and that thread would read
    // the file's bytes as its own. So the pages move out with MREMAP_DONTUNMAP (Linux 5.7),
    // which leaves the place mapped (empty), and the file is mapped over it in one call, which
    // replaces a mapping without a gap between. The fifth argument (where to put the pages: null,
    // anywhere) must be given: glibc passes it on for MREMAP_DONTUNMAP and the kernel checks it,
    // and without it whatever a register held made the call fail (EINVAL, glibc 2.36, Linux
    // 6.18) on every step, so that each buffer's pages were dropped with the mapping and every
    // step read into a fresh buffer: a zero-filled page fault per 4 KiB read (3.6M of the
    // 10M-customer job's 6.6M faults, for its 14.6 GB of orders; 2.8 s of its 49 CPU s).
    void* moved = ::mremap(place, length, length, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, nullptr);
    void* again = ::mmap(place, length, PROT_READ, MAP_PRIVATE | MAP_FIXED, file_.fd(), static_cast<off_t>(slot.begin));
    if (again == MAP_FAILED) {
      std::fprintf(stderr, "seg: cannot map a file's pages again: %s\n", std::strerror(errno));
      std::abort();  // a buffer in the file's place would be read as its bytes by a later reader
    }
    // As the rest of the mapping is (MappedFile::Open), which lets the kernel merge this stretch
    // back into it: else each step would stay a mapping of its own, thousands over a big file.
    ::madvise(place, length, MADV_SEQUENTIAL);
    if (moved == MAP_FAILED) return;  // an older kernel: the buffer's pages went with the mapping
    slot.buffer = static_cast<char*>(moved);
  }
  if (length == step_) {
    free_.push_back(slot.buffer);
  } else {
    ::munmap(slot.buffer, length);
  }
}

void DirectPages::At(size_t pos, size_t ahead, size_t read_ahead) {
  while (!slots_.empty() && slots_.front().end <= pos) {
    Wait(slots_.front());
    Retire(slots_.front());
    slots_.pop_front();
  }
  // Slots wholly behind the reader that were never asked for are skipped.
  size_t count = SlotCount();
  while (next_ < count && first_ + (next_ + 1) * step_ <= pos) ++next_;
  while (next_ < count && first_ + next_ * step_ < pos + read_ahead && slots_.size() < kMaxInFlight) Submit();
  for (Slot& slot : slots_) {
    if (slot.begin >= pos + ahead) break;
    if (slot.in_place) continue;
    Wait(slot);
    MoveInPlace(slot);
  }
}

}  // namespace seg::rt
