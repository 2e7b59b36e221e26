#include "tests/support/postgres_server.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/server_process.h"

namespace seg::test {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

}  // namespace

int PostgresServer::UnusedPort() { return FreeLoopbackPort(); }

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
    throw std::runtime_error(std::string(kBinDir) +
                             "/initdb not found: install postgresql-15 (scripts/install-deps.sh)");
  }
  char pattern[] = "/tmp/seg-pg-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  directory_ = pattern;
  HandToNobody(directory_);
  // The watchdog removes the directory and stops the server once this process is gone, however it
  // ends: it waits for EOF on a pipe whose only writer is this process.
  std::string data = directory_ + "/data";
  std::string stop = std::string(kBinDir) + "/pg_ctl -D '" + data + "' -m immediate -w stop >/dev/null 2>&1";
  if (RunningAsRoot()) stop = "/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups -- " + stop;
  watchdog_ = std::make_unique<Watchdog>("cat >/dev/null; " + stop + "; rm -rf '" + directory_ + "'");

  std::string log = directory_ + "/initdb.log";
  int initdb = RunServerProgram({std::string(kBinDir) + "/initdb", "-D", data, "-U", kUser, "--auth=trust", "--no-sync",
                                 "--no-instructions", "--encoding=UTF8", "--locale=C"},
                                log);
  if (initdb != 0)
    throw std::runtime_error("initdb failed (status " + std::to_string(initdb) + "):\n" + ReadFileTail(log));
  // The superuser logs in without a password from the loopback address; everyone else must give one.
  WriteFile(data + "/pg_hba.conf",
            "local all all trust\n"
            "host all " +
                std::string(kUser) +
                " 127.0.0.1/32 trust\n"
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
    int status = RunServerProgram({std::string(kBinDir) + "/pg_ctl", "-D", data, "-l", server_log, "-w", "-t", "30",
                                   "-o", options, "start"},
                                  directory_ + "/pg_ctl.log");
    if (status == 0) {
      failure.clear();
      break;
    }
    failure = "pg_ctl start failed (status " + std::to_string(status) + "):\n" +
              ReadFileTail(directory_ + "/pg_ctl.log") + ReadFileTail(server_log);
  }
  if (!failure.empty()) throw std::runtime_error(failure);

  auto url = rt::pg::ParsePostgresUrl(Url());
  if (!url.ok()) throw std::runtime_error(url.message());
  admin_ = std::make_unique<rt::pg::Connection>(*url);
  // Tests print what they check; "table ... does not exist, skipping" and the like are noise.
  PQsetNoticeProcessor(
      admin_->raw(), [](void*, const char*) {}, nullptr);
  Exec(std::string("CREATE ROLE ") + kPasswordUser + " LOGIN PASSWORD '" + kPassword + "'");
  Exec(std::string("GRANT pg_read_all_data TO ") + kPasswordUser);
}

PostgresServer::~PostgresServer() {
  admin_.reset();
  watchdog_.reset();  // the watchdog stops the server and cleans up
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
