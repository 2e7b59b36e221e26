// seg's side of bench/classify_bench: a program compiled and its customer table indexed in memory
// (driver::CompileText, driver::IndexTables), then run through driver::Execute on an engine.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "bench/classify_data.h"
#include "compiler/backend/jit/jit.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"

namespace seg::bench {

struct Prepared {
  std::unique_ptr<seg::driver::Compilation> compilation;
  seg::driver::LoadedData data;
  std::vector<seg::lang::Value> params;
  const seg::ir::Program& program() const { return *compilation->ir; }
};

// Exits with a message when the program does not compile or its data does not index.
std::unique_ptr<Prepared> Prepare(const std::string& name, const std::string& text, const Metrics& x, size_t n);

// Exits with a message when the run fails.
seg::exec::RunResult Execute(const Prepared& p, seg::driver::EngineChoice engine, size_t threads,
                             seg::driver::ExecuteReport* report, const std::string& cache_dir = "",
                             seg::jit::CodeCache* memory_cache = nullptr);

// An empty directory `name` under `parent` (removed first if it was there).
std::string FreshDir(const std::string& parent, const std::string& name);

}  // namespace seg::bench
