// Pieces of the Language Server Protocol that every feature shares: the JSON-RPC error codes,
// ranges from seg's spans, and file URIs.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/base/source_file.h"
#include "compiler/lsp/text_position.h"

namespace seg::lsp {

using Json = nlohmann::json;

// JSON-RPC 2.0 and LSP error codes (the specification's numbers).
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

// A request handler throws this to answer with an error instead of a result.
struct RequestError {
  ErrorCode code;
  std::string message;
};

Json ToJson(Position position);
Json ToRange(const LineIndex& lines, uint32_t begin, uint32_t end);
inline Json ToRange(const LineIndex& lines, const SourceSpan& span) { return ToRange(lines, span.begin, span.end); }
// Reads {line, character}; a malformed position is an InvalidParams error.
Position PositionFrom(const Json& position);

// file:///a/b%20c.seg <-> /a/b c.seg. Other schemes (untitled:, ...) keep their URI as the name.
std::string PathFromUri(const std::string& uri);
std::string UriFromPath(const std::string& path);

}  // namespace seg::lsp
