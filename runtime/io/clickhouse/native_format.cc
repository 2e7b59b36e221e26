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
    size_t first_row = result->rows.size();
    result->rows.resize(first_row + rows);
    for (uint64_t r = 0; r < rows; ++r) result->rows[first_row + r].resize(columns);
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
      } else if (c >= result->names.size() || result->names[c] != name) {
        return malformed("blocks with different columns");
      }
      std::vector<bool> null(rows, false);
      ColumnType value_type = *type;
      if (type->nullable) {
        std::string_view map;
        if (!reader.Take(rows, &map)) return malformed("a null map ends early");
        for (uint64_t r = 0; r < rows; ++r) null[r] = map[r] != 0;
        value_type.nullable = false;
      }
      for (uint64_t r = 0; r < rows; ++r) {
        std::optional<std::string>& cell = result->rows[first_row + r][c];
        SEG_RETURN_IF_ERROR(reader.ReadText(value_type, &cell));
        if (null[r]) cell.reset();  // the value under a NULL is a placeholder
      }
    }
    if (columns > 0) first_block = false;
  }
  return Status::Ok();
}

}  // namespace seg::rt::ch
