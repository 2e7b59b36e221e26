#include "runtime/atomic_file.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <thread>
#include <utility>

#include "runtime/temp_file_cleanup.h"

namespace seg::rt {

namespace {

// The file a dangling symlink (chain) points to: where `>` through the link would create it.
std::string DanglingLinkTarget(const std::string& path) {
  std::string current = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return current;
    char buffer[PATH_MAX];
    ssize_t n = ::readlink(current.c_str(), buffer, sizeof(buffer) - 1);
    if (n < 0) return current;
    std::string link(buffer, static_cast<size_t>(n));
    if (link.empty() || link[0] != '/') {
      size_t slash = current.rfind('/');
      link = (slash == std::string::npos ? std::string() : current.substr(0, slash + 1)) + link;
    }
    current = link;
  }
  return current;  // a loop: creating the temporary file beside it fails with a message
}

// The real path of an existing file, so that the temporary file goes beside the file a symlink
// points to (a rename over the link would replace the link, not write through it).
std::string RealPath(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string out(resolved);
  std::free(resolved);
  return out;
}

// The input that is the same file as `target` (same device and inode), or "".
std::string SameFileAsInput(const struct stat& target, const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    struct stat info {};
    if (::stat(input.c_str(), &info) == 0 && info.st_dev == target.st_dev && info.st_ino == target.st_ino) return input;
  }
  return "";
}

// The replaced file's owner, group and permission bits, given to its replacement. Changing the
// owner needs privileges; the group alone often works; neither failing stops the write. chmod
// comes last because chown clears set-user-ID bits.
void KeepOwnerAndMode(int fd, const struct stat& old) {
  if (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) {
    if (::fchown(fd, old.st_uid, old.st_gid) != 0 && ::fchown(fd, static_cast<uid_t>(-1), old.st_gid) != 0) {
      // Not allowed: the new file belongs to this user, as a copy would.
    }
  }
  if (::fchmod(fd, old.st_mode & 07777) != 0) {
    // Only fails on a file system without permissions; the default mode stays.
  }
}

std::string Errno(int error) { return std::strerror(error); }

}  // namespace

OutputFile::OutputFile(std::string path, std::string target, std::string temp_path, int fd, bool owns_fd,
                       int cleanup_slot)
    : path_(std::move(path)),
      target_(std::move(target)),
      temp_path_(std::move(temp_path)),
      fd_(fd),
      owns_fd_(owns_fd),
      cleanup_slot_(cleanup_slot) {}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)),
      target_(std::move(other.target_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(std::exchange(other.fd_, -1)),
      owns_fd_(other.owns_fd_),
      cleanup_slot_(std::exchange(other.cleanup_slot_, -1)),
      finished_(std::exchange(other.finished_, true)),
      written_(other.written_),
      written_back_(other.written_back_),
      error_(std::move(other.error_)) {}

OutputFile OutputFile::StandardOutput() {
  std::fflush(stdout);  // whatever stdio holds goes first
  return OutputFile("-", "", "", STDOUT_FILENO, false, -1);
}

namespace {

// The file a rename replaces is dropped by the kernel, its cached pages with it, when its last
// reference goes: inside rename() itself when nothing else holds it. For a run's output written
// again over yesterday's (and every rep of bench/snapshot.sh), that was tens of milliseconds at
// the very end of the run (the old 49 MB output of a million customers: rename took 11-30 ms,
// `strace -T`), on the one thread left. Held by an O_PATH descriptor (no read permission needed,
// nothing opened for reading), the rename only unlinks it, and closing the descriptor on a thread
// of its own drops it while the process goes on (and exits: its memory is torn down meanwhile).
// -1 when there is no file there.
//
// Its cached pages are dropped sooner still, on a thread of its own from the moment the output is
// opened (while the run loads and evaluates): the file is unchanged (a reader reads it from the
// disk instead of the cache), and by the rename there is little of it left to drop.
int HoldReplacedFile(const std::string& target) { return ::open(target.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC); }

void ReleaseReplacedFile(int fd) {
  if (fd < 0) return;
  try {
    std::thread([fd] { ::close(fd); }).detach();
  } catch (const std::system_error&) {
    ::close(fd);  // no thread to be had: dropped here, as rename would have
  }
}

void DropCachedPages(const std::string& target) {
  auto drop = [target] {
    int fd = ::open(target.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return;  // not readable by us: left to the rename
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  };
  try {
    std::thread(drop).detach();
  } catch (const std::system_error&) {
    // No thread to be had: left to the rename.
  }
}

}  // namespace

Result<OutputFile> OutputFile::Open(const std::string& path, const OutputOptions& options) {
  if (path == "-") return StandardOutput();
  if (path.empty()) {
    return Status::Error("no file name given");
  }
  struct stat existing {};
  bool exists = ::stat(path.c_str(), &existing) == 0;
  if (!exists && errno != ENOENT) {
    return Status::Error(Errno(errno));
  }
  if (exists && S_ISDIR(existing.st_mode)) {
    return Status::Error("it is a directory");
  }
  if (exists && S_ISREG(existing.st_mode)) {
    if (std::string input = SameFileAsInput(existing, options.inputs); !input.empty()) {
      return Status::Error(input == path
                               ? "it is an input of this run; seg never writes over what it reads"
                               : "it is the same file as the input " + input + "; seg never writes over what it reads");
    }
    // Replacing goes through the directory, so a read-only file could be replaced; `>` would
    // refuse it, and so does seg.
    if (::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0) {
      return Status::Error(Errno(errno));
    }
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    if (S_ISSOCK(existing.st_mode)) {
      return Status::Error("it is a socket");
    }
    // A device or a FIFO: written in place, as `>` would. O_TRUNC means nothing to either.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      return Status::Error(Errno(errno));
    }
    return OutputFile(path, path, "", fd, true, -1);
  }

  std::string target = exists ? RealPath(path) : DanglingLinkTarget(path);
  RemoveStaleTemporaries(target);
  std::string temp_path = TemporaryPathFor(target);
  // Registered before it exists, so no moment passes where a signal could leave it behind.
  int slot = RemoveOnInterrupt(temp_path);
  // A new file gets the usual mode (0666 less the umask, as `>` gives); a replacement starts
  // private and takes the old file's mode below.
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, exists ? 0600 : 0666);
  if (fd < 0) {
    Status failed = Status::Error("cannot create " + temp_path + ": " + Errno(errno));
    ForgetOnInterrupt(slot);
    return failed;
  }
  if (exists) {
    KeepOwnerAndMode(fd, existing);
    DropCachedPages(target);
  }
  return OutputFile(path, std::move(target), std::move(temp_path), fd, true, slot);
}

OutputFile::~OutputFile() {
  if (!finished_) Abandon();
}

void OutputFile::Abandon() {
  if (fd_ >= 0 && owns_fd_) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  ForgetOnInterrupt(std::exchange(cleanup_slot_, -1));
  finished_ = true;
}

bool OutputFile::Write(std::string_view bytes) {
  if (fd_ < 0 || !error_.empty()) {
    if (error_.empty()) error_ = "write after the file was closed";
    return false;
  }
  while (!bytes.empty()) {
    ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      error_ = Errno(errno);
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(written));
    written_ += static_cast<uint64_t>(written);
  }
  StartWriteBack();
  return true;
}

