#pragma once

#include <string>

#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::rt {

// Loads a CSV file into a table with the spec's columns, in the spec's order.
//  - The first record is a header; declared columns are matched to it by exact name, extra file
//    columns are ignored, and a declared column missing from the header is an error that lists
//    the header, as is one named twice. A UTF-8 byte order mark is skipped; a UTF-16 file is
//    refused (TextStart); LF and CRLF line ends are both accepted.
//  - Fields follow RFC 4180 (see CsvRecordParser); an empty field is a missing value.
//  - Values are parsed per ParseCell; timestamps without offset are local times in `zone`.
//  - Text fields of the columns read must be UTF-8. A customer table's rows must each have a key,
//    and a different one (see MergeChunks).
//  - A malformed row fails the load, or with BadRowPolicy::kSkip is counted and left out. Messages
//    read "orders.csv:1234: column 'amount': 'abc' is not a money value" (1-based physical line
//    of the row's first character).
// The file is split at record boundaries and parsed on options.threads threads; the result,
// dictionaries included, is identical for every thread count.
LoadResult LoadCsvTable(const TableSpec& spec, const std::string& path, const LoadOptions& options,
                        const TimeZone& zone);

}  // namespace seg::rt
