#include "runtime/io/clickhouse/clickhouse_client.h"

#include <curl/curl.h>

#include <mutex>

namespace seg::rt::ch {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What the write callback does with the answer's bytes: keeps them whole (no reader, or a status
// other than 200: the body is the server's error), or hands them to the reader as they come.
struct Receiver {
  CURL* curl = nullptr;
  BodyReader* reader = nullptr;
  std::string body;
  bool status_read = false, status_ok = false;
  // Streamed: the reader's first failure, the last bytes (where a server error would be), and
  // how many bytes are still taken after a failure to see the error text that follows it.
  Status failure = Status::Ok();
  std::string tail;
  size_t after_failure = 0;
};

constexpr size_t kTailBytes = size_t{64} << 10;

size_t Receive(char* data, size_t size, size_t count, void* self) {
  auto& r = *static_cast<Receiver*>(self);
  size_t n = size * count;
  if (!r.status_read) {
    long status = 0;
    curl_easy_getinfo(r.curl, CURLINFO_RESPONSE_CODE, &status);
    r.status_ok = status == 200;
    r.status_read = true;
  }
  std::string_view piece(data, n);
  if (r.reader == nullptr || !r.status_ok) {
    r.body.append(piece);
    return n;
  }
  if (piece.size() >= kTailBytes) {
    r.tail.assign(piece.substr(piece.size() - kTailBytes));
  } else {
    r.tail.append(piece);
    if (r.tail.size() > 2 * kTailBytes) r.tail.erase(0, r.tail.size() - kTailBytes);
  }
  if (r.failure.ok()) {
    r.failure = r.reader->feed(piece);
    return n;
  }
  // A server error follows the bytes that failed the reader within a few KiB: read that far, then
  // stop (a malformed answer may be long).
  r.after_failure += n;
  return r.after_failure > kTailBytes ? 0 : n;
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// A statement shortened for a message: its first line, at most 120 characters.
std::string Excerpt(std::string_view sql) {
  std::string first = Trim(sql.substr(0, sql.find('\n')));
  if (first.size() > 120) first = first.substr(0, 117) + "...";
  return first;
}

std::string ScrubSecret(std::string message, std::string_view secret) {
  if (secret.empty()) return message;
  for (size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + 3)) {
    message.replace(at, secret.size(), "***");
  }
  return message;
}

}  // namespace

std::string ServerMessage(std::string_view body) {
  std::string text = Trim(body);
  std::string code;
  if (text.rfind("Code: ", 0) == 0) {
    size_t end = text.find_first_of(",.", 6);
    code = text.substr(6, end - 6);
  }
  // 18.x: "Code: N, e.displayText() = DB::Exception: MESSAGE, e.what() = DB::Exception"
  // newer: "Code: N. DB::Exception: MESSAGE. (NAME) (version ...)"
  constexpr std::string_view kException = "DB::Exception: ";
  size_t start = text.find(kException);
  if (start != std::string::npos) text = text.substr(start + kException.size());
  size_t tail = text.rfind(", e.what() = ");
  if (tail != std::string::npos) text = text.substr(0, tail);
  size_t version = text.rfind(" (version ");
  if (version != std::string::npos) text = text.substr(0, version);
  if (!code.empty()) text += " (code " + code + ")";
  return text;
}

Client::Client(ClickHouseUrl url) : url_(std::move(url)) {
  GlobalInit();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw Error("ClickHouse " + url_.Where() + ": cannot initialise libcurl");
}

Client::~Client() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

size_t TrailingServerError(std::string_view tail) {
  constexpr std::string_view kCode = "Code: ";
  for (size_t at = tail.rfind(kCode); at != std::string_view::npos; at = tail.rfind(kCode, at - 1)) {
    size_t digits = at + kCode.size();
    while (digits < tail.size() && tail[digits] >= '0' && tail[digits] <= '9') ++digits;
    std::string_view rest = tail.substr(digits);
    if (digits > at + kCode.size() &&
        (rest.rfind(", e.displayText() = ", 0) == 0 || rest.rfind(". DB::Exception: ", 0) == 0))
      return at;
    if (at == 0) break;
  }
  return std::string_view::npos;
}

