#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace seg::rt {

// The column types of the language. Each has one physical representation in memory, chosen so
// that values compare and aggregate with plain integer/double arithmetic:
//
//   kBool       uint8_t, 0 or 1
//   kInt        int64_t
//   kFloat      double
//   kMoney      int64_t fixed point, 4 decimal places (kMoneyScale = 10000): exact decimal
//   kDate       int32_t days since 1970-01-01 (proleptic Gregorian)
//   kTimestamp  int64_t microseconds since 1970-01-01T00:00:00Z
//   kDuration   int64_t microseconds
//   kText, kId  int32_t codes into the column's Dictionary (first-appearance order)
//   kTags       per row a list of int32_t codes into the column's Dictionary, stored as
//               uint32_t offsets (size n+1) plus a flat code array
enum class ValueType : uint8_t { kBool, kInt, kFloat, kMoney, kDate, kTimestamp, kDuration, kText, kTags, kId };

inline constexpr int kValueTypeCount = 10;

// "bool", "int", "float", "money", "date", "timestamp", "duration", "text", "tags", "id".
std::string_view ValueTypeName(ValueType type);

// Inverse of ValueTypeName; exact (case-sensitive) match.
std::optional<ValueType> ParseValueType(std::string_view name);

// Text, id and tags columns carry a dictionary.
constexpr bool UsesDictionary(ValueType type) {
  return type == ValueType::kText || type == ValueType::kId || type == ValueType::kTags;
}

}  // namespace seg::rt
