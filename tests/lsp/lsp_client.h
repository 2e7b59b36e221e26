// A scripted LSP client for tests: starts `seg lsp` with pipes on its standard input and output,
// sends framed JSON-RPC messages and reads the replies, as an editor would.
#pragma once
#include <sys/types.h>

#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace seg::test {

using Json = nlohmann::json;

class LspClient {
 public:
  // Starts `binary lsp` with XDG_CACHE_HOME set to `cache_home` (where std modules are copied).
  LspClient(const std::string& binary, const std::string& cache_home);
  ~LspClient();

  void Send(const Json& message);
  void SendRaw(const std::string& bytes);  // for malformed framing
  // Sends a request and returns its response, keeping the notifications that came before it.
  Json Request(const std::string& method, const Json& params);
  void Notify(const std::string& method, const Json& params);
  // The next notification of `method` (read from the server if none is waiting).
  Json NextNotification(const std::string& method);
  // Reads one message; a server that says nothing for 60 s, or closes, fails the test (an
  // empty object is returned then).
  Json Read();
  // Closes the server's input and waits for it; its exit status (or -1 when it did not exit normally).
  int CloseAndWait();

 private:
  bool Fill();  // reads what the server has written so far into buffer_
  bool ReadExactly(std::string& out, size_t n);
  bool ReadLine(std::string& out);
  pid_t pid_ = -1;
  int to_server_ = -1;
  int from_server_ = -1;
  int next_id_ = 1;
  std::string buffer_;
  std::deque<Json> pending_;  // notifications read while waiting for a response
};

}  // namespace seg::test
