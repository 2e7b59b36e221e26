#include "runtime/value_order.h"

#include <cmath>
#include <cstdint>
#include <string_view>

namespace seg::rt {
namespace {

template <typename T> int Three(T a, T b) { return a < b ? -1 : (b < a ? 1 : 0); }

int CompareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);  // char_traits<char>::compare is memcmp: unsigned bytes
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int CompareColumnValues(const Column& column, size_t a, size_t b) {
  bool va = column.IsValid(a), vb = column.IsValid(b);
  if (!va || !vb) return va == vb ? 0 : (va ? 1 : -1);
  switch (column.type()) {
    case ValueType::kBool: return Three(column.values<uint8_t>()[a], column.values<uint8_t>()[b]);
    case ValueType::kInt:
    case ValueType::kMoney:
    case ValueType::kTimestamp:
    case ValueType::kDuration: return Three(column.values<int64_t>()[a], column.values<int64_t>()[b]);
    case ValueType::kDate: return Three(column.values<int32_t>()[a], column.values<int32_t>()[b]);
    case ValueType::kFloat: {
      double x = column.values<double>()[a], y = column.values<double>()[b];
      if (int c = Three(x, y); c != 0) return c;
      return Three(!std::signbit(x), !std::signbit(y));  // -0 before +0
    }
    case ValueType::kText:
    case ValueType::kId: return CompareBytes(column.TextAt(a), column.TextAt(b));
    case ValueType::kTags: {
      std::span<const int32_t> x = column.TagsAt(a), y = column.TagsAt(b);
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = CompareBytes(column.dictionary().Value(x[i]), column.dictionary().Value(y[i])); c != 0) return c;
      }
      return Three(x.size(), y.size());
    }
  }
  return 0;
}

}  // namespace seg::rt
