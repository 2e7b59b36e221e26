#include "runtime/table.h"

namespace seg::rt {

Column& Table::AddColumn(std::string name, ValueType type) { return AddColumn(std::move(name), Column(type)); }

Column& Table::AddColumn(std::string name, Column column) {
  names_.push_back(std::move(name));
  columns_.push_back(std::move(column));
  return columns_.back();
}

int Table::FindColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const Column* Table::FindColumn(std::string_view name) const {
  int index = FindColumnIndex(name);
  return index < 0 ? nullptr : &columns_[static_cast<size_t>(index)];
}

}  // namespace seg::rt
