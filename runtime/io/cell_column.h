#pragma once

// One column of a SQL server's answer, cell by cell: NULL or a value, held as the server sent
// it. A binary format (ClickHouse's Native) gives 64-bit ints and doubles, read without a detour
// through text; a text format (PostgreSQL's) gives text, parsed when a value is asked for. Either
// way the accessors answer every kind, so a reader asks for what it needs (an int, a double,
// text) whatever the server sent.

#include <cstdint>
#include <string>
#include <vector>

namespace seg::rt {

class CellColumn {
 public:
  enum class Kind : uint8_t { kInt, kFloat, kText };
  explicit CellColumn(Kind kind = Kind::kText) : kind_(kind) {}

  Kind kind() const { return kind_; }
  size_t size() const { return null_.size(); }
  void reserve(size_t rows);

  void AppendNull();
  void AppendInt(int64_t value);       // kInt
  void AppendFloat(double value);      // kFloat
  void AppendText(std::string value);  // kText
  // Marks an appended row NULL (a null map sent apart from the values).
  void SetNull(size_t row) { null_[row] = 1; }

  bool IsNull(size_t row) const { return null_[row] != 0; }
  // The value as a 64-bit int: text in decimal (std::strtoll), or a boolean's t/true/1 as 1, any
  // other text 0; a double truncated.
  int64_t Int(size_t row) const;
  // The value as a double: text as std::strtod reads it (shortest round-trip forms, inf, nan).
  double Float(size_t row) const;
  // The value as text: ints in decimal, doubles in their shortest round-trip form.
  std::string Text(size_t row) const;
  // Whether two rows hold the same value (both NULL: the same).
  bool Same(size_t a, size_t b) const;

 private:
  Kind kind_;
  std::vector<uint8_t> null_;
  std::vector<int64_t> ints_;
  std::vector<double> floats_;
  std::vector<std::string> texts_;
};

}  // namespace seg::rt
