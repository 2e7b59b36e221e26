#include "compiler/lsp/server.h"

#include "compiler/lsp/features.h"
#include "compiler/lsp/transport.h"

namespace seg::lsp {

namespace {

// Never throws: text seg did not make valid UTF-8 (a label cut mid-character) becomes U+FFFD.
std::string Serialise(const Json& message) { return message.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Response(const Json& id, Json result) {
  return Serialise({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

std::string ErrorResponse(const Json& id, ErrorCode code, const std::string& message) {
  return Serialise({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

std::string Notification(const std::string& method, Json params) {
  return Serialise({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

const Json& Field(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) {
    throw RequestError{kInvalidParams, std::string("missing '") + key + "'"};
  }
  return object[key];
}

std::string StringField(const Json& object, const char* key) {
  const Json& value = Field(object, key);
  if (!value.is_string()) throw RequestError{kInvalidParams, std::string("'") + key + "' must be a string"};
  return value.get<std::string>();
}

std::string UriOf(const Json& params) { return StringField(Field(params, "textDocument"), "uri"); }

int64_t VersionOf(const Json& text_document) {
  if (!text_document.is_object() || !text_document.contains("version")) return 0;
  const Json& v = text_document["version"];
  return v.is_number_integer() ? v.get<int64_t>() : 0;
}

Json Capabilities() {
  return {{"capabilities",
           {{"positionEncoding", "utf-16"},
            {"textDocumentSync", {{"openClose", true}, {"change", 2}}},  // 2: incremental changes
            {"hoverProvider", true},
            {"completionProvider", {{"triggerCharacters", {".", "\""}}}},
            {"definitionProvider", true},
            {"documentFormattingProvider", true},
            {"documentSymbolProvider", true}}},
          {"serverInfo", {{"name", "seg"}}}};
}

}  // namespace

Json Server::Initialize(const Json& params) {
  if (initialized_) throw RequestError{kInvalidRequest, "initialize was already received"};
  initialized_ = true;
  return Capabilities();
}

Json Server::HandleRequest(const std::string& method, const Json& params) {
  if (method == "initialize") return Initialize(params);
  if (method == "shutdown") {
    shutdown_requested_ = true;
    return nullptr;
  }
  if (method == "textDocument/hover")
    return Hover(documents_.Get(UriOf(params)), PositionFrom(Field(params, "position")));
  if (method == "textDocument/completion") {
    return Completion(documents_.Get(UriOf(params)), PositionFrom(Field(params, "position")));
  }
  if (method == "textDocument/definition") {
    return Definition(documents_.Get(UriOf(params)), PositionFrom(Field(params, "position")));
  }
  if (method == "textDocument/formatting") return Formatting(documents_.Get(UriOf(params)));
  if (method == "textDocument/documentSymbol") return DocumentSymbols(documents_.Get(UriOf(params)));
  throw RequestError{kMethodNotFound, "seg does not implement '" + method + "'"};
}

void Server::HandleNotification(const std::string& method, const Json& params, std::vector<std::string>& out) {
  if (method == "textDocument/didOpen") {
    const Json& item = Field(params, "textDocument");
    Document& d = documents_.Open(StringField(item, "uri"), StringField(item, "text"), VersionOf(item));
    out.push_back(Notification("textDocument/publishDiagnostics", PublishDiagnosticsParams(d)));
  } else if (method == "textDocument/didChange") {
    const Json& item = Field(params, "textDocument");
    Document& d = documents_.Change(StringField(item, "uri"), Field(params, "contentChanges"), VersionOf(item));
    out.push_back(Notification("textDocument/publishDiagnostics", PublishDiagnosticsParams(d)));
  } else if (method == "textDocument/didClose") {
    std::string uri = UriOf(params);
    documents_.Close(uri);
    out.push_back(Notification("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", Json::array()}}));
  }
  // Anything else (initialized, didSave, $/cancelRequest, $/setTrace, ...) needs no action.
}

std::vector<std::string> Server::Handle(const std::string& message) {
  std::vector<std::string> out;
  Json parsed = Json::parse(message, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    out.push_back(ErrorResponse(nullptr, kParseError, "the message is not JSON"));
    return out;
  }
  if (!parsed.is_object()) {
    out.push_back(ErrorResponse(nullptr, kInvalidRequest, "a message must be a JSON object"));
    return out;
  }
  bool has_id = parsed.contains("id");
  Json id = has_id ? parsed["id"] : Json(nullptr);
  if (has_id && !id.is_number_integer() && !id.is_string()) {
    out.push_back(ErrorResponse(nullptr, kInvalidRequest, "a request's id must be an integer or a string"));
    return out;
  }
  if (!parsed.contains("method")) {
    // A response to a request of ours: seg sends none, so there is nothing to match it with.
    if (!has_id || (!parsed.contains("result") && !parsed.contains("error"))) {
      out.push_back(ErrorResponse(id, kInvalidRequest, "a message needs a method"));
    }
    return out;
  }
  if (!parsed["method"].is_string()) {
    if (has_id) out.push_back(ErrorResponse(id, kInvalidRequest, "the method must be a string"));
    return out;
  }
  std::string method = parsed["method"].get<std::string>();
  Json params = parsed.contains("params") ? parsed["params"] : Json::object();

  try {
    if (!has_id) {
      if (method == "exit") exit_requested_ = true;
      else if (initialized_ && !shutdown_requested_) HandleNotification(method, params, out);
      return out;
    }
    if (!initialized_ && method != "initialize") {
      out.push_back(ErrorResponse(id, kServerNotInitialized, "the first request must be initialize"));
    } else if (shutdown_requested_) {
      out.push_back(ErrorResponse(id, kInvalidRequest, "the server is shutting down: only exit is accepted"));
    } else {
      out.push_back(Response(id, HandleRequest(method, params)));
    }
  } catch (const RequestError& e) {
    if (has_id) out.push_back(ErrorResponse(id, e.code, e.message));
    else out.push_back(Notification("window/logMessage", {{"type", 1}, {"message", method + ": " + e.message}}));
  } catch (const Json::exception& e) {
    std::string why = std::string("malformed params: ") + e.what();
    if (has_id) out.push_back(ErrorResponse(id, kInvalidParams, why));
    else out.push_back(Notification("window/logMessage", {{"type", 1}, {"message", method + ": " + why}}));
  } catch (const std::exception& e) {
    std::string why = std::string("internal error: ") + e.what();
    if (has_id) out.push_back(ErrorResponse(id, kInternalError, why));
    else out.push_back(Notification("window/logMessage", {{"type", 1}, {"message", method + ": " + why}}));
  } catch (...) {
    if (has_id) out.push_back(ErrorResponse(id, kInternalError, "internal error"));
  }
  return out;
}

int RunServer(std::istream& in, std::ostream& out, std::ostream& log) {
  Server server;
  while (!server.exit_requested()) {
    Frame frame = ReadMessage(in);
    if (frame.status == ReadStatus::kEnd) break;
    if (frame.status == ReadStatus::kBadFrame) {
      log << "seg lsp: " << frame.problem << "\n";
      WriteMessage(out, ErrorResponse(nullptr, kParseError, frame.problem));
      if (!in) break;
      continue;
    }
    for (const std::string& reply : server.Handle(frame.body)) WriteMessage(out, reply);
  }
  return server.exit_status();
}

}  // namespace seg::lsp
