#include "compiler/cli/run_context.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/timing_line.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/params.h"
#include "compiler/driver/snapshot_load.h"
#include "runtime/civil_time.h"

namespace seg::cli {

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[16];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d", &local);
  return buffer;
}

bool ThreadsFrom(const Args& args, const std::string& command, size_t* threads) {
  std::string threads_text = args.Get("threads").value_or("");
  *threads = std::max(1u, std::thread::hardware_concurrency());
  if (!threads_text.empty()) {
    char* end = nullptr;
    long t = std::strtol(threads_text.c_str(), &end, 10);
    if (*end != '\0' || t < 1 || t > 1024) {
      std::fprintf(stderr, "seg %s: --threads takes a number from 1 to 1024\n", command.c_str());
      return false;
    }
    *threads = static_cast<size_t>(t);
  }
  return true;
}

bool DataOptionsFrom(const Args& args, const std::string& command, size_t* threads, rt::LoadOptions* load,
                     std::vector<driver::InputBinding>* bindings) {
  if (!ThreadsFrom(args, command, threads)) return false;
  load->threads = *threads;
  std::string policy = args.Get("on-bad-row").value_or("fail");
  if (policy != "fail" && policy != "skip") {
    std::fprintf(stderr, "seg %s: --on-bad-row takes fail or skip\n", command.c_str());
    return false;
  }
  load->on_bad_row = policy == "skip" ? rt::BadRowPolicy::kSkip : rt::BadRowPolicy::kFail;
  if (std::optional<std::string> d = args.Get("delimiter")) {
    if (d->size() != 1) {
      std::fprintf(stderr, "seg %s: --delimiter takes one character\n", command.c_str());
      return false;
    }
    load->delimiter = (*d)[0];
  }
  for (const std::string& text : args.GetAll("input")) {
    rt::Result<driver::InputBinding> b = ParseInputFlag(text);
    if (!b.ok()) {
      std::fprintf(stderr, "seg %s: %s\n", command.c_str(), b.message().c_str());
      return false;
    }
    bindings->push_back(*b);
  }
  return true;
}

int CompileAndBindParams(const Args& args, const std::string& command, RunContext* context) {
  if (args.positional().size() != 1) {
    std::fprintf(stderr, "seg %s: give one rule file\n(see `seg %s --help`)\n", command.c_str(), command.c_str());
    return 2;
  }
  context->compilation = CompileForRun(args.positional()[0], args);
  if (!context->compilation) return 1;
  const ir::Program& program = *context->compilation->ir;

  std::string as_of = args.Get("as-of").value_or("");
  if (as_of.empty() && !program.params[program.as_of_param].default_value) {
    as_of = Today();
    std::fprintf(stderr, "seg: --as-of not given; using today, %s\n", as_of.c_str());
  }
  std::vector<std::string> assignments = args.GetAll("param");
  if (rt::Status bound = driver::BindParams(program, assignments, as_of, &context->params); !bound.ok()) {
    std::fprintf(stderr, "seg %s: %s\n", command.c_str(), FlagWording(bound).c_str());
    return 2;
  }
  return 0;
}

int PrepareRun(const Args& args, const std::string& command, RunContext* context) {
  rt::LoadOptions load;
  std::vector<driver::InputBinding> bindings;
  if (args.positional().size() == 1 && !DataOptionsFrom(args, command, &context->threads, &load, &bindings)) return 2;
  if (int status = CompileAndBindParams(args, command, context); status != 0) return status;
  const ir::Program& program = *context->compilation->ir;
  bool progress = isatty(2) != 0;
  auto started = std::chrono::steady_clock::now();
  // On a terminal, say what is happening while big files load; the line is erased afterwards.
  auto on_step = [&](const std::string& step) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "\r\x1b[K%s... (%.1f s)", step.c_str(), elapsed);
    std::fflush(stderr);
  };
  if (std::optional<std::string> snapshot = args.Get("snapshot")) {
    if (!bindings.empty()) {
      std::fprintf(stderr, "seg %s: give the data with --input or --snapshot, not both\n", command.c_str());
      return 2;
    }
    if (progress) on_step("reading snapshot " + *snapshot);
    context->loaded = driver::LoadSnapshot(program, *snapshot, context->columns, context->threads);
  } else {
    context->loaded = driver::LoadData(program, bindings, load, context->columns,
                                       progress ? on_step : std::function<void(const std::string&)>());
  }
  if (progress) std::fputs("\r\x1b[K", stderr);
  if (!context->loaded.ok()) {
    std::fprintf(stderr, "seg %s: %s\n", command.c_str(), FlagWording(context->loaded.status).c_str());
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string report = DescribeLoad(context->loaded);
  char timing[128];
  std::snprintf(timing, sizeof(timing), "load took %.2f s\n", seconds);
  report += timing;
  if (!args.Has("quiet")) std::fputs(report.c_str(), stderr);
  return 0;
}

