#pragma once

#include <string>
#include <vector>

#include "runtime/value_type.h"

namespace seg::rt {

// What the compiler derives from an `input` declaration: the columns a loader must produce.
struct ColumnSpec {
  std::string name;
  ValueType type = ValueType::kText;
  // Not read by the program: the loader still requires the column (header checks stay the same)
  // and splits its fields, but converts nothing and builds no dictionary; every row is missing.
  // Parsing values nobody reads is most of a load's cost, and a bad value there fails nothing.
  bool skip = false;
};

struct TableSpec {
  std::string name;
  std::vector<ColumnSpec> columns;
  // Entity table: its key column. Event table: the column that references the customer's key.
  std::string key_column;
  // Event tables only (a timestamp or date column); empty for the entity table.
  std::string time_column;
  bool is_event = false;
};

}  // namespace seg::rt
