#include "runtime/io/postgres/source_loader.h"

#include "runtime/io/postgres/postgres_loader.h"
#include "runtime/io/postgres/postgres_url.h"
#include "runtime/io/table_loader.h"

namespace seg::rt {

LoadResult LoadSource(const TableSpec& spec, const std::string& location, const LoadOptions& options,
                      const TimeZone& zone) {
  if (pg::IsPostgresUrl(location)) return pg::LoadPostgresTable(spec, location, options, zone);
  return LoadTable(spec, location, options, zone);
}

}  // namespace seg::rt
