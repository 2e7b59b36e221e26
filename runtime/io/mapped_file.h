#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace seg::rt {

// A whole file mapped read-only into memory: loaders parse fields in place, with no copies and no
// stream overhead, and chunks can be handed to threads as plain pointer ranges.
class MappedFile {
 public:
  static std::optional<MappedFile> Open(const std::string& path, std::string* error);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const { return {static_cast<const char*>(address_), size_}; }

 private:
  MappedFile() = default;
  void* address_ = nullptr;
  size_t size_ = 0;
};

}  // namespace seg::rt
