#pragma once

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
  enum class Pages : uint8_t { kWhole, kOnTouch };
  static Result<MappedFile> Open(const std::string& path, Pages pages = Pages::kWhole);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const {
    return address_ != nullptr ? std::string_view(static_cast<const char*>(address_), size_)
                               : std::string_view(streamed_);
  }

 private:
  MappedFile() = default;
  void* address_ = nullptr;
  size_t size_ = 0;
  std::string streamed_;  // what a stream held, when the file was not mapped
};

}  // namespace seg::rt
