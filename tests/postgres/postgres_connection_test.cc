// Connecting through libpq: success, refusal, authentication, and that no message shows a password.
#include "runtime/io/postgres/postgres_connection.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/support/postgres_server.h"

namespace seg::test {
namespace {

using rt::pg::Connection;
using rt::pg::ErrorKind;

rt::pg::PostgresUrl MustParse(const std::string& text) {
  auto url = rt::pg::ParsePostgresUrl(text);
  if (!url.ok()) throw std::runtime_error(url.message());
  return *url;
}

// The error `url` gets when connecting (FAILs the test when the connection succeeds).
rt::pg::Error ConnectError(const std::string& url) {
  try {
    Connection connection(MustParse(url));
  } catch (const rt::pg::Error& e) {
    return e;
  }
  ADD_FAILURE() << "connected to " << url;
  return rt::pg::Error(ErrorKind::kOther, "");
}

class PostgresConnectionTest : public PostgresTest {};

TEST_F(PostgresConnectionTest, ConnectsAndRuns) {
  Connection connection(MustParse(server().Url()));
  rt::pg::Result result = connection.Exec("SELECT 40 + 2");
  EXPECT_STREQ(PQgetvalue(result.get(), 0, 0), "42");
  EXPECT_STREQ(PQparameterStatus(connection.raw(), "application_name"), "seg");
}

TEST_F(PostgresConnectionTest, PasswordFromTheUrl) {
  Connection connection(MustParse(server().PasswordUserUrl(PostgresServer::kPassword)));
  EXPECT_EQ(connection.Exec("SELECT current_user").get() != nullptr, true);
}

TEST_F(PostgresConnectionTest, PasswordFromPgpassword) {
  setenv("PGPASSWORD", PostgresServer::kPassword, 1);
  Connection connection(MustParse(server().PasswordUserUrl("")));
  rt::pg::Result result = connection.Exec("SELECT current_user");
  EXPECT_STREQ(PQgetvalue(result.get(), 0, 0), PostgresServer::kPasswordUser);
  unsetenv("PGPASSWORD");
}

TEST_F(PostgresConnectionTest, RefusedConnectionSaysWhere) {
  int port = PostgresServer::UnusedPort();
  rt::pg::Error error = ConnectError("postgresql://u:topsecret@127.0.0.1:" + std::to_string(port) + "/db");
  EXPECT_EQ(error.kind(), ErrorKind::kConnectionRefused) << error.what();
  std::string message = error.what();
  EXPECT_NE(message.find("connection refused"), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1:" + std::to_string(port) + "/db"), std::string::npos) << message;
  EXPECT_EQ(message.find("topsecret"), std::string::npos) << message;
}

TEST_F(PostgresConnectionTest, WrongPasswordIsAnAuthenticationFailureWithoutThePassword) {
  rt::pg::Error error = ConnectError(server().PasswordUserUrl("wrong-Pa55word-xyz"));
  EXPECT_EQ(error.kind(), ErrorKind::kAuthenticationFailed) << error.what();
  std::string message = error.what();
  EXPECT_NE(message.find("authentication failed for user \"seg_secret\""), std::string::npos) << message;
  EXPECT_EQ(message.find("wrong-Pa55word-xyz"), std::string::npos) << message;
}

TEST_F(PostgresConnectionTest, MissingPasswordSaysWhereToPutIt) {
  unsetenv("PGPASSWORD");
  setenv("PGPASSFILE", "/nonexistent/pgpass", 1);
  rt::pg::Error error = ConnectError(server().PasswordUserUrl(""));
  unsetenv("PGPASSFILE");
  EXPECT_EQ(error.kind(), ErrorKind::kAuthenticationFailed) << error.what();
  EXPECT_NE(std::string(error.what()).find("PGPASSWORD"), std::string::npos) << error.what();
}

TEST_F(PostgresConnectionTest, WrongPgpasswordNeverPrinted) {
  setenv("PGPASSWORD", "env-Secret-987", 1);
  rt::pg::Error error = ConnectError(server().PasswordUserUrl(""));
  unsetenv("PGPASSWORD");
  EXPECT_EQ(error.kind(), ErrorKind::kAuthenticationFailed);
  EXPECT_EQ(std::string(error.what()).find("env-Secret-987"), std::string::npos) << error.what();
}

TEST_F(PostgresConnectionTest, ServerErrorsCarrySqlstateAndNoPassword) {
  Connection connection(MustParse(server().PasswordUserUrl(PostgresServer::kPassword)));
  try {
    connection.Exec(std::string("SELECT * FROM \"no_such_table_") + PostgresServer::kPassword + "\"");
    FAIL() << "no error";
  } catch (const rt::pg::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kServer);
    EXPECT_EQ(e.sqlstate(), "42P01");
    EXPECT_EQ(std::string(e.what()).find(PostgresServer::kPassword), std::string::npos) << e.what();
  }
}

TEST_F(PostgresConnectionTest, TerminatedBackendIsAConnectionLoss) {
  Connection connection(MustParse(server().Url()));
  try {
    connection.Exec("SELECT pg_terminate_backend(pg_backend_pid())");
    connection.Exec("SELECT 1");
    FAIL() << "no error";
  } catch (const rt::pg::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConnectionLost) << e.what();
    EXPECT_NE(std::string(e.what()).find("was lost"), std::string::npos) << e.what();
  }
}

TEST_F(PostgresConnectionTest, HarnessLoadsCsv) {
  server().Exec("CREATE TABLE harness_csv (id int, name text)");
  std::string path = server().directory() + "/harness.csv";
  FILE* f = fopen(path.c_str(), "w");
  fputs("id,name\n1,ann\n2,\"b,c\"\n", f);
  fclose(f);
  server().CopyCsv("harness_csv", path);
  auto rows = server().Query("SELECT id, name FROM harness_csv ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][1], "b,c");
}

}  // namespace
}  // namespace seg::test
