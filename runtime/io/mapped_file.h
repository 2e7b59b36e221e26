#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/status.h"

namespace seg::rt {

// A whole file mapped read-only into memory: loaders parse fields in place, with no copies and no
// stream overhead, and chunks can be handed to threads as plain pointer ranges.
//
// A FIFO, a pipe or a character device (`--input orders=<(zcat orders.csv.gz)`, /dev/stdin)
// cannot be mapped: it is read as a stream into memory instead, to its end, waiting for its writer
// as `cat` would. A directory is refused.
class MappedFile {
 public:
  // kWhole: every page is mapped up front (MAP_POPULATE), for a loader that reads the whole file.
  // kOnTouch: pages are mapped as they are first read, for a reader that reads only some of the
  // file (a snapshot's arrays that a program reads).
  // kWindowed: nothing is mapped up front; a reader that goes through the file once maps each
  // stretch just before reading it (MapAhead) and lets it go once read (Release), through a
  // PageWindow (page_window.h). Mapped pages count in the process's resident set: a CSV file of
  // 18 GB mapped whole would be 18 GB of it, where the loaded columns are a fraction of that.
  enum class Pages : uint8_t { kWhole, kOnTouch, kWindowed };
  // How much of a kWindowed file a PageWindow maps at a step: large enough that the two system
  // calls a step cost nothing beside the parsing of it, small enough to stay a few megabytes per
  // reading thread. Tests shrink it to read a small file through many windows.
  static constexpr size_t kDefaultWindowBytes = size_t{4} << 20;
  // How a kWindowed file's pages reach the reader (see direct_pages.h): kMapped faults them in
  // from the page cache; kDirect reads them past the page cache (O_DIRECT) into recycled buffers
  // moved over the mapping; kAuto (the default) picks kDirect for a file too big for the page
  // cache to keep beside the loaded data and not already in it (direct_read_choice.h), kMapped
  // for the rest, which a later run may find cached. The bytes read are the same either way.
  enum class ReadPath : uint8_t { kAuto, kMapped, kDirect };
  static Result<MappedFile> Open(const std::string& path, Pages pages = Pages::kWhole,
                                 size_t window_bytes = kDefaultWindowBytes, ReadPath read_path = ReadPath::kAuto);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Maps the pages of [begin, end) now, in one call rather than a fault every few pages: for a
  // reader about to read them. No effect on a streamed file, or where the kernel cannot.
  void MapAhead(size_t begin, size_t end) const;
  // Asks the kernel to start reading [begin, end) from the disk into its page cache and returns
  // without waiting (MADV_WILLNEED): for a reader that will get there after parsing what lies
  // before, so that the disk reads while it parses. No effect on a streamed file, on pages
  // already cached, or where the kernel cannot.
  void ReadAhead(size_t begin, size_t end) const;
  // Lets go of the whole pages inside [begin, end), which the reader is done with: they leave the
  // resident set (the kernel's page cache keeps the file); reading them again maps them again,
  // with the same bytes. No effect on a streamed file.
  void Release(size_t begin, size_t end) const;

  // The step of a PageWindow over this file (Open's window_bytes, a whole number of pages).
  size_t window_bytes() const { return window_bytes_; }

  // Whether a PageWindow reads this file through DirectPages; the descriptors it reads with.
  bool direct() const { return direct_fd_ >= 0; }
  int direct_fd() const { return direct_fd_; }
  int fd() const { return fd_; }
  // Whether a direct read found the file shorter than when it was opened: what was read is not
  // the file, and the loader says so. Any thread may note it.
  void NoteChanged() const { changed_.store(true, std::memory_order_relaxed); }
  bool changed() const { return changed_.load(std::memory_order_relaxed); }

  std::string_view data() const {
    return address_ != nullptr ? std::string_view(static_cast<const char*>(address_), size_)
                               : std::string_view(streamed_);
  }

 private:
  MappedFile() = default;
  void CloseAll();
  void* address_ = nullptr;
  size_t size_ = 0;
  size_t window_bytes_ = kDefaultWindowBytes;
  int fd_ = -1;         // kept open for direct reads only
  int direct_fd_ = -1;  // the same file opened with O_DIRECT, or -1
  mutable std::atomic<bool> changed_{false};
  std::string streamed_;  // what a stream held, when the file was not mapped
};

// The load's error for a file whose changed() is true.
Status ChangedWhileRead(const std::string& path);

}  // namespace seg::rt
