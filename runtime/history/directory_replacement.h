// Replacing a whole directory atomically (`seg run --audiences DIR`): the new contents are
// written into a sibling directory ".NAME.seg-tmp.PID" and, when complete, swapped with the old
// one in a single rename(2) (renameat2 RENAME_EXCHANGE; where the file system cannot exchange,
// the old directory is renamed aside and the new one into place, a moment without either); the
// old contents are then removed. A reader listing DIR sees the old set of files or the new one.
//
// Only a directory seg made may be replaced: `is_ours` decides (for audiences, a manifest.json
// that says it is one). An absent or empty directory is taken too; a symbolic link, a file, or a
// directory with anything else in it is refused with a message saying why. The temporary
// directory is removed when the replacement is abandoned; one left by a killed process is removed
// by the next replacement of the same target (as atomic_file.h does for files).
#pragma once
#include <functional>
#include <string>

#include "runtime/status.h"

namespace seg::rt {

class DirectoryReplacement {
 public:
  // Whether `target` may be replaced (the rules above); for checking before a long run.
  static Status Check(const std::string& target, const std::function<bool(const std::string&)>& is_ours);
  // Checks the target and makes the empty temporary directory.
  static Result<DirectoryReplacement> Begin(const std::string& target,
                                            const std::function<bool(const std::string&)>& is_ours);
  DirectoryReplacement(DirectoryReplacement&& other) noexcept;
  DirectoryReplacement& operator=(DirectoryReplacement&&) = delete;
  DirectoryReplacement(const DirectoryReplacement&) = delete;
  DirectoryReplacement& operator=(const DirectoryReplacement&) = delete;
  ~DirectoryReplacement();

  // Where to write the new contents.
  const std::string& temp_path() const { return temp_; }
  // Puts the new contents in place and removes the old ones.
  Status Commit();

 private:
  DirectoryReplacement(std::string target, std::string temp) : target_(std::move(target)), temp_(std::move(temp)) {}
  std::string target_, temp_;
  bool done_ = false;
};

}  // namespace seg::rt
