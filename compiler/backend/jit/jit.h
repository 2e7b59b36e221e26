// The LLVM ORC JIT backend: compiles each stage of an IR program to native code and runs it over
// morsels of customers. It is an engine of the execution layer (compiler/exec): the layer plans
// the run, ranks populations between stages and assembles the result, exactly as for the
// interpreter (the reference); compiled code replaces only the per-customer evaluation. Codegen
// covers every node kind; a failure to compile (or `seg explain`, which records every node's
// value) leaves the stages to the interpreter and says why in `fallback_reason`: never a wrong
// answer. No LLVM type appears in this header.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/backend/jit/layout.h"
#include "compiler/exec/run_state.h"
#include "compiler/exec/stage_evaluator.h"

namespace seg::jit {

class CodeCache;

struct JitOptions {
  bool use_disk_cache = true;
  std::string cache_dir;  // default $XDG_CACHE_HOME/seg or ~/.cache/seg
  // Where compiled programs are kept in this process; null: the process's shared cache
  // (CodeCache::Shared()). A test or benchmark that must see a compile passes a fresh one.
  CodeCache* memory_cache = nullptr;
  // Tests: compiling fails as LLVM failing would, so the fallback path can be exercised.
  bool fail_compile_for_testing = false;
  // How large stages are cut and compiled (layout.h). Tests set small values so that small
  // programs go through parts, spilled values, deferred failures and the large-program pipeline.
  CodegenLimits limits;
};

// What one run's JIT did, handed back by the call that ran it (driver::RunJit), for --verbose
// and tests.
struct JitStats {
  bool compiled = false;        // compiled code ran (else the interpreter did)
  bool memory_hit = false;      // the code came from the memory cache: no codegen
  bool disk_hit = false;        // the object file came from the disk cache: no LLVM optimisation or codegen
  double compile_ms = 0;        // IR to runnable code (0 on a memory hit)
  std::string fallback_reason;  // why the interpreter evaluated the stages; empty when compiled code ran
  // A disk cache entry that was there but could not be used (torn, corrupt, another build's):
  // what was wrong with it. The program was compiled again and the entry replaced.
  std::string disk_note;
};

// The programs compiled in this process, least recently used dropped past `capacity`: a dropped
// program's machine code is freed as soon as no run holds it (a REPL session editing all day
// keeps at most `capacity` programs). Every CodeCache shares the process's one LLJIT; each
// program's code lives in its own JITDylib under a ResourceTracker. Thread-safe.
class CodeCache {
 public:
  static constexpr size_t kDefaultCapacity = 16;
  explicit CodeCache(size_t capacity = kDefaultCapacity);
  ~CodeCache();
  CodeCache(const CodeCache&) = delete;
  CodeCache& operator=(const CodeCache&) = delete;
  static CodeCache& Shared();
  size_t size() const;  // programs held
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// The JIT as the compiled engine of `run` (exec::Execute), or null when it cannot run it at all
// (explain, a column loaded with another type than declared). `stats` (not null, reset here) is
// filled as the run goes: whenever the interpreter must evaluate the stages instead, its
// fallback_reason says why (here, or when compiling fails in StageEvaluator::Prepare). It must
// outlive the evaluator.
std::unique_ptr<exec::StageEvaluator> NewEvaluator(exec::RunState& run, const JitOptions& jit_options, JitStats* stats);

}  // namespace seg::jit
