// The event index alone (driver::IndexTables), repeated on tables loaded once: wall and CPU
// seconds of each repetition, so a profile of it is not drowned by the CSV reader's.
//   index_bench PROGRAM DATA_DIR AS_OF [THREADS,...] [REPETITIONS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/thread_counts.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "runtime/io/customer_key_numbers.h"
#include "runtime/io/table_loader.h"

namespace {

// User and system CPU seconds of the process, all threads.
struct Cpu {
  double user = 0;
  double system = 0;
};
Cpu CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: index_bench PROGRAM DATA_DIR AS_OF [THREADS,...] [REPETITIONS]\n");
    return 2;
  }
  std::string dir = argv[2];
  std::vector<size_t> thread_counts = argc > 4 ? seg::bench::ThreadCounts(argv[4]) : std::vector<size_t>{1, 2};
  int repetitions = argc > 5 ? std::stoi(argv[5]) : 3;
  std::unique_ptr<seg::driver::Compilation> c = seg::driver::CompileFile(argv[1], {});
  if (!c->ok()) return 1;
  const seg::ir::Program& program = *c->ir;
  seg::rt::TimeZone zone = seg::rt::TimeZone::Utc();  // as segment_bench
  std::vector<std::optional<seg::rt::Table>> tables(program.inputs.size());
  std::shared_ptr<const seg::rt::CustomerKeyNumbers> customer_numbers;
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    seg::rt::TableSpec spec = seg::driver::InputSpec(program, i, seg::driver::ColumnsToLoad::kRead);
    if (spec.is_event) spec.customer_numbers = customer_numbers;
    seg::rt::LoadOptions options;
    options.threads = 2;
    seg::rt::LoadResult loaded = seg::rt::LoadTable(spec, dir + "/" + program.inputs[i].name + ".csv", options, zone);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status.message().c_str());
      return 1;
    }
    tables[i] = std::move(loaded.table);
    if (static_cast<int32_t>(i) == program.entity_input) {
      customer_numbers = seg::rt::CustomerKeyNumbers::Of(tables[i]->column(program.inputs[i].key_column));
    }
  }
  for (size_t threads : thread_counts) {
    for (int r = 0; r < repetitions; ++r) {
      std::vector<std::optional<seg::rt::Table>> copy = tables;
      auto wall = std::chrono::steady_clock::now();
      Cpu cpu = CpuSeconds();
      // As `seg run` indexes: an input no rule reads is checked, not indexed.
      seg::driver::LoadedData data = seg::driver::IndexTables(program, std::move(copy), threads, nullptr,
                                                              seg::driver::ColumnsToLoad::kEvaluated);
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
      Cpu now = CpuSeconds();
      std::printf("threads %zu: index %.3f s wall, %.3f s CPU (%.3f user, %.3f system)\n", threads, seconds,
                  now.user - cpu.user + now.system - cpu.system, now.user - cpu.user, now.system - cpu.system);
      std::fflush(stdout);
    }
  }
  return 0;
}
