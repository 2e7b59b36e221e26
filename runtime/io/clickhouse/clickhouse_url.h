#pragma once

// clickhouse://[USER[:PASSWORD]@]HOST:PORT/DB[?table=NAME] : where seg finds a ClickHouse server.
// PORT is the server's HTTP port (8123 by default), since seg talks HTTP (clickhouse_client.h).

#include <optional>
#include <string>
#include <string_view>

#include "runtime/status.h"

namespace seg::rt::ch {

struct ClickHouseUrl {
  std::string user;      // empty: "default"
  std::string password;  // empty: none. Never print it.
  std::string host;
  int port = 8123;
  std::string database;  // empty: "default"
  std::string table;     // ?table=NAME (an output table, or an input table), empty when absent

  // The URL with the password left out: safe for any message or log line.
  std::string Display() const;
  // "HOST:PORT/DB", for error messages.
  std::string Where() const;
  // http://HOST:PORT/ (brackets around an IPv6 host).
  std::string HttpBase() const;
};

// True when `text` starts with clickhouse:// (case-insensitive scheme).
bool IsClickHouseUrl(std::string_view text);

// Parses a clickhouse:// URL; every part is percent-decoded. A failure's message does not contain
// the password.
Result<ClickHouseUrl> ParseClickHouseUrl(std::string_view text);

// `text` with the password of any clickhouse:// URL in it left out, for echoing what a user typed.
std::string RedactClickHousePasswords(std::string_view text);

// A ClickHouse identifier in backquotes (backslash and backquote escaped).
std::string QuoteIdentifier(std::string_view name);
// A ClickHouse string literal in single quotes (backslash and quote escaped).
std::string QuoteString(std::string_view text);

}  // namespace seg::rt::ch
