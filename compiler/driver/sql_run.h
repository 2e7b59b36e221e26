// Running a program inside a SQL server: the driver's side of the SQL backend
// (compiler/backend/sql). It binds inputs to tables, lowers the IR for a dialect, runs the
// statement on a SqlServer and reads the per-customer columns back into an exec::RunResult, so the
// same writers (write_results.h, write_result_table.h) write the same bytes as a local run.
// A dialect's server plugs in by implementing SqlServer (PostgreSQL: ConnectPostgres below).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/backend/sql/lower_sql.h"
#include "compiler/base/diagnostic.h"
#include "compiler/driver/compiler.h"
#include "compiler/exec/result.h"
#include "runtime/dataset.h"
#include "runtime/io/cell_column.h"
#include "runtime/status.h"

namespace seg::driver {

// The statement's result by column, in its column order (rt::CellColumn: each cell NULL or a
// value, held as the server sent it).
using SqlResult = std::vector<rt::CellColumn>;

// A server that runs one statement and returns its columns: ints and doubles as the server's
// binary format gives them, or text in the dialect's canonical output (integers in decimal,
// doubles in shortest round-trip form, booleans as t/f or 1/0). Errors throw std::runtime_error
// with a message free of passwords.
class SqlServer {
 public:
  virtual ~SqlServer() = default;
  virtual SqlResult Query(const std::string& sql) = 0;
  // The columns of `table` (a table as the statement names it, LowerOptions::tables) with their
  // types as the server names them, for LowerOptions::column_types; empty where the server does
  // not say or the table cannot be described (the statement then checks what a type would have
  // vouched for, and reports a missing table itself).
  virtual std::vector<std::pair<std::string, std::string>> ColumnTypes(const std::string& /*table*/) { return {}; }
  virtual std::string Describe() const = 0;  // where, for messages (no password)
  virtual std::string DialectName() const = 0;
};

// A PostgreSQL server from a postgresql:// URL.
rt::Result<std::unique_ptr<SqlServer>> ConnectPostgres(const std::string& url);

// `--input NAME=TABLE`s as the table SQL per program input; an input not given is the table of its
// name when `default_to_names` (seg sql), else empty (an event input without events, customers
// from the events' keys).
rt::Result<std::vector<std::string>> BindTables(const ir::Program& program, const std::vector<std::string>& bindings,
                                                const sql::Dialect& dialect, bool default_to_names);

// Lowers the compiled program; on a refusal returns nullopt and sets `diagnostic` to E0400
// located at the let, tag, score or rule that holds the construct.
std::optional<sql::SqlStatement> LowerProgram(const Compilation& compilation, const sql::LowerOptions& options,
                                              Diagnostic* diagnostic);

// Runs the statement and reads it back: `data` gets the customers (their keys, in key order)
// and `result` the output columns.
rt::Status RunStatement(const ir::Program& program, const sql::SqlStatement& statement, SqlServer& server,
                        rt::Dataset* data, exec::RunResult* result);

// The whole run on a server. Population statistics the dialect cannot compute in the statement
// (ClickHouse: quantile bins, percent_rank, cumulative_share) are ranked by seg between passes:
// a first statement returns the values they rank, seg's kernels compute the cut points
// (rt::QuantileBins), and the next statement applies them as constants. PostgreSQL computes
// them all in one statement (population_in_statement.cc). A failure is
// either a refusal, with `diagnostic` set (E0400, located), or an error of the server or the data.
rt::Status RunOnServer(const Compilation& compilation, sql::LowerOptions options, SqlServer& server, rt::Dataset* data,
                       exec::RunResult* result, std::optional<Diagnostic>* diagnostic);

}  // namespace seg::driver
