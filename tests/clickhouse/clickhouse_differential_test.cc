// The differential generator's programs on the two-shard ClickHouse cluster: each program x data
// case runs in seg's interpreter (the reference) and as the ClickHouse statement over the same
// rows sharded by customer; both write the same CSV (rows compared sorted: a server lists
// customers in key order, a local run in file order), or both fail with an overflow. A program
// the dialect refuses (E0400) is counted by reason, never compared. Mismatches are written to
// <build>/tests/clickhouse/failures/ with the program, the data and the SQL.
//
//   SEG_CH_DIFF_CASES=N   program x data cases (default 300, two datasets per program)
//   SEG_CH_DIFF_WORKERS=N cases run at a time (default 2), each worker on its own server and tables
//   SEG_CH_DIFF_FIRST=S   first program seed (default 1)
//   SEG_CH_DIFF_KEEP_GOING=1  go on after 5 mismatches (to count them; the tally says how many)
//   SEG_CH_DIFF_PAUSE=N   after the first mismatch, keep the cluster (and its tables) for N seconds
//                         and print its URL, to look at the statement's parts by hand
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
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
using differential::EnvNumber;

constexpr uint64_t kDatasetsPerProgram = 2;

std::string Interpret(const ir::Program& program, const DataSet& data, const std::vector<lang::Value>& params,
                      const std::vector<driver::ExtraColumn>& extra) {
  driver::LoadedData loaded = driver::IndexTables(program, differential::BuildTables(program, data), 1);
  if (!loaded.ok()) return "load error: " + loaded.status.message();
  exec::RunResult result = differential::RunOnInterpreter(program, loaded.data, params, extra);
  if (!result.ok()) return "error: " + result.status.message();
  return differential::CsvOf(program, loaded.data, result, extra);
}

// The money columns the data set declares a decimal type of their own (DataSet::money_types), as
// ClickHouse stores them: Nullable(Decimal(p, s)), each value exact in RowBinary (a null flag,
// then the units of 10^-s in 4, 8 or 16 little-endian bytes as p needs).
std::map<std::string, ClickHouseCluster::StoredColumn> DeclaredMoney(const ir::InputSchema& input,
                                                                     const DataSet& data) {
  std::map<std::string, ClickHouseCluster::StoredColumn> stored;
  auto rows = data.inputs.find(input.name);
  if (rows == data.inputs.end()) return stored;
  for (const auto& [name, type] : data.money_types) {
    if (name.rfind(input.name + ".", 0) != 0) continue;
    const std::string column = name.substr(input.name.size() + 1);
    ClickHouseCluster::StoredColumn& out = stored[column];
    out.type = "Nullable(Decimal(" + std::to_string(type.precision) + ", " + std::to_string(type.scale) + "))";
    const size_t bytes = type.precision <= 9 ? 4 : type.precision <= 18 ? 8 : 16;
    for (const differential::Row& row : rows->second) {
      auto cell = row.find(column);
      if (cell == row.end() || cell->second.missing) {
        out.values.push_back(std::string(1, '\1'));
        continue;
      }
      __int128 units = differential::DecimalUnits(cell->second, type.scale);
      std::string value(1, '\0');
      for (size_t b = 0; b < bytes; ++b) value += static_cast<char>(static_cast<unsigned __int128>(units) >> (8 * b));
      out.values.push_back(std::move(value));
    }
  }
  return stored;
}

class ClickHouseDifferentialTest : public ClickHouseTest {};

// What the workers share: the next program seed, the tallies, and the cluster's loading (its
// HTTP clients serve one request at a time).
struct Campaign {
  uint64_t cases = 0, first = 0;
  bool keep_going = false;
  std::atomic<uint64_t> next_seed{0};
  std::mutex mutex;
  size_t compared = 0, errors = 0, mismatches = 0;
  double load_seconds = 0, query_seconds = 0;
  std::map<std::string, size_t> refused;
  bool Done() {
    std::lock_guard<std::mutex> lock(mutex);
    return compared + errors >= cases || (mismatches >= 5 && !keep_going);
  }
};

