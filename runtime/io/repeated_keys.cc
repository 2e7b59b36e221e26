#include "runtime/io/repeated_keys.h"

#include <cstdint>
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
  // A customer file read in one pass codes its keys in order of first appearance, so with no key
  // repeated or missing row r has code r: one sequential pass tells, with no table of first rows
  // written at random.
  bool numbered_in_order = keys.NullCount() == 0;
  for (size_t row = 0; numbered_in_order && row < keys.size(); ++row) {
    numbered_in_order = codes[row] == static_cast<int32_t>(row);
  }
  if (numbered_in_order) return repeated;
  // Row numbers fit 32 bits (Column::Gather takes them so); half the memory of size_t for a
  // table of ten million customers.
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> first_row(keys.dictionary().size(), kNone);
  for (size_t row = 0; row < keys.size(); ++row) {
    if (!keys.IsValid(row)) continue;
    uint32_t& first = first_row[static_cast<size_t>(codes[row])];
    if (first == kNone) {
      first = static_cast<uint32_t>(row);
    } else {
      repeated.push_back({row, first});
    }
  }
  return repeated;
}

}  // namespace seg::rt
