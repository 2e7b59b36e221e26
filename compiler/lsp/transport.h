// The Language Server Protocol's base layer: JSON-RPC messages framed by a `Content-Length`
// header on a byte stream (standard input and output for `seg lsp`). Only the framing lives
// here; what a message means is the dispatcher's business (server.h).
#pragma once
#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

namespace seg::lsp {

enum class ReadStatus {
  kMessage,   // *body holds one message's bytes (not yet parsed as JSON)
  kEnd,       // the stream ended between messages: the client went away
  kBadFrame,  // the header was unusable (*error says why); the reader resynchronises at the next header
};

// A body larger than this is read and thrown away: a rule file is at most 1 MiB (ParseLimits),
// so no legitimate message comes near it.
inline constexpr size_t kMaxMessageBytes = 64u << 20;

// One read from the stream: a message's body, the end, or a bad frame and why.
struct Frame {
  ReadStatus status = ReadStatus::kEnd;
  std::string body;
  std::string problem;  // kBadFrame: what was wrong with the header or body
};
Frame ReadMessage(std::istream& in);
// Writes one framed message and flushes, so the client sees it at once.
void WriteMessage(std::ostream& out, const std::string& body);

}  // namespace seg::lsp
