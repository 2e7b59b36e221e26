// `seg diff`: the migration between two versions of the rules on the same data
// (`seg diff OLD.seg NEW.seg --input ...`), or between two dates for one version
// (`seg diff FILE --as-of D1 --vs-as-of D2 --input ...`).
#include <cstdio>

#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/run_context.h"
#include "compiler/driver/diff.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/params.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"

namespace seg::cli {

namespace {

// The same options with one rule file, so each side goes through PrepareRun like `seg run`.
bool ArgsForFile(const Args& args, const std::string& file, Args* out) {
  const std::vector<OptionSpec>* specs = nullptr;
  for (const Command& c : Commands())
    if (std::string(c.name) == "diff") specs = &c.options;
  std::vector<std::string> words = {"seg", "diff", file};
  for (const OptionSpec& spec : *specs) {
    for (const std::string& value : args.GetAll(spec.name))
      words.push_back("--" + spec.name + (spec.takes_value ? "=" + value : ""));
  }
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  return out->Parse(static_cast<int>(argv.size()), argv.data(), 2, *specs);
}

// One side's run; under --verbose, which engine ran it and why.
exec::RunResult RunSide(const RunContext& context, const std::vector<lang::Value>& params,
                        const driver::ExecuteOptions& execute, bool verbose) {
  exec::RunOptions options;
  options.threads = context.threads;
  driver::ExecuteReport engine;
  exec::RunResult result = driver::Execute(*context.compilation->ir, context.loaded.data, params, options, execute,
                                           &engine);
  if (verbose) std::fprintf(stderr, "seg diff: %s\n", engine.Describe().c_str());
  return result;
}

}  // namespace

int RunDiff(const Args& args) {
  const std::vector<std::string>& files = args.positional();
  std::optional<std::string> vs_as_of = args.Get("vs-as-of");
  if (files.size() == 2 && vs_as_of) {
    std::fprintf(stderr, "seg diff: --vs-as-of compares one rule file at two dates; give one file with it\n");
    return 2;
  }
  if (!(files.size() == 2 || (files.size() == 1 && vs_as_of))) {
    std::fprintf(stderr,
                 "seg diff: give OLD.seg NEW.seg, or one file with --as-of D1 --vs-as-of D2\n"
                 "(see `seg diff --help`)\n");
    return 2;
  }
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, "diff", &execute)) return 2;
  std::optional<std::string> moved_path = args.Get("moved");
  std::optional<rt::OutputFile> moved = moved_path ? OpenOutput(args, "diff", *moved_path) : std::nullopt;
  if (moved_path && !moved) return 1;
  RunContext old_context, new_context;
  Args old_args, new_args;
  if (!ArgsForFile(args, files[0], &old_args)) {
    std::fprintf(stderr, "seg diff: %s\n", old_args.error().c_str());
    return 2;
  }
  if (int status = PrepareRun(old_args, "diff", &old_context); status != 0) return status;
  std::vector<lang::Value> new_params;
  const RunContext* new_side = &old_context;
  std::string old_name = files[0], new_name;
  if (files.size() == 2) {
    if (!ArgsForFile(args, files[1], &new_args)) {
      std::fprintf(stderr, "seg diff: %s\n", new_args.error().c_str());
      return 2;
    }
    if (int status = PrepareRun(new_args, "diff", &new_context); status != 0) return status;
    new_side = &new_context;
    new_params = new_context.params;
    new_name = files[1];
  } else {
    const ir::Program& program = *old_context.compilation->ir;
    if (rt::Status bound = driver::BindParams(program, args.GetAll("param"), *vs_as_of, &new_params); !bound.ok()) {
      std::fprintf(stderr, "seg diff: --vs-as-of: %s\n", FlagWording(bound).c_str());
      return 2;
    }
    const ir::Program& p = program;
    old_name += " as of " + lang::FormatValue(old_context.params[p.as_of_param]);
    new_name = files[0] + " as of " + lang::FormatValue(new_params[p.as_of_param]);
  }
  exec::RunResult old_result = RunSide(old_context, old_context.params, execute, args.Has("verbose"));
  exec::RunResult new_result = RunSide(*new_side, new_params, execute, args.Has("verbose"));
  for (const exec::RunResult* r : {&old_result, &new_result}) {
    if (!r->ok()) {
      std::fprintf(stderr, "seg diff: %s\n", FlagWording(r->status).c_str());
      return 1;
    }
  }
  driver::DiffReport diff = driver::ComputeDiff({old_context.compilation->ir.get(), &old_context.loaded.data,
                                                 &old_result},
                                                {new_side->compilation->ir.get(), &new_side->loaded.data, &new_result});
  std::string text = driver::FormatDiff(diff, old_name, new_name);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (moved) {
    const ir::Program& program = *old_context.compilation->ir;
    const ir::InputSchema& entity = program.inputs[program.entity_input];
    bool written = driver::WriteMoved(diff, entity.columns[entity.key_column].name,
                                      [&](std::string_view bytes) { return moved->Write(bytes); });
    if (!FinishOutput("diff", *moved, written)) return 1;
    if (!args.Has("quiet"))
      std::fprintf(stderr, "wrote %zu moved rows to %s\n", diff.moved.size(), moved->path().c_str());
  }
  return 0;
}

}  // namespace seg::cli
