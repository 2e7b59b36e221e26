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
  if (!used_jit) return fallback_reason.empty() ? "engine: interpreter" : "engine: interpreter (JIT unavailable: " + fallback_reason + ")";
  char line[96];
  std::snprintf(line, sizeof(line), "engine: jit (compile %.1f ms, cache %s)", compile_ms, cache_hit ? "hit" : "miss");
  return line;
}

#ifdef SEG_HAVE_JIT
exec::RunResult RunJit(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                       const exec::RunOptions& options, const jit::JitOptions& jit_options) {
  exec::RunState run(program, data, params, options);
  rt::Result<std::unique_ptr<exec::StageEvaluator>> compiled = jit::NewEvaluator(run, jit_options);
  std::unique_ptr<exec::ReferenceEvaluator> reference = interp::NewEvaluator(run);
  exec::RunResult result = exec::Execute(run, *reference, compiled.ok() ? compiled->get() : nullptr);
  if (!compiled.ok()) result.fallback = compiled.status();
  return result;
}
#endif

exec::RunResult Execute(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                        const exec::RunOptions& options, const ExecuteOptions& execute, ExecuteReport* report) {
  ExecuteReport local;
  ExecuteReport& r = report != nullptr ? *report : local;
  r = ExecuteReport{};
  bool want_jit = execute.engine == EngineChoice::kJit;
  if (execute.engine == EngineChoice::kAuto) {
    size_t per_customer = 0;
    for (const ir::Node& n : program.nodes) per_customer += n.level != ir::Level::kConstant;
    want_jit = data.num_customers() * per_customer >= kAutoJitMinWork && !options.explain_customer;
  }
  if (!want_jit) return interp::Run(program, data, params, options);
#ifdef SEG_HAVE_JIT
  jit::JitOptions jit_options;
  jit_options.use_disk_cache = execute.use_disk_cache && std::getenv("SEG_NO_CACHE") == nullptr;
  jit_options.cache_dir = execute.cache_dir;
  exec::RunResult result = RunJit(program, data, params, options, jit_options);
  r.fallback_reason = result.fallback.message();
  const jit::JitStats& stats = jit::LastStats();
  r.used_jit = stats.compiled;
  r.cache_hit = stats.memory_hit || stats.disk_hit;
  r.compile_ms = stats.compile_ms;
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
