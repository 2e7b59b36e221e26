// libFuzzer entry for the language server: random JSON-RPC messages and random documents. The
// input is split into chunks at "\n--\n". A chunk that is JSON goes to the dispatcher as a
// message as it is (any method, any params, any id); any other chunk becomes the text of an open
// document, changed in place, and every feature is asked about it at positions taken from its
// bytes. An input that starts with "Content-Length" is fed whole through the framing layer
// instead. Every message must get well-formed replies, and nothing may crash or throw.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "compiler/lsp/server.h"

namespace {

using Json = nlohmann::json;

void CheckReplies(const std::vector<std::string>& replies) {
  for (const std::string& reply : replies) {
    Json parsed = Json::parse(reply, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || parsed.value("jsonrpc", "") != "2.0") {
      std::fprintf(stderr, "fuzz_lsp: a reply that is not a JSON-RPC message: %s\n", reply.c_str());
      std::abort();
    }
  }
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void AskEverything(seg::lsp::Server& server, const std::string& uri, const std::string& chunk) {
  int id = 100;
  for (size_t i = 0; i + 1 < chunk.size() && i < 24; i += 2) {
    Json position = {{"line", static_cast<unsigned char>(chunk[i]) % 16},
                     {"character", static_cast<unsigned char>(chunk[i + 1]) % 64}};
    for (const char* method : {"textDocument/hover", "textDocument/completion", "textDocument/definition"}) {
      Json request = {{"jsonrpc", "2.0"},
                      {"id", id++},
                      {"method", method},
                      {"params", {{"textDocument", {{"uri", uri}}}, {"position", position}}}};
      CheckReplies(server.Handle(Dump(request)));
    }
  }
  for (const char* method : {"textDocument/formatting", "textDocument/documentSymbol"}) {
    Json request = {{"jsonrpc", "2.0"},
                    {"id", id++},
                    {"method", method},
                    {"params", {{"textDocument", {{"uri", uri}}}}}};
    CheckReplies(server.Handle(Dump(request)));
  }
}

}  // namespace

// Go to definition copies std modules under $XDG_CACHE_HOME/seg/std: a folder of the fuzzer's own.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("XDG_CACHE_HOME", "/tmp/seg-fuzz-lsp-cache", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  if (input.rfind("Content-Length", 0) == 0) {
    std::istringstream in(input);
    std::ostringstream out, log;
    seg::lsp::RunServer(in, out, log);
    return 0;
  }
  seg::lsp::Server server;
  CheckReplies(server.Handle(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})"));
  const std::string uri = "file:///fuzz.seg";
  bool opened = false;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find("\n--\n", start);
    std::string chunk = input.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? input.size() + 1 : end + 4;
    if (!Json::accept(chunk) && !chunk.empty()) {
      Json params;
      if (!opened) {
        params = {{"textDocument", {{"uri", uri}, {"version", 1}, {"text", chunk}}}};
        CheckReplies(server.Handle(Dump({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"}, {"params", params}})));
        opened = true;
      } else {
        // A ranged change where the chunk's first bytes say, so that edits land anywhere.
        unsigned line = static_cast<unsigned char>(chunk[0]) % 8;
        Json range = {{"start", {{"line", line}, {"character", 0}}},
                      {"end", {{"line", line + (chunk.size() > 1 ? chunk[1] & 1 : 0)}, {"character", 3}}}};
        Json change = {{"range", range}, {"text", chunk}};
        params = {{"textDocument", {{"uri", uri}, {"version", 2}}}, {"contentChanges", Json::array({change})}};
        CheckReplies(
            server.Handle(Dump({{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"}, {"params", params}})));
      }
      AskEverything(server, uri, chunk);
      continue;
    }
    CheckReplies(server.Handle(chunk));
    if (server.exit_requested()) break;
  }
  return 0;
}
