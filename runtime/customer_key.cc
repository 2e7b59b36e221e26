#include "runtime/customer_key.h"

#include <algorithm>

#include "runtime/io/cell_parser.h"
#include "runtime/kernels/radix_sort.h"
#include "runtime/value_order.h"

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

int CompareCustomerKeys(const Column& keys, size_t a, size_t b) { return CompareColumnValues(keys, a, b); }

namespace {

// The first 8 bytes of a text, big-endian and zero-padded: comparing two of these as numbers
// orders the texts by byte order, except that equal prefixes need the full comparison.
uint64_t BytePrefix(std::string_view text) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0u);
  }
  return prefix;
}

}  // namespace

std::vector<uint32_t> RowsInKeyOrder(const Column& keys) {
  // Rows sorted by a number: for an int key the key itself (sign bit flipped so it orders as
  // unsigned), for a text key its first 8 bytes; then runs of text keys whose first 8 bytes
  // agree are sorted by the whole text.
  bool int_keys = keys.type() == ValueType::kInt;
  std::vector<uint32_t> rows;
  rows.reserve(keys.size());
  std::vector<KeyedRow<uint32_t>> entries;
  entries.reserve(keys.size());
  for (size_t row = 0; row < keys.size(); ++row) {
    auto r = static_cast<uint32_t>(row);
    if (!keys.IsValid(row)) {
      rows.push_back(r);  // missing keys first, in row order
    } else if (int_keys) {
      entries.push_back({static_cast<uint64_t>(keys.values<int64_t>()[row]) ^ (uint64_t{1} << 63), r});
    } else {
      entries.push_back({BytePrefix(keys.TextAt(row)), r});
    }
  }
  RadixSortByKey(&entries);
  for (size_t start = 0; start < entries.size();) {
    size_t end = start + 1;
    while (end < entries.size() && entries[end].key == entries[start].key) ++end;
    if (!int_keys && end - start > 1) {
      // Stable: equal texts (repeated keys) stay in row order.
      std::stable_sort(entries.begin() + static_cast<std::ptrdiff_t>(start),
                       entries.begin() + static_cast<std::ptrdiff_t>(end),
                       [&keys](const KeyedRow<uint32_t>& a, const KeyedRow<uint32_t>& b) {
                         return CompareTextKeys(keys.TextAt(a.row), keys.TextAt(b.row)) < 0;
                       });
    }
    start = end;
  }
  for (const KeyedRow<uint32_t>& e : entries) rows.push_back(e.row);
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
    const auto& values = keys.values<int64_t>();
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
