#include "compiler/exec/result.h"

#include <charconv>

#include "runtime/civil_time.h"
#include "runtime/duration.h"
#include "runtime/money.h"

namespace seg::exec {

using lang::TypeKind;

std::string FormatResult(const ResultColumn& column, size_t row) {
  if (!column.valid[row]) return "";
  switch (column.type.kind) {
    case TypeKind::kBool: return column.ints[row] ? "true" : "false";
    case TypeKind::kInt: return std::to_string(column.ints[row]);
    case TypeKind::kFloat: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), column.floats[row]);
      return std::string(buffer, end);
    }
    case TypeKind::kMoney: return rt::FormatMoney(column.ints[row]);
    case TypeKind::kDate: return rt::FormatDate(static_cast<int32_t>(column.ints[row]));
    case TypeKind::kTimestamp: return rt::FormatTimestamp(column.ints[row]);
    case TypeKind::kDuration: return rt::FormatDuration(column.ints[row]);
    case TypeKind::kText: case TypeKind::kId: return column.text[static_cast<size_t>(column.ints[row])];
    default: return "";
  }
}

}  // namespace seg::exec
