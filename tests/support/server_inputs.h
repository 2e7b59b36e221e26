// What the tests that run seg on a database server's tables share (tests/postgres,
// tests/clickhouse): the e2e cases that succeed on CSV files, their programs compiled, and a
// run's arguments with each `--input NAME=FILE` bound to what the server was loaded with instead.
// Each server loads a file its own way (PostgreSQL: COPY and a conversion in SQL; ClickHouse: seg's
// own loader, then sharded inserts), so the loading is a callback; the rebinding is not.
// Compiled into each test binary with tests/e2e/e2e_support.cc, whose case list it reads.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/compiler.h"
#include "compiler/ir/ir.h"

namespace seg::test {

// The three inputs of the programs in examples/ on examples/data, relative to examples/, and
// with the as-of date the examples' outputs are checked at.
inline constexpr const char* kExampleInputs =
    "--input customers=data/customers.csv --input orders=data/orders.csv --input visits=data/visits.csv";
inline const std::string kExampleArgs = std::string(kExampleInputs) + " --as-of 2025-06-30";

// `text` without its trailing white space (an args file's last line break, a query's).
std::string TrimEnd(std::string text);

// Compiles a .seg file; throws when it does not compile.
std::unique_ptr<driver::Compilation> Compile(const std::filesystem::path& program);

// An e2e case (tests/e2e/cases/NAME) that succeeds reading CSV files only: no JSONL input, not
// disabled, with an expected output.
struct CsvCase {
  std::filesystem::path dir;
  std::string name;
  std::string args;                // the args file, trailing white space trimmed
  std::filesystem::path expected;  // expected.csv, or expected.jsonl for a JSON Lines output
};
std::vector<CsvCase> CsvCases();

// PREFIX + `name` in lower case, anything but letters and digits as '_': a table name for a case.
std::string TableName(const std::string& prefix, std::string name);

// The --delimiter of a run's arguments (',' when none): the one the CSV files are read with.
char CsvDelimiter(const std::string& args);

// The index of the input of `program` named `name`; throws when there is none.
size_t InputIndex(const ir::Program& program, const std::string& name);

// Loads FILE (relative to the run's folder) as the input NAME into the server, and returns what
// `--input NAME=` names instead (a quoted URL, a table name). Throws when the server cannot hold
// the file's data.
using LoadInput = std::function<std::string(const std::string& name, const std::string& file)>;

// `args` with each `--input NAME=FILE` loaded by `load`, in order, and bound to what it returns;
// the rest of `args` as it is.
std::string RebindInputs(const std::string& args, const LoadInput& load);

}  // namespace seg::test
