#include "runtime/temp_file_cleanup.h"

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace seg::rt {

namespace {

// The signal handler may run at any moment on any thread, so what it reads is a fixed table of
// plain character arrays, each published by an atomic state: no allocation, no locks.
enum SlotState : int { kFree = 0, kFilling = 1, kReady = 2 };
struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
constexpr int kSlots = 32;
Slot g_slots[kSlots];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kSignalCount = sizeof(kSignals) / sizeof(kSignals[0]);
struct sigaction g_previous[kSignalCount];
bool g_installed[kSignalCount] = {};
std::mutex g_mutex;  // guards g_registered and the installing and restoring of handlers
int g_registered = 0;

extern "C" void RemoveTemporariesThenResignal(int signal, siginfo_t* info, void* context) {
  int saved_errno = errno;
  for (Slot& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == kReady) ::unlink(slot.path);
  }
  for (int k = 0; k < kSignalCount; ++k) {
    if (kSignals[k] != signal) continue;
    const struct sigaction& previous = g_previous[k];
    if (previous.sa_flags & SA_SIGINFO) {
      previous.sa_sigaction(signal, info, context);
    } else if (previous.sa_handler == SIG_DFL) {
      // The default action ends the process: put it back and send the signal again; it is blocked
      // while this handler runs, so it is delivered as the handler returns.
      ::sigaction(signal, &previous, nullptr);
      ::raise(signal);
    } else if (previous.sa_handler != SIG_IGN) {
      previous.sa_handler(signal);
    }
  }
  errno = saved_errno;
}

void InstallHandlers() {
  for (int k = 0; k < kSignalCount; ++k) {
    struct sigaction current {};
    ::sigaction(kSignals[k], nullptr, &current);
    // `nohup seg run ...` ignores SIGHUP: the run must go on, and so must its temporary file.
    if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
    g_previous[k] = current;
    struct sigaction action {};
    action.sa_sigaction = RemoveTemporariesThenResignal;
    action.sa_flags = SA_SIGINFO | (current.sa_flags & SA_RESTART);
    sigemptyset(&action.sa_mask);
    ::sigaction(kSignals[k], &action, nullptr);
    g_installed[k] = true;
  }
}

void RestoreHandlers() {
  for (int k = 0; k < kSignalCount; ++k) {
    if (!g_installed[k]) continue;
    ::sigaction(kSignals[k], &g_previous[k], nullptr);
    g_installed[k] = false;
  }
}

bool AllDigits(const char* text) {
  if (*text == '\0') return false;
  for (; *text != '\0'; ++text) {
    if (*text < '0' || *text > '9') return false;
  }
  return true;
}

}  // namespace

int RemoveOnInterrupt(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  std::lock_guard<std::mutex> lock(g_mutex);
  for (int k = 0; k < kSlots; ++k) {
    int expected = kFree;
    if (!g_slots[k].state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(g_slots[k].path, path.c_str(), path.size() + 1);
    g_slots[k].state.store(kReady, std::memory_order_release);
    if (g_registered++ == 0) InstallHandlers();
    return k;
  }
  return -1;
}

void ForgetOnInterrupt(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  g_slots[slot].state.store(kFree, std::memory_order_release);
  if (--g_registered == 0) RestoreHandlers();
}

std::string TemporaryPathFor(const std::string& target) { return target + ".tmp." + std::to_string(::getpid()); }

void RemoveStaleTemporaries(const std::string& target) {
  size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "." : target.substr(0, slash + 1);
  std::string prefix = (slash == std::string::npos ? target : target.substr(slash + 1)) + ".tmp.";
  DIR* listing = ::opendir(dir.c_str());
  if (listing == nullptr) return;  // creating the new temporary file will say what is wrong
  while (const dirent* entry = ::readdir(listing)) {
    const char* name = entry->d_name;
    if (std::strncmp(name, prefix.c_str(), prefix.size()) != 0) continue;
    const char* pid_text = name + prefix.size();
    if (!AllDigits(pid_text) || std::strlen(pid_text) > 9) continue;
    pid_t pid = static_cast<pid_t>(std::atol(pid_text));
    if (pid <= 0 || pid == ::getpid()) continue;
    // kill(pid, 0) checks without signalling: ESRCH means no such process. EPERM means one that is
    // alive (another user's), so its file is left alone, as is every file while its writer lives.
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::string path = (slash == std::string::npos ? std::string() : dir) + name;
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != ::geteuid()) continue;
    ::unlink(path.c_str());
  }
  ::closedir(listing);
}

}  // namespace seg::rt
