// The JIT against the interpreter on generated data: aggregate + classify time at 1 and 2
// threads, compile time and cache-hit time, per program. Prints a table.
//   build/bin/seg-gen --customers N --out DIR
//   build/bin/jit_bench DIR AS_OF PROGRAM.seg...
#include <cstdio>
#include <string>

#include "bench/timing.h"
#include "compiler/backend/interp/interpreter.h"
#include "compiler/backend/jit/jit.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"

using seg::bench::BestMs;

int main(int argc, char** argv) {
  using namespace seg;
  if (argc < 4) {
    std::fprintf(stderr, "usage: jit_bench DATA_DIR AS_OF PROGRAM.seg...\n");
    return 2;
  }
  std::string dir = argv[1];
  std::printf("%-28s %9s %10s %10s %10s %10s %11s %11s\n", "program", "customers", "interp 1t", "jit 1t", "interp 2t",
              "jit 2t", "compile ms", "cache-hit ms");
  for (int k = 3; k < argc; ++k) {
    auto c = driver::CompileFile(argv[k], driver::CompileOptions{});
    if (!c || !c->ok()) {
      std::fprintf(stderr, "%s: does not compile\n", argv[k]);
      return 1;
    }
    const ir::Program& program = *c->ir;
    std::vector<driver::InputBinding> inputs;
    for (const ir::InputSchema& in : program.inputs) inputs.push_back({in.name, dir + "/" + in.name + ".csv"});
    rt::LoadOptions load;
    load.threads = 2;
    driver::LoadedData data = driver::LoadData(program, inputs, load);
    if (!data.ok()) {
      std::fprintf(stderr, "%s\n", data.status.message().c_str());
      return 1;
    }
    std::vector<lang::Value> params;
    std::string error;
    if (rt::Status bound = driver::BindParams(program, {}, argv[2], &params); !bound.ok()) {
      std::fprintf(stderr, "%s\n", bound.message().c_str());
      return 1;
    }
    jit::JitOptions no_disk;
    no_disk.use_disk_cache = false;
    jit::JitStats stats;
    std::string fallback;
    double ms[4];
    for (size_t threads : {1, 2}) {
      exec::RunOptions options;
      options.threads = threads;
      ms[threads == 1 ? 0 : 2] = BestMs(3, [&] { interp::Run(program, data.data, params, options); });
      driver::RunJit(program, data.data, params, options, no_disk, &stats);  // compiled once, then cached
      if (!stats.compiled) fallback = stats.fallback_reason;
      ms[threads == 1 ? 1 : 3] = BestMs(3,
                                        [&] { driver::RunJit(program, data.data, params, options, no_disk, &stats); });
    }
    exec::RunOptions small;
    jit::CodeCache fresh;  // nothing compiled in memory: the compile is measured
    no_disk.memory_cache = &fresh;
    driver::RunJit(program, data.data, params, small, no_disk, &stats);
    double compile = stats.compile_ms;
    double hit = BestMs(3, [&] {
      jit::CodeCache empty;
      jit::JitOptions disk;
      disk.memory_cache = &empty;
      driver::RunJit(program, data.data, params, small, disk, &stats);
    });
    std::string name = std::string(argv[k]);
    name = name.substr(name.find_last_of('/') + 1) + (fallback.empty() ? "" : " (fallback)");
    std::printf("%-28s %9zu %10.1f %10.1f %10.1f %10.1f %11.1f %11.1f\n", name.c_str(), data.data.num_customers(),
                ms[0], ms[1], ms[2], ms[3], compile, stats.disk_hit ? hit : -1.0);
  }
  std::printf("times: best of 3, aggregate + classify (no loading); cache-hit: disk cache, whole run\n");
  return 0;
}
