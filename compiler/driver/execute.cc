#include "compiler/driver/execute.h"

#include <cstdio>
#include <cstdlib>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/exec/execute.h"

namespace seg::driver {

bool ParseEngine(std::string_view text, EngineChoice* out) {
  if (text == "auto") *out = EngineChoice::kAuto;
  else if (text == "interp") *out = EngineChoice::kInterp;
  else if (text == "jit") *out = EngineChoice::kJit;
  else return false;
  return true;
}

std::string ExecuteReport::Describe() const {
  if (!used_jit) {
    if (!fallback_reason.empty()) return "engine: interpreter (JIT unavailable: " + fallback_reason + ")";
    return choice.empty() ? "engine: interpreter" : "engine: interpreter (" + choice + ")";
  }
  char line[128];
  std::snprintf(line, sizeof(line), "compile %.1f ms, cache %s, weight %zu", compile_ms, cache_hit ? "hit" : "miss",
                weight);
  return "engine: jit (" + (choice.empty() ? "" : choice + "; ") + line + (disk_note.empty() ? "" : "; " + disk_note) +
         ")";
}

#ifdef SEG_HAVE_JIT
exec::RunResult RunJit(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                       const exec::RunOptions& options, const jit::JitOptions& jit_options, jit::JitStats* stats) {
  exec::RunState run(program, data, params, options);
  std::unique_ptr<exec::StageEvaluator> compiled = jit::NewEvaluator(run, jit_options, stats);
  std::unique_ptr<exec::ReferenceEvaluator> reference = interp::NewEvaluator(run);
  exec::RunResult result = exec::Execute(run, *reference, compiled.get());
  if (compiled == nullptr) result.fallback = rt::Status::Error(stats->fallback_reason);
  return result;
}
#endif

exec::RunResult Execute(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                        const exec::RunOptions& options, const ExecuteOptions& execute, ExecuteReport* report) {
  ExecuteReport local;
  ExecuteReport& r = report != nullptr ? *report : local;
  r = ExecuteReport{};
  bool want_jit = execute.engine == EngineChoice::kJit;
  r.choice = "asked for";
#ifdef SEG_HAVE_JIT
  // The budget (jit::kMaxJitWeight): past it compiling could take longer than any run repays.
  r.weight = jit::ProgramWeight(program);
  size_t budget = execute.jit_max_weight != 0 ? execute.jit_max_weight : jit::kMaxJitWeight;
  if (r.weight > budget && execute.engine != EngineChoice::kInterp) {
    std::string why = "the program's weight " + std::to_string(r.weight) + " is past the JIT's budget of " +
                      std::to_string(budget) + " (docs/ENGINES.md)";
    if (execute.engine == EngineChoice::kJit) {
      exec::RunResult refused;
      refused.status = rt::Status::Error("--engine jit: " + why + "; run it with --engine auto or interp");
      r.choice = "asked for, refused: " + why;
      return refused;
    }
    r.choice = "auto: " + why;
    return interp::Run(program, data, params, options);
  }
#endif
  if (execute.engine == EngineChoice::kAuto) {
    size_t per_customer = 0;
    for (const ir::Node& n : program.nodes) per_customer += n.level != ir::Level::kConstant;
    size_t work = data.num_customers() * per_customer;
    size_t threshold = AutoJitThreshold(r.weight);
    want_jit = work >= threshold && !options.explain_customer;
    r.choice = options.explain_customer
                   ? "auto: explain records every node's value"
                   : "auto: " + std::to_string(data.num_customers()) + " customers x " + std::to_string(per_customer) +
                         " nodes " + (want_jit ? "reach " : "are below ") + std::to_string(threshold) +
                         ", where compiling " + (want_jit ? "pays" : "would not pay") + " (program weight " +
                         std::to_string(r.weight) + ")";
  }
  if (!want_jit) return interp::Run(program, data, params, options);
#ifdef SEG_HAVE_JIT
  jit::JitOptions jit_options;
  jit_options.use_disk_cache = execute.use_disk_cache && std::getenv("SEG_NO_CACHE") == nullptr;
  jit_options.cache_dir = execute.cache_dir;
  jit_options.memory_cache = execute.jit_memory_cache;
  jit_options.fail_compile_for_testing = execute.fail_jit_compile_for_testing;
  if (execute.jit_small_parts_for_testing) {
    jit_options.limits = jit::CodegenLimits{1, 0, 0, 64};
  }
  jit::JitStats stats;
  exec::RunResult result = RunJit(program, data, params, options, jit_options, &stats);
  r.used_jit = stats.compiled;
  r.fallback_reason = stats.fallback_reason;
  // The JIT was asked for and the run finished without it: there is always a reason to give.
  if (!r.used_jit && r.fallback_reason.empty() && result.ok()) r.fallback_reason = "no reason recorded (a seg bug)";
  r.cache_hit = stats.memory_hit || stats.disk_hit;
  r.compile_ms = stats.compile_ms;
  r.disk_note = stats.disk_note;
#else
  r.fallback_reason = "seg was built without LLVM";
  exec::RunResult result = interp::Run(program, data, params, options);
#endif
  if (!r.fallback_reason.empty() && execute.warn) {
    std::fprintf(stderr, "seg: JIT unavailable (%s); using the interpreter\n", r.fallback_reason.c_str());
  }
  return result;
}

}  // namespace seg::driver
