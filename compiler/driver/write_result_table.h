// `seg run --out postgresql://...?table=SCHEMA.TABLE [--history SCHEMA.HIST]`: the rows
// WriteResults gives a file, written into a PostgreSQL table instead (rt::pg::ResultTable: one
// transaction, the old table swapped for the new one), with each customer's buckets and tags
// appended to the history table in the same transaction.
#pragma once
#include <string>
#include <vector>

#include "compiler/driver/write_results.h"
#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/io/postgres/result_table.h"

namespace seg::driver {

struct ResultTableRun {
  std::string as_of;         // YYYY-MM-DD
  std::string program_name;  // for the table's comment (the .seg file's name)
};

// Writes and commits; throws rt::pg::Error (no password in it) when anything fails, and then
// nothing has changed in the database. Returns the history run id (0 without history).
int64_t WriteResultTable(rt::pg::ResultTable& table, const ir::Program& program, const rt::Dataset& data,
                         const exec::RunResult& result, const std::vector<ExtraColumn>& extra,
                         const ResultTableRun& run);

}  // namespace seg::driver
