#include "runtime/io/clickhouse/row_binary.h"

#include <charconv>
#include <cstring>
#include <limits>

#include "runtime/money.h"

namespace seg::rt::ch {
namespace {

using Kind = ColumnType::Kind;
using int128 = __int128;

std::string_view Strip(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// "Wrapper(inner)" -> inner, or nullopt when `name` is not that wrapper.
std::optional<std::string_view> Unwrap(std::string_view name, std::string_view wrapper) {
  if (name.size() < wrapper.size() + 2 || name.substr(0, wrapper.size()) != wrapper || name[wrapper.size()] != '(' ||
      name.back() != ')') {
    return std::nullopt;
  }
  return Strip(name.substr(wrapper.size() + 1, name.size() - wrapper.size() - 2));
}

bool ParseInt(std::string_view text, int* value) {
  text = Strip(text);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

template <typename T> T LoadLittle(std::string_view bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));  // x86-64 and arm64 are little-endian, as the wire is
  return value;
}

template <typename T> void StoreLittle(T value, std::string* out) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}

void AppendLength(uint64_t length, std::string* out) {
  do {
    uint8_t byte = length & 0x7F;
    length >>= 7;
    if (length != 0) byte |= 0x80;
    out->push_back(static_cast<char>(byte));
  } while (length != 0);
}

void AppendString(std::string_view text, std::string* out) {
  AppendLength(text.size(), out);
  out->append(text);
}

int128 Pow10(int exponent) {
  int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// The readings of the wire that RowBinaryReader::ReadValue and ReadCell share (they append the
// same types to different columns); each is false where the bytes end early.
Status Truncated() { return Status::Error("the server's answer ends in the middle of a row"); }

template <typename T> bool TakeLittle(RowBinaryReader& reader, T* value) {
  std::string_view bytes;
  if (!reader.Take(sizeof(T), &bytes)) return false;
  *value = LoadLittle<T>(bytes);
  return true;
}

// A Nullable's marker, when `type` is one: *missing is true for a NULL, which has no value after it.
bool TakeNullMarker(RowBinaryReader& reader, const ColumnType& type, bool* missing) {
  uint8_t marker = 0;
  if (type.nullable && !TakeLittle(reader, &marker)) return false;
  *missing = marker != 0;
  return true;
}

// An Int, UInt or Decimal of type.bytes, widened to 128 bits; a decimal as its scaled integer.
bool TakeInteger(RowBinaryReader& reader, const ColumnType& type, int128* value) {
  std::string_view bytes;
  if (!reader.Take(type.bytes, &bytes)) return false;
  bool is_signed = type.kind != Kind::kUInt;
  switch (type.bytes) {
    case 1: *value = is_signed ? int128{LoadLittle<int8_t>(bytes)} : int128{LoadLittle<uint8_t>(bytes)}; break;
    case 2: *value = is_signed ? int128{LoadLittle<int16_t>(bytes)} : int128{LoadLittle<uint16_t>(bytes)}; break;
    case 4: *value = is_signed ? int128{LoadLittle<int32_t>(bytes)} : int128{LoadLittle<uint32_t>(bytes)}; break;
    case 8: *value = is_signed ? int128{LoadLittle<int64_t>(bytes)} : int128{LoadLittle<uint64_t>(bytes)}; break;
    default: *value = LoadLittle<int128>(bytes); break;
  }
  return true;
}

// A Float32 or Float64 (type.bytes 4 or 8).
bool TakeFloat(RowBinaryReader& reader, const ColumnType& type, double* value) {
  if (type.bytes != 4) return TakeLittle(reader, value);
  float narrow = 0;
  if (!TakeLittle(reader, &narrow)) return false;
  *value = narrow;
  return true;
}

}  // namespace

std::optional<ColumnType> ParseColumnType(std::string_view name) {
  ColumnType type;
  type.name = std::string(name);
  name = Strip(name);
  if (auto inner = Unwrap(name, "LowCardinality")) name = *inner;
  if (auto inner = Unwrap(name, "Nullable")) {
    type.nullable = true;
    name = *inner;
    if (auto low = Unwrap(name, "LowCardinality")) name = *low;
  }
  struct Fixed {
    std::string_view name;
    Kind kind;
    int bytes;
  };
  static constexpr Fixed kFixed[] = {{"Int8", Kind::kInt, 1},         {"Int16", Kind::kInt, 2},
                                     {"Int32", Kind::kInt, 4},        {"Int64", Kind::kInt, 8},
                                     {"UInt8", Kind::kUInt, 1},       {"UInt16", Kind::kUInt, 2},
                                     {"UInt32", Kind::kUInt, 4},      {"UInt64", Kind::kUInt, 8},
                                     {"Float32", Kind::kFloat, 4},    {"Float64", Kind::kFloat, 8},
                                     {"String", Kind::kString, 0},    {"Date", Kind::kDate, 2},
                                     {"DateTime", Kind::kDateTime, 4}};
  for (const Fixed& fixed : kFixed) {
    if (name == fixed.name) {
      type.kind = fixed.kind;
      type.bytes = fixed.bytes;
      return type;
    }
  }
  if (Unwrap(name, "DateTime")) {  // DateTime('zone'): the same seconds since the epoch
    type.kind = Kind::kDateTime;
    type.bytes = 4;
    return type;
  }
  if (auto inner = Unwrap(name, "Array")) {
    if (type.nullable || Strip(*inner) != "String") return std::nullopt;
    type.kind = Kind::kArrayString;
    return type;
  }
  type.kind = Kind::kDecimal;
  for (auto [wrapper, bytes] : {std::pair{"Decimal32", 4}, {"Decimal64", 8}, {"Decimal128", 16}}) {
    if (auto inner = Unwrap(name, wrapper)) {
      type.bytes = bytes;
      if (!ParseInt(*inner, &type.scale)) return std::nullopt;
      return type;
    }
  }
  if (auto inner = Unwrap(name, "Decimal")) {
    size_t comma = inner->find(',');
    int precision = 0;
    if (comma == std::string_view::npos || !ParseInt(inner->substr(0, comma), &precision) ||
        !ParseInt(inner->substr(comma + 1), &type.scale)) {
      return std::nullopt;
    }
    type.bytes = precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
    return type;
  }
  return std::nullopt;
}

std::string SegColumnType(ValueType type) {
  switch (type) {
    case ValueType::kBool: return "Nullable(UInt8)";
    case ValueType::kInt: return "Nullable(Int64)";
    case ValueType::kFloat: return "Nullable(Float64)";
    case ValueType::kMoney: return "Nullable(Decimal(38, 4))";
    case ValueType::kDate: return "Nullable(Int32)";
    case ValueType::kTimestamp:
    case ValueType::kDuration: return "Nullable(Int64)";
    case ValueType::kText:
    case ValueType::kId:
    case ValueType::kTags: return "Nullable(String)";
  }
  return "Nullable(String)";
}

bool CanRead(ValueType declared, const ColumnType& type) {
  switch (declared) {
    case ValueType::kBool: return (type.kind == Kind::kUInt || type.kind == Kind::kInt) && type.bytes == 1;
    case ValueType::kInt: return type.kind == Kind::kInt || type.kind == Kind::kUInt;
    case ValueType::kFloat: return type.kind == Kind::kFloat;
    case ValueType::kMoney: return type.kind == Kind::kDecimal || type.kind == Kind::kInt || type.kind == Kind::kUInt;
    case ValueType::kDate: return type.kind == Kind::kDate || (type.kind == Kind::kInt && type.bytes == 4);
    case ValueType::kTimestamp: return type.kind == Kind::kDateTime || (type.kind == Kind::kInt && type.bytes == 8);
    case ValueType::kDuration: return type.kind == Kind::kInt && type.bytes == 8;
    case ValueType::kText:
    case ValueType::kId: return type.kind == Kind::kString;
    case ValueType::kTags: return type.kind == Kind::kString || type.kind == Kind::kArrayString;
  }
  return false;
}

void AppendValue(const Column& column, size_t row, std::string* out) {
  if (!column.IsValid(row)) {
    out->push_back(1);
    return;
  }
  out->push_back(0);
  switch (column.type()) {
    case ValueType::kBool: out->push_back(static_cast<char>(column.values<uint8_t>()[row])); return;
    case ValueType::kInt:
    case ValueType::kTimestamp:
    case ValueType::kDuration: StoreLittle<int64_t>(column.values<int64_t>()[row], out); return;
    case ValueType::kMoney: StoreLittle<int128>(column.values<int64_t>()[row], out); return;
    case ValueType::kFloat: StoreLittle<double>(column.values<double>()[row], out); return;
    case ValueType::kDate: StoreLittle<int32_t>(column.values<int32_t>()[row], out); return;
    case ValueType::kText:
    case ValueType::kId: AppendString(column.TextAt(row), out); return;
    case ValueType::kTags: {
      std::string joined;
      std::span<const int32_t> codes = column.TagsAt(row);
      for (size_t i = 0; i < codes.size(); ++i) {
        if (i > 0) joined += '|';
        joined += column.dictionary().Value(codes[i]);
      }
      AppendString(joined, out);
      return;
    }
  }
}

bool RowBinaryReader::Take(size_t size, std::string_view* bytes) {
  if (data_.size() - offset_ < size) return false;
  *bytes = data_.substr(offset_, size);
  offset_ += size;
  return true;
}

bool RowBinaryReader::ReadLength(uint64_t* length) {
  *length = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (offset_ >= data_.size()) return false;
    uint8_t byte = static_cast<uint8_t>(data_[offset_++]);
    *length |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool RowBinaryReader::ReadString(std::string_view* bytes) {
  uint64_t length = 0;
  return ReadLength(&length) && Take(length, bytes);
}

CellColumn::Kind RowBinaryReader::CellKind(const ColumnType& type) {
  switch (type.kind) {
    case Kind::kFloat: return CellColumn::Kind::kFloat;
    case Kind::kInt:
    case Kind::kUInt:
    case Kind::kDate:
    case Kind::kDateTime: return CellColumn::Kind::kInt;
    default: return CellColumn::Kind::kText;  // strings, arrays of strings, decimals (128 bits)
  }
}

Status RowBinaryReader::ReadCell(const ColumnType& type, CellColumn* column) {
  bool missing = false;
  if (!TakeNullMarker(*this, type, &missing)) return Truncated();
  if (missing) {
    column->AppendNull();
    return Status::Ok();
  }
  std::string_view bytes;
  switch (type.kind) {
    case Kind::kString:
      if (!ReadString(&bytes)) return Truncated();
      column->AppendText(bytes);
      return Status::Ok();
    case Kind::kArrayString: {
      uint64_t count = 0;
      if (!ReadLength(&count)) return Truncated();
      std::string joined;
      for (uint64_t i = 0; i < count; ++i) {
        if (!ReadString(&bytes)) return Truncated();
        joined += (i > 0 ? "|" : "") + std::string(bytes);
      }
      column->AppendText(std::move(joined));
      return Status::Ok();
    }
    case Kind::kFloat: {
      double value = 0;
      if (!TakeFloat(*this, type, &value)) return Truncated();
      column->AppendFloat(value);
      return Status::Ok();
    }
    case Kind::kDate: {
      uint16_t days = 0;
      if (!TakeLittle(*this, &days)) return Truncated();
      column->AppendInt(days);
      return Status::Ok();
    }
    case Kind::kDateTime: {
      uint32_t seconds = 0;
      if (!TakeLittle(*this, &seconds)) return Truncated();
      column->AppendInt(seconds);
      return Status::Ok();
    }
    case Kind::kInt:
    case Kind::kUInt:
    case Kind::kDecimal: {
      int128 value = 0;
      if (!TakeInteger(*this, type, &value)) return Truncated();
      if (type.kind != Kind::kDecimal) {  // a UInt64 past int64's range saturates, as std::strtoll
        column->AppendInt(value > std::numeric_limits<int64_t>::max() ? std::numeric_limits<int64_t>::max()
                                                                      : static_cast<int64_t>(value));
        return Status::Ok();
      }
      bool negative = value < 0;
      unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value)
                                             : static_cast<unsigned __int128>(value);
      std::string digits;
      do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
      } while (magnitude != 0);
      if (type.scale > 0) {
        if (digits.size() <= static_cast<size_t>(type.scale))
          digits.insert(0, static_cast<size_t>(type.scale) + 1 - digits.size(), '0');
        digits.insert(digits.size() - static_cast<size_t>(type.scale), ".");
      }
      column->AppendText((negative ? "-" : "") + digits);
      return Status::Ok();
    }
  }
  return Status::Error("the server sent a value of type " + type.name + ", which seg does not read");
}

