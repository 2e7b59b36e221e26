// `seg test`: runs the program's test blocks; exit 1 when any expectation fails.
#include <cstdio>

#include "compiler/cli/commands.h"
#include "compiler/driver/params.h"
#include "compiler/driver/test_runner.h"

namespace seg::cli {

int RunTest(const Args& args) {
  if (args.positional().size() != 1) {
    std::fprintf(stderr, "seg test: give one rule file\n(see `seg test --help`)\n");
    return 2;
  }
  std::unique_ptr<driver::Compilation> c = CompileForRun(args.positional()[0], args);
  if (!c) return 1;
  std::optional<lang::Value> as_of;
  if (std::optional<std::string> text = args.Get("as-of")) {
    rt::Result<lang::Value> v = driver::ParseParamValue(lang::Type::Of(lang::TypeKind::kDate), *text);
    if (!v.ok()) {
      std::fprintf(stderr, "seg test: --as-of: %s\n", v.message().c_str());
      return 2;
    }
    as_of = *v;
  }
  size_t threads = 1;
  if (std::optional<std::string> t = args.Get("threads")) threads = std::max(1, std::atoi(t->c_str()));
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, "test", &execute)) return 2;
  std::vector<driver::TestOutcome> outcomes = driver::RunTests(*c->program, *c->ir, as_of, threads, execute);
  size_t failed = 0;
  std::string out;
  for (const driver::TestOutcome& o : outcomes) {
    if (args.Has("verbose") && !o.engine.empty()) std::fprintf(stderr, "seg test: %s\n", o.engine.c_str());
    out += "test \"" + o.title + "\" ... " + (o.passed() ? "ok" : "FAILED") + "\n";
    if (o.passed()) continue;
    ++failed;
    for (const driver::TestFailure& f : o.failures) {
      std::string where;
      if (f.span.file < c->sources.size()) {
        const SourceFile& file = c->sources.Get(f.span.file);
        LineCol at = file.Locate(f.span.begin);
        where = file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
      }
      out += "  " + where + f.message + "\n";
    }
  }
  out += std::to_string(outcomes.size()) + (outcomes.size() == 1 ? " test: " : " tests: ") +
         std::to_string(outcomes.size() - failed) + " passed, " + std::to_string(failed) + " failed\n";
  std::fputs(out.c_str(), stdout);
  return failed == 0 ? 0 : 1;
}

}  // namespace seg::cli