void OutputFile::StartWriteBack() {
  // Only a file replaced through a temporary one is synced at Commit; a device or FIFO is not.
  // Every 2 MiB: the disk starts on the file soon after its first bytes (8 MiB left the first
  // sixth of a 49 MB output waiting), and the sync at Commit waits for less.
  constexpr uint64_t kWriteBackBytes = uint64_t{2} << 20;
  if (temp_path_.empty() || written_ - written_back_ < kWriteBackBytes) return;
#ifdef SYNC_FILE_RANGE_WRITE
  // Asynchronous: it queues the pages for the disk and returns. Advisory: a failure here is one
  // Commit's fsync reports.
  ::sync_file_range(fd_, static_cast<off_t>(written_back_), static_cast<off_t>(written_ - written_back_),
                    SYNC_FILE_RANGE_WRITE);
#endif
  written_back_ = written_;
}

bool OutputFile::Commit() {
  if (fd_ < 0 || !error_.empty()) {
    if (error_.empty()) error_ = "commit after the file was closed";
    Abandon();
    return false;
  }
  if (temp_path_.empty()) {  // in place: nothing to rename
    int fd = std::exchange(fd_, -1);
    if (owns_fd_ && ::close(fd) != 0) {
      error_ = Errno(errno);
      Abandon();
      return false;
    }
    finished_ = true;
    return true;
  }
  // Sync before rename: otherwise a crash can leave the new name pointing at empty data.
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    error_ = "cannot flush " + temp_path_ + ": " + Errno(errno);
    fd_ = -1;
    Abandon();
    return false;
  }
  fd_ = -1;
  int replaced = HoldReplacedFile(target_);
  if (::rename(temp_path_.c_str(), target_.c_str()) != 0) {
    error_ = "cannot rename " + temp_path_ + " to " + target_ + ": " + Errno(errno);
    if (replaced >= 0) ::close(replaced);
    Abandon();
    return false;
  }
  ReleaseReplacedFile(replaced);
  ForgetOnInterrupt(std::exchange(cleanup_slot_, -1));
  finished_ = true;
  return true;
}

}  // namespace seg::rt