std::string DescribeLoad(const driver::LoadedData& loaded) {
  std::string report;
  for (const driver::LoadReport& r : loaded.reports) {
    char line[512];
    std::snprintf(line, sizeof(line), "loaded %s: %zu rows from %s", r.input.c_str(), r.stats.rows_loaded,
                  r.path.c_str());
    report += line;
    if (r.stats.rows_skipped > 0) {
      report += ", " + std::to_string(r.stats.rows_skipped) + " malformed rows skipped (";
      bool first = true;
      for (const auto& [reason, n] : r.stats.skipped_by_reason) {
        report += (first ? "" : ", ") + std::to_string(n) + " " + reason;
        first = false;
      }
      report += ")";
    }
    if (r.unknown_customer_events > 0) {
      report += ", " + std::to_string(r.unknown_customer_events) + " events of unknown customers (e.g.";
      for (const std::string& k : r.unknown_key_samples) report += " " + k;
      report += ") not counted";
    }
    if (r.missing_key_events > 0) report += ", " + std::to_string(r.missing_key_events) + " events without a customer";
    if (r.missing_time_events > 0)
      report += ", " + std::to_string(r.missing_time_events) + " events without a time (not counted)";
    report += "\n";
    for (const std::string& m : r.stats.messages) report += "  " + m + "\n";
  }
  if (loaded.customers_derived)
    report += "customers: " + std::to_string(loaded.data.num_customers()) + " distinct keys found in the event files\n";
  return report;
}

std::string DescribeTimes(const driver::Compilation& compilation, const exec::RunResult& result,
                          double jit_compile_ms) {
  const driver::CompileTimes& c = compilation.times;
  const exec::RunResult::Times& r = result.times;
  std::string line = "stages in ms, wall/CPU:";
  auto add = [&](const char* stage, const StageTime& t) {
    char part[96];
    std::snprintf(part, sizeof(part), " %s %.1f/%.1f", stage, t.wall_ms, t.cpu_ms);
    line += part;
  };
  add("parse", c.parse);
  add("check", c.check);
  add("lower", c.lower);
  add("plan", r.plan);
  add("prepare", r.prepare);
  char jit[64];
  std::snprintf(jit, sizeof(jit), " (JIT compile %.1f wall)", jit_compile_ms);
  line += jit;
  add("evaluate", r.evaluate);
  return line;
}

int PrepareAndExecute(const Args& args, const char* command, std::vector<ir::NodeId> (*keep)(const ir::Program&),
                      RunContext* context, exec::RunResult* result) {
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, command, &execute)) return 2;
  if (int status = PrepareRun(args, command, context); status != 0) return status;
  const ir::Program& program = *context->compilation->ir;
  exec::RunOptions options;
  options.threads = context->threads;
  options.keep = keep(program);
  driver::ExecuteReport engine;
  *result = driver::Execute(program, context->loaded.data, context->params, options, execute, &engine);
  if (args.Has("verbose")) {
    std::fprintf(stderr, "seg %s: %s\n", command, engine.Describe().c_str());
    PrintTimingLine(command, DescribeTimes(*context->compilation, *result, engine.compile_ms));
  }
  if (!result->ok()) {
    std::fprintf(stderr, "seg %s: %s\n", command, FlagWording(result->status).c_str());
    return 1;
  }
  return 0;
}

}  // namespace seg::cli
