// Host memory to runtime tables: the one conversion that BindColumns and BindArrow share.
#pragma once
#include <string>
#include <vector>

#include "compiler/api/internal.h"
#include "runtime/time_zone.h"

namespace seg::api {

// A column as the host laid it out: a ColumnView plus the few Arrow layouts that differ.
struct RawColumn {
  std::string name;
  v1::ValueType type = v1::ValueType::kInt;
  const void* values = nullptr;
  const uint8_t* validity = nullptr;  // bitmap, LSB first; null = all present
  size_t length = 0;
  size_t offset = 0;                 // first row, in elements (Arrow's offset)
  const int32_t* offsets = nullptr;  // text: length + 1 (+ offset) byte offsets into values
  int32_t scale = 4;                 // money: decimals of the integer values
  bool bool_bits = false;            // bool values bit-packed (Arrow "b") instead of one byte each
  bool decimal128 = false;           // money as 16-byte little-endian two's complement (Arrow "d:P,S")
};

// The input's table in declared column order from the host's columns, matched by name (extra
// columns are ignored). A declared column that is absent, or given with a type that cannot be
// converted (text for a date, say), is a kBindError naming the input, the column and both types.
// Conversions: text <-> id, int -> float, int -> money (whole units), money of any scale.
v1::Status BuildTable(const ir::InputSchema& input, const std::vector<RawColumn>& columns, const rt::TimeZone& zone,
                      rt::Table* out);

}  // namespace seg::api
