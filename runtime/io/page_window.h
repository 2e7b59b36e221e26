// Keeps the resident part of a MappedFile opened with Pages::kWindowed to a few megabytes around a
// reader that goes through [begin, end) once, front to back: the stretch ahead of it is mapped
// before it gets there, the stretch behind it let go.
#pragma once

#include <algorithm>
#include <cstddef>

#include "runtime/io/mapped_file.h"

namespace seg::rt {

class PageWindow {
 public:
  // `file` may be null (text that is not a file: nothing to do).
  PageWindow(const MappedFile* file, size_t begin, size_t end) : file_(file), released_(begin), end_(end) {
    if (file_ != nullptr) Advance(begin);
  }
  // Lets go of what is left: the reader is done with the whole range.
  ~PageWindow() {
    if (file_ != nullptr) file_->Release(released_, end_);
  }
  PageWindow(const PageWindow&) = delete;
  PageWindow& operator=(const PageWindow&) = delete;

  // The reader is at `pos` and will not read before it again. Cheap enough to call per record.
  void At(size_t pos) {
    if (pos >= next_) Advance(pos);
  }

 private:
  // 4 MiB a step: large enough that the two system calls a step cost nothing beside the parsing
  // of it, small enough to stay a few megabytes per reading thread.
  static constexpr size_t kStep = size_t{4} << 20;

  void Advance(size_t pos) {
    if (file_ == nullptr) {
      next_ = end_;
      return;
    }
    file_->Release(released_, pos);
    released_ = pos;
    size_t ahead = std::min(end_, pos + 2 * kStep);
    if (ahead > mapped_) file_->MapAhead(std::max(mapped_, pos), ahead);
    mapped_ = ahead;
    next_ = pos + kStep;
  }

  const MappedFile* file_;
  size_t released_;
  size_t end_;
  size_t mapped_ = 0;
  size_t next_ = 0;
};

}  // namespace seg::rt
