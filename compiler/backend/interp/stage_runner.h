// The seam between the interpreter's engine and compiled code (the JIT backend). The engine
// plans the run (text domains, lookup tables, day ranges, constant values, persisted columns),
// ranks populations between stages and assembles the RunResult; a StageRunner only replaces the
// evaluation of each stage's morsels. Both engines thus share everything but the inner loops,
// which is what keeps their results byte-identical.
#pragma once
#include "compiler/backend/interp/engine.h"

namespace seg::interp {

class StageRunner {
 public:
  virtual ~StageRunner() = default;
  // Called once per run after planning, when the persisted columns (Engine::full_) are allocated.
  // Returns false to let the engine evaluate the stages itself: the interpreter is the fallback.
  virtual bool Prepare(Engine& engine) = 0;
  // Evaluates stage `stage` for customers [begin, end): writes every persisted node of the stage
  // into Engine::full_ and reports run-time errors through Engine::RecordError. Called from
  // several threads at once for disjoint ranges.
  virtual void RunMorsel(int32_t stage, size_t begin, size_t end) = 0;
};

}  // namespace seg::interp
