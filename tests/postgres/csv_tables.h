// CSV test data as PostgreSQL tables with the declared column types (postgres_e2e_test.cc), for
// the tests that run seg on tables instead of files.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "compiler/driver/compiler.h"
#include "compiler/ir/ir.h"
#include "tests/support/postgres_server.h"
#include "tests/support/server_inputs.h"

namespace seg::test {

// `args` with each --input NAME=FILE (relative to `dir`) bound to the table `prefix_NAME`
// instead; loads those tables. `in_file_order`: bind ?query=... ORDER BY the file's row order;
// else ?table= (customers then come in key order). `column_types` ("input.column" -> an SQL type,
// such as numeric(38,6)) declares a column otherwise than its seg type's usual one.
std::string BindToTables(PostgresServer& server, const std::filesystem::path& dir, const std::string& args,
                         const ir::Program& program, const std::string& prefix, bool in_file_order,
                         const std::map<std::string, std::string>& column_types = {});

}  // namespace seg::test
