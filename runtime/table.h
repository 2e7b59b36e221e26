#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/column.h"

namespace seg::rt {

// A named set of equally long columns, in declared order.
class Table {
 public:
  Table() = default;
  explicit Table(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  size_t num_rows() const { return columns_.empty() ? 0 : columns_.front().size(); }
  size_t num_columns() const { return columns_.size(); }

  // Adds an empty column; returns it for filling. References stay valid until the next AddColumn.
  Column& AddColumn(std::string name, ValueType type);
  Column& AddColumn(std::string name, Column column);

  const Column& column(size_t index) const { return columns_[index]; }
  Column& mutable_column(size_t index) { return columns_[index]; }
  const std::string& column_name(size_t index) const { return names_[index]; }

  // -1 when absent. Names are case-sensitive.
  int FindColumnIndex(std::string_view name) const;
  const Column* FindColumn(std::string_view name) const;

 private:
  std::string name_;
  std::vector<std::string> names_;
  std::vector<Column> columns_;
};

}  // namespace seg::rt
