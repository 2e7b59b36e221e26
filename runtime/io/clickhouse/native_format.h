#pragma once

// ClickHouse's Native format as the HTTP interface sends it (FORMAT Native): blocks, each with its
// column count and row count, then per column its name, its type and its values one after the
// other, a Nullable column's null map (one byte a row) before them. Unlike RowBinary it names
// each column's type, so a statement's result decodes exactly without knowing its types first.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/cell_column.h"
#include "runtime/io/clickhouse/row_binary.h"

namespace seg::rt::ch {

struct NativeResult {
  std::vector<std::string> names;
  std::vector<ColumnType> types;
  // Per column, its cells (RowBinaryReader::ReadCell): ints and doubles as they came.
  std::vector<CellColumn> columns;
};

// Decodes a whole Native response; fails for a malformed answer or a column type seg does not read.
Status ReadNative(std::string_view body, NativeResult* result);

}  // namespace seg::rt::ch
