// The ORC side of the JIT, behind a header without LLVM types: compiles a program's stages to
// native code once per (IR, persisted columns, codegen, target, seg build) and caches the result
// in this process (CodeCache, jit.h) and as verified object files on disk (disk_cache.h).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/backend/jit/jit.h"
#include "compiler/backend/jit/jit_ctx.h"
#include "compiler/backend/jit/layout.h"

namespace seg::jit {

// A stage's function over customers [begin, end): `scratch` is the calling thread's bool scratch
// (layout.h, StageBits), at least bits[stage].ScratchBytes() bytes, and end - begin at most
// bits[stage].chunk where the stage has bools to write.
using StageFn = void (*)(JitCtx* ctx, uint64_t begin, uint64_t end, uint8_t* scratch);

// Runnable code for one program; holds its machine code in the process's LLJIT, freed when the
// last holder (a cache, a run) lets go of it.
class CompiledCode {
 public:
  virtual ~CompiledCode() = default;
  std::vector<StageFn> stages;  // indexed by stage
  // The nodes compiled code writes to columns of the runner's own (layout.h's spilled nodes, but
  // bools, which live in the scratch).
  std::vector<ir::NodeId> spilled;
  std::vector<StageBits> bits;  // indexed by stage: the bools the runner packs from the scratch
};

struct CompileInfo {
  bool memory_hit = false;
  bool disk_hit = false;
  double compile_ms = 0;
  std::string disk_note;  // JitStats::disk_note
};

// `persist[id]`: node id's full column is kept (the run plan, compiler/exec). Fails when LLVM
// does; the caller falls back to the interpreter.
rt::Result<std::shared_ptr<CompiledCode>> Compile(const ir::Program& program, const std::vector<bool>& persist,
                                                  const JitOptions& options, CompileInfo* info);

}  // namespace seg::jit
