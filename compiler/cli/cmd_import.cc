// `seg import`: stores a program's inputs as a snapshot (docs/SNAPSHOT.md) that `seg run
// --snapshot` reads without parsing; --append adds new rows as the next generation.
#include <unistd.h>

#include <cstdio>

#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/run_context.h"
#include "compiler/driver/snapshot_import.h"
#include "compiler/driver/snapshot_load.h"

namespace seg::cli {

namespace {

// `seg import FILE --snapshot DIR --verify`: every array of every generation checked.
int VerifyImported(const Args& args, const std::string& dir, size_t threads, bool no_inputs) {
  if (!no_inputs || args.Has("append") || args.Has("compact") || args.Has("all-columns")) {
    std::fprintf(stderr,
                 "seg import: --verify reads no --input and takes no --append, --compact or --all-columns\n"
                 "(see `seg import --help`)\n");
    return 2;
  }
  std::unique_ptr<driver::Compilation> compilation = CompileForRun(args.positional()[0], args);
  if (!compilation) return 1;
  rt::Result<size_t> generations = driver::VerifySnapshot(*compilation->ir, dir, threads);
  if (!generations.ok()) {
    std::fprintf(stderr, "seg import: %s\n", FlagWording(generations.status()).c_str());
    return 1;
  }
  if (!args.Has("quiet")) {
    std::fprintf(stderr, "verified %s: %zu generation%s, every array intact\n", dir.c_str(), *generations,
                 *generations == 1 ? "" : "s");
  }
  return 0;
}

}  // namespace

int RunImport(const Args& args) {
  if (args.positional().size() != 1) {
    std::fprintf(stderr, "seg import: give one rule file\n(see `seg import --help`)\n");
    return 2;
  }
  std::string dir = args.Get("snapshot").value_or("");
  if (dir.empty()) {
    std::fprintf(stderr, "seg import: give --snapshot DIR, the directory to write\n(see `seg import --help`)\n");
    return 2;
  }
  size_t threads = 1;
  rt::LoadOptions load;
  std::vector<driver::InputBinding> bindings;
  if (!DataOptionsFrom(args, "import", &threads, &load, &bindings)) return 2;
  if (args.Has("verify")) return VerifyImported(args, dir, threads, bindings.empty());
  bool compact = args.Has("compact");
  if (compact && (!bindings.empty() || args.Has("append") || args.Has("all-columns"))) {
    std::fprintf(stderr,
                 "seg import: --compact reads no --input and takes no --append or --all-columns\n"
                 "(see `seg import --help`)\n");
    return 2;
  }
  if (bindings.empty() && !compact) {
    std::fprintf(stderr, "seg import: give the data with --input NAME=PATH\n(see `seg import --help`)\n");
    return 2;
  }
  std::unique_ptr<driver::Compilation> compilation = CompileForRun(args.positional()[0], args);
  if (!compilation) return 1;
  bool progress = isatty(2) != 0;
  auto on_step = [](const std::string& step) {
    std::fprintf(stderr, "\r\x1b[K%s...", step.c_str());
    std::fflush(stderr);
  };
  bool append = args.Has("append");
  std::function<void(const std::string&)> step = progress ? on_step : std::function<void(const std::string&)>();
  driver::ImportResult result = compact ? driver::CompactSnapshot(*compilation->ir, dir, threads, step)
                                        : driver::ImportSnapshot(*compilation->ir, bindings, load, dir, append,
                                                                 args.Has("all-columns") ? driver::ColumnsToLoad::kAll
                                                                                         : driver::ColumnsToLoad::kRead,
                                                                 step);
  if (progress) std::fputs("\r\x1b[K", stderr);
  if (!result.ok()) {
    std::fprintf(stderr, "seg import: %s\n", FlagWording(result.status).c_str());
    return 1;
  }
  if (!args.Has("quiet")) {
    driver::LoadedData described;
    described.reports = result.reports;
    std::fputs(DescribeLoad(described).c_str(), stderr);
    std::fprintf(stderr, "%s %s: generation %u, %zu customer row%s\n",
                 append    ? "appended to"
                 : compact ? "compacted"
                           : "wrote",
                 dir.c_str(), result.generation, result.customers, result.customers == 1 ? "" : "s");
  }
  return 0;
}

}  // namespace seg::cli
