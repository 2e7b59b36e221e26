#pragma once

// The parts every database URL seg takes shares: SCHEME://[USER[:PASSWORD]@]HOST[:PORT][/PATH]
// [?K=V&...], percent-decoded. postgres/postgres_url.h and clickhouse/clickhouse_url.h give the
// parts their meaning (defaults, which parameters are known) on top of this one reading.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/status.h"

namespace seg::rt {

struct ServerUrlParts {
  std::string user;
  std::string password;
  std::string host;                                             // without the brackets of [IPv6]
  std::string port;                                             // digits only, or empty
  std::string path;                                             // after the first '/', decoded
  std::vector<std::pair<std::string, std::string>> parameters;  // decoded, in order
};

// Reads `rest`, the URL after SCHEME://. A failure says why ("bad %-escape in the password", "the
// port 'x' is not a number") and never holds the password.
Result<ServerUrlParts> SplitServerUrl(std::string_view rest);

// %XX decoding ('+' stays '+': a query may well contain one); nullopt for a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text);
// Everything but letters, digits and -_.~ as %XX.
std::string PercentEncode(std::string_view text);

// `text` with every USER:PASSWORD@ after `scheme` (lower case, e.g. "clickhouse://") reduced to
// USER@, and every password=VALUE made password=***.
std::string RedactUrlPasswords(std::string_view text, const std::vector<std::string_view>& schemes);

}  // namespace seg::rt
