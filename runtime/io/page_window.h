// Keeps the resident part of a MappedFile opened with Pages::kWindowed to a few megabytes around a
// reader that goes through [begin, end) once, front to back: the stretch ahead of it is mapped
// before it gets there, the stretch behind it let go, and the disk is asked for the stretch
// beyond that (MappedFile::ReadAhead) while the reader parses, so that a file not in the page
// cache is read from disk as it is parsed rather than a window at a time in between. A file read
// directly (MappedFile::direct()) goes through DirectPages instead, with the same steps.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>

#include "runtime/io/direct_pages.h"
#include "runtime/io/mapped_file.h"

namespace seg::rt {

class PageWindow {
 public:
  // `file` may be null (text that is not a file: nothing to do).
  PageWindow(const MappedFile* file, size_t begin, size_t end) : file_(file), released_(begin), end_(end) {
    if (file_ != nullptr && file_->direct()) direct_.emplace(*file_, begin, end);
    if (file_ != nullptr) Advance(begin);
  }
  // Lets go of what is left: the reader is done with the whole range.
  ~PageWindow() {
    if (file_ != nullptr && !direct_) file_->Release(released_, end_);
  }
  PageWindow(const PageWindow&) = delete;
  PageWindow& operator=(const PageWindow&) = delete;

  // The reader is at `pos` and will not read before it again. Cheap enough to call per record.
  void At(size_t pos) {
    if (pos >= next_) Advance(pos);
  }

 private:
  // How far past the reader the disk is asked to have read: mapping a window (MADV_POPULATE_READ)
  // waits for whatever of it is not cached yet, and the kernel's own read-ahead runs only a little
  // past the page being mapped (and loses track when two threads read one file at two places), so
  // without this a file not in the page cache was read a window at a time while the parsing
  // waited: the 10M-customer job (19 GB of CSV, more than the page cache could keep) at 1 thread
  // was blocked off the CPU for 5.1 s (schedstat: wall - on CPU - waiting for a CPU, on a loaded
  // machine), 0.4 s with this. 8 steps: the disk has the time the reader takes to parse 6
  // of them to bring in each one (~100 ms at a few hundred MB/s at 4 MiB a step), and the page
  // cache holds 32 MiB a reading thread.
  static constexpr size_t kReadAheadSteps = 8;
  // Direct reads come into the process's own buffers, a step each (direct_pages.h): 4 steps,
  // 16 MiB a reading thread, keep the disk ahead (a 4 MiB read takes ~3 ms, parsing it ~15 ms).
  static constexpr size_t kDirectReadAheadSteps = 4;

  void Advance(size_t pos) {
    if (file_ == nullptr) {
      next_ = end_;
      return;
    }
    size_t step = file_->window_bytes();
    if (direct_) {
      direct_->At(pos, 2 * step, kDirectReadAheadSteps * step);
      next_ = pos + step;
      return;
    }
    file_->Release(released_, pos);
    released_ = pos;
    size_t ahead = std::min(end_, pos + 2 * step);
    if (ahead > mapped_) file_->MapAhead(std::max(mapped_, pos), ahead);
    mapped_ = ahead;
    size_t asked = std::min(end_, pos + kReadAheadSteps * step);
    if (asked > asked_) file_->ReadAhead(std::max(asked_, ahead), asked);
    asked_ = std::max(asked_, asked);
    next_ = pos + step;
  }

  const MappedFile* file_;
  std::optional<DirectPages> direct_;
  size_t released_;
  size_t end_;
  size_t mapped_ = 0;
  size_t asked_ = 0;  // the disk has been asked for the file up to here
  size_t next_ = 0;
};

}  // namespace seg::rt
