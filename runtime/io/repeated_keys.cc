#include "runtime/io/repeated_keys.h"

#include <unordered_map>

namespace seg::rt {

std::vector<RepeatedKey> FindRepeatedKeys(const Column& keys) {
  std::vector<RepeatedKey> repeated;
  if (keys.type() == ValueType::kInt) {
    const auto& values = keys.values<int64_t>();
    std::unordered_map<int64_t, size_t> first_row;
    first_row.reserve(keys.size());
    for (size_t row = 0; row < keys.size(); ++row) {
      if (!keys.IsValid(row)) continue;
      auto [it, inserted] = first_row.emplace(values[row], row);
      if (!inserted) repeated.push_back({row, it->second});
    }
    return repeated;
  }
  if (keys.type() != ValueType::kId && keys.type() != ValueType::kText) return repeated;
  const auto& codes = keys.values<int32_t>();
  std::vector<size_t> first_row(keys.dictionary().size(), SIZE_MAX);
  for (size_t row = 0; row < keys.size(); ++row) {
    if (!keys.IsValid(row)) continue;
    size_t& first = first_row[static_cast<size_t>(codes[row])];
    if (first == SIZE_MAX) {
      first = row;
    } else {
      repeated.push_back({row, first});
    }
  }
  return repeated;
}

std::string KeyText(const Column& keys, size_t row) {
  if (keys.type() == ValueType::kInt) return std::to_string(keys.values<int64_t>()[row]);
  return std::string(keys.TextAt(row));
}

}  // namespace seg::rt
