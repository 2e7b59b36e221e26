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

// `auto` uses the JIT from AutoJitThreshold (customers x customer-level nodes) on: compiling costs
// about 20-60 ms (nothing on a cache hit), and bench/jit_bench measured the interpreter at about
// 10-15 ns per customer and node against the JIT's 3-4 (examples at 200k customers: 110-295 ms
// against 35-85 ms), so the JIT repays compiling from a few million; below, the interpreter
// finishes first.
inline constexpr size_t kAutoJitMinWork = 5'000'000;
// A heavier program costs more to compile: about 15 us per unit of weight (jit::ProgramWeight,
// bench/compile_time.sh), which the JIT saves back over 2,000 more (customers x nodes) at the
// 7-10 ns per customer and node it saves. So a program of 10,000 tags (weight 80,000) takes
// the JIT from about 160M: 5,000 customers.
inline constexpr size_t kAutoJitWorkPerWeight = 2'000;
inline size_t AutoJitThreshold(size_t weight) { return kAutoJitMinWork + kAutoJitWorkPerWeight * weight; }

struct ExecuteOptions {
  EngineChoice engine = EngineChoice::kAuto;
  bool use_disk_cache = true;  // off with --no-cache or SEG_NO_CACHE in the environment
  std::string cache_dir;       // default $XDG_CACHE_HOME/seg or ~/.cache/seg
  bool warn = true;            // print the fallback warning on stderr
  // Where compiled programs are kept in this process (jit::JitOptions::memory_cache); null: the
  // process's shared cache.
  jit::CodeCache* jit_memory_cache = nullptr;
  bool fail_jit_compile_for_testing = false;  // jit::JitOptions::fail_compile_for_testing
  // Tests: every stage cut into parts of one node, failures deferred, compiled as a large program,
  // bools written 64 customers a call (jit::JitOptions::limits), so that small programs exercise
  // the paths of large ones.
  bool jit_small_parts_for_testing = false;
  // The JIT's budget (jit::kMaxJitWeight); tests lower it. 0: the default.
  size_t jit_max_weight = 0;
};

struct ExecuteReport {
  bool used_jit = false;
  std::string choice;           // why this engine was chosen ("asked for", or auto's reason)
  std::string fallback_reason;  // why the JIT was wanted but the interpreter ran
  bool cache_hit = false;       // compiled code from memory or disk
  double compile_ms = 0;
  size_t weight = 0;      // the program's size as the JIT's budget counts it (jit::ProgramWeight)
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
