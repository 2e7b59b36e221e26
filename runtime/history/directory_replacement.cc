#include "runtime/history/directory_replacement.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace seg::rt {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempMark = ".seg-tmp.";

std::string ParentOf(const std::string& target) {
  fs::path parent = fs::path(target).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string NameOf(const std::string& target) { return fs::path(target).filename().string(); }

// ".NAME.seg-tmp." : the prefix of every temporary directory of `target`.
std::string TempPrefix(const std::string& target) { return "." + NameOf(target) + std::string(kTempMark); }

// Removes temporary directories of `target` whose process is gone.
void RemoveStaleTemporaries(const std::string& target) {
  std::error_code error;
  std::string prefix = TempPrefix(target);
  for (fs::directory_iterator it(ParentOf(target), error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) continue;
    pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid == getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

void SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Status DirectoryReplacement::Check(const std::string& target, const std::function<bool(const std::string&)>& is_ours) {
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      return Status::Error(target + " is a symbolic link; seg replaces only a directory it wrote: name that directory");
    if (!S_ISDIR(st.st_mode)) return Status::Error(target + " exists and is not a directory");
    std::error_code error;
    bool empty = fs::is_empty(target, error);
    if (!empty && !is_ours(target)) {
      return Status::Error(
          target +
          " is a directory seg did not write (it has no seg manifest.json); seg replaces only its own: "
          "name a new or empty directory, or remove this one yourself");
    }
    return Status::Ok();
  }
  if (errno != ENOENT) return Status::Error(target + ": " + std::strerror(errno));
  if (!fs::is_directory(ParentOf(target)))
    return Status::Error("cannot create " + target + ": " + ParentOf(target) + " is not a directory");
  return Status::Ok();
}

Result<DirectoryReplacement> DirectoryReplacement::Begin(const std::string& target,
                                                         const std::function<bool(const std::string&)>& is_ours) {
  if (target.size() > 1 && target.back() == '/') return Begin(target.substr(0, target.size() - 1), is_ours);
  SEG_RETURN_IF_ERROR(Check(target, is_ours));
  RemoveStaleTemporaries(target);
  std::string temp = ParentOf(target) + "/" + TempPrefix(target) + std::to_string(::getpid());
  std::error_code ignored;
  fs::remove_all(temp, ignored);  // this process's own, from an earlier abandoned write
  if (::mkdir(temp.c_str(), 0755) != 0)
    return Status::Error("cannot create " + temp + " beside " + target + ": " + std::strerror(errno));
  return DirectoryReplacement(target, temp);
}

DirectoryReplacement::DirectoryReplacement(DirectoryReplacement&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), done_(other.done_) {
  other.done_ = true;
}

DirectoryReplacement::~DirectoryReplacement() {
  if (done_) return;
  std::error_code ignored;
  fs::remove_all(temp_, ignored);
}

Status DirectoryReplacement::Commit() {
  SyncDirectory(temp_);
  done_ = true;
  // Swap when the target exists; a plain rename when it does not (or is an empty directory).
  if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    SyncDirectory(ParentOf(target_));
    std::error_code error;
    fs::remove_all(temp_, error);  // the old contents, now under the temporary name
    return Status::Ok();
  }
  int exchange_error = errno;
  if (exchange_error == ENOENT) {
    if (::rename(temp_.c_str(), target_.c_str()) == 0) {
      SyncDirectory(ParentOf(target_));
      return Status::Ok();
    }
  } else if (exchange_error == EINVAL || exchange_error == ENOSYS) {
    // No RENAME_EXCHANGE on this file system: move the old one aside first.
    std::string old = temp_ + ".old";
    if (::rename(target_.c_str(), old.c_str()) == 0) {
      if (::rename(temp_.c_str(), target_.c_str()) == 0) {
        SyncDirectory(ParentOf(target_));
        std::error_code error;
        fs::remove_all(old, error);
        return Status::Ok();
      }
      int error = errno;
      ::rename(old.c_str(), target_.c_str());  // put the old one back
      errno = error;
    }
  } else {
    errno = exchange_error;
  }
  Status failed = Status::Error("cannot move " + temp_ + " to " + target_ + ": " + std::strerror(errno));
  std::error_code ignored;
  fs::remove_all(temp_, ignored);
  return failed;
}

}  // namespace seg::rt
