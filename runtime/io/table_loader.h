#pragma once

#include <string>

#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::rt {

// Loads a table from CSV or JSON Lines, chosen by the file name: ".jsonl", ".ndjson" and ".json"
// are JSON Lines, anything else is CSV. See LoadCsvTable and LoadJsonlTable.
LoadResult LoadTable(const TableSpec& spec, const std::string& path, const LoadOptions& options, const TimeZone& zone);

}  // namespace seg::rt
