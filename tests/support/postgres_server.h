#pragma once

// A PostgreSQL 15 server for tests: each test binary that uses it starts its own, once, in a
// temporary directory on a free loopback port, and it is stopped and removed when the process
// ends (even when it crashes: a watchdog process waits for the test process to go away).
//
//   class MyTest : public seg::test::PostgresTest {};
//   TEST_F(MyTest, Reads) {
//     server().Exec("CREATE TABLE t (id int)");
//     std::string url = server().Url("?table=public.t");   // postgresql://seg@127.0.0.1:PORT/postgres?table=public.t
//   }
//
// Register such a binary with add_test (one process, one server), not gtest_discover_tests, which
// would start one server per test. A server that cannot start FAILS every test with the reason.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/io/postgres/postgres_connection.h"
#include "tests/support/server_process.h"

namespace seg::test {

class PostgresServer {
 public:
  // Trusted superuser of the server (no password from 127.0.0.1).
  static constexpr const char* kUser = "seg";
  static constexpr const char* kDatabase = "postgres";
  // A login role that must give a password (scram-sha-256), for authentication tests.
  static constexpr const char* kPasswordUser = "seg_secret";
  static constexpr const char* kPassword = "Pa55-w0rd-never-printed";

  // This process's server, started on the first call (initdb + pg_ctl, about a second).
  // Throws std::runtime_error with the reason (and the server's log) when it cannot start.
  static PostgresServer& Get();

  int port() const { return port_; }
  const std::string& directory() const { return directory_; }

  // postgresql://seg@127.0.0.1:PORT/postgres followed by `suffix` (e.g. "?table=public.t").
  std::string Url(const std::string& suffix = "") const;
  // The same for kPasswordUser, with `password` in the URL (empty: none in the URL).
  std::string PasswordUserUrl(const std::string& password, const std::string& suffix = "") const;

  // Runs SQL as the superuser on kDatabase; throws rt::pg::Error on failure.
  void Exec(const std::string& sql);
  // Rows of a query as text ("" for NULL).
  std::vector<std::vector<std::string>> Query(const std::string& sql);
  // Fills an existing table from a CSV file (COPY table_sql FROM STDIN (options)).
  void CopyCsv(const std::string& table_sql, const std::string& csv_path,
               const std::string& options = "FORMAT csv, HEADER true");

  // A loopback port where nothing listens (for connection-refused tests).
  static int UnusedPort();

  ~PostgresServer();

 private:
  PostgresServer() = default;
  void Start();

  std::string directory_;
  int port_ = 0;
  std::unique_ptr<Watchdog> watchdog_;  // declared before admin_: destroyed after it
  std::unique_ptr<rt::pg::Connection> admin_;
};

// Fixture: SetUp fails the test with the server's start-up error instead of skipping it.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override;
  PostgresServer& server() { return *server_; }

 private:
  PostgresServer* server_ = nullptr;
};

}  // namespace seg::test
