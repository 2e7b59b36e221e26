#include "compiler/exec/result.h"

#include <charconv>
#include <cstdio>

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
    case TypeKind::kText:
    case TypeKind::kId: return column.text[static_cast<size_t>(column.ints[row])];
    default: return "";
  }
}

}  // namespace seg::exec

namespace seg::exec {

std::string ModelFitRecord::Describe() const {
  auto number = [](double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", x);
    return std::string(text);
  };
  std::string users;
  for (const std::string& u : used_by) users += (users.empty() ? "" : ", ") + u;
  std::string line = model + " fit for " + (users.empty() ? "the program" : users) + " (" + std::to_string(customers) +
                     (model == "BG/NBD" ? " customers, " + unit : " repeat customers") + "):";
  for (size_t i = 0; i < parameters.size(); ++i) {
    line += (i ? ", " : " ") + parameters[i].first + " = " + number(parameters[i].second);
  }
  return line + ", log-likelihood = " + number(log_likelihood) + ", " + std::to_string(iterations) + " iterations";
}

}  // namespace seg::exec
