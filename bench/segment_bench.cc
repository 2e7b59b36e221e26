// The main job, timed step by step: compile, load each file, index events per customer, and
// evaluate the program, at each thread count. Prints a table; run it through bench/run.sh.
//   segment_bench PROGRAM DATA_DIR AS_OF [THREADS,...] [read|all]
// `read` (the default) loads what `seg run` loads: the columns the program reads, the others
// split but not parsed. `all` parses every declared column, as a peer's CSV reader does
// (bench/compare.sh uses it so both sides do the same work).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/thread_counts.h"
#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "runtime/io/customer_key_numbers.h"
#include "runtime/io/table_loader.h"

using Clock = std::chrono::steady_clock;

namespace {

// CPU seconds (user + system, all threads) the process has used: on a shared machine the wall
// time of a step grows with the load, its CPU time much less.
double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Stopwatch {
  Clock::time_point wall = Clock::now();
  double cpu = CpuSeconds();
};

void Row(const char* step, size_t threads, const Stopwatch& since, size_t items, const char* unit) {
  double seconds = std::chrono::duration<double>(Clock::now() - since.wall).count();
  std::printf("| %-28s | %7zu | %9.3f | %14.0f %-10s | %7.3f |\n", step, threads, seconds,
              seconds > 0 ? static_cast<double>(items) / seconds : 0.0, unit, CpuSeconds() - since.cpu);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: segment_bench PROGRAM DATA_DIR AS_OF [THREADS,...] [read|all]\n");
    return 2;
  }
  std::string program_path = argv[1], dir = argv[2], as_of = argv[3];
  std::vector<size_t> thread_counts = argc > 4 ? seg::bench::ThreadCounts(argv[4]) : std::vector<size_t>{1, 2};
  seg::driver::ColumnsToLoad columns = argc > 5 && std::string(argv[5]) == "all" ? seg::driver::ColumnsToLoad::kAll
                                                                                 : seg::driver::ColumnsToLoad::kRead;
  Stopwatch start;
  std::unique_ptr<seg::driver::Compilation> c = seg::driver::CompileFile(program_path, {});
  if (!c->ok()) {
    std::fprintf(stderr, "%s does not check\n", program_path.c_str());
    return 1;
  }
  const seg::ir::Program& program = *c->ir;
  std::vector<seg::lang::Value> params;
  if (seg::rt::Status bound = seg::driver::BindParams(program, {}, as_of, &params); !bound.ok()) {
    std::fprintf(stderr, "%s\n", bound.message().c_str());
    return 1;
  }
  std::printf("| %-28s | %7s | %9s | %25s | %7s |\n", "step", "threads", "seconds", "throughput", "CPU s");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(30, '-').c_str(), std::string(9, '-').c_str(),
              std::string(11, '-').c_str(), std::string(27, '-').c_str(), std::string(9, '-').c_str());
  Row("compile", 1, start, program.nodes.size(), "nodes/s");
  seg::rt::TimeZone zone = seg::rt::TimeZone::Utc();
  for (size_t threads : thread_counts) {
    std::vector<std::optional<seg::rt::Table>> tables(program.inputs.size());
    std::shared_ptr<const seg::rt::CustomerKeyNumbers> customer_numbers;  // as driver::LoadTables
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      const seg::ir::InputSchema& input = program.inputs[i];
      seg::rt::TableSpec spec = seg::driver::InputSpec(program, i, columns);
      if (spec.is_event) spec.customer_numbers = customer_numbers;
      seg::rt::LoadOptions options;
      options.threads = threads;
      std::string path = dir + "/" + input.name + ".csv";
      Stopwatch t0;
      seg::rt::LoadResult loaded = seg::rt::LoadTable(spec, path, options, zone);
      if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", loaded.status.message().c_str());
        return 1;
      }
      std::string step = "load " + input.name + ".csv";
      Row(step.c_str(), threads, t0, loaded.table.num_rows(), "rows/s");
      tables[i] = std::move(loaded.table);
      if (static_cast<int32_t>(i) == program.entity_input) {
        customer_numbers = seg::rt::CustomerKeyNumbers::Of(tables[i]->column(input.key_column));
      }
    }
    Stopwatch t1;
    // `read` indexes as `seg run` does: an input no rule reads is checked, not indexed.
    seg::driver::ColumnsToLoad indexing = columns == seg::driver::ColumnsToLoad::kRead
                                              ? seg::driver::ColumnsToLoad::kEvaluated
                                              : columns;
    seg::driver::LoadedData data = seg::driver::IndexTables(program, std::move(tables), threads, nullptr, indexing);
    if (!data.ok()) {
      std::fprintf(stderr, "%s\n", data.status.message().c_str());
      return 1;
    }
    size_t customers = data.data.num_customers();
    Row("index events per customer", threads, t1, customers, "customers/s");
    seg::exec::RunOptions run;
    run.threads = threads;
    Stopwatch t2;
    seg::exec::RunResult result = seg::interp::Run(program, data.data, params, run);
    if (!result.ok()) {
      std::fprintf(stderr, "%s\n", result.status.message().c_str());
      return 1;
    }
    Row("evaluate (interpreter)", threads, t2, customers, "customers/s");
  }
  return 0;
}
