// `seg repl` takes `seg run`'s options (all but --out, --format and --with, which are about run's
// result file), lists them in --help, and each means there what it means for run.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "engine_check.h"
#include "repl_support.h"

namespace seg::e2e {
namespace {

const char* kTinyInputs =
    "--input customers=tests/repl/data/customers.csv --input orders=tests/repl/data/orders.csv --as-of 2025-06-30";

// The option names a command's --help lists.
std::set<std::string> HelpOptions(const std::string& command) {
  Result help = RunSeg(SourceDir(), command + " --help");
  EXPECT_EQ(help.status, 0) << help.err;
  std::set<std::string> names;
  std::regex option(R"(^  --([a-z-]+))");
  std::istringstream in(help.out);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, option)) names.insert(m[1]);
  }
  return names;
}

size_t CachedObjects(const fs::path& home) {
  fs::path dir = home / ".cache" / "seg";
  if (!fs::exists(dir)) return 0;
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

std::string Declarations() { return ReadFile(SourceDir() / "tests/repl/data/tiny_inputs.seg"); }

TEST(ReplOptions, HelpListsEveryRunOptionThatFitsASession) {
  std::set<std::string> run = HelpOptions("run");
  std::set<std::string> repl = HelpOptions("repl");
  ASSERT_TRUE(run.count("no-warn") && run.count("no-cache") && run.count("input")) << "run's --help changed form";
  for (const std::string& name : run) {
    // About run's result and what is recorded or published from it.
    if (name == "out" || name == "format" || name == "with" || name == "history" || name == "audiences" ||
        name == "audience-format" || name == "audience-changes")
      continue;
    if (name == "on") continue;  // a run inside a SQL server (docs/SQL.md): one statement, not a session
    // A snapshot stores the columns its importing program reads (docs/SNAPSHOT.md); a session
    // compiles new rules that may read any declared column.
    if (name == "snapshot") continue;
    EXPECT_TRUE(repl.count(name)) << "seg repl --help does not list --" << name;
  }
}

TEST(ReplOptions, NoWarnAndWarningsAsErrorsMeanWhatTheyMeanForRun) {
  // A classification without `else` is warned (no-else) by seg check and seg run.
  std::string entry = "segments s { \"some\" when count(orders) > 0 }\n:list\n";
  Session plain = Repl(kTinyInputs, Declarations() + entry);
  EXPECT_EQ(plain.status, 0) << plain.err;
  EXPECT_NE(plain.err.find("warning[W0003]"), std::string::npos) << plain.err;

  for (const char* name : {"no-else", "W0003"}) {
    Session quiet = Repl(std::string(kTinyInputs) + " --no-warn " + name, Declarations() + entry);
    EXPECT_EQ(quiet.status, 0) << quiet.err;
    EXPECT_EQ(quiet.err.find("W0003"), std::string::npos) << name << "\n" << quiet.err;
    EXPECT_NE(quiet.out.find("segments s: 1 buckets"), std::string::npos) << quiet.out;
  }

  // As errors: the entry is refused (the session keeps only what compiles) and --strict says so.
  Session strict = Repl(std::string(kTinyInputs) + " --warnings-as-errors --strict", Declarations() + entry);
  EXPECT_EQ(strict.status, 1);
  EXPECT_NE(strict.err.find("W0003"), std::string::npos) << strict.err;
  EXPECT_EQ(strict.out.find("segments s"), std::string::npos) << strict.out;

  Session unknown = Repl(std::string(kTinyInputs) + " --no-warn no-such-warning", "");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown warning 'no-such-warning'"), std::string::npos) << unknown.err;
}

TEST(ReplOptions, NoCacheKeepsCompiledCodeOutOfTheDiskCache) {
  std::string script = Declarations() + "tag buyer when count(orders) > 0\n";
  TempDir cached_home, uncached_home;
  Session cached = Repl(std::string(kTinyInputs) + " --engine jit --verbose", script, cached_home.path());
  ASSERT_EQ(cached.status, 0) << cached.err;
  if (!BuiltWithJit()) GTEST_SKIP() << "no JIT in this build";
  ASSERT_TRUE(RanCompiledCode(cached.err));
  EXPECT_GT(CachedObjects(cached_home.path()), 0u) << "the JIT writes its code cache by default";

  Session uncached = Repl(std::string(kTinyInputs) + " --engine jit --no-cache", script, uncached_home.path());
  ASSERT_EQ(uncached.status, 0) << uncached.err;
  EXPECT_EQ(CachedObjects(uncached_home.path()), 0u);
  EXPECT_EQ(uncached.out, cached.out);
}

TEST(ReplOptions, VerboseSaysWhichEngineAnsweredAndQuietHidesLoadStatistics) {
  std::string script = Declarations() + "count(orders)\n";
  Session verbose = Repl(std::string(kTinyInputs) + " --verbose", script);
  EXPECT_EQ(verbose.status, 0) << verbose.err;
  // Which engine answered, and why (the REPL's default engine is the interpreter).
  EXPECT_NE(verbose.err.find("seg repl: engine: interpreter (asked for)\n"), std::string::npos) << verbose.err;
  EXPECT_NE(verbose.err.find("loaded orders: 16 rows from tests/repl/data/orders.csv\n"), std::string::npos)
      << verbose.err;

  Session quiet = Repl(std::string(kTinyInputs) + " --quiet", script);
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("loaded"), std::string::npos) << quiet.err;
  EXPECT_EQ(quiet.err.find("engine:"), std::string::npos) << quiet.err;
  EXPECT_EQ(quiet.out, verbose.out);
}

TEST(ReplOptions, DataOptionsAreCheckedAndReportedAsRunDoesIt) {
  for (const std::string& bad : {"--on-bad-row sometimes", "--threads 0", "--delimiter ';;'", "--input orders"}) {
    Session repl = Repl(std::string(kTinyInputs) + " " + bad, "");
    Result run = RunSeg(SourceDir(), "run tests/repl/data/tiny_inputs.seg " + std::string(kTinyInputs) + " " + bad);
    EXPECT_EQ(repl.status, 2) << bad;
    EXPECT_EQ(run.status, 2) << bad;
    std::string run_message = run.err.substr(run.err.find(':'));  // "seg run: ..." -> ": ..."
    EXPECT_NE(repl.err.find("seg repl" + run_message), std::string::npos)
        << bad << "\nrepl: " << repl.err << "\nrun: " << run.err;
  }

  // --on-bad-row skip: the skipped rows are counted in the same words as seg run's.
  TempDir tmp;
  WriteFile(tmp.path() / "orders.csv", "customer,ts,amount\na2,2025-06-01T10:00:00Z,10.00\na3,yesterday,5.00\n");
  std::string inputs = "--input customers=tests/repl/data/customers.csv --input orders=" +
                       ShellQuote((tmp.path() / "orders.csv").string()) + " --as-of 2025-06-30 --on-bad-row skip";
  Session repl = Repl(inputs, Declarations() + "count(orders)\n");
  Result run = RunSeg(SourceDir(), "run tests/repl/data/tiny_inputs.seg " + inputs);
  ASSERT_EQ(run.status, 0) << run.err;
  size_t at = run.err.find("loaded orders: ");
  ASSERT_NE(at, std::string::npos) << run.err;
  std::string line = run.err.substr(at, run.err.find('\n', at) - at + 1);
  EXPECT_NE(line.find("1 malformed rows skipped"), std::string::npos) << line;
  EXPECT_NE(repl.err.find(line), std::string::npos) << "repl: " << repl.err << "\nrun's line: " << line;
}

}  // namespace
}  // namespace seg::e2e
