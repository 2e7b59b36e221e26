// ClickHouse as a driver::SqlServer (sql_run.h): `seg run --on clickhouse://HOST:PORT/DB`.
#pragma once
#include <memory>
#include <string>

#include "compiler/driver/sql_run.h"

namespace seg::driver {

// A ClickHouse server from a clickhouse:// URL (its HTTP port); fails when the URL is malformed
// or the server does not answer. Statements run over HTTP and come back in the
// Native format, decoded exactly (floats to their shortest exact text).
rt::Result<std::unique_ptr<SqlServer>> ConnectClickHouse(const std::string& url);

// A ClickHouse error message with seg's meaning added for the errors the dialect provokes on
// purpose: a checked 64-bit overflow (Decimal convert overflow) and a value the dialect refuses
// at run time (throwIf). Other messages pass unchanged.
std::string ExplainClickHouseError(const std::string& message);

}  // namespace seg::driver
