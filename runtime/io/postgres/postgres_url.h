#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/status.h"

namespace seg::rt::pg {

// A table name as written after ?table=: an optional schema and the table. Each part is kept as
// PostgreSQL will see it (unquoted parts folded to lower case, quoted parts verbatim).
struct QualifiedName {
  std::string schema;  // empty: the server's search_path decides
  std::string table;

  // `"schema"."table"` (or `"table"`), quoted for SQL.
  std::string Sql() const;
  // schema.table as a person wrote it, for messages.
  std::string Display() const;
};

// postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB?table=SCHEMA.TABLE  (or ?query=SELECT ...)
// Every part is percent-decoded. Parameters other than table and query that libpq knows
// (sslmode, connect_timeout, application_name, ...) go to the connection; anything else is kept in
// `other` for the caller to accept or refuse (a sink may take its own parameters).
struct PostgresUrl {
  std::string user;      // empty: libpq's default (PGUSER, then the login name)
  std::string password;  // empty: libpq looks in PGPASSWORD and ~/.pgpass. Never print it.
  std::string host;      // empty: libpq's default (PGHOST, then the Unix socket)
  std::string port;      // empty: libpq's default (PGPORT, then 5432)
  std::string database;  // empty: libpq's default
  std::optional<QualifiedName> table;
  std::optional<std::string> query;
  std::vector<std::pair<std::string, std::string>> connection_options;  // libpq keywords
  std::map<std::string, std::string> other;

  // The URL with the password left out: safe for any message or log line.
  std::string Display() const;
  // "host:port/db" (defaults filled in as "localhost", "5432"), for error messages.
  std::string Where() const;
  // libpq keyword/value pairs for PQconnectdbParams (the password among them when given).
  std::vector<std::pair<std::string, std::string>> ConnectionParams() const;
};

// True when `text` starts with postgresql:// or postgres:// (case-insensitive scheme).
bool IsPostgresUrl(std::string_view text);

// Parses a PostgreSQL URL. Fails with a message that does not contain the password.
rt::Result<PostgresUrl> ParsePostgresUrl(std::string_view text);

// Parses SCHEMA.TABLE, TABLE, or double-quoted parts ("My Schema"."T"). nullopt if malformed.
std::optional<QualifiedName> ParseQualifiedName(std::string_view text);

// `text` with any password removed: the USER:PASSWORD@ part of a postgresql:// URL anywhere in it,
// and password=... in a URL query or a conninfo string. For echoing what a user typed.
std::string RedactPasswords(std::string_view text);

// `message` with every occurrence of `secret` (raw and percent-encoded) replaced by "***".
std::string ScrubSecret(std::string message, std::string_view secret);

// Quotes an identifier for SQL: "name" with inner quotes doubled.
std::string QuoteIdentifier(std::string_view name);

}  // namespace seg::rt::pg
