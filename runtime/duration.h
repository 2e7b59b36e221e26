#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

// Durations are int64_t microseconds. Their text form is unit groups, largest first:
// "3d", "12h", "90m", "30s", "1w", "1d2h30m"; a plain number is seconds ("90", "1.5").

// Accepts an optional sign, then a plain number of seconds (up to 4 decimals) or one or more
// <count><unit> groups with unit w, d, h, m or s. False on syntax error or overflow.
bool ParseDuration(std::string_view text, int64_t* micros);

// Canonical text: "0s", "3d", "1d2h30m", "-45m", "1.5s" (fractional seconds only when present).
// ParseDuration reads it back exactly.
std::string FormatDuration(int64_t micros);
void AppendDuration(int64_t micros, std::string* out);

}  // namespace seg::rt
