// The differential generator's programs on the two-shard ClickHouse cluster: each program x data
// case runs in seg's interpreter (the reference) and as the ClickHouse statement over the same
// rows sharded by customer; both write the same CSV (rows compared sorted: a server lists
// customers in key order, a local run in file order), or both fail with an overflow. A program
// the dialect refuses (E0400) is counted by reason, never compared. Mismatches are written to
// <build>/tests/clickhouse/failures/ with the program, the data and the SQL.
//
//   SEG_CH_DIFF_CASES=N   program x data cases (default 80, two datasets per program)
//   SEG_CH_DIFF_FIRST=S   first program seed (default 1)
//   SEG_CH_DIFF_PAUSE=N   after the first mismatch, keep the cluster (and its tables) for N seconds
//                         and print its URL, to look at the statement's parts by hand
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "compiler/backend/sql/dialect_clickhouse.h"
#include "compiler/backend/sql/lower_sql.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/sql_server_clickhouse.h"
#include "compiler/driver/write_results.h"
#include "tests/differential/data_generator.h"
#include "tests/differential/output_compare.h"
#include "tests/differential/program_generator.h"
#include "tests/support/clickhouse_cluster.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using differential::DataSet;

constexpr uint64_t kDatasetsPerProgram = 2;

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

std::string Interpret(const ir::Program& program, const DataSet& data, const std::vector<lang::Value>& params,
                      const std::vector<driver::ExtraColumn>& extra) {
  driver::LoadedData loaded = driver::IndexTables(program, differential::BuildTables(program, data), 1);
  if (!loaded.ok()) return "load error: " + loaded.status.message();
  exec::RunOptions options;
  for (const driver::ExtraColumn& e : extra) options.keep.push_back(e.node);
  driver::ExecuteOptions execute;
  execute.engine = driver::EngineChoice::kInterp;
  execute.warn = false;
  driver::ExecuteReport report;
  exec::RunResult result = driver::Execute(program, loaded.data, params, options, execute, &report);
  if (!result.ok()) return "error: " + result.status.message();
  return differential::CsvOf(program, loaded.data, result, extra);
}

class ClickHouseDifferentialTest : public ClickHouseTest {};