std::string Client::Post(const std::string& url_params, std::string_view body, std::string_view what,
                         BodyReader* reader) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  // A whole answer is buffered by the server until the statement has finished, so that an error
  // is an error status; a streamed one is sent as it is computed (the reader sees the errors).
  std::string target = url_.HttpBase() +
                       "?database=" + (url_.database.empty() ? std::string("default") : url_.database) +
                       (reader == nullptr ? "&wait_end_of_query=1" : "") + url_params;
  Receiver receiver;
  receiver.curl = curl;
  receiver.reader = reader;
  char curl_error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, target.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Receive);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &receiver);
  // A streamed answer is read as fast as it comes: in 512 KiB reads (libcurl's largest) rather
  // than 16 KiB, a hundred megabytes cost some 200 system calls and callbacks, not 6000.
  if (reader != nullptr) curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L << 10);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  // Basic authentication: the one way every ClickHouse release accepts a user and password.
  std::string user = url_.user.empty() ? "default" : url_.user;
  curl_easy_setopt(curl, CURLOPT_USERNAME, user.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, url_.password.c_str());
  struct curl_slist* headers = curl_slist_append(nullptr, "Content-Type: text/plain; charset=UTF-8");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip for large inserts
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  std::string where = "ClickHouse " + url_.Where() + ", " + std::string(what) + ": ";
  auto fail = [&](const std::string& message) { throw Error(ScrubSecret(where + message, url_.password)); };
  // A streamed answer the reader failed on, or that broke off: the server's error if it sent one.
  auto server_error = [&] {
    size_t at = TrailingServerError(receiver.tail);
    if (at != std::string::npos) fail(ServerMessage(std::string_view(receiver.tail).substr(at)));
  };
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && !receiver.failure.ok())) {
    std::string reason = curl_error[0] != '\0' ? curl_error : curl_easy_strerror(code);
    if (!receiver.status_read) fail("cannot reach the server: " + reason);
    server_error();
    fail("the answer broke off: " + reason);
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) fail(ServerMessage(receiver.body));
  if (reader == nullptr) return std::move(receiver.body);
  if (receiver.failure.ok()) receiver.failure = reader->finish();
  if (!receiver.failure.ok()) {
    server_error();
    fail(receiver.failure.message());
  }
  return "";
}

namespace {

std::string EncodeParam(CURL* curl, std::string_view value) {
  char* encoded = curl_easy_escape(curl, value.data(), static_cast<int>(value.size()));
  std::string out = encoded == nullptr ? "" : encoded;
  curl_free(encoded);
  return out;
}

std::string SettingsParams(CURL* curl, const Settings& settings) {
  std::string out;
  for (const auto& [name, value] : settings) out += "&" + EncodeParam(curl, name) + "=" + EncodeParam(curl, value);
  return out;
}

}  // namespace

std::string Client::Query(const std::string& sql, std::string_view what, const Settings& settings) {
  try {
    return Post(SettingsParams(static_cast<CURL*>(curl_), settings), sql, what);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (in: " + ScrubSecret(Excerpt(sql), url_.password) + ")");
  }
}

void Client::QueryStreaming(const std::string& sql, std::string_view what, const Settings& settings,
                            BodyReader& reader) {
  try {
    Post(SettingsParams(static_cast<CURL*>(curl_), settings), sql, what, &reader);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (in: " + ScrubSecret(Excerpt(sql), url_.password) + ")");
  }
}

void Client::Insert(const std::string& sql, std::string_view data, std::string_view what, const Settings& settings) {
  CURL* curl = static_cast<CURL*>(curl_);
  try {
    Post(SettingsParams(curl, settings) + "&query=" + EncodeParam(curl, sql), data, what);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (in: " + ScrubSecret(Excerpt(sql), url_.password) + ")");
  }
}

std::string Client::Version() { return Trim(Query("SELECT version()", "asking its version")); }

}  // namespace seg::rt::ch
