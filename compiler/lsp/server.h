// The dispatcher: one JSON-RPC message in, the messages to send back out. It keeps the
// protocol's lifecycle (initialize first, shutdown, exit), answers every request exactly once
// (a result or an error: MethodNotFound for methods it does not know, ParseError for text that
// is not JSON, InvalidParams for malformed params), ignores unknown notifications, and never
// lets an exception escape: whatever a client sends, the server answers and carries on.
#pragma once
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/lsp/document_store.h"

namespace seg::lsp {

class Server {
 public:
  // The replies and notifications `message` (one message's body) calls for, in order.
  std::vector<std::string> Handle(const std::string& message);

  bool exit_requested() const { return exit_requested_; }
  // The process exit status the protocol asks for: 0 after shutdown, 1 when exit came without it.
  int exit_status() const { return shutdown_requested_ ? 0 : 1; }

 private:
  Json HandleRequest(const std::string& method, const Json& params);
  void HandleNotification(const std::string& method, const Json& params, std::vector<std::string>& out);
  Json Initialize(const Json& params);

  DocumentStore documents_;
  bool initialized_ = false;
  bool shutdown_requested_ = false;
  bool exit_requested_ = false;
};

// `seg lsp`: reads framed messages from `in` until exit or the end of the stream, writes the
// replies to `out`; returns the exit status.
int RunServer(std::istream& in, std::ostream& out, std::ostream& log);

}  // namespace seg::lsp
