#include "runtime/customer_key.h"

#include <algorithm>
#include <numeric>

#include "runtime/io/cell_parser.h"

namespace seg::rt {

bool IsCustomerKeyType(ValueType type) {
  return type == ValueType::kId || type == ValueType::kText || type == ValueType::kInt;
}

int CompareIntKeys(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int CompareTextKeys(std::string_view a, std::string_view b) {
  // std::string_view compares with char_traits<char>, whose compare is memcmp: unsigned bytes.
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareCustomerKeys(const Column& keys, size_t a, size_t b) {
  bool va = keys.IsValid(a), vb = keys.IsValid(b);
  if (!va || !vb) return va == vb ? 0 : (va ? 1 : -1);
  if (keys.type() == ValueType::kInt) return CompareIntKeys(keys.values<int64_t>()[a], keys.values<int64_t>()[b]);
  return CompareTextKeys(keys.TextAt(a), keys.TextAt(b));
}

std::vector<uint32_t> RowsInKeyOrder(const Column& keys) {
  std::vector<uint32_t> rows(keys.size());
  std::iota(rows.begin(), rows.end(), 0u);
  if (keys.type() == ValueType::kInt || !IsCustomerKeyType(keys.type())) {
    std::stable_sort(rows.begin(), rows.end(),
                     [&keys](uint32_t a, uint32_t b) { return CompareCustomerKeys(keys, a, b) < 0; });
    return rows;
  }
  // Text keys: rank the dictionary's values once, then sort rows by their code's rank, so the
  // string comparisons are per distinct key, not per comparison of the row sort.
  const Dictionary& dictionary = keys.dictionary();
  std::vector<int32_t> codes(dictionary.size());
  std::iota(codes.begin(), codes.end(), 0);
  std::sort(codes.begin(), codes.end(), [&dictionary](int32_t a, int32_t b) {
    return CompareTextKeys(dictionary.Value(a), dictionary.Value(b)) < 0;
  });
  std::vector<uint32_t> rank_of_code(codes.size());
  for (size_t r = 0; r < codes.size(); ++r) rank_of_code[static_cast<size_t>(codes[r])] = static_cast<uint32_t>(r);
  const std::vector<int32_t>& row_codes = keys.values<int32_t>();
  auto rank = [&](uint32_t row) -> int64_t {
    return keys.IsValid(row) ? static_cast<int64_t>(rank_of_code[static_cast<size_t>(row_codes[row])]) : -1;
  };
  std::stable_sort(rows.begin(), rows.end(), [&rank](uint32_t a, uint32_t b) { return rank(a) < rank(b); });
  return rows;
}

std::string CustomerKeyText(const Column& keys, size_t row) {
  if (!keys.IsValid(row)) return "";
  if (keys.type() == ValueType::kInt) return std::to_string(keys.values<int64_t>()[row]);
  return std::string(keys.TextAt(row));
}

std::optional<size_t> FindCustomerRow(const Column& keys, std::string_view key) {
  if (keys.type() == ValueType::kInt) {
    int64_t wanted = 0;
    if (!ParseInt64(key, &wanted)) return std::nullopt;
    const std::vector<int64_t>& values = keys.values<int64_t>();
    for (size_t r = 0; r < keys.size(); ++r) {
      if (keys.IsValid(r) && values[r] == wanted) return r;
    }
    return std::nullopt;
  }
  for (size_t r = 0; r < keys.size(); ++r) {
    if (keys.IsValid(r) && keys.TextAt(r) == key) return r;
  }
  return std::nullopt;
}

}  // namespace seg::rt
