#pragma once

// What the test database servers (postgres_server.h, clickhouse_cluster.h) share: a free port,
// running server programs as `nobody` when the tests run as root (PostgreSQL refuses root, and
// no database should run as root), their logs, and a watchdog that cleans up after the test
// process however it ends.

#include <string>
#include <vector>

namespace seg::test {

// A loopback port where nothing listens right now (the kernel's pick for port 0). Another process
// may take it before the server binds it: callers retry on failure. Throws std::runtime_error.
int FreeLoopbackPort();

bool RunningAsRoot();
// chown `path` to nobody when we are root (the server runs as nobody then). Throws.
void HandToNobody(const std::string& path);
// Starts argv (as `nobody` when we are root) with stdin from /dev/null, output appended to `log`
// and none of this process's other descriptors. Returns its pid; throws when it cannot fork.
int SpawnServerProgram(std::vector<std::string> argv, const std::string& log);
// Runs argv as SpawnServerProgram does and waits: the exit status, -1 if it did not exit normally.
int RunServerProgram(std::vector<std::string> argv, const std::string& log);

// The last `max_bytes` of a file ("" when unreadable), for start-up errors.
std::string ReadFileTail(const std::string& path, size_t max_bytes = 2000);
// Writes a whole file; throws when it cannot.
void WriteFile(const std::string& path, const std::string& text);

// A process that runs `script` (sh) once this test process is gone, however it ends (exit,
// crash, SIGKILL): the script's stdin is a pipe whose only writer is this process, so a `cat` in
// the script returns at EOF, with whatever Tell() wrote (e.g. the servers' pids). The destructor
// closes the pipe and waits for the script.
class Watchdog {
 public:
  explicit Watchdog(const std::string& script);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  void Tell(const std::string& text);

 private:
  int pipe_ = -1;
  int pid_ = -1;
};

}  // namespace seg::test
