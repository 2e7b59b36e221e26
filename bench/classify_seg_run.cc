#include "bench/classify_seg_run.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "compiler/driver/params.h"

namespace seg::bench {

std::unique_ptr<Prepared> Prepare(const std::string& name, const std::string& text, const Metrics& x, size_t n) {
  auto p = std::make_unique<Prepared>();
  p->compilation = seg::driver::CompileText(name, text, seg::driver::CompileOptions{});
  if (!p->compilation->ok() || !p->compilation->ir) {
    std::fprintf(stderr, "%s does not compile (seg check it):\n%s\n", name.c_str(), text.c_str());
    std::exit(1);
  }
  const seg::ir::Program& program = p->program();
  std::vector<std::optional<seg::rt::Table>> tables(program.inputs.size());
  tables[program.entity_input] = CustomerTable(x, n);
  p->data = seg::driver::IndexTables(program, std::move(tables), 2);
  seg::rt::Status bound = p->data.ok() ? seg::driver::BindParams(program, {}, "2025-06-30", &p->params)
                                       : p->data.status;
  if (!bound.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), bound.message().c_str());
    std::exit(1);
  }
  return p;
}

seg::exec::RunResult Execute(const Prepared& p, seg::driver::EngineChoice engine, size_t threads,
                             seg::driver::ExecuteReport* report, const std::string& cache_dir,
                             seg::jit::CodeCache* memory_cache) {
  seg::exec::RunOptions run;
  run.threads = threads;
  seg::driver::ExecuteOptions options;
  options.engine = engine;
  options.cache_dir = cache_dir;
  options.jit_memory_cache = memory_cache;
  seg::exec::RunResult result = seg::driver::Execute(p.program(), p.data.data, p.params, run, options, report);
  if (!result.ok()) {
    std::fprintf(stderr, "run failed: %s\n", result.status.message().c_str());
    std::exit(1);
  }
  return result;
}

std::string FreshDir(const std::string& parent, const std::string& name) {
  std::string dir = parent + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace seg::bench
