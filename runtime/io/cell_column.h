#pragma once

// One column of a SQL server's answer, cell by cell: NULL or a value, held as the server sent
// it. A binary format (ClickHouse's Native) gives 64-bit ints and doubles, read without a detour
// through text; a text format (PostgreSQL's) gives text, parsed when a value is asked for. Either
// way the accessors answer every kind, so a reader asks for what it needs (an int, a double,
// text) whatever the server sent.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/no_fill_allocator.h"

namespace seg::rt {

class CellColumn {
 public:
  enum class Kind : uint8_t { kInt, kFloat, kText };
  explicit CellColumn(Kind kind = Kind::kText) : kind_(kind) {}

  Kind kind() const { return kind_; }
  size_t size() const { return null_.size(); }
  void reserve(size_t rows);

  void AppendNull();
  void AppendInt(int64_t value);            // kInt
  void AppendFloat(double value);           // kFloat
  void AppendText(std::string_view value);  // kText
  // `count` non-NULL values stored back to back in little-endian bytes (a binary format's column,
  // not necessarily aligned): kInt from int64s, kFloat from doubles.
  void AppendInt64s(const char* bytes, size_t count);
  void AppendDoubles(const char* bytes, size_t count);
  // Marks an appended row NULL (a null map sent apart from the values).
  void SetNull(size_t row) { null_[row] = 1; }

  bool IsNull(size_t row) const { return null_[row] != 0; }
  // A kInt or kFloat column's values, a NULL row's as the server sent it (0 where AppendNull
  // added it), handed over by a move: the column is left without values.
  NoFillVector<int64_t> TakeInts() { return std::move(ints_); }
  NoFillVector<double> TakeFloats() { return std::move(floats_); }
  // The value as a 64-bit int: text in decimal (std::strtoll), or a boolean's t/true/1 as 1, any
  // other text 0; a double truncated.
  int64_t Int(size_t row) const { return kind_ == Kind::kInt ? ints_[row] : ConvertedInt(row); }
  // The value as a double: text as std::strtod reads it (shortest round-trip forms, inf, nan).
  double Float(size_t row) const { return kind_ == Kind::kFloat ? floats_[row] : ConvertedFloat(row); }
  // The value as text: ints in decimal, doubles in their shortest round-trip form.
  std::string Text(size_t row) const;
  // A kText cell's bytes, without a copy ("" for NULL).
  std::string_view TextView(size_t row) const {
    size_t begin = row == 0 ? 0 : text_ends_[row - 1];
    return std::string_view(text_bytes_).substr(begin, text_ends_[row] - begin);
  }
  // A kText column's cells back to back, cell r ending at text_ends()[r] (rt::Dictionary's layout:
  // a column of distinct values becomes a dictionary without hashing them).
  std::string_view text_bytes() const { return text_bytes_; }
  const std::vector<uint64_t>& text_ends() const { return text_ends_; }
  // Whether two rows hold the same value (both NULL: the same).
  bool Same(size_t a, size_t b) const;

 private:
  // Int and Float of a cell of another kind (inline above: a million rows read back per column).
  int64_t ConvertedInt(size_t row) const;
  double ConvertedFloat(size_t row) const;

  Kind kind_;
  std::vector<uint8_t> null_;
  NoFillVector<int64_t> ints_;  // not zero-filled: AppendInt64s writes over what it adds
  NoFillVector<double> floats_;
  // kText: one buffer for all cells, not a string per cell (a million customer keys).
  std::string text_bytes_;
  std::vector<uint64_t> text_ends_;
};

}  // namespace seg::rt
