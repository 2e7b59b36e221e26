#pragma once

// ClickHouse's RowBinary format: rows one after the other, each column's value in its binary
// layout (little-endian integers and floats, IEEE doubles bit for bit, Decimal as its scaled
// integer, String as a LEB128 length and bytes, Nullable as a 0/1 byte before the value). Exact
// both ways, which text formats are not for every float, and the same in every release since 1.1.
//
// seg's own columns go to ClickHouse as SegColumnType says, and come back through ReadValue
// from any type that holds them exactly (ParseColumnType reads what DESCRIBE TABLE prints).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/column.h"
#include "runtime/io/cell_column.h"
#include "runtime/status.h"
#include "runtime/value_type.h"

namespace seg::rt::ch {

struct ColumnType {
  enum class Kind : uint8_t { kInt, kUInt, kFloat, kDecimal, kString, kDate, kDateTime, kArrayString };
  Kind kind = Kind::kString;
  int bytes = 0;  // width on the wire: ints, floats, decimals
  int scale = 0;  // decimals
  bool nullable = false;
  std::string name;  // as written, for messages
};

// Parses a ClickHouse type name ("Nullable(Decimal(38, 4))", "Int64", "DateTime('UTC')",
// "Array(String)", "LowCardinality(String)"); nullopt for types seg does not read.
std::optional<ColumnType> ParseColumnType(std::string_view name);

// The ClickHouse type seg stores a column of `type` in, always Nullable (missing is NULL):
// bool UInt8, int Int64, float Float64, money Decimal(38, 4) (exact, wider than seg's range),
// date Int32 (days since 1970-01-01: Date stops at 1970 and 2105), timestamp and duration Int64
// (microseconds: DateTime has whole seconds only), text and id String, tags String ("a|b", as seg
// writes them; '' is an empty list, NULL a missing one).
std::string SegColumnType(ValueType type);

// Whether a column of ClickHouse type `type` can be read as seg's `declared` type.
bool CanRead(ValueType declared, const ColumnType& type);

// Appends row `row` of `column` to `out` in RowBinary, as SegColumnType(column.type()).
void AppendValue(const Column& column, size_t row, std::string* out);

// Reads RowBinary values of known types, one after the other.
class RowBinaryReader {
 public:
  explicit RowBinaryReader(std::string_view data) : data_(data) {}
  bool AtEnd() const { return offset_ >= data_.size(); }

  // Reads one value of `type` and appends it to `column` as its seg type (CanRead must hold).
  // A failure when the bytes end early or the value has no seg equivalent ("is outside int's
  // range"); money of more than 4 decimals rounds as seg's CSV reader rounds it.
  Status ReadValue(const ColumnType& type, Column* column);
  // The kind of cell a value of `type` is read as: ints (any width), Date and DateTime (their day
  // and second numbers) as 64-bit ints, floats as doubles, and as text decimals (digits with
  // their scale's decimals: 128 bits), strings, arrays of strings (joined with '|').
  static CellColumn::Kind CellKind(const ColumnType& type);
  // Reads one value of `type` and appends it to `column` (of kind CellKind(type)); a UInt64
  // past int64's range saturates.
  Status ReadCell(const ColumnType& type, CellColumn* column);

  bool ReadLength(uint64_t* length);
  bool ReadString(std::string_view* bytes);
  bool Take(size_t size, std::string_view* bytes);

 private:
  std::string_view data_;
  size_t offset_ = 0;
};

}  // namespace seg::rt::ch
