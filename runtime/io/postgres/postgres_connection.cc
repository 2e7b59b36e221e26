#include "runtime/io/postgres/postgres_connection.h"

#include <cstdlib>
#include <cstring>

namespace seg::rt::pg {
namespace {

// libpq's messages end with a newline and may carry a second, indented hint line.
std::string FirstLine(const char* text) {
  std::string line = text == nullptr ? "" : text;
  size_t newline = line.find('\n');
  if (newline != std::string::npos) line.resize(newline);
  return line;
}

bool Contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// "connection to server at "127.0.0.1", port 5 failed: FATAL:  the reason" -> "the reason".
std::string ServerReason(std::string line) {
  for (const char* marker : {"failed: ", "FATAL:  ", "ERROR:  "}) {
    size_t at = line.rfind(marker);
    if (at != std::string::npos) line = line.substr(at + std::strlen(marker));
  }
  return line;
}

// SQLSTATE classes that mean the session is gone: 57P01 admin shutdown (pg_terminate_backend),
// 57P02 crash shutdown, 57P03 cannot connect now, and class 08 (connection exception).
bool IsConnectionLoss(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

}  // namespace

Connection::Connection(const PostgresUrl& url) : url_(url) {
  std::vector<std::pair<std::string, std::string>> params = url.ConnectionParams();
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : params) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/0);
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return;

  std::string detail = Scrub(FirstLine(conn_ == nullptr ? "out of memory" : PQerrorMessage(conn_)));
  bool needs_password = conn_ != nullptr && PQconnectionNeedsPassword(conn_);
  PQfinish(conn_);
  conn_ = nullptr;
  std::string where = url.Where();
  std::string user = url.user.empty() ? "" : " for user \"" + url.user + "\"";
  if (needs_password) {
    throw Error(ErrorKind::kAuthenticationFailed,
                "PostgreSQL authentication failed" + user + " at " + where +
                    ": the server wants a password and none was given (put it in the URL, PGPASSWORD "
                    "or ~/.pgpass)");
  }
  if (Contains(detail, "authentication failed") || Contains(detail, "no password supplied") ||
      Contains(detail, "pg_hba.conf")) {
    throw Error(ErrorKind::kAuthenticationFailed,
                "PostgreSQL authentication failed" + user + " at " + where + ": " + ServerReason(detail));
  }
  if (Contains(detail, "Connection refused")) {
    throw Error(ErrorKind::kConnectionRefused,
                "cannot connect to PostgreSQL at " + where +
                    ": connection refused (is the server running and accepting TCP/IP connections there?)");
  }
  throw Error(ErrorKind::kOther, "cannot connect to PostgreSQL at " + where + ": " + ServerReason(detail));
}

Connection::~Connection() { PQfinish(conn_); }

std::string Connection::Scrub(std::string message) const {
  message = ScrubSecret(std::move(message), url_.password);
  if (const char* env = std::getenv("PGPASSWORD")) message = ScrubSecret(std::move(message), env);
  return RedactPasswords(message);
}

void Connection::Throw(const PGresult* result, const std::string& context) const {
  std::string sqlstate;
  std::string message;
  if (result != nullptr) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    sqlstate = state == nullptr ? "" : state;
    message = primary != nullptr ? primary : FirstLine(PQresultErrorMessage(result));
  }
  if (message.empty()) message = FirstLine(PQerrorMessage(conn_));
  if (message.empty()) message = "unknown error";
  bool lost = IsConnectionLoss(sqlstate) || PQstatus(conn_) == CONNECTION_BAD;
  if (lost) {
    throw Error(ErrorKind::kConnectionLost,
                Scrub(context + "the connection to PostgreSQL at " + url_.Where() + " was lost: " + message), sqlstate);
  }
  throw Error(ErrorKind::kServer, Scrub(context + message), sqlstate);
}

void Connection::Check(const PGresult* result, ExecStatusType expected, const std::string& context) const {
  if (result == nullptr || PQresultStatus(result) != expected) Throw(result, context);
}

Result Connection::Exec(const std::string& sql) {
  Result result(PQexec(conn_, sql.c_str()));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(result.get(), "");
  return result;
}

Result Connection::ExecParams(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  Result result(
      PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(result.get(), "");
  return result;
}

Result Connection::ExecChoosingFormat(const std::string& sql, bool (*binary)(const PGresult* described)) {
  auto check = [&](Result result, ExecStatusType expected) {
    if (!result || PQresultStatus(result.get()) != expected) Throw(result.get(), "");
    return result;
  };
  check(Result(PQprepare(conn_, "", sql.c_str(), 0, nullptr)), PGRES_COMMAND_OK);
  Result described = check(Result(PQdescribePrepared(conn_, "")), PGRES_COMMAND_OK);
  int format = binary(described.get()) ? 1 : 0;
  return check(Result(PQexecPrepared(conn_, "", 0, nullptr, nullptr, nullptr, format)), PGRES_TUPLES_OK);
}

}  // namespace seg::rt::pg
