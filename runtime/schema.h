#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/value_type.h"

namespace seg::rt {

class CustomerKeyNumbers;

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
  // Event tables only, optional: the customers' key numbering (runtime/io/customer_key_numbers.h),
  // when the customers are loaded first and their keys have its shape. The key column is then
  // coded as the customers' key column is, without hashing keys that are customers'.
  std::shared_ptr<const CustomerKeyNumbers> customer_numbers;
};

}  // namespace seg::rt
