#pragma once

#include <string>

#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/time_zone.h"

namespace seg::rt::pg {

// Loads a table from PostgreSQL: `url` is postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB with
// ?table=SCHEMA.TABLE or ?query=SELECT ... (see postgres_url.h).
//  - Before any row is read, the source's columns are described (a prepared statement, not run):
//    every declared column must exist by exact name, and its database type must be one the
//    declared type reads (CanRead); otherwise the load fails naming table, column, declared type
//    and database type.
//  - Only the columns not skipped are read, with COPY (SELECT ...) TO STDOUT (FORMAT binary),
//    decoded straight into the columns (copy_binary.h). A customer table is read ORDER BY its
//    key (byte order for text), so the output lists customers alike on every run; events and
//    queries come as the server sends them (a query's own ORDER BY decides).
//  - NULL is a missing value. A customer row without a key, a repeated key, and a value with no
//    exact equivalent (money with 5 decimals, NaN) fail the load, or are skipped and counted under
//    BadRowPolicy::kSkip, as in a CSV file; messages read "<source>:ROW: ..." with ROW counted from
//    1 in the order the server sent the rows.
//  - A server that goes away mid-read fails the load (kConnectionLost); no table is returned.
// No message contains the password (of the URL or PGPASSWORD).
LoadResult LoadPostgresTable(const TableSpec& spec, const std::string& url, const LoadOptions& options,
                             const TimeZone& zone);

}  // namespace seg::rt::pg
