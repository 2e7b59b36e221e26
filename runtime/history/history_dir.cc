#include "runtime/history/history_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "runtime/atomic_file.h"
#include "runtime/history/membership_file.h"

namespace seg::rt {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "run-";
constexpr std::string_view kSuffix = ".seghist";

// The id in a run file's name, or 0 for any other name (temporary files, the lock).
uint64_t IdOfName(const std::string& name) {
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.compare(0, kPrefix.size(), kPrefix) != 0 ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return 0;
  }
  std::string digits = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return std::stoull(digits);
}

// Holds an exclusive flock on DIR/.lock while it lives.
class DirLock {
 public:
  explicit DirLock(const std::string& dir) {
    std::string path = dir + "/.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      error_ = path + ": " + std::strerror(errno);
      return;
    }
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      error_ = path + ": cannot lock: " + std::strerror(errno);
      return;
    }
  }
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

bool IsIsoDate(const std::string& text) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-' &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

std::string RunFilePath(const std::string& dir, uint64_t id) {
  char name[64];
  std::snprintf(name, sizeof(name), "run-%06llu.seghist", static_cast<unsigned long long>(id));
  return dir + "/" + name;
}

Result<std::vector<uint64_t>> ListRecordedRuns(const std::string& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) return Status::Error(dir + ": no such history directory (no runs recorded)");
  if (!fs::is_directory(dir, error)) return Status::Error(dir + ": not a directory");
  std::vector<uint64_t> ids;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (uint64_t id = IdOfName(it->path().filename().string()); id > 0) ids.push_back(id);
  }
  if (error) return Status::Error(dir + ": " + error.message());
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status CheckHistoryDirectory(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::Error(dir + ": " + std::strerror(errno));
    std::string parent = fs::path(dir).parent_path().string();
    if (!parent.empty() && !fs::is_directory(parent))
      return Status::Error("cannot create the history directory " + dir + ": " + parent + " is not a directory");
    return Status::Ok();
  }
  if (!S_ISDIR(st.st_mode)) return Status::Error(dir + " exists and is not a directory");
  return Status::Ok();
}

Result<uint64_t> RecordRun(const std::string& dir, Membership m, const BeforeCommit& before_commit) {
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return Status::Error("cannot create the history directory " + dir + ": " + std::strerror(errno));
  DirLock lock(dir);
  if (!lock.error().empty()) return Status::Error(lock.error());
  Result<std::vector<uint64_t>> runs = ListRecordedRuns(dir);
  if (!runs.ok()) return runs.status();
  m.run_id = runs->empty() ? 1 : runs->back() + 1;
  m.recorded_at = static_cast<int64_t>(std::time(nullptr));
  std::string path = RunFilePath(dir, m.run_id);
  Result<OutputFile> out = OutputFile::Open(path, {});
  if (!out.ok()) return Status::Error("cannot write " + path + ": " + out.message());
  if (!out->Write(EncodeMembership(m))) return Status::Error("cannot write " + path + ": " + out->error());
  if (before_commit) SEG_RETURN_IF_ERROR(before_commit(runs->empty() ? 0 : runs->back(), m.run_id));
  if (!out->Commit()) return Status::Error("cannot write " + path + ": " + out->error());
  return m.run_id;
}

Result<uint64_t> ResolveRecordedRun(const std::string& dir, const std::vector<uint64_t>& runs,
                                    const std::string& text) {
  if (IsIsoDate(text)) {
    for (size_t i = runs.size(); i-- > 0;) {
      Result<Membership> summary = ReadMembershipSummary(RunFilePath(dir, runs[i]));
      if (!summary.ok()) return summary.status();
      if (summary->as_of == text) return runs[i];
    }
    return Status::Error(dir + ": no run recorded with as_of " + text);
  }
  uint64_t id = IdOfName("run-" + text + ".seghist");
  if (id == 0) return Status::Error("'" + text + "' is neither a run number nor a date (YYYY-MM-DD)");
  if (!std::binary_search(runs.begin(), runs.end(), id))
    return Status::Error(
        dir + ": no run " + text + " recorded (the runs are " +
        (runs.empty() ? std::string("none") : std::to_string(runs.front()) + " to " + std::to_string(runs.back())) +
        ")");
  return id;
}

}  // namespace seg::rt
