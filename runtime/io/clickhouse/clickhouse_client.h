#pragma once

// A ClickHouse server over its HTTP interface, through libcurl (Debian has no C++ client library
// for its native protocol). One POST per statement: the SQL in the body, or for an INSERT the SQL
// in the URL and the rows in the body. Results come back whole (wait_end_of_query=1), so an error
// while the server is computing arrives as an HTTP error, never as a half-read result.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "runtime/io/clickhouse/clickhouse_url.h"

namespace seg::rt::ch {

// A failure talking to ClickHouse; the message names the server (never the password) and what
// seg was doing ("reading table events", "creating table out").
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Query settings sent with one statement (e.g. {"insert_distributed_sync", "1"}).
using Settings = std::map<std::string, std::string>;

class Client {
 public:
  explicit Client(ClickHouseUrl url);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const ClickHouseUrl& url() const { return url_; }

  // Runs `sql` and returns the response body (its FORMAT clause decides the layout). `what`
  // says what the statement is for, in error messages. Throws Error.
  std::string Query(const std::string& sql, std::string_view what, const Settings& settings = {});
  // Runs `sql` (an INSERT ... FORMAT F) with `data`, rows in format F, as the body.
  void Insert(const std::string& sql, std::string_view data, std::string_view what, const Settings& settings = {});

  // The server's version string ("18.16.1"); a cheap check that it answers.
  std::string Version();

 private:
  std::string Post(const std::string& url_params, std::string_view body, std::string_view what);

  ClickHouseUrl url_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

// The readable part of a ClickHouse error body: "Code: 60, e.displayText() = DB::Exception: Table
// x doesn't exist., e.what() = DB::Exception" -> "Table x doesn't exist. (code 60)".
std::string ServerMessage(std::string_view body);

}  // namespace seg::rt::ch
