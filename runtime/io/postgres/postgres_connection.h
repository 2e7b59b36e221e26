#pragma once

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/io/postgres/postgres_url.h"

namespace seg::rt::pg {

// Why a PostgreSQL operation failed. The message never contains the password (see Connection).
enum class ErrorKind {
  kConnectionRefused,     // nothing listens at host:port
  kAuthenticationFailed,  // wrong or missing password, or the role may not log in
  kConnectionLost,        // the server went away (terminated backend, shutdown, network)
  kServer,                // the server refused a statement (missing table, bad SQL, ...)
  kOther,                 // anything else (unknown host, bad database name, ...)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, std::string sqlstate = "")
      : std::runtime_error(message), kind_(kind), sqlstate_(std::move(sqlstate)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& sqlstate() const { return sqlstate_; }  // e.g. "42P01" for a missing table

 private:
  ErrorKind kind_;
  std::string sqlstate_;
};

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// One libpq connection. Every message it produces (its own and the server's) passes through
// Scrub, so neither the URL's password nor PGPASSWORD can appear in it.
class Connection {
 public:
  // Connects or throws Error: "connection refused by HOST:PORT ...", "authentication failed for
  // user ... at HOST:PORT/DB ...", or libpq's own reason. libpq reads PGPASSWORD and ~/.pgpass.
  explicit Connection(const PostgresUrl& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PGconn* raw() const { return conn_; }
  const PostgresUrl& url() const { return url_; }

  // Runs one statement; throws Error unless the result status is COMMAND_OK or TUPLES_OK.
  Result Exec(const std::string& sql);
  // Same with $1.. text parameters (NULL never passed).
  Result ExecParams(const std::string& sql, const std::vector<std::string>& params);
  // Runs one query (no parameters) whose rows come back in the binary format where
  // `binary(described)` says so for the described result columns, else as text. The query is
  // prepared (unnamed), described, then executed: parsed once, as Exec does.
  Result ExecChoosingFormat(const std::string& sql, bool (*binary)(const PGresult* described));

  // Throws the Error for a failed result (or the connection's last error when result is null),
  // prefixed with `context` ("reading public.orders: ").
  [[noreturn]] void Throw(const PGresult* result, const std::string& context) const;
  // Throws if `result` is not `expected`.
  void Check(const PGresult* result, ExecStatusType expected, const std::string& context) const;

  // `message` without the password of this connection's URL or PGPASSWORD.
  std::string Scrub(std::string message) const;

 private:
  PostgresUrl url_;
  PGconn* conn_ = nullptr;
};

}  // namespace seg::rt::pg
