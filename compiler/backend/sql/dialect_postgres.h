// PostgreSQL 15: CTEs, FILTER (WHERE ...), ordered aggregates, COLLATE "C" for byte order.
#pragma once
#include "compiler/backend/sql/dialect.h"

namespace seg::sql {

const Dialect& PostgresDialect();

}  // namespace seg::sql