TEST_F(ClickHouseDifferentialTest, GeneratedProgramsGiveTheInterpretersOutput) {
  // 80 cases take about 45 s on two cores: ClickHouse 18.16 spends about half a second analysing
  // each generated statement. SEG_CH_DIFF_CASES=N runs a longer campaign.
  uint64_t cases = EnvNumber("SEG_CH_DIFF_CASES", 80);
  uint64_t first = EnvNumber("SEG_CH_DIFF_FIRST", 1);
  rt::Result<std::unique_ptr<driver::SqlServer>> connected = driver::ConnectClickHouse(cluster().Url());
  ASSERT_TRUE(connected.ok()) << connected.message();
  std::unique_ptr<driver::SqlServer> server = std::move(*connected);
  auto start = std::chrono::steady_clock::now();
  size_t compared = 0, errors = 0, mismatches = 0;
  double load_seconds = 0, query_seconds = 0;
  std::map<std::string, size_t> refused;
  for (uint64_t seed = first; compared + errors < cases && seed < first + 20 * cases; ++seed) {
    // Population statistics included: seg ranks them between statements (driver::RunOnServer).
    differential::GeneratedProgram generated = differential::GenerateProgram(seed, {.sql_only = true});
    driver::CompileOptions compile_options;
    compile_options.output_lets.insert(generated.lets.begin(), generated.lets.end());
    auto compilation = driver::CompileText("seed_" + std::to_string(seed) + ".seg", generated.text, compile_options);
    if (!compilation->ok() || !compilation->ir) continue;  // the generator's own test reports these
    const ir::Program& program = *compilation->ir;
    std::vector<driver::ExtraColumn> extra;
    for (const ir::Named& l : program.lets) extra.push_back({l.name, l.node});
    for (uint64_t k = 0; k < kDatasetsPerProgram; ++k) {
      DataSet data = differential::GenerateData(seed, k);
      if (k % 2 == 1) data.params = generated.param_bindings;
      std::vector<lang::Value> params;
      rt::Status bound = driver::BindParams(program, data.params, data.as_of, &params);
      ASSERT_TRUE(bound.ok()) << bound.message();
      sql::LowerOptions options;
      options.dialect = &sql::ClickHouseDialect();
      options.params = params;
      for (const driver::ExtraColumn& e : extra) options.extra.push_back(e.node);
      options.title = "seed " + std::to_string(seed) + " data " + std::to_string(k);
      std::vector<std::optional<rt::Table>> tables = differential::BuildTables(program, data);
      for (size_t i = 0; i < program.inputs.size(); ++i) {
        options.tables.push_back(tables[i] ? rt::ch::QuoteIdentifier("diff_" + program.inputs[i].name) : "");
      }
      // Whether the dialect refuses the program, asked before loading its tables: population
      // statistics lowered as if seg had ranked them (no bins, no results), as RunOnServer will.
      sql::LowerOptions probe = options;
      for (ir::NodeId id = 0; id < static_cast<ir::NodeId>(program.nodes.size()); ++id) {
        if (program.nodes[id].kind != ir::NodeKind::kPopulation) continue;
        probe.cuts[id] = {};
        probe.bounds[id] = {};
        probe.value_results[id] = {};
      }
      sql::SqlRefusal refusal;
      std::optional<sql::SqlStatement> statement = sql::LowerToSql(program, probe, &refusal);
      if (!statement) {
        ++refused[refusal.what.substr(0, refusal.what.find(" ("))];
        break;  // the same program is refused on any data
      }
      auto load_start = std::chrono::steady_clock::now();
      for (size_t i = 0; i < program.inputs.size(); ++i) {
        if (!tables[i]) continue;
        const ir::InputSchema& in = program.inputs[i];
        cluster().LoadSharded("diff_" + in.name, *tables[i], in.columns[in.key_column].name);
      }
      load_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
      std::string reference = Interpret(program, data, params, extra);
      ASSERT_EQ(reference.rfind("load error", 0), std::string::npos) << reference;
      std::string on_server;
      rt::Dataset dataset;
      exec::RunResult result;
      auto query_start = std::chrono::steady_clock::now();
      std::optional<Diagnostic> refusal_on_run;
      if (rt::Status ran = driver::RunOnServer(*compilation, options, *server, &dataset, &result, &refusal_on_run);
          ran.ok()) {
        on_server = differential::CsvOf(program, dataset, result, extra);
      } else {
        on_server = "error: " + ran.message();
      }
      query_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - query_start).count();
      bool reference_failed = reference.rfind("error: ", 0) == 0;
      // seg fails a run on an overflow; the statement must fail with one of the dialect's checks:
      // a checked int (code 407) or a double out of int64's range (throwIf, code 395).
      bool same = reference_failed ? (on_server.find("(code 407)") != std::string::npos ||
                                      on_server.find("(code 395)") != std::string::npos)
                                   : differential::RowsSorted(on_server) == differential::RowsSorted(reference);
      reference_failed ? ++errors : ++compared;
      if (!same) {
        ++mismatches;
        fs::path dir = fs::path(SEG_BINARY_DIR) / "failures" /
                       ("seed_" + std::to_string(seed) + "_data_" + std::to_string(k));
        fs::create_directories(dir);
        std::ofstream(dir / "program.seg") << generated.text;
        std::ofstream(dir / "statement.sql") << statement->sql;  // without seg's ranking results
        for (const auto& [input, csv] : differential::ToCsv(program, data))
          std::ofstream(dir / (input + ".csv")) << csv;
        ADD_FAILURE() << "program seed " << seed << ", dataset " << k << ", as_of " << data.as_of
                      << ": ClickHouse disagrees with the interpreter\n--- program\n"
                      << generated.text << "--- interpreter\n"
                      << reference << "--- clickhouse\n"
                      << on_server << "--- written to " << dir.string();
        if (uint64_t pause = EnvNumber("SEG_CH_DIFF_PAUSE", 0); pause > 0) {
          std::printf("cluster kept at %s for %llu s\n", cluster().Url().c_str(),
                      static_cast<unsigned long long>(pause));
          std::fflush(stdout);
          std::this_thread::sleep_for(std::chrono::seconds(pause));
          return;
        }
        if (mismatches >= 5) break;
      }
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%zu cases agree (%zu of them overflow in both) in %.1f s (loading tables %.1f s, statements %.1f s); "
      "programs refused by reason:\n",
      compared + errors, errors, seconds, load_seconds, query_seconds);
  for (const auto& [reason, count] : refused) std::printf("  %4zu  %s\n", count, reason.c_str());
  EXPECT_GE(compared + errors, cases);
}

}  // namespace
}  // namespace seg::test
