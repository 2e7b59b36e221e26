#pragma once

#include <string>

#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::rt {

// Loads an input from where `location` points: a postgresql:// URL (pg::LoadPostgresTable), else a
// CSV or JSON Lines file (LoadTable). Every front end binds inputs through this one function.
LoadResult LoadSource(const TableSpec& spec, const std::string& location, const LoadOptions& options,
                      const TimeZone& zone);

}  // namespace seg::rt
