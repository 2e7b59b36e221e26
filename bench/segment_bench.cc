// The main job, timed step by step: compile, load each file, index events per customer, and
// evaluate the program, at each thread count. Prints a table; run it through bench/run.sh.
//   segment_bench PROGRAM DATA_DIR AS_OF [THREADS,...] [read|all]
// `read` (the default) loads what `seg run` loads: the columns the program reads, the others
// split but not parsed. `all` parses every declared column, as a peer's CSV reader does
// (bench/compare.sh uses it so both sides do the same work).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "runtime/io/table_loader.h"

using Clock = std::chrono::steady_clock;

namespace {

double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void Row(const char* step, size_t threads, double seconds, size_t items, const char* unit) {
  std::printf("| %-28s | %7zu | %9.3f | %14.0f %-10s |\n", step, threads, seconds,
              seconds > 0 ? static_cast<double>(items) / seconds : 0.0, unit);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: segment_bench PROGRAM DATA_DIR AS_OF [THREADS,...] [read|all]\n");
    return 2;
  }
  std::string program_path = argv[1], dir = argv[2], as_of = argv[3];
  std::vector<size_t> thread_counts = {1, 2};
  if (argc > 4) {
    thread_counts.clear();
    for (std::string list = argv[4]; !list.empty();) {
      size_t comma = list.find(',');
      thread_counts.push_back(std::stoul(list.substr(0, comma)));
      list = comma == std::string::npos ? "" : list.substr(comma + 1);
    }
  }
  seg::driver::ColumnsToLoad columns = argc > 5 && std::string(argv[5]) == "all" ? seg::driver::ColumnsToLoad::kAll
                                                                                 : seg::driver::ColumnsToLoad::kRead;
  auto start = Clock::now();
  std::unique_ptr<seg::driver::Compilation> c = seg::driver::CompileFile(program_path, {});
  double compile_seconds = Since(start);
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
  std::printf("| %-28s | %7s | %9s | %25s |\n", "step", "threads", "seconds", "throughput");
  std::printf("|%s|%s|%s|%s|\n", std::string(30, '-').c_str(), std::string(9, '-').c_str(),
              std::string(11, '-').c_str(), std::string(27, '-').c_str());
  Row("compile", 1, compile_seconds, program.nodes.size(), "nodes/s");
  seg::rt::TimeZone zone = seg::rt::TimeZone::Utc();
  for (size_t threads : thread_counts) {
    std::vector<std::optional<seg::rt::Table>> tables(program.inputs.size());
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      const seg::ir::InputSchema& input = program.inputs[i];
      seg::rt::TableSpec spec = seg::driver::InputSpec(program, i, columns);
      seg::rt::LoadOptions options;
      options.threads = threads;
      std::string path = dir + "/" + input.name + ".csv";
      auto t0 = Clock::now();
      seg::rt::LoadResult loaded = seg::rt::LoadTable(spec, path, options, zone);
      if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", loaded.status.message().c_str());
        return 1;
      }
      std::string step = "load " + input.name + ".csv";
      Row(step.c_str(), threads, Since(t0), loaded.table.num_rows(), "rows/s");
      tables[i] = std::move(loaded.table);
    }
    auto t1 = Clock::now();
    seg::driver::LoadedData data = seg::driver::IndexTables(program, std::move(tables), threads);
    if (!data.ok()) {
      std::fprintf(stderr, "%s\n", data.status.message().c_str());
      return 1;
    }
    size_t customers = data.data.num_customers();
    Row("index events per customer", threads, Since(t1), customers, "customers/s");
    seg::exec::RunOptions run;
    run.threads = threads;
    auto t2 = Clock::now();
    seg::exec::RunResult result = seg::interp::Run(program, data.data, params, run);
    if (!result.ok()) {
      std::fprintf(stderr, "%s\n", result.status.message().c_str());
      return 1;
    }
    Row("evaluate (interpreter)", threads, Since(t2), customers, "customers/s");
  }
  return 0;
}
