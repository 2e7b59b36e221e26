// RE2 behind `matches` (see regex.h).
#include "runtime/kernels/regex.h"

#include <re2/re2.h>

#include <map>
#include <memory>

namespace seg::rt::fn {

namespace {

RE2::Options Quiet() {
  RE2::Options o;
  o.set_log_errors(false);  // the checker reports the error, located; RE2 must not print it
  return o;
}

// The compiled patterns of this thread, by pattern text. A program has few patterns and the
// engines call a text test once per dictionary string, so the cache stays small.
const RE2& Compiled(std::string_view pattern) {
  thread_local std::map<std::string, std::unique_ptr<RE2>, std::less<>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    std::string key(pattern);
    it = cache.emplace(key, std::make_unique<RE2>(key, Quiet())).first;
  }
  return *it->second;
}

}  // namespace

std::string RegexError(std::string_view pattern) {
  RE2 re(std::string(pattern), Quiet());
  return re.ok() ? std::string() : re.error();
}

bool RegexMatch(std::string_view text, std::string_view pattern) {
  const RE2& re = Compiled(pattern);
  return re.ok() && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

}  // namespace seg::rt::fn
