// ClickHouse (18.16 and later releases): no CTEs or window functions, -If aggregates, one join per
// SELECT, 64-bit arithmetic that wraps (so seg checks it through Decimal128), every CASE branch
// evaluated (so no branch may fail on a row it does not answer).
#pragma once
#include "compiler/backend/sql/dialect.h"

namespace seg::sql {

const Dialect& ClickHouseDialect();

}  // namespace seg::sql