// One worker: programs from the shared seed counter, each on two datasets, through its own
// initiator server and its own tables (diff<W>_<input>), until the campaign has its cases.
void RunWorker(ClickHouseCluster& cluster, Campaign& campaign, int worker) {
  rt::Result<std::unique_ptr<driver::SqlServer>> connected = driver::ConnectClickHouse(
      cluster.Url("", worker % ClickHouseCluster::kShards));
  if (!connected.ok()) {
    ADD_FAILURE() << connected.message();
    return;
  }
  std::unique_ptr<driver::SqlServer> server = std::move(*connected);
  const std::string prefix = "diff" + std::to_string(worker) + "_";
  while (!campaign.Done()) {
    uint64_t seed = campaign.next_seed++;
    if (seed >= campaign.first + 20 * campaign.cases) return;
    // Population statistics included: seg ranks them between statements (driver::RunOnServer).
    differential::GeneratedProgram generated = differential::GenerateProgram(seed, {.sql_only = true});
    auto compilation = differential::CompileGenerated(seed, generated);
    if (!compilation->ok() || !compilation->ir) continue;  // the generator's own test reports these
    const ir::Program& program = *compilation->ir;
    std::vector<driver::ExtraColumn> extra = differential::EveryLet(program);
    for (uint64_t k = 0; k < kDatasetsPerProgram; ++k) {
      DataSet data = differential::GenerateData(seed, k);
      if (k % 2 == 1) data.params = generated.param_bindings;
      std::vector<lang::Value> params;
      rt::Status bound = driver::BindParams(program, data.params, data.as_of, &params);
      if (!bound.ok()) {
        ADD_FAILURE() << bound.message();
        return;
      }
      sql::LowerOptions options;
      options.dialect = &sql::ClickHouseDialect();
      options.params = params;
      for (const driver::ExtraColumn& e : extra) options.extra.push_back(e.node);
      options.title = "seed " + std::to_string(seed) + " data " + std::to_string(k);
      std::vector<std::optional<rt::Table>> tables = differential::BuildTables(program, data);
      for (size_t i = 0; i < program.inputs.size(); ++i) {
        options.tables.push_back(tables[i] ? rt::ch::QuoteIdentifier(prefix + program.inputs[i].name) : "");
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
        std::lock_guard<std::mutex> lock(campaign.mutex);
        ++campaign.refused[refusal.what.substr(0, refusal.what.find(" ("))];
        break;  // the same program is refused on any data
      }
      auto load_start = std::chrono::steady_clock::now();
      {
        std::lock_guard<std::mutex> lock(campaign.mutex);
        for (size_t i = 0; i < program.inputs.size(); ++i) {
          if (!tables[i]) continue;
          const ir::InputSchema& in = program.inputs[i];
          cluster.LoadSharded(prefix + in.name, *tables[i], in.columns[in.key_column].name, DeclaredMoney(in, data));
        }
        campaign.load_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
      }
      std::string reference = Interpret(program, data, params, extra);
      if (reference.rfind("load error", 0) == 0) {
        ADD_FAILURE() << reference;
        return;
      }
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
      double query_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - query_start).count();
      bool reference_failed = reference.rfind("error: ", 0) == 0;
      // seg fails a run on an overflow; the statement must fail with one of the dialect's checks:
      // a checked int (code 407) or a double out of int64's range (throwIf, code 395).
      bool same = reference_failed ? (on_server.find("(code 407)") != std::string::npos ||
                                      on_server.find("(code 395)") != std::string::npos)
                                   : differential::RowsSorted(on_server) == differential::RowsSorted(reference);
      std::lock_guard<std::mutex> lock(campaign.mutex);
      campaign.query_seconds += query_seconds;
      reference_failed ? ++campaign.errors : ++campaign.compared;
      if (!same) {
        ++campaign.mismatches;
        fs::path dir = fs::path(SEG_BINARY_DIR) / "failures" /
                       ("seed_" + std::to_string(seed) + "_data_" + std::to_string(k));
        fs::create_directories(dir);
        std::ofstream(dir / "program.seg") << generated.text;
        std::ofstream(dir / "statement.sql") << statement->sql;  // without seg's ranking results
        for (const auto& [input, csv] : differential::ToCsv(program, data))
          std::ofstream(dir / (input + ".csv")) << csv;
        ADD_FAILURE() << "program seed " << seed << ", dataset " << k << ", as_of " << data.as_of << ", money columns "
                      << differential::MoneyTypesText(data, "Decimal")
                      << ": ClickHouse disagrees with the interpreter\n--- program\n"
                      << generated.text << "--- interpreter\n"
                      << reference << "--- clickhouse\n"
                      << on_server << "--- written to " << dir.string();
        if (uint64_t pause = EnvNumber("SEG_CH_DIFF_PAUSE", 0); pause > 0) {
          std::printf("cluster kept at %s (tables %s*) for %llu s\n", cluster.Url().c_str(), prefix.c_str(),
                      static_cast<unsigned long long>(pause));
          std::fflush(stdout);
          std::this_thread::sleep_for(std::chrono::seconds(pause));
          campaign.mismatches = 5;  // the others stop too
          return;
        }
      }
    }
  }
}

TEST_F(ClickHouseDifferentialTest, GeneratedProgramsGiveTheInterpretersOutput) {
  // ClickHouse 18.16 spends most of a case analysing the generated statement (about a second for
  // a large program, on one core): SEG_CH_DIFF_WORKERS cases run at a time, each worker through
  // its own initiator server and its own tables, so both cores work. 300 cases take about
  // two and a half minutes on two cores; SEG_CH_DIFF_CASES=N runs a longer campaign.
  Campaign campaign;
  campaign.cases = EnvNumber("SEG_CH_DIFF_CASES", 300);
  campaign.first = EnvNumber("SEG_CH_DIFF_FIRST", 1);
  campaign.keep_going = EnvNumber("SEG_CH_DIFF_KEEP_GOING", 0) != 0;
  campaign.next_seed = campaign.first;
  int workers = static_cast<int>(EnvNumber("SEG_CH_DIFF_WORKERS", 2));
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) threads.emplace_back([&, w] { RunWorker(cluster(), campaign, w); });
  for (std::thread& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%zu cases agree (%zu of them overflow in both), %zu disagree, in %.1f s with %d workers (loading tables %.1f s, "
      "statements %.1f s summed over the workers); programs refused by reason:\n",
      campaign.compared + campaign.errors - campaign.mismatches, campaign.errors, campaign.mismatches, seconds, workers,
      campaign.load_seconds, campaign.query_seconds);
  for (const auto& [reason, count] : campaign.refused) std::printf("  %4zu  %s\n", count, reason.c_str());
  EXPECT_GE(campaign.compared + campaign.errors, campaign.cases);
}

}  // namespace
}  // namespace seg::test
