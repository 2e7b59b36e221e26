#include "runtime/value_type.h"

#include <array>

namespace seg::rt {
namespace {

constexpr std::array<std::string_view, kValueTypeCount> kNames = {"bool",      "int",      "float", "money", "date",
                                                                  "timestamp", "duration", "text",  "tags",  "id"};

}  // namespace

std::string_view ValueTypeName(ValueType type) { return kNames[static_cast<size_t>(type)]; }

std::optional<ValueType> ParseValueType(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<ValueType>(i);
  }
  return std::nullopt;
}

}  // namespace seg::rt
