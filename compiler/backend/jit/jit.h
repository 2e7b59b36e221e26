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

#include "compiler/exec/run_state.h"
#include "compiler/exec/stage_evaluator.h"

namespace seg::jit {

struct JitOptions {
  bool use_disk_cache = true;
  std::string cache_dir;  // default $XDG_CACHE_HOME/seg or ~/.cache/seg
};

// What the last run in this thread did, for --verbose and tests.
struct JitStats {
  bool compiled = false;   // compiled code ran (else the interpreter did)
  bool memory_hit = false; // the code came from this process's cache: no codegen
  bool disk_hit = false;   // the object file came from the disk cache: no LLVM optimisation or codegen
  double compile_ms = 0;   // IR to runnable code (0 on a memory hit)
};

// The JIT as the compiled engine of `run` (exec::Execute), or null when it cannot run it at all
// (explain, a column loaded with another type than declared): the failure says why the
// interpreter must evaluate the stages instead. When compiling fails later, in
// StageEvaluator::Prepare, the RunResult's `fallback` says why. Resets LastStats.
rt::Result<std::unique_ptr<exec::StageEvaluator>> NewEvaluator(exec::RunState& run, const JitOptions& jit_options);

const JitStats& LastStats();

// Tests: make the next compile fail as LLVM failing would, and empty the in-process cache.
void ForceCompileFailureForTesting(bool fail);
void ClearMemoryCacheForTesting();

}  // namespace seg::jit
