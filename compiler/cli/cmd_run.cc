// `seg run`: every customer's buckets, tags and scores, to --out (rt::OutputFile), standard output
// or a PostgreSQL table (rt::pg::ResultTable, with --history SCHEMA.TABLE); then, with
// --history DIR and --audiences DIR, recorded and published (run_recording.h).
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <variant>
#include <vector>

#include "compiler/base/stage_time.h"
#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/run_context.h"
#include "compiler/cli/run_recording.h"
#include "compiler/cli/sql_commands.h"
#include "compiler/cli/timing_line.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/sql_result_clickhouse.h"
#include "compiler/driver/write_result_table.h"
#include "compiler/driver/write_results.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "compiler/sema/program.h"
#include "runtime/give_back_pages.h"
#include "runtime/io/clickhouse/clickhouse_url.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::cli {

namespace {

// A PostgreSQL --out, connected and checked; null after a message.
std::unique_ptr<rt::pg::ResultTable> OpenResultTable(const char* command, const std::string& url_text,
                                                     const std::string& history) {
  rt::Result<rt::pg::PostgresUrl> url = rt::pg::ParsePostgresUrl(url_text);
  if (!url.ok()) {
    std::fprintf(stderr, "seg %s: --out %s: %s\n", command, rt::pg::RedactPasswords(url_text).c_str(),
                 url.message().c_str());
    return nullptr;
  }
  // ResultTable refuses a bad history name too; here it is named by the flag that gave it.
  if (!history.empty() && !rt::pg::ParseQualifiedName(history)) {
    std::fprintf(stderr, "seg %s: cannot write --history: '%s' is not a table name (SCHEMA.TABLE)\n", command,
                 history.c_str());
    return nullptr;
  }
  try {
    return std::make_unique<rt::pg::ResultTable>(*url, history);
  } catch (const rt::pg::Error& e) {
    std::fprintf(stderr, "seg %s: cannot write %s\n", command, e.what());
    return nullptr;
  }
}

// Writes and commits; false after a message.
bool WriteResultTable(const char* command, rt::pg::ResultTable& table, const ir::Program& program,
                      const rt::Dataset& data, const exec::RunResult& result,
                      const std::vector<driver::ExtraColumn>& extra, const driver::ResultTableRun& run) {
  try {
    driver::WriteResultTable(table, program, data, result, extra, run);
    return true;
  } catch (const rt::pg::Error& e) {
    std::fprintf(stderr, "seg %s: cannot write %s (the old table, if any, is unchanged)\n", command, e.what());
    return false;
  }
}

// Runs `let_go` (which drops what it holds, or hands it back) on a new thread added to `threads`;
// where no thread can be had, what it holds goes at once, here.
template <typename LetGo> void LetGoOnAThread(std::vector<std::thread>& threads, LetGo let_go) {
  try {
    threads.emplace_back(std::move(let_go));
  } catch (const std::system_error&) {
    let_go();
  }
}

// An array for rt::GiveBackPages.
template <typename Values> void AddBytes(const Values& values, std::vector<rt::UnneededBytes>& bytes) {
  if (values.size() != 0) bytes.push_back({values.data(), values.size() * sizeof(values[0])});
}

// The arrays of a run's result.
void AddResultBytes(const exec::RunResult& result, std::vector<rt::UnneededBytes>& bytes) {
  for (const std::optional<exec::ResultColumn>& column : result.nodes) {
    if (!column) continue;
    AddBytes(column->ints, bytes);
    AddBytes(column->floats, bytes);
    AddBytes(column->valid, bytes);
    AddBytes(column->bool_values, bytes);
    AddBytes(column->bool_valid, bytes);
  }
  for (const exec::Values<int32_t>& buckets : result.buckets) AddBytes(buckets, bytes);
}

// The arrays of a run's data: a snapshot's mapped pages, or the loader's.
void AddDataBytes(const rt::Dataset& data, std::vector<rt::UnneededBytes>& bytes) {
  auto add_table = [&](const rt::Table& table) {
    for (size_t c = 0; c < table.num_columns(); ++c) {
      const rt::Column& column = table.column(c);
      AddBytes(column.validity(), bytes);
      std::visit([&](const auto& values) { AddBytes(values, bytes); }, column.data());
      AddBytes(column.tag_offsets(), bytes);
      AddBytes(column.dictionary().bytes(), bytes);
      AddBytes(column.dictionary().ends(), bytes);
    }
  };
  add_table(data.customers);
  for (const rt::EventData& events : data.events) {
    add_table(events.table);
    AddBytes(events.offsets, bytes);
    AddBytes(events.local_day, bytes);
    AddBytes(events.instant, bytes);
  }
}

}  // namespace

