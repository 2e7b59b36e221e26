// Where a program runs: the interpreter (the reference) or the LLVM JIT, both engines of the
// execution layer (compiler/exec), which the driver alone composes. `auto` picks the JIT when
// the work repays compiling it (see kAutoJitMinWork); a JIT that is not built in or fails to
// compile falls back to the interpreter with a warning on stderr (the JIT covers every program).
// Either way the RunResult is the same, byte for byte.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "runtime/dataset.h"

#ifdef SEG_HAVE_JIT
#include "compiler/backend/jit/jit.h"
#endif

namespace seg::jit {
class CodeCache;
}  // namespace seg::jit

namespace seg::driver {

enum class EngineChoice { kAuto, kInterp, kJit };

// `auto` uses the JIT from this many (customers x customer-level nodes) on: compiling costs
// about 20-60 ms (nothing on a cache hit), and bench/jit_bench measured the interpreter at about
// 10-15 ns per customer and node against the JIT's 3-4 (examples at 200k customers: 110-295 ms
// against 35-85 ms), so the JIT repays compiling from a few million; below, the interpreter
// finishes first.
inline constexpr size_t kAutoJitMinWork = 5'000'000;

struct ExecuteOptions {
  EngineChoice engine = EngineChoice::kAuto;
  bool use_disk_cache = true;  // off with --no-cache or SEG_NO_CACHE in the environment
  std::string cache_dir;       // default $XDG_CACHE_HOME/seg or ~/.cache/seg
  bool warn = true;            // print the fallback warning on stderr
  // Where compiled programs are kept in this process (jit::JitOptions::memory_cache); null: the
  // process's shared cache.
  jit::CodeCache* jit_memory_cache = nullptr;
  bool fail_jit_compile_for_testing = false;  // jit::JitOptions::fail_compile_for_testing
  // Tests: every stage cut into parts of one node and compiled as a large program
  // (jit::JitOptions::part_weight, full_opt_weight), so small programs exercise that path.
  bool jit_small_parts_for_testing = false;
};

struct ExecuteReport {
  bool used_jit = false;
  std::string choice;           // why this engine was chosen ("asked for", or auto's reason)
  std::string fallback_reason;  // why the JIT was wanted but the interpreter ran
  bool cache_hit = false;       // compiled code from memory or disk
  double compile_ms = 0;
  std::string disk_note;  // a disk cache entry that could not be used (jit::JitStats::disk_note)
  // One line for --verbose and the run summary: which engine ran and why, every time.
  std::string Describe() const;
};

bool ParseEngine(std::string_view text, EngineChoice* out);

exec::RunResult Execute(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                        const exec::RunOptions& options, const ExecuteOptions& execute, ExecuteReport* report);

#ifdef SEG_HAVE_JIT
// The stages as compiled code, the interpreter evaluating the plan's constants and taking the
// stages whenever the JIT cannot; `stats` (not null) says what the JIT did, and why the
// interpreter ran if it did. Execute's kJit without the engine choice, for tests and benchmarks.
exec::RunResult RunJit(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                       const exec::RunOptions& options, const jit::JitOptions& jit_options, jit::JitStats* stats);
#endif

}  // namespace seg::driver
