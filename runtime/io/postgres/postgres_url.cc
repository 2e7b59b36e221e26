#include "runtime/io/postgres/postgres_url.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace seg::rt::pg {
namespace {

constexpr std::string_view kSchemes[] = {"postgresql://", "postgres://"};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

size_t SchemeLength(std::string_view text) {
  for (std::string_view scheme : kSchemes) {
    if (StartsWithNoCase(text, scheme)) return scheme.size();
  }
  return 0;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding as libpq does it ('+' stays '+': a query may well contain one).
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

// The keywords this libpq accepts in a conninfo (sslmode, connect_timeout, ...).
const std::set<std::string>& LibpqKeywords() {
  static const std::set<std::string> keywords = [] {
    std::set<std::string> names;
    PQconninfoOption* options = PQconndefaults();
    for (PQconninfoOption* o = options; o != nullptr && o->keyword != nullptr; ++o) {
      names.insert(o->keyword);
    }
    PQconninfoFree(options);
    return names;
  }();
  return keywords;
}

// One identifier of SCHEMA.TABLE starting at text[*pos]: "quoted" (doubled quotes inside) or bare
// (folded to lower case, as PostgreSQL folds unquoted names).
std::optional<std::string> ParseIdentifier(std::string_view text, size_t* pos) {
  std::string out;
  size_t i = *pos;
  if (i < text.size() && text[i] == '"') {
    for (++i;; ++i) {
      if (i >= text.size()) return std::nullopt;
      if (text[i] == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          out += '"';
          ++i;
          continue;
        }
        ++i;
        break;
      }
      out += text[i];
    }
  } else {
    for (; i < text.size() && text[i] != '.'; ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == '"' || std::isspace(c)) return std::nullopt;
      out += static_cast<char>(c < 128 ? std::tolower(c) : c);
    }
  }
  if (out.empty()) return std::nullopt;
  *pos = i;
  return out;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QualifiedName::Sql() const {
  return schema.empty() ? QuoteIdentifier(table) : QuoteIdentifier(schema) + "." + QuoteIdentifier(table);
}

std::string QualifiedName::Display() const { return schema.empty() ? table : schema + "." + table; }

std::optional<QualifiedName> ParseQualifiedName(std::string_view text) {
  size_t pos = 0;
  std::optional<std::string> first = ParseIdentifier(text, &pos);
  if (!first) return std::nullopt;
  if (pos == text.size()) return QualifiedName{"", *first};
  if (text[pos] != '.') return std::nullopt;
  ++pos;
  std::optional<std::string> second = ParseIdentifier(text, &pos);
  if (!second || pos != text.size()) return std::nullopt;
  return QualifiedName{*first, *second};
}

bool IsPostgresUrl(std::string_view text) { return SchemeLength(text) > 0; }

rt::Result<PostgresUrl> ParsePostgresUrl(std::string_view text) {
  auto fail = [&](const std::string& why) -> rt::Result<PostgresUrl> {
    return Status::Error("bad PostgreSQL URL '" + RedactPasswords(text) + "': " + why);
  };
  size_t scheme = SchemeLength(text);
  if (scheme == 0) return fail("it must start with postgresql://");
  std::string_view rest = text.substr(scheme);
  size_t query_start = rest.find('?');
  std::string_view query = query_start == std::string_view::npos ? "" : rest.substr(query_start + 1);
  rest = rest.substr(0, query_start);
  size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start + 1);

  PostgresUrl url;
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
  auto database = PercentDecode(path);
  if (!database) return fail("bad %-escape in the database name");
  url.database = *database;

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
    if (*key == "table") {
      if (url.table) return fail("table= is given twice");
      url.table = ParseQualifiedName(*value);
      if (!url.table) return fail("table= wants SCHEMA.TABLE or TABLE, not '" + *value + "'");
    } else if (*key == "query") {
      if (url.query) return fail("query= is given twice");
      if (value->empty()) return fail("query= is empty");
      url.query = *value;
    } else if (*key == "password") {
      url.password = *value;
    } else if (LibpqKeywords().count(*key) > 0) {
      url.connection_options.emplace_back(*key, *value);
    } else {
      url.other[*key] = *value;
    }
  }
  if (url.table && url.query) return fail("give either table= or query=, not both");
  return url;
}

std::string PostgresUrl::Display() const {
  std::string out = "postgresql://";
  if (!user.empty()) out += PercentEncode(user) + "@";
  if (host.find(':') != std::string::npos) {
    out += "[" + host + "]";
  } else {
    out += PercentEncode(host);
  }
  if (!port.empty()) out += ":" + port;
  out += "/" + PercentEncode(database);
  std::string separator = "?";
  auto add = [&](const std::string& key, const std::string& value) {
    out += separator + key + "=" + PercentEncode(value);
    separator = "&";
  };
  if (table) add("table", table->Display());
  if (query) add("query", *query);
  for (const auto& [key, value] : connection_options) add(key, value);
  for (const auto& [key, value] : other) add(key, value);
  return out;
}

std::string PostgresUrl::Where() const {
  std::string out = host.empty() ? "localhost" : host;
  out += ":" + (port.empty() ? std::string("5432") : port);
  if (!database.empty()) out += "/" + database;
  return out;
}

std::vector<std::pair<std::string, std::string>> PostgresUrl::ConnectionParams() const {
  std::vector<std::pair<std::string, std::string>> params;
  if (!host.empty()) params.emplace_back("host", host);
  if (!port.empty()) params.emplace_back("port", port);
  if (!database.empty()) params.emplace_back("dbname", database);
  if (!user.empty()) params.emplace_back("user", user);
  if (!password.empty()) params.emplace_back("password", password);
  params.insert(params.end(), connection_options.begin(), connection_options.end());
  auto given = [&](const char* key) {
    return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == key; });
  };
  // seg's own name in pg_stat_activity unless the URL sets one.
  if (!given("application_name")) params.emplace_back("application_name", "seg");
  // Text arrives as UTF-8 whatever the database's encoding, so seg need not check it again.
  if (!given("client_encoding")) params.emplace_back("client_encoding", "UTF8");
  return params;
}

std::string RedactPasswords(std::string_view text) {
  std::string out(text);
  // USER:PASSWORD@ after any postgresql:// or postgres:// in the text.
  for (size_t search = 0;;) {
    size_t found = std::string::npos;
    size_t length = 0;
    std::string lower = out;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view scheme : kSchemes) {
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

std::string ScrubSecret(std::string message, std::string_view secret) {
  if (secret.empty()) return message;
  for (const std::string& form : {std::string(secret), PercentEncode(secret)}) {
    for (size_t at = message.find(form); at != std::string::npos; at = message.find(form, at + 3)) {
      message.replace(at, form.size(), "***");
    }
  }
  return message;
}

}  // namespace seg::rt::pg
