#include "runtime/io/cell_column.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace seg::rt {

void CellColumn::reserve(size_t rows) {
  null_.reserve(rows);
  switch (kind_) {
    case Kind::kInt: ints_.reserve(rows); break;
    case Kind::kFloat: floats_.reserve(rows); break;
    case Kind::kText: text_ends_.reserve(rows); break;
  }
}

void CellColumn::AppendNull() {
  null_.push_back(1);
  switch (kind_) {
    case Kind::kInt: ints_.push_back(0); break;
    case Kind::kFloat: floats_.push_back(0); break;
    case Kind::kText: text_ends_.push_back(text_bytes_.size()); break;
  }
}

void CellColumn::AppendInt(int64_t value) {
  null_.push_back(0);
  ints_.push_back(value);
}

void CellColumn::AppendFloat(double value) {
  null_.push_back(0);
  floats_.push_back(value);
}

void CellColumn::AppendText(std::string_view value) {
  null_.push_back(0);
  text_bytes_.append(value);
  text_ends_.push_back(text_bytes_.size());
}

void CellColumn::AppendInt64s(const char* bytes, size_t count) {
  null_.resize(null_.size() + count, 0);
  size_t at = ints_.size();
  ints_.resize(at + count);
  std::memcpy(ints_.data() + at, bytes, count * sizeof(int64_t));  // x86-64 and arm64 are little-endian
}

void CellColumn::AppendDoubles(const char* bytes, size_t count) {
  null_.resize(null_.size() + count, 0);
  size_t at = floats_.size();
  floats_.resize(at + count);
  std::memcpy(floats_.data() + at, bytes, count * sizeof(double));
}

int64_t CellColumn::ConvertedInt(size_t row) const {
  switch (kind_) {
    case Kind::kInt: return ints_[row];
    case Kind::kFloat: return static_cast<int64_t>(floats_[row]);
    case Kind::kText: {
      std::string t(TextView(row));  // NUL-terminated for strtoll
      if (t == "t" || t == "true") return 1;
      if (t == "f" || t == "false") return 0;
      return std::strtoll(t.c_str(), nullptr, 10);
    }
  }
  return 0;
}

double CellColumn::ConvertedFloat(size_t row) const {
  switch (kind_) {
    case Kind::kInt: return static_cast<double>(ints_[row]);
    case Kind::kFloat: return floats_[row];
    case Kind::kText: return std::strtod(std::string(TextView(row)).c_str(), nullptr);
  }
  return 0;
}

std::string CellColumn::Text(size_t row) const {
  switch (kind_) {
    case Kind::kInt: return std::to_string(ints_[row]);
    case Kind::kFloat: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), floats_[row]);  // shortest round trip
      return std::string(buffer, end);
    }
    case Kind::kText: return std::string(TextView(row));
  }
  return "";
}

bool CellColumn::Same(size_t a, size_t b) const {
  if (IsNull(a) || IsNull(b)) return IsNull(a) == IsNull(b);
  switch (kind_) {
    case Kind::kInt: return ints_[a] == ints_[b];
    case Kind::kFloat: return floats_[a] == floats_[b];
    case Kind::kText: return TextView(a) == TextView(b);
  }
  return false;
}

}  // namespace seg::rt
