#pragma once

#include <string>

#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::rt {

// Loads JSON Lines: one JSON object per line, keys matched to the spec's columns by exact name
// (other keys ignored; an absent key or null is a missing value). Values follow the CSV rules
// (ParseCell) applied to the JSON value's text: numbers keep their literal digits, so money stays
// exact; strings are parsed as the column's type ("2024-01-31" for a date); true/false fit bool
// columns. A tags column takes an array of strings (or one '|'-separated string); [] is an empty
// set. An empty string is a missing value, as an empty CSV field is. Blank lines are skipped.
// Errors name file, line and column like the CSV loader's; invalid JSON is reported with the
// parser's message, bytes that are not UTF-8 by their place in the line. A declared field given
// twice in one object is a malformed row; a UTF-16 file is refused; customer rows need a key, and
// a different one, as in the CSV loader. A column marked `skip` is not read at all: it loads as missing whatever the
// line holds (the line must still be valid JSON). Parallel over line-aligned pieces, identical
// results for any thread count; each piece maps the file a window at a time (PageWindow), as the
// CSV loader does, so that a file of many gigabytes is never resident whole.
LoadResult LoadJsonlTable(const TableSpec& spec, const std::string& path, const LoadOptions& options,
                          const TimeZone& zone);

}  // namespace seg::rt
