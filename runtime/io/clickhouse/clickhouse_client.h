#pragma once

// A ClickHouse server over its HTTP interface, through libcurl (Debian has no C++ client library
// for its native protocol). One POST per statement: the SQL in the body, or for an INSERT the SQL
// in the URL and the rows in the body. Query and Insert get their answer whole (wait_end_of_query=1),
// so an error while the server is computing arrives as an HTTP error, never as a half-read result.
// QueryStreaming hands the answer over piece by piece while the server sends it; there a server
// error after the first bytes arrives as text appended to a body of status 200, which the piece
// reader's format must reject (BodyReader) and the client then reports as the server's error.

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "runtime/io/clickhouse/clickhouse_url.h"
#include "runtime/status.h"

namespace seg::rt::ch {

// A failure talking to ClickHouse; the message names the server (never the password) and what
// seg was doing ("reading table events", "creating table out").
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads an answer in pieces as they arrive: `feed` decodes one (fails for bytes that are not
// its format), `finish` says whether the answer is complete once the body has ended.
struct BodyReader {
  std::function<Status(std::string_view piece)> feed;
  std::function<Status()> finish;
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
  // Runs `sql` and hands its answer to `reader` while the server sends it (no wait_end_of_query:
  // the server streams its blocks as it computes them). Throws Error: the server's message when
  // it failed (before or in the middle of the answer), else the reader's.
  void QueryStreaming(const std::string& sql, std::string_view what, const Settings& settings, BodyReader& reader);
  // Runs `sql` (an INSERT ... FORMAT F) with `data`, rows in format F, as the body.
  void Insert(const std::string& sql, std::string_view data, std::string_view what, const Settings& settings = {});

  // The server's version string ("18.16.1"); a cheap check that it answers.
  std::string Version();

 private:
  // One POST: its answer whole (`reader` null), else handed to `reader` as it arrives.
  std::string Post(const std::string& url_params, std::string_view body, std::string_view what,
                   BodyReader* reader = nullptr);

  ClickHouseUrl url_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

// The readable part of a ClickHouse error body: "Code: 60, e.displayText() = DB::Exception: Table
// x doesn't exist., e.what() = DB::Exception" -> "Table x doesn't exist. (code 60)".
std::string ServerMessage(std::string_view body);

// Where the server's error text starts in the last bytes of a streamed body ("Code: N, e.displayText()
// = DB::Exception: ..." in 18.x, "Code: N. DB::Exception: ..." later), or npos.
size_t TrailingServerError(std::string_view tail);

}  // namespace seg::rt::ch
