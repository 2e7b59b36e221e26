#include "runtime/io/clickhouse/native_format.h"

namespace seg::rt::ch {

Status ReadNative(std::string_view body, NativeResult* result) {
  RowBinaryReader reader(body);
  auto malformed = [](const std::string& what) {
    return Status::Error("malformed Native answer from the server: " + what);
  };
  bool first_block = true;
  while (!reader.AtEnd()) {
    uint64_t columns = 0, rows = 0;
    if (!reader.ReadLength(&columns) || !reader.ReadLength(&rows)) return malformed("a block header ends early");
    if (!first_block && columns != result->names.size()) return malformed("blocks with different columns");
    for (uint64_t c = 0; c < columns; ++c) {
      std::string_view name, type_name;
      if (!reader.ReadString(&name) || !reader.ReadString(&type_name)) return malformed("a column header ends early");
      std::optional<ColumnType> type = ParseColumnType(type_name);
      if (!type || type->kind == ColumnType::Kind::kArrayString) {  // arrays are laid out apart in Native
        return Status::Error("the server answered column '" + std::string(name) + "' as " + std::string(type_name) +
                             ", a type seg does not read");
      }
      if (first_block) {
        result->names.emplace_back(name);
        result->types.push_back(*type);
        result->columns.emplace_back(RowBinaryReader::CellKind(*type));
      } else if (c >= result->names.size() || result->names[c] != name) {
        return malformed("blocks with different columns");
      }
      CellColumn& column = result->columns[c];
      size_t first_row = column.size();
      std::string_view null_map;
      ColumnType value_type = *type;
      if (type->nullable) {
        if (!reader.Take(rows, &null_map)) return malformed("a null map ends early");
        value_type.nullable = false;
      }
      for (uint64_t r = 0; r < rows; ++r) SEG_RETURN_IF_ERROR(reader.ReadCell(value_type, &column));
      for (uint64_t r = 0; r < null_map.size(); ++r) {
        if (null_map[r] != 0) column.SetNull(first_row + r);  // the value under a NULL is a placeholder
      }
    }
    if (columns > 0) first_block = false;
  }
  return Status::Ok();
}

}  // namespace seg::rt::ch
