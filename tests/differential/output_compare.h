// What the differential tests share, the interpreter-vs-JIT test and the interpreter-vs-SQL-server
// tests (PostgreSQL, ClickHouse): a campaign's size, a generated program compiled with its lets as
// output columns, the interpreter's reference run, and how two engines' outputs are compared.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/compiler.h"
#include "compiler/driver/write_results.h"
#include "tests/differential/program_generator.h"

namespace seg::differential {

// The number in the environment variable `name` (a campaign's size or first seed), else `fallback`.
uint64_t EnvNumber(const char* name, uint64_t fallback);

// The program generated from `seed`, compiled as seed_SEED.seg with its lets as output columns
// (for --with). Whether it compiled is the caller's to check.
std::unique_ptr<driver::Compilation> CompileGenerated(uint64_t seed, const GeneratedProgram& generated);

// Every let of the program as an extra output column, in order: what a differential run writes.
std::vector<driver::ExtraColumn> EveryLet(const ir::Program& program);

// The reference run: the interpreter on `data`, the `extra` columns kept, no fallback warnings.
exec::RunResult RunOnInterpreter(const ir::Program& program, const rt::Dataset& data,
                                 const std::vector<lang::Value>& params, const std::vector<driver::ExtraColumn>& extra);

// An output as its header and its rows sorted: the rows follow the customer file's order (or the
// server's), a customer's row must not. A run-time error compares as "error": which customer it
// names first follows the row order.
std::string RowsSorted(const std::string& bytes);

// A run's result as the CSV bytes `seg run` writes.
std::string CsvOf(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                  const std::vector<driver::ExtraColumn>& extra);

}  // namespace seg::differential
