#include "compiler/lsp/protocol.h"

#include <cctype>

namespace seg::lsp {

Json ToJson(Position position) { return {{"line", position.line}, {"character", position.character}}; }

Json ToRange(const LineIndex& lines, uint32_t begin, uint32_t end) {
  return {{"start", ToJson(lines.ToPosition(begin))}, {"end", ToJson(lines.ToPosition(end < begin ? begin : end))}};
}

Position PositionFrom(const Json& position) {
  if (!position.is_object() || !position.contains("line") || !position.contains("character") ||
      !position["line"].is_number_unsigned() || !position["character"].is_number_unsigned()) {
    throw RequestError{kInvalidParams, "position needs a line and a character, both numbers >= 0"};
  }
  auto clamp = [](uint64_t v) { return static_cast<uint32_t>(v > UINT32_MAX ? UINT32_MAX : v); };
  return {clamp(position["line"].get<uint64_t>()), clamp(position["character"].get<uint64_t>())};
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
}  // namespace

std::string PathFromUri(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.compare(0, scheme.size(), scheme) != 0) return uri;
  std::string rest = uri.substr(scheme.size());
  if (size_t slash = rest.find('/'); slash != std::string::npos) rest = rest.substr(slash);  // drop an authority
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && HexValue(rest[i + 1]) >= 0 && HexValue(rest[i + 2]) >= 0) {
      path += static_cast<char>(HexValue(rest[i + 1]) * 16 + HexValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  return path;
}

std::string UriFromPath(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

}  // namespace seg::lsp
