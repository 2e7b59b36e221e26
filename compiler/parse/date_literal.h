// Validation of date and timestamp literals in rule files.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace seg::parse {

// "2024-02-29" -> days since 1970-01-01; nullopt for an impossible date ("2023-02-29").
std::optional<int32_t> ParseDateLiteral(std::string_view text);
// "2024-02-29T10:00:00Z" and friends: the date is real and the clock fields are in range.
bool ValidTimestampLiteral(std::string_view text);

}  // namespace seg::parse
