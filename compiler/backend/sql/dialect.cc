// The registry of dialects: one line per dialect.
#include "compiler/backend/sql/dialect.h"

#include "compiler/backend/sql/dialect_clickhouse.h"
#include "compiler/backend/sql/dialect_postgres.h"

namespace seg::sql {

const Dialect* DialectNamed(std::string_view name) {
  if (name == "postgres" || name == "postgresql") return &PostgresDialect();
  if (name == "clickhouse") return &ClickHouseDialect();
  return nullptr;
}

}  // namespace seg::sql
