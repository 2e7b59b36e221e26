// Regular expressions for `matches(text, pattern)`, through RE2: matching is linear in the text
// whatever the pattern, so a rule file cannot make seg hang (no backtracking blow-up).
// The checker validates a pattern with RegexError at check time; the engines then call
// RegexMatch, which compiles each distinct pattern once per thread and keeps it.
#pragma once
#include <string>
#include <string_view>

namespace seg::rt::fn {

// RE2's reason a pattern does not compile; empty when it does.
std::string RegexError(std::string_view pattern);

// Whether `pattern` matches anywhere in `text` (a search, as PostgreSQL's ~ and Python's
// re.search; anchor with ^ and $ to match the whole text). UTF-8 on both sides. An invalid
// pattern matches nothing (the checker refuses one before a run).
bool RegexMatch(std::string_view text, std::string_view pattern);

}  // namespace seg::rt::fn
