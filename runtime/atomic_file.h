#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace seg::rt {

// Writes a file so that readers see either the old file or the complete new one, never a torn
// one: data goes to "<path>.tmp.<pid>" in the same directory (same file system, so the rename is
// atomic), and Commit() syncs and renames it over `path`. Destroying an uncommitted AtomicFile
// removes the temporary file, so a failed run leaves nothing behind.
class AtomicFile {
 public:
  static std::optional<AtomicFile> Create(const std::string& path, std::string* error);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Appends bytes; false (with error()) on a write failure such as a full disk.
  bool Write(std::string_view bytes);
  // Flushes, syncs, closes and renames into place. After a failure the temporary file is removed.
  bool Commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }
  const std::string& error() const { return error_; }

 private:
  AtomicFile(std::string path, std::string temp_path, int fd);
  void Abandon();

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool committed_ = false;
  std::string error_;
};

}  // namespace seg::rt
