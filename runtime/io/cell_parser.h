#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/column.h"
#include "runtime/time_zone.h"
#include "runtime/value_type.h"

namespace seg::rt {

// One parsed field, held until every field of its row has parsed, so that a malformed row can be
// skipped without leaving half a row in the columns.
struct CellValue {
  bool valid = false;     // false = missing
  int64_t i64 = 0;        // int, money, timestamp, duration, date, bool
  double f64 = 0;         // float
  std::string_view text;  // text, id, tags (raw, split on append); points into the input
};

// Parses the text of a field as `type`. Empty text (after trimming for non-text types) is a missing
// value. Accepted forms:
//   bool       true/false, 1/0, yes/no (any case)
//   int        decimal integer, optional sign
//   float      decimal or scientific notation; inf and nan are rejected
//   money      plain decimal (see ParseMoney)
//   date       YYYY-MM-DD
//   timestamp  ISO 8601 (see ParseTimestamp); without an offset it is local time in `zone`
//   duration   seconds ("90", "1.5") or unit groups "3d", "12h", "90m", "30s", "1w", "1h30m"
//   text, id   verbatim (no trimming); must be UTF-8
//   tags       labels separated by '|', each trimmed, empty labels dropped; must be UTF-8
// Returns false when the text is not a value of the type (BadValueError says why).
// `known_utf8`: the caller has checked the bytes already (a JSON parser's strings, or a piece of a
// file found to be all ASCII), so text is not checked again here.
bool ParseCell(ValueType type, std::string_view text, const TimeZone& zone, CellValue* out, bool known_utf8 = false);

// Appends a parsed cell to a column of the same type. Never fails.
void AppendCell(const CellValue& cell, Column* column);

// "is not a money value", "is not an int value", ...
std::string NotAValue(ValueType type);

bool ParseBool(std::string_view text, bool* out);
bool ParseInt64(std::string_view text, int64_t* out);
bool ParseFloat(std::string_view text, double* out);

}  // namespace seg::rt
