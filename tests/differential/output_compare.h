// How the differential tests compare two engines' outputs, shared by the interpreter-vs-JIT test
// and the interpreter-vs-SQL-server tests (PostgreSQL, ClickHouse).
#pragma once
#include <string>
#include <vector>

#include "compiler/driver/write_results.h"

namespace seg::differential {

// An output as its header and its rows sorted: the rows follow the customer file's order (or the
// server's), a customer's row must not. A run-time error compares as "error": which customer it
// names first follows the row order.
std::string RowsSorted(const std::string& bytes);

// A run's result as the CSV bytes `seg run` writes.
std::string CsvOf(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                  const std::vector<driver::ExtraColumn>& extra);

}  // namespace seg::differential
