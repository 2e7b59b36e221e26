// A snapshot directory as a whole: which generation files it holds, replacing it at once with a
// new import, and the lock that keeps two appends from numbering the same generation.
#pragma once

#include <string>
#include <vector>

#include "runtime/status.h"

namespace seg::rt::snapshot {

// The paths of DIR's generation files in order, gen-000000.segsnap first. Fails when DIR is
// missing, holds no generation 0, or a generation is missing between two others.
Result<std::vector<std::string>> ListGenerations(const std::string& dir);

// A new, empty directory next to `dir` for an import to fill ("DIR.tmp.<pid>"); any left there by
// an import that was killed is removed first.
Result<std::string> MakeStagingDirectory(const std::string& dir);

// Puts `staging` in place of `dir` in one step (renameat2 RENAME_EXCHANGE when `dir` exists), so
// a reader sees the old snapshot or the new one, never a mix; then removes the old one. `dir`
// must be absent, empty or a snapshot: any other directory or file is refused, untouched.
Status ReplaceDirectory(const std::string& staging, const std::string& dir);

// Removes a staging directory (after a failed import).
void RemoveDirectory(const std::string& path);

// Holds an exclusive lock on DIR/.lock while it lives: appends take it, so two of them cannot
// both write generation N.
class DirectoryLock {
 public:
  static Result<DirectoryLock> Acquire(const std::string& dir);
  DirectoryLock(DirectoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace seg::rt::snapshot
