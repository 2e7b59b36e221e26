// The differential generator's programs (tests/differential) run inside PostgreSQL
// (`seg run --on`'s path: driver::RunOnServer) must write what the interpreter writes from the
// same CSV files, every let included, or fail where it fails; a program the SQL backend refuses
// (E0400) is counted, not compared. Rows are compared sorted: a server run lists customers in
// key order, a local run in file order.
//
//   SEG_PG_DIFF_CASES=N  program x data cases (default 400: two datasets per program)
//   SEG_PG_DIFF_FIRST=S  first program seed (default 1)
//   SEG_PG_DIFF_MIN_COMPARED=N  fail unless at least N cases ran on the server (ctest: 300)
//   SEG_PG_DIFF_KEEP_GOING=1    go on after a mismatch (scripts/postgres_differential.sh)
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compiler/backend/sql/dialect_postgres.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/sql_run.h"
#include "compiler/driver/write_results.h"
#include "tests/differential/data_generator.h"
#include "tests/differential/output_compare.h"
#include "tests/differential/program_generator.h"
#include "tests/e2e/e2e_support.h"
#include "tests/postgres/csv_tables.h"
#include "tests/support/postgres_server.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using differential::DataSet;
using differential::EnvNumber;
using differential::GeneratedProgram;

constexpr uint64_t kDatasetsPerProgram = 2;

class PostgresDifferentialTest : public PostgresTest {};

TEST_F(PostgresDifferentialTest, GeneratedProgramsAgreeWithTheInterpreter) {
  uint64_t cases = EnvNumber("SEG_PG_DIFF_CASES", 400);
  uint64_t first = EnvNumber("SEG_PG_DIFF_FIRST", 1);
  uint64_t programs = (cases + kDatasetsPerProgram - 1) / kDatasetsPerProgram;
  size_t compared = 0, refused = 0, both_failed = 0, skipped_programs = 0;
  std::map<std::string, size_t> reasons;
  std::unique_ptr<driver::SqlServer> connection;
  {
    rt::Result<std::unique_ptr<driver::SqlServer>> connected = driver::ConnectPostgres(server().Url());
    ASSERT_TRUE(connected.ok()) << connected.message();
    connection = std::move(*connected);
  }
  for (uint64_t seed = first; seed < first + programs; ++seed) {
    GeneratedProgram generated = differential::GenerateProgram(seed, {.sql_only = true, .sql_sequences = true});
    auto compilation = differential::CompileGenerated(seed, generated);
    if (!compilation->ok() || !compilation->ir) {
      ++skipped_programs;  // constant overflow; the differential test checks the rest
      continue;
    }
    const ir::Program& program = *compilation->ir;
    std::vector<driver::ExtraColumn> extra = differential::EveryLet(program);
    for (uint64_t k = 0; k < kDatasetsPerProgram; ++k) {
      SCOPED_TRACE("program seed " + std::to_string(seed) + ", dataset " + std::to_string(k) + "\n" + generated.text);
      DataSet data = differential::GenerateData(seed, k);
      if (k % 2 == 1) data.params = generated.param_bindings;
      e2e::TempDir dir;
      std::string args;
      std::vector<driver::InputBinding> bindings;
      for (const auto& [input, csv] : differential::ToCsv(program, data)) {
        std::ofstream(dir.path() / (input + ".csv")) << csv;
        args += " --input " + input + "=" + input + ".csv";
        bindings.push_back({input, (dir.path() / (input + ".csv")).string()});
      }
      // The reference: the interpreter on the CSV files.
      driver::LoadedData loaded = driver::LoadData(program, bindings, rt::LoadOptions{}, driver::ColumnsToLoad::kRead,
                                                   {});
      ASSERT_TRUE(loaded.ok()) << loaded.status.message();
      std::vector<lang::Value> params;
      rt::Status bound = driver::BindParams(program, data.params, data.as_of, &params);
      ASSERT_TRUE(bound.ok()) << bound.message();
      exec::RunResult local = differential::RunOnInterpreter(program, loaded.data, params, extra);
      // The same files as tables, and the program run inside the server.
      std::string prefix = "d" + std::to_string(seed) + "_" + std::to_string(k);
      std::map<std::string, std::string> column_types;  // money columns declared numeric(p,s)
      for (const auto& [column, type] : data.money_types)
        column_types[column] = "numeric(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
      SCOPED_TRACE("money columns declared: " + differential::MoneyTypesText(data, "numeric"));
      BindToTables(server(), dir.path(), args, program, prefix, false, column_types);
      sql::LowerOptions options;
      options.dialect = &sql::PostgresDialect();
      options.params = params;
      for (const driver::ExtraColumn& e : extra) options.extra.push_back(e.node);
      options.title = "differential seed " + std::to_string(seed);
      for (const ir::InputSchema& in : program.inputs)
        options.tables.push_back(options.dialect->Quote(prefix + "_" + in.name));
      rt::Dataset on_data;
      exec::RunResult on;
      std::optional<Diagnostic> refusal;
      rt::Status run = driver::RunOnServer(*compilation, options, *connection, &on_data, &on, &refusal);
      bool ran = run.ok();
      for (const ir::InputSchema& in : program.inputs) {
        server().Exec("DROP TABLE IF EXISTS " + prefix + "_" + in.name + ", " + prefix + "_" + in.name + "_csv");
      }
      if (!ran && refusal) {
        ++refused;
        ++reasons[refusal->message];
        continue;
      }
      if (!local.ok()) {
        EXPECT_FALSE(ran) << "the interpreter fails (" << local.status.message() << ") but the server ran it";
        ++both_failed;
        continue;
      }
      ASSERT_TRUE(ran) << run.message();
      std::string on_bytes = differential::CsvOf(program, on_data, on, extra),
                  local_bytes = differential::CsvOf(program, loaded.data, local, extra);
      EXPECT_EQ(differential::RowsSorted(on_bytes), differential::RowsSorted(local_bytes));
      if (differential::RowsSorted(on_bytes) != differential::RowsSorted(local_bytes)) {
        // The case, ready to reproduce: the program, its CSV files and the SQL statement.
        fs::path keep = fs::path(SEG_BINARY_DIR) / "failures" / prefix;
        fs::create_directories(keep);
        fs::copy(dir.path(), keep, fs::copy_options::overwrite_existing | fs::copy_options::recursive);
        std::ofstream(keep / "program.seg") << generated.text;
        std::ofstream(keep / "README") << "seg run program.seg --as-of " << data.as_of << args << " --with " << [&] {
          std::string w;
          for (const auto& e : extra) w += (w.empty() ? "" : ",") + e.name;
          return w;
        }() << "\n";
        std::printf("written to %s\n", keep.string().c_str());
      }
      ++compared;
      if (HasFailure() && EnvNumber("SEG_PG_DIFF_KEEP_GOING", 0) == 0) return;
    }
  }
  std::printf(
      "compared %zu program x data cases on PostgreSQL; %zu refused (E0400), %zu failed on both, %zu programs "
      "did not compile\n",
      compared, refused, both_failed, skipped_programs);
  for (const auto& [reason, count] : reasons) std::printf("  %4zu refused: %s\n", count, reason.c_str());
  EXPECT_GE(compared, EnvNumber("SEG_PG_DIFF_MIN_COMPARED", 0));
}

}  // namespace
}  // namespace seg::test
