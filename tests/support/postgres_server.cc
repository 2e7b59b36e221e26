#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace seg::test {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

std::string ReadFileTail(const std::string& path, size_t max_bytes = 2000) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  return all.size() > max_bytes ? all.substr(all.size() - max_bytes) : all;
}

// PostgreSQL refuses to run as root: then every server command runs as `nobody`.
bool RunningAsRoot() { return geteuid() == 0; }

// Runs argv (as `nobody` when we are root), stdin from /dev/null and output appended to `log`.
// Returns the exit status (-1 if it could not run).
int RunServerCommand(std::vector<std::string> argv, const std::string& log) {
  if (RunningAsRoot()) {
    argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"});
  }
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (in < 0 || out < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    close_range(3, ~0U, 0);  // the server must hold none of the test's pipes open
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int PostgresServer::UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error(std::string("cannot find a free loopback port: ") + std::strerror(errno));
  }
  close(fd);
  return ntohs(address.sin_port);
}

PostgresServer& PostgresServer::Get() {
  static std::unique_ptr<PostgresServer> server;
  static std::string failure;
  if (server) return *server;
  if (!failure.empty()) throw std::runtime_error(failure);
  std::unique_ptr<PostgresServer> starting(new PostgresServer());
  try {
    starting->Start();
  } catch (const std::exception& e) {
    failure = std::string("cannot start the test PostgreSQL 15 server: ") + e.what();
    throw std::runtime_error(failure);
  }
  server = std::move(starting);
  return *server;
}

void PostgresServer::Start() {
  if (access((std::string(kBinDir) + "/initdb").c_str(), X_OK) != 0) {
    throw std::runtime_error(std::string(kBinDir) + "/initdb not found: install postgresql-15 (scripts/install-deps.sh)");
  }
  char pattern[] = "/tmp/seg-pg-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  directory_ = pattern;
  if (RunningAsRoot()) {
    passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr || chown(directory_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      throw std::runtime_error("cannot hand " + directory_ + " to the user nobody");
    }
  }
  // The watchdog removes the directory and stops the server once this process is gone, however it
  // ends: it waits for EOF on a pipe whose only writer is this process.
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  std::string data = directory_ + "/data";
  std::string cleanup = std::string(kBinDir) + "/pg_ctl -D '" + data + "' -m immediate -w stop >/dev/null 2>&1; rm -rf '" +
                        directory_ + "'";
  if (RunningAsRoot()) {
    cleanup = "/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups -- " + std::string(kBinDir) +
              "/pg_ctl -D '" + data + "' -m immediate -w stop >/dev/null 2>&1; rm -rf '" + directory_ + "'";
  }
  pid_t watchdog = fork();
  if (watchdog < 0) throw std::runtime_error("fork failed");
  if (watchdog == 0) {
    dup2(fds[0], 0);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    close_range(3, ~0U, 0);
    char byte;
    while (read(0, &byte, 1) != 0) {
    }
    execl("/bin/sh", "sh", "-c", cleanup.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  watchdog_pipe_ = fds[1];
  watchdog_pid_ = watchdog;

  std::string log = directory_ + "/initdb.log";
  int initdb = RunServerCommand({std::string(kBinDir) + "/initdb", "-D", data, "-U", kUser, "--auth=trust",
                                 "--no-sync", "--no-instructions", "--encoding=UTF8", "--locale=C"},
                                log);
  if (initdb != 0) throw std::runtime_error("initdb failed (status " + std::to_string(initdb) + "):\n" + ReadFileTail(log));
  // The superuser logs in without a password from the loopback address; everyone else must give one.
  WriteFile(data + "/pg_hba.conf",
            "local all all trust\n"
            "host all " + std::string(kUser) + " 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n");

  std::string server_log = directory_ + "/server.log";
  std::string failure;
  for (int attempt = 0; attempt < 3; ++attempt) {  // another process may take the port meanwhile
    port_ = UnusedPort();
    std::string options = "-p " + std::to_string(port_) + " -k " + directory_ +
                          " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                          " -c full_page_writes=off -c max_connections=20 -c shared_buffers=16MB"
                          // Plain sequential scans: a table filled by one COPY reads back in order.
                          " -c max_parallel_workers_per_gather=0";
    int status = RunServerCommand({std::string(kBinDir) + "/pg_ctl", "-D", data, "-l", server_log, "-w", "-t", "30",
                                   "-o", options, "start"},
                                  directory_ + "/pg_ctl.log");
    if (status == 0) {
      failure.clear();
      break;
    }
    failure = "pg_ctl start failed (status " + std::to_string(status) + "):\n" + ReadFileTail(directory_ + "/pg_ctl.log") +
              ReadFileTail(server_log);
  }
  if (!failure.empty()) throw std::runtime_error(failure);

  auto url = rt::pg::ParsePostgresUrl(Url());
  if (!url.ok()) throw std::runtime_error(url.message());
  admin_ = std::make_unique<rt::pg::Connection>(*url);
  // Tests print what they check; "table ... does not exist, skipping" and the like are noise.
  PQsetNoticeProcessor(admin_->raw(), [](void*, const char*) {}, nullptr);
  Exec(std::string("CREATE ROLE ") + kPasswordUser + " LOGIN PASSWORD '" + kPassword + "'");
  Exec(std::string("GRANT pg_read_all_data TO ") + kPasswordUser);
}

PostgresServer::~PostgresServer() {
  admin_.reset();
  if (watchdog_pipe_ >= 0) close(watchdog_pipe_);  // the watchdog stops the server and cleans up
  if (watchdog_pid_ > 0) {
    int status;
    while (waitpid(watchdog_pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

std::string PostgresServer::Url(const std::string& suffix) const {
  return std::string("postgresql://") + kUser + "@127.0.0.1:" + std::to_string(port_) + "/" + kDatabase + suffix;
}

std::string PostgresServer::PasswordUserUrl(const std::string& password, const std::string& suffix) const {
  std::string user = kPasswordUser;
  if (!password.empty()) user += ":" + password;
  return "postgresql://" + user + "@127.0.0.1:" + std::to_string(port_) + "/" + kDatabase + suffix;
}

void PostgresServer::Exec(const std::string& sql) { admin_->Exec(sql); }

std::vector<std::vector<std::string>> PostgresServer::Query(const std::string& sql) {
  rt::pg::Result result = admin_->Exec(sql);
  std::vector<std::vector<std::string>> rows;
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(result.get()); ++c) row.push_back(PQgetvalue(result.get(), r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

void PostgresServer::CopyCsv(const std::string& table_sql, const std::string& csv_path, const std::string& options) {
  std::ifstream in(csv_path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + csv_path);
  std::stringstream text;
  text << in.rdbuf();
  std::string data = text.str();
  PGconn* conn = admin_->raw();
  rt::pg::Result start(PQexec(conn, ("COPY " + table_sql + " FROM STDIN (" + options + ")").c_str()));
  admin_->Check(start.get(), PGRES_COPY_IN, "COPY " + table_sql + " from " + csv_path + ": ");
  if (PQputCopyData(conn, data.data(), static_cast<int>(data.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1) {
    admin_->Throw(nullptr, "COPY " + table_sql + ": ");
  }
  rt::pg::Result done(PQgetResult(conn));
  admin_->Check(done.get(), PGRES_COMMAND_OK, "COPY " + table_sql + " from " + csv_path + ": ");
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
}

void PostgresTest::SetUp() {
  try {
    server_ = &PostgresServer::Get();
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
}

}  // namespace seg::test
