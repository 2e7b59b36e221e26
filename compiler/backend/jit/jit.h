// The LLVM ORC JIT backend: compiles each stage of an IR program to native code and runs it over
// morsels of customers. It returns exactly the RunResult the interpreter (the reference) returns:
// the interpreter's engine plans the run, ranks populations between stages and assembles the
// result; compiled code replaces only the per-customer evaluation. Codegen covers every node
// kind; a failure to compile (or `seg explain`, which records every node's value) falls back to
// the interpreter and says why in `fallback_reason`: never a wrong answer. No LLVM type appears in this header.
#pragma once
#include <string>
#include <vector>

#include "compiler/backend/interp/interpreter.h"

namespace seg::jit {

struct JitOptions {
  bool use_disk_cache = true;
  std::string cache_dir;  // default $XDG_CACHE_HOME/seg or ~/.cache/seg
};

// What the last Run in this thread did, for --verbose and tests.
struct JitStats {
  bool compiled = false;   // compiled code ran (else the interpreter did)
  bool memory_hit = false; // the code came from this process's cache: no codegen
  bool disk_hit = false;   // the object file came from the disk cache: no LLVM optimisation or codegen
  double compile_ms = 0;   // IR to runnable code (0 on a memory hit)
};

interp::RunResult Run(const ir::Program& program, const rt::Dataset& data, const std::vector<sema::Value>& params,
                      const interp::RunOptions& options, const JitOptions& jit_options, std::string* fallback_reason);

const JitStats& LastStats();

// Tests: make the next compile fail as LLVM failing would, and empty the in-process cache.
void ForceCompileFailureForTesting(bool fail);
void ClearMemoryCacheForTesting();

}  // namespace seg::jit
