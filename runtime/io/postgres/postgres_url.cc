#include "runtime/io/postgres/postgres_url.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "runtime/io/server_url.h"

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
  rt::Result<ServerUrlParts> parts = SplitServerUrl(text.substr(scheme));
  if (!parts.ok()) return fail(parts.message());
  PostgresUrl url;
  url.user = parts->user;
  url.password = parts->password;
  url.host = parts->host;
  url.port = parts->port;
  url.database = parts->path;
  for (const auto& [key, value] : parts->parameters) {
    if (key == "table") {
      if (url.table) return fail("table= is given twice");
      url.table = ParseQualifiedName(value);
      if (!url.table) return fail("table= wants SCHEMA.TABLE or TABLE, not '" + value + "'");
    } else if (key == "query") {
      if (url.query) return fail("query= is given twice");
      if (value.empty()) return fail("query= is empty");
      url.query = value;
    } else if (key == "password") {
      url.password = value;
    } else if (LibpqKeywords().count(key) > 0) {
      url.connection_options.emplace_back(key, value);
    } else {
      url.other[key] = value;
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

std::string RedactPasswords(std::string_view text) { return RedactUrlPasswords(text, {kSchemes[0], kSchemes[1]}); }

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
