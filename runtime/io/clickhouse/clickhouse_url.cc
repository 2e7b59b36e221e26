#include "runtime/io/clickhouse/clickhouse_url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "runtime/io/server_url.h"

namespace seg::rt::ch {
namespace {

constexpr std::string_view kScheme = "clickhouse://";

bool HasScheme(std::string_view text) {
  if (text.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != kScheme[i]) return false;
  }
  return true;
}

std::string Quote(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote || c == '\\') out += '\\';
    out += c;
  }
  return out + quote;
}

}  // namespace

bool IsClickHouseUrl(std::string_view text) { return HasScheme(text); }

std::string QuoteIdentifier(std::string_view name) { return Quote(name, '`'); }
std::string QuoteString(std::string_view text) { return Quote(text, '\''); }

Result<ClickHouseUrl> ParseClickHouseUrl(std::string_view text) {
  auto fail = [&](const std::string& why) -> Result<ClickHouseUrl> {
    return Status::Error("bad ClickHouse URL '" + RedactClickHousePasswords(text) + "': " + why);
  };
  if (!HasScheme(text)) return fail("it must start with clickhouse://");
  Result<ServerUrlParts> parts = SplitServerUrl(text.substr(kScheme.size()));
  if (!parts.ok()) return fail(parts.message());
  ClickHouseUrl url;
  url.user = parts->user;
  url.password = parts->password;
  if (parts->host.empty()) return fail("it names no host");
  url.host = parts->host;
  if (!parts->port.empty()) {
    auto [end, ec] = std::from_chars(parts->port.data(), parts->port.data() + parts->port.size(), url.port);
    if (ec != std::errc() || end != parts->port.data() + parts->port.size() || url.port <= 0 || url.port > 65535) {
      return fail("the port '" + parts->port + "' is not a port number");
    }
  }
  if (parts->path.find('/') != std::string::npos) return fail("the database name holds a '/'");
  url.database = parts->path;
  for (const auto& [key, value] : parts->parameters) {
    if (key == "table") {
      if (!url.table.empty()) return fail("table= is given twice");
      if (value.empty()) return fail("table= is empty");
      url.table = value;
    } else if (key == "password") {
      url.password = value;
    } else {
      return fail("unknown parameter '" + key + "' (clickhouse:// takes table= and password=)");
    }
  }
  return url;
}

std::string ClickHouseUrl::Display() const {
  std::string out = "clickhouse://";
  if (!user.empty()) out += PercentEncode(user) + "@";
  out += Where();
  if (!table.empty()) out += "?table=" + PercentEncode(table);
  return out;
}

std::string ClickHouseUrl::Where() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return out + ":" + std::to_string(port) + "/" + (database.empty() ? "default" : database);
}

std::string ClickHouseUrl::HttpBase() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + h + ":" + std::to_string(port) + "/";
}

std::string RedactClickHousePasswords(std::string_view text) { return RedactUrlPasswords(text, {kScheme}); }

}  // namespace seg::rt::ch
