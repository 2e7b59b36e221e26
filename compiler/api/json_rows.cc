#include "compiler/api/json_rows.h"

#include "runtime/io/cell_parser.h"

namespace seg::api {

rt::Table EmptyTable(const ir::InputSchema& input) {
  rt::Table table(input.name);
  for (const ir::ColumnSchema& c : input.columns) table.AddColumn(c.name, c.type.ToValueType());
  return table;
}

bool JsonCellText(const nlohmann::json& value, std::string* out) {
  out->clear();
  if (value.is_null()) return true;
  if (value.is_string()) {
    *out = value.get<std::string>();
    return true;
  }
  if (value.is_boolean()) {
    *out = value.get<bool>() ? "true" : "false";
    return true;
  }
  if (value.is_number()) {
    *out = value.dump();
    return true;
  }
  if (value.is_array()) {
    for (const nlohmann::json& item : value) {
      if (!item.is_string()) return false;
      if (!out->empty()) *out += "|";
      *out += item.get<std::string>();
    }
    return true;
  }
  return false;
}

v1::Status AppendJsonRow(const ir::InputSchema& input, const nlohmann::json& row, const rt::TimeZone& zone,
                         const std::string* customer_key, const std::string& where, rt::Table* table) {
  if (!row.is_object()) return {v1::StatusCode::kInvalidArgument, where + ": expected an object"};
  // Parse every field before appending any, so a bad field leaves no half row behind.
  std::vector<std::string> texts(input.columns.size());
  std::vector<rt::CellValue> cells(input.columns.size());
  for (size_t i = 0; i < input.columns.size(); ++i) {
    const ir::ColumnSchema& column = input.columns[i];
    rt::ValueType type = column.type.ToValueType();
    if (customer_key != nullptr && static_cast<int32_t>(i) == input.key_column) {
      texts[i] = *customer_key;
    } else {
      auto found = row.find(column.name);
      if (found != row.end() && !JsonCellText(*found, &texts[i])) {
        return {v1::StatusCode::kInvalidArgument,
                where + "." + column.name + ": " + found->dump() + " " + rt::NotAValue(type)};
      }
    }
    if (!rt::ParseCell(type, texts[i], zone, &cells[i])) {
      return {v1::StatusCode::kInvalidArgument,
              where + "." + column.name + ": '" + texts[i] + "' " + rt::NotAValue(type)};
    }
  }
  // Text cells view texts[i], which lives until here.
  for (size_t i = 0; i < input.columns.size(); ++i) {
    rt::AppendCell(cells[i], &table->mutable_column(i));
  }
  return {};
}

}  // namespace seg::api
