#include "compiler/exec/result.h"

#include <charconv>
#include <cstdio>

#include "compiler/exec/bits.h"
#include "runtime/civil_time.h"
#include "runtime/duration.h"
#include "runtime/money.h"

namespace seg::exec {

using lang::TypeKind;

std::string FormatResult(const ResultColumn& column, size_t row) {
  if (!column.Valid(row)) return "";
  switch (column.type.kind) {
    case TypeKind::kBool: return column.Int(row) ? "true" : "false";
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

void ResultColumn::PackBytes() {
  if (!packed() || bool_rows != 0) return;
  bool_rows = valid.size();
  bool_values.assign(BitWords(bool_rows), 0);
  bool_valid.assign(BitWords(bool_rows), 0);
  PackBits(ints.data(), bool_rows, bool_values.data(), 0);
  PackBits(valid.data(), bool_rows, bool_valid.data(), 0);
  ints = {};
  valid = {};
}

void ResultColumn::Fill(size_t rows, bool is_valid, int64_t i, double f) {
  if (packed()) {
    bool_rows = rows;
    bool_valid.assign(BitWords(rows), is_valid ? ~uint64_t{0} : 0);
    bool_values.assign(BitWords(rows), i != 0 ? ~uint64_t{0} : 0);
    return;
  }
  valid.assign(rows, is_valid);
  if (type.Is(TypeKind::kFloat)) floats.assign(rows, f);
  else ints.assign(rows, i);
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