int RunRun(const Args& args) {
  std::string format = args.Get("format").value_or("csv");
  if (format != "csv" && format != "jsonl") {
    std::fprintf(stderr, "seg run: --format takes csv or jsonl, not '%s'\n", format.c_str());
    return 2;
  }
  // Opened first, as a shell opens `>` before the command runs: a refused or unwritable output
  // (or a database that refuses the connection or the table) fails at once, not after a long
  // load and run.
  std::string out_path = args.Get("out").value_or("-");
  std::optional<rt::OutputFile> out;
  std::unique_ptr<rt::pg::ResultTable> table;
  std::unique_ptr<driver::ClickHouseResultTable> ch_table;
  if (rt::ch::IsClickHouseUrl(out_path)) {
    if (args.Has("format") || args.Has("history")) {
      std::fprintf(stderr, "seg run: --format and --history have no meaning when --out is a ClickHouse table\n");
      return 2;
    }
    try {
      ch_table = std::make_unique<driver::ClickHouseResultTable>(out_path);
    } catch (const rt::ch::Error& e) {
      std::fprintf(stderr, "seg run: cannot write %s\n", e.what());
      return 1;
    }
  } else if (rt::pg::IsPostgresUrl(out_path)) {
    if (args.Has("format")) {
      std::fprintf(stderr, "seg run: --format has no meaning when --out is a PostgreSQL table\n");
      return 2;
    }
    table = OpenResultTable("run", out_path, args.Get("history").value_or(""));
    if (!table) return 1;
  } else {
    std::optional<rt::OutputFile> opened = OpenOutput(args, "run", out_path);
    if (!opened) return 1;
    out.emplace(std::move(*opened));
  }
  // --history DIR and --audiences DIR, checked now for the same reason.
  RunRecording recording;
  if (int status = RunRecordingFrom(args, table != nullptr, &recording); status != 0) return status;
  RunContext context;
  context.columns = driver::ColumnsToLoad::kEvaluated;  // the output is the program's nodes and the key
  // --on URL: the program runs inside that server on its tables (cmd_sql.cc); no data loads here.
  const bool on_server = args.Has("on");
  if (int status = on_server ? CompileAndBindParams(args, "run", &context) : PrepareRun(args, "run", &context);
      status != 0) {
    return status;
  }
  // On a server the threads format the output (a million rows read back write in blocks).
  if (on_server && !ThreadsFrom(args, "run", &context.threads)) return 2;
  const ir::Program& program = *context.compilation->ir;

  std::vector<driver::ExtraColumn> extra;
  for (const std::string& name : WithNames(args)) {
    ir::NodeId node = -1;
    for (const ir::Named& l : program.lets)
      if (l.name == name) node = l.node;
    for (const ir::Named& s : program.scores)
      if (s.name == name) node = s.node;
    if (node < 0) {
      std::string names;
      for (const ir::Named& l : program.lets) names += " " + l.name;
      std::fprintf(stderr, "seg run: --with %s: no such let; the lets are:%s\n", name.c_str(), names.c_str());
      return 2;
    }
    extra.push_back({name, node});
  }
  exec::RunOptions options;
  options.threads = context.threads;
  for (const driver::ExtraColumn& e : extra) options.keep.push_back(e.node);
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, "run", &execute)) return 2;
  driver::ExecuteReport report;
  auto started = std::chrono::steady_clock::now();
  exec::RunResult result;
  if (on_server) {
    if (int status = ExecuteOnServer(args, context, options.keep, &context.loaded.data, &result); status != 0)
      return status;
  } else {
    result = driver::Execute(program, context.loaded.data, context.params, options, execute, &report);
  }
  if (args.Has("verbose")) {
    std::fprintf(stderr, "seg run: %s\n", report.Describe().c_str());
    if (!on_server) PrintTimingLine("run", DescribeTimes(*context.compilation, result, report.compile_ms));
    for (const exec::ModelFitRecord& fit : result.model_fits)
      std::fprintf(stderr, "seg run: %s\n", fit.Describe().c_str());
  }
  if (!result.ok()) {
    std::fprintf(stderr, "seg run: %s\n", FlagWording(result.status).c_str());
    return 1;
  }
  std::optional<std::string> summary;  // made before the result's pages are given back, where they are
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  size_t customers = context.loaded.data.num_customers();
  const std::string as_of = lang::FormatValue(context.params[program.as_of_param]);
  if (ch_table) {
    try {
      ch_table->Write(program, context.loaded.data, result, extra);
    } catch (const rt::ch::Error& e) {
      std::fprintf(stderr, "seg run: cannot write %s (the old table, if any, is unchanged)\n", e.what());
      return 1;
    }
  } else if (table) {
    driver::ResultTableRun run{as_of, args.positional().empty() ? "" : args.positional().front()};
    if (!WriteResultTable("run", *table, program, context.loaded.data, result, extra, run)) return 1;
  } else {
    rt::ResultFormat fmt = format == "jsonl" ? rt::ResultFormat::kJsonLines : rt::ResultFormat::kCsv;
    // Formatting (and handing the bytes to the kernel) apart from the sync that makes the file durable.
    StageClock clock;
    bool written = driver::WriteResults(
        program, context.loaded.data, result, extra, fmt, [&](std::string_view bytes) { return out->Write(bytes); },
        context.threads);
    StageTime writing = clock.Lap();
    // Formatted and handed to the kernel, the data and the result are read no more, but by a
    // recording and the summary (made now): they are let go on threads of their own while the
    // sync waits for the disk, rather than after it on the way out.
    customers = context.loaded.data.num_customers();
    std::vector<std::thread> releasing;
    if (written && !recording.any()) {
      if (!args.Has("quiet")) summary = driver::Summary(program, customers, result);
      // The result's columns (90 MB at a million customers) and the data's arrays (a snapshot's
      // mapped pages: 270 MB of a million customers' orders read by job.seg) give their pages
      // back on the run's threads while the output syncs; otherwise the process's exit frees
      // them on one thread after everything else (after the removal of a replaced output's
      // blocks too, which waits for the disk where the file system discards them). The data is
      // dropped only then: unmapping a snapshot whose pages are still mapped took 8 ms on one
      // thread, and held the others' madvise back meanwhile (the address space's lock); 40 runs
      // of job.seg at 1M customers against that: median 4.0 ms a run less (quartiles -7.4, -0.9).
      // `result` keeps its shape; its values read as zeros.
      LetGoOnAThread(releasing, [&result, data = std::move(context.loaded.data), threads = context.threads]() mutable {
        std::vector<rt::UnneededBytes> unneeded;
        AddResultBytes(result, unneeded);
        AddDataBytes(data, unneeded);
        rt::GiveBackPages(unneeded, threads);
        rt::Dataset gone = std::move(data);
      });
    }
    bool committed = FinishOutput("run", *out, written);
    for (std::thread& thread : releasing) thread.join();
    if (!committed) return 1;
    if (args.Has("verbose")) {
      StageTime syncing = clock.Lap();
      char line[128];
      std::snprintf(line, sizeof(line), "wrote the output in %.3f s (%.3f s CPU), synced it in %.3f s",
                    writing.wall_ms / 1e3, writing.cpu_ms / 1e3, syncing.wall_ms / 1e3);
      PrintTimingLine("run", line);
    }
  }
  if (int status = RecordRun(recording, args, program, context.loaded.data, result, as_of); status != 0) return status;
  if (!args.Has("quiet")) {
    if (!summary) summary = driver::Summary(program, customers, result);
    char timing[160];
    std::snprintf(timing, sizeof(timing), "segmented %zu customers in %.3f s (%zu thread%s)\n", customers, seconds,
                  context.threads, context.threads == 1 ? "" : "s");
    std::fputs((*summary + timing).c_str(), stderr);
  }
  return 0;
}

}  // namespace seg::cli
