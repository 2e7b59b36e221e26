#include "runtime/io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "runtime/io/direct_read_choice.h"
#include "runtime/io/page_size.h"

namespace seg::rt {

namespace {

// Reads a stream (FIFO, pipe, character device) to its end; false with errno on a read error.
bool ReadStream(int fd, std::string* out) {
  constexpr size_t kBlock = 1 << 20;
  size_t used = 0;
  for (;;) {
    if (out->size() - used < kBlock) out->resize(std::max(out->size() * 2, used + kBlock));
    ssize_t n = ::read(fd, out->data() + used, out->size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  out->resize(used);
  return true;
}

}  // namespace

namespace {

// SEG_READ_PATH=direct or mapped overrides the automatic choice (README.md, "How it is built"), for
// measuring one path against the other and for a file system where one misbehaves.
MappedFile::ReadPath ReadPathFromEnvironment() {
  const char* value = std::getenv("SEG_READ_PATH");
  if (value == nullptr) return MappedFile::ReadPath::kAuto;
  if (std::strcmp(value, "direct") == 0) return MappedFile::ReadPath::kDirect;
  if (std::strcmp(value, "mapped") == 0) return MappedFile::ReadPath::kMapped;
  return MappedFile::ReadPath::kAuto;
}

}  // namespace

Result<MappedFile> MappedFile::Open(const std::string& path, Pages pages, size_t window_bytes, ReadPath read_path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Error("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    Status failed = Status::Error("cannot read " + path + ": " + std::strerror(errno));
    ::close(fd);
    return failed;
  }
  if (S_ISDIR(info.st_mode)) {
    Status failed = Status::Error("cannot read " + path + ": it is a directory");
    ::close(fd);
    return failed;
  }
  MappedFile file;
  file.window_bytes_ = std::max(PageSize(), window_bytes / PageSize() * PageSize());
  if (!S_ISREG(info.st_mode)) {
    bool ok = ReadStream(fd, &file.streamed_);
    int read_errno = errno;
    ::close(fd);
    if (!ok) {
      return Status::Error("cannot read " + path + ": " + std::strerror(read_errno));
    }
    return file;
  }
  file.size_ = static_cast<size_t>(info.st_size);
  if (file.size_ > 0) {
    int populate = pages == Pages::kWhole ? MAP_POPULATE : 0;
    void* address = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE | populate, fd, 0);
    if (address == MAP_FAILED) {
      Status failed = Status::Error("cannot map " + path + ": " + std::strerror(errno));
      ::close(fd);
      return failed;
    }
    // MAP_POPULATE maps every page up front in one call instead of taking a fault per few pages
    // while parsing. A reader of some arrays maps only the pages it reads (each fault maps the
    // pages around it as well); a windowed reader maps a stretch at a time (MapAhead).
    if (pages != Pages::kOnTouch) ::madvise(address, file.size_, MADV_SEQUENTIAL);
    file.address_ = address;
    if (read_path == ReadPath::kAuto) read_path = ReadPathFromEnvironment();
    bool direct = pages == Pages::kWindowed &&
                  (read_path == ReadPath::kDirect ||
                   (read_path == ReadPath::kAuto && ShouldReadDirect(address, file.size_)));
    // A file system without O_DIRECT (EINVAL) is read through the mapping.
    if (direct) file.direct_fd_ = ::open(path.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
    if (file.direct_fd_ >= 0) {
      file.fd_ = fd;  // DirectPages maps the file again where its buffers leave
      return file;
    }
  }
  ::close(fd);  // the mapping keeps the file alive
  return file;
}

void MappedFile::MapAhead(size_t begin, size_t end) const {
#ifdef MADV_POPULATE_READ
  if (address_ == nullptr) return;
  end = std::min(end, size_);
  size_t first = begin / PageSize() * PageSize();
  if (first >= end) return;
  // Linux 5.14 and later; an older kernel says EINVAL and the pages are mapped as they are read.
  ::madvise(static_cast<char*>(address_) + first, end - first, MADV_POPULATE_READ);
#else
  (void)begin;
  (void)end;
#endif
}

void MappedFile::ReadAhead(size_t begin, size_t end) const {
  if (address_ == nullptr) return;
  end = std::min(end, size_);
  size_t first = begin / PageSize() * PageSize();
  if (first >= end) return;
  // On a file mapping the kernel queues the reads (as posix_fadvise's POSIX_FADV_WILLNEED) and
  // returns; nothing is mapped, so the process's resident set does not grow.
  ::madvise(static_cast<char*>(address_) + first, end - first, MADV_WILLNEED);
}

void MappedFile::Release(size_t begin, size_t end) const {
  if (address_ == nullptr) return;
  end = std::min(end, size_);
  size_t first = (begin + PageSize() - 1) / PageSize() * PageSize();
  size_t last = end / PageSize() * PageSize();
  if (end == size_) last = end;  // the file's last page, partly past its end, is the reader's too
  if (first >= last) return;
  // The mapping is private and never written, so its pages are the file's: dropping them loses
  // nothing, and a later read maps them again from the page cache.
  ::madvise(static_cast<char*>(address_) + first, last - first, MADV_DONTNEED);
}

Status ChangedWhileRead(const std::string& path) {
  return Status::Error("cannot read " + path + ": it got shorter while it was being read (is something writing it?)");
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      window_bytes_(other.window_bytes_),
      fd_(std::exchange(other.fd_, -1)),
      direct_fd_(std::exchange(other.direct_fd_, -1)),
      changed_(other.changed_.load()),
      streamed_(std::move(other.streamed_)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    CloseAll();
    address_ = std::exchange(other.address_, nullptr);
    size_ = std::exchange(other.size_, 0);
    window_bytes_ = other.window_bytes_;
    fd_ = std::exchange(other.fd_, -1);
    direct_fd_ = std::exchange(other.direct_fd_, -1);
    changed_.store(other.changed_.load());
    streamed_ = std::move(other.streamed_);
  }
  return *this;
}

MappedFile::~MappedFile() { CloseAll(); }

void MappedFile::CloseAll() {
  if (address_ != nullptr) ::munmap(address_, size_);
  if (fd_ >= 0) ::close(fd_);
  if (direct_fd_ >= 0) ::close(direct_fd_);
}

}  // namespace seg::rt
