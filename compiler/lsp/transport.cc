#include "compiler/lsp/transport.h"

#include <cctype>
#include <optional>

namespace seg::lsp {

namespace {

// One header line without its CR LF (a bare LF is accepted too); nullopt at the end of the stream.
std::optional<std::string> ReadHeaderLine(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return line.empty() ? std::nullopt : std::optional<std::string>(line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool EqualsIgnoringCase(const std::string& a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return i == a.size() && b[i] == '\0';
}

std::string Trim(const std::string& s) {
  size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

}  // namespace

Frame ReadMessage(std::istream& in) {
  Frame frame;
  auto bad = [&frame](std::string why) {
    frame.status = ReadStatus::kBadFrame;
    frame.problem = std::move(why);
    return frame;
  };
  std::optional<size_t> length;
  bool any_header = false;
  bool bad_length = false;
  while (true) {
    std::optional<std::string> line = ReadHeaderLine(in);
    if (!line) {
      if (!any_header) return frame;  // kEnd
      return bad("the stream ended inside a message header");
    }
    if (line->empty()) {
      if (!any_header) continue;  // stray blank lines between messages
      break;
    }
    any_header = true;
    size_t colon = line->find(':');
    if (colon == std::string::npos) continue;  // not a header; the missing length is reported below
    if (!EqualsIgnoringCase(Trim(line->substr(0, colon)), "content-length")) continue;  // Content-Type etc.
    std::string value = Trim(line->substr(colon + 1));
    size_t n = 0;
    bool digits = !value.empty() && value.size() <= 12;
    for (char c : value) {
      if (!std::isdigit(static_cast<unsigned char>(c))) digits = false;
      else n = n * 10 + static_cast<size_t>(c - '0');
    }
    if (digits) length = n;
    else bad_length = true;
  }
  if (!length) {
    return bad(bad_length ? "the Content-Length header is not a number" : "a message header without Content-Length");
  }
  if (*length > kMaxMessageBytes) {
    in.ignore(static_cast<std::streamsize>(*length));
    return bad("a message of " + std::to_string(*length) + " bytes is larger than seg accepts");
  }
  frame.body.assign(*length, '\0');
  in.read(frame.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in.gcount()) != *length) {
    return bad("the stream ended inside a message body");
  }
  frame.status = ReadStatus::kMessage;
  return frame;
}

void WriteMessage(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace seg::lsp
