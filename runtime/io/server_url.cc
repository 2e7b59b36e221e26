#include "runtime/io/server_url.h"

#include <algorithm>
#include <cctype>

namespace seg::rt {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<ServerUrlParts> SplitServerUrl(std::string_view rest) {
  auto fail = [&](const std::string& reason) -> Result<ServerUrlParts> { return Status::Error(reason); };
  size_t query_start = rest.find('?');
  std::string_view query = query_start == std::string_view::npos ? "" : rest.substr(query_start + 1);
  rest = rest.substr(0, query_start);
  size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start + 1);

  ServerUrlParts url;
  // The password may contain '@' only percent-encoded, so the last '@' ends the user part.
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    auto user = PercentDecode(userinfo.substr(0, colon));
    if (!user) return fail("bad %-escape in the user name");
    url.user = *user;
    if (colon != std::string_view::npos) {
      auto password = PercentDecode(userinfo.substr(colon + 1));
      if (!password) return fail("bad %-escape in the password");
      url.password = *password;
    }
  }
  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {  // [IPv6]:port
    size_t close = host.find(']');
    if (close == std::string_view::npos) return fail("unclosed '[' in the host");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return fail("unexpected text after ']'");
    if (!port.empty()) port.remove_prefix(1);
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  auto decoded_host = PercentDecode(host);
  if (!decoded_host) return fail("bad %-escape in the host");
  url.host = *decoded_host;
  if (!port.empty() && !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fail("the port '" + std::string(port) + "' is not a number");
  }
  url.port = std::string(port);
  auto decoded_path = PercentDecode(path);
  if (!decoded_path) return fail("bad %-escape in the database name");
  url.path = *decoded_path;

  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) return fail("parameter '" + std::string(pair) + "' has no '='");
    auto key = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(pair.substr(eq + 1));
    if (!key || !value) return fail("bad %-escape in a parameter");
    url.parameters.emplace_back(*key, *value);
  }
  return url;
}

std::string RedactUrlPasswords(std::string_view text, const std::vector<std::string_view>& schemes) {
  std::string out(text);
  // USER:PASSWORD@ after any of the schemes in the text.
  for (size_t search = 0;;) {
    size_t found = std::string::npos;
    size_t length = 0;
    std::string lower = out;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view scheme : schemes) {
      size_t at = lower.find(scheme, search);
      if (at < found) {
        found = at;
        length = scheme.size();
      }
    }
    if (found == std::string::npos) break;
    size_t start = found + length;
    size_t end = out.find_first_of("/?# \t\n", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
    search = start;
  }
  // password=VALUE in a query string or a conninfo (up to '&' or whitespace).
  for (size_t search = 0;;) {
    size_t at = out.find("password=", search);
    if (at == std::string::npos) break;
    size_t start = at + 9;
    size_t end = out.find_first_of("& \t\n", start);
    if (end == std::string::npos) end = out.size();
    out.replace(start, end - start, "***");
    search = start + 3;
  }
  return out;
}

}  // namespace seg::rt