Status RowBinaryReader::ReadValue(const ColumnType& type, Column* column) {
  bool missing = false;
  if (!TakeNullMarker(*this, type, &missing)) return Truncated();
  if (missing) {
    column->AppendNull();
    return Status::Ok();
  }
  auto in_int64 = [](int128 value) {
    return value >= std::numeric_limits<int64_t>::min() && value <= std::numeric_limits<int64_t>::max();
  };
  std::string_view bytes;
  switch (type.kind) {
    case Kind::kString: {
      if (!ReadString(&bytes)) return Truncated();
      if (column->type() != ValueType::kTags) {
        column->AppendText(bytes);
        return Status::Ok();
      }
      for (std::string_view rest = bytes; !rest.empty();) {  // "a|b": seg's own tags layout
        size_t bar = rest.find('|');
        if (bar != 0) column->AddTag(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      column->FinishTags();
      return Status::Ok();
    }
    case Kind::kArrayString: {
      uint64_t count = 0;
      if (!ReadLength(&count)) return Truncated();
      for (uint64_t i = 0; i < count; ++i) {
        if (!ReadString(&bytes)) return Truncated();
        if (!bytes.empty()) column->AddTag(bytes);
      }
      column->FinishTags();
      return Status::Ok();
    }
    case Kind::kFloat: {
      double value = 0;
      if (!TakeFloat(*this, type, &value)) return Truncated();
      column->AppendDouble(value);
      return Status::Ok();
    }
    case Kind::kDate: {
      uint16_t days = 0;
      if (!TakeLittle(*this, &days)) return Truncated();
      column->AppendInt32(days);
      return Status::Ok();
    }
    case Kind::kDateTime: {
      uint32_t seconds = 0;
      if (!TakeLittle(*this, &seconds)) return Truncated();
      column->AppendInt64(int64_t{seconds} * 1000000);
      return Status::Ok();
    }
    case Kind::kInt:
    case Kind::kUInt:
    case Kind::kDecimal: {
      int128 value = 0;
      if (!TakeInteger(*this, type, &value)) return Truncated();
      int scale = type.kind == Kind::kDecimal ? type.scale : 0;
      switch (column->type()) {
        case ValueType::kBool: column->AppendBool(value != 0); return Status::Ok();
        case ValueType::kDate: column->AppendInt32(static_cast<int32_t>(value)); return Status::Ok();
        case ValueType::kMoney: {
          if (scale > kMoneyDecimals) {
            // Rounded as seg's CSV reader rounds (runtime/money.cc): half to even on the fifth
            // decimal, later non-zero digits breaking a tie (the rest is exact here).
            int128 unit = Pow10(scale - kMoneyDecimals);
            int128 rest = value % unit;  // the sign of value
            value /= unit;               // toward zero
            int128 twice = (rest < 0 ? -rest : rest) * 2;
            if (twice > unit || (twice == unit && value % 2 != 0)) value += rest < 0 ? -1 : 1;
          } else if (in_int64(value)) {
            value *= Pow10(kMoneyDecimals - scale);  // |value| < 2^63: no overflow in 128 bits
          }
          if (!in_int64(value)) {
            return Status::Error("is outside money's range");
          }
          column->AppendInt64(static_cast<int64_t>(value));
          return Status::Ok();
        }
        default:
          if (!in_int64(value)) {
            return Status::Error("is outside int's range");
          }
          column->AppendInt64(static_cast<int64_t>(value));
          return Status::Ok();
      }
    }
  }
  return Status::Error("the server sent a value of type " + type.name + ", which seg does not read");
}

}  // namespace seg::rt::ch
