#include "runtime/snapshot/snapshot_directory.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include "runtime/snapshot/format.h"

namespace seg::rt::snapshot {

namespace fs = std::filesystem;

Result<std::vector<std::string>> ListGenerations(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    if (fs::exists(dir, error)) return Status::Error("snapshot " + dir + " is not a directory");
    return Status::Error("no snapshot at " + dir + " (make one with `seg import`)");
  }
  std::map<int64_t, std::string> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    int64_t generation = GenerationOfFileName(entry.path().filename().string());
    if (generation >= 0) found[generation] = entry.path().string();
  }
  if (error) return Status::Error("cannot read snapshot " + dir + ": " + error.message());
  if (found.empty() || found.begin()->first != 0)
    return Status::Error(dir + " is not a seg snapshot: it has no " + GenerationFileName(0));
  std::vector<std::string> paths;
  for (const auto& [generation, path] : found) {
    if (static_cast<size_t>(generation) != paths.size()) {
      return Status::Error("snapshot " + dir +
                           " is damaged: " + GenerationFileName(static_cast<uint32_t>(paths.size())) +
                           " is missing before " + fs::path(path).filename().string());
    }
    paths.push_back(path);
  }
  return paths;
}

namespace {

// "snap/" and "snap" are the same directory; the staging directory goes beside it, not inside.
std::string WithoutTrailingSlashes(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

}  // namespace

Result<std::string> MakeStagingDirectory(const std::string& dir) {
  std::string staging = WithoutTrailingSlashes(dir) + ".tmp." + std::to_string(getpid());
  std::error_code error;
  fs::remove_all(staging, error);
  if (!fs::create_directory(staging, error))
    return Status::Error("cannot create " + staging + ": " + (error ? error.message() : "it exists"));
  return staging;
}

void RemoveDirectory(const std::string& path) {
  std::error_code error;
  fs::remove_all(path, error);
}

Status ReplaceDirectory(const std::string& staging, const std::string& given) {
  std::string dir = WithoutTrailingSlashes(given);
  std::error_code error;
  fs::file_status status = fs::symlink_status(dir, error);
  if (!fs::exists(status)) {
    if (std::rename(staging.c_str(), dir.c_str()) != 0)
      return Status::Error("cannot create snapshot " + dir + ": " + std::strerror(errno));
    return Status::Ok();
  }
  if (!fs::is_directory(status)) return Status::Error("cannot write snapshot " + dir + ": it is not a directory");
  bool empty = fs::is_empty(dir, error);
  if (!empty && !fs::exists(fs::path(dir) / GenerationFileName(0), error)) {
    return Status::Error("cannot write snapshot " + dir +
                         ": the directory holds other files, not a snapshot (give a new or empty directory)");
  }
  if (renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0)
    return Status::Error("cannot replace snapshot " + dir + ": " + std::strerror(errno));
  // `staging` now names the old snapshot.
  RemoveDirectory(staging);
  return Status::Ok();
}

Result<DirectoryLock> DirectoryLock::Acquire(const std::string& dir) {
  std::string path = (fs::path(dir) / ".lock").string();
  for (;;) {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::Error("cannot lock snapshot " + dir + ": " + std::strerror(errno));
    if (flock(fd, LOCK_EX) != 0) {
      int saved = errno;
      close(fd);
      return Status::Error("cannot lock snapshot " + dir + ": " + std::strerror(saved));
    }
    // An import or a compaction may have put a new directory in place while this waited: the
    // lock held is then the old one's. Lock the new one instead.
    struct stat held {
    }, now{};
    if (fstat(fd, &held) == 0 && stat(path.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
        held.st_dev == now.st_dev) {
      return DirectoryLock(fd);
    }
    close(fd);
  }
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace seg::rt::snapshot
