// Every file seg writes (seg run --out, seg report --out, seg diff --moved, seg fmt, the REPL's
// :save, standard output) goes through OutputFile, so the rules that keep a user's files safe
// live in one place:
//
// - A regular file (or a new one) is replaced atomically: data goes to "<target>.tmp.<pid>" in the
//   same directory and Commit() syncs and renames it over the target, so a reader sees the old file
//   or the whole new one, never a torn one. The new file keeps the old one's mode and, where the
//   system allows, its owner and group. A read-only file is refused, as a shell's `>` would.
// - A device or a FIFO (/dev/null, /dev/stdout, a named pipe) is written in place, as a shell's
//   `>` would: never replaced by a regular file. "-" is standard output.
// - A symlink is written through: its final target is what is replaced (the link stays a link).
// - A directory, and a file the run reads (the same inode, whatever path, hard link or symlink
//   names it), are refused with a message saying so.
// - The temporary file is removed when the write fails, when the OutputFile is destroyed without
//   Commit(), and when the process is interrupted by SIGINT, SIGTERM or SIGHUP (the signal then
//   ends the process as it would have). Temporary files of the same target left by a process that
//   is gone (killed with SIGKILL, a crash) are removed by the next write to that target.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/status.h"

namespace seg::rt {

struct OutputOptions {
  // The files this run reads: an output that is one of them is refused.
  std::vector<std::string> inputs;
};

class OutputFile {
 public:
  // Opens `path` ("-": standard output) for writing by the rules above; fails with the reason when
  // it is refused or cannot be created.
  static Result<OutputFile> Open(const std::string& path, const OutputOptions& options);
  // Standard output, written in place.
  static OutputFile StandardOutput();

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Appends bytes; false (with error()) on a write failure such as a full disk. error() gives the
  // reason only ("No space left on device"); callers name the file. A file replaced through a
  // temporary one starts going to the disk every 2 MiB as it is written, so that Commit's sync
  // waits only for the last of it rather than for the whole file.
  bool Write(std::string_view bytes);
  // Finishes the write: a replaced file is synced and renamed into place, a device or FIFO is
  // closed. False (with error()) on failure; a temporary file is then removed.
  bool Commit();

  const std::string& path() const { return path_; }
  // Empty unless the target is replaced through a temporary file.
  const std::string& temp_path() const { return temp_path_; }
  const std::string& error() const { return error_; }

 private:
  OutputFile(std::string path, std::string target, std::string temp_path, int fd, bool owns_fd, int cleanup_slot);
  void Abandon();
  // Queues what was written since the last call for the disk, once that is a few MiB.
  void StartWriteBack();

  std::string path_;       // as the user gave it
  std::string target_;     // what the temporary file is renamed to (symlinks resolved)
  std::string temp_path_;  // empty when written in place
  int fd_ = -1;
  bool owns_fd_ = true;    // false for standard output, which stays open
  int cleanup_slot_ = -1;  // where the signal handler finds temp_path_ (-1: not registered)
  bool finished_ = false;
  uint64_t written_ = 0;       // bytes written
  uint64_t written_back_ = 0;  // bytes queued for the disk (StartWriteBack)
  std::string error_;
};

}  // namespace seg::rt
