#include "runtime/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace seg::rt {

AtomicFile::AtomicFile(std::string path, std::string temp_path, int fd)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(std::exchange(other.fd_, -1)),
      committed_(std::exchange(other.committed_, true)),
      error_(std::move(other.error_)) {}

std::optional<AtomicFile> AtomicFile::Create(const std::string& path, std::string* error) {
  std::string temp_path = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = "cannot create " + temp_path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  return AtomicFile(path, std::move(temp_path), fd);
}

AtomicFile::~AtomicFile() {
  if (!committed_) Abandon();
}

void AtomicFile::Abandon() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) std::remove(temp_path_.c_str());
  committed_ = true;  // nothing left to clean up
}

bool AtomicFile::Write(std::string_view bytes) {
  if (fd_ < 0) {
    if (error_.empty()) error_ = "write to a closed file " + temp_path_;
    return false;
  }
  while (!bytes.empty()) {
    ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      error_ = "cannot write " + temp_path_ + ": " + std::strerror(errno);
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

bool AtomicFile::Commit() {
  if (fd_ < 0 || !error_.empty()) {
    if (error_.empty()) error_ = "commit of a closed file " + temp_path_;
    Abandon();
    return false;
  }
  // Sync before rename: otherwise a crash can leave the new name pointing at empty data.
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    error_ = "cannot flush " + temp_path_ + ": " + std::strerror(errno);
    fd_ = -1;
    Abandon();
    return false;
  }
  fd_ = -1;
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    error_ = "cannot rename " + temp_path_ + " to " + path_ + ": " + std::strerror(errno);
    Abandon();
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace seg::rt
