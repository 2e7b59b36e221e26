// The command line of `seg`, defined in one place: the table in Commands() below. CLI11 parses
// each command's options from it and `seg COMMAND --help` is printed from it (args.cc), so
//   - a new option of a command is one OptionSpec line in that command's list:
//       {"dialect", true, "NAME", "the SQL dialect: postgres (default) or duckdb"}   // --dialect NAME
//       {"dry-run", false, "", "print what would run, run nothing"}                    // a flag
//     (name without dashes, whether it takes a value, the value's name in the help, the help
//     line). Every option may be repeated: args.Get("dialect") is the last value, args.GetAll
//     every one, args.Has("dry-run") whether it was given. Options several commands share are
//     the *OptionSpecs() lists below; append them as the other commands do.
//   - a new command is one entry {name, summary, usage, options, RunX} in the table and a
//     function `int RunX(const Args&)` (declared in commands.h, written in its own cmd_x.cc)
//     returning the exit status: 0 done, 1 a problem with the user's rules or data, 2 a usage
//     mistake. `seg --help` lists it from the table.
//   - then add its help text to tests/cli/help/NAME.txt (the cli tests compare every command's
//     --help output with those files, and fail for a command that has none).
#include "compiler/cli/commands.h"

#include <unistd.h>

#include <cstdio>

#include "compiler/cli/flag_hints.h"
#include "compiler/cli/sql_commands.h"
#include "compiler/driver/load_data.h"

namespace seg::cli {

int RunReport(const Args& args);   // cmd_report.cc
int RunDiff(const Args& args);     // cmd_diff.cc
int RunChanges(const Args& args);  // cmd_changes.cc

std::vector<OptionSpec> CompileOptionSpecs() {
  return {
      {"warnings-as-errors", false, "", "treat warnings as errors (exit status 1)"},
      {"no-warn", true, "NAME", "turn off a warning by name or code, e.g. unused-let (repeatable)"},
      {"color", true, "WHEN", "color diagnostics: auto (default), always, never"},
  };
}

bool UseColor(const Args& args) {
  std::string when = args.Get("color").value_or("auto");
  if (when == "always") return true;
  if (when == "never") return false;
  return isatty(2) != 0 && getenv("NO_COLOR") == nullptr;
}

std::vector<OptionSpec> DataOptionSpecs() {
  return {
      {"input", true, "NAME=PATH",
       "bind an input of the program to a CSV or JSON Lines file, or a PostgreSQL table: "
       "postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE (repeatable)"},
      {"as-of", true, "DATE", "the date every window is measured from (default: today, printed)"},
      {"param", true, "NAME=VALUE", "set a param (repeatable)"},
      {"threads", true, "N", "worker threads (default: all cores); results never depend on it"},
      {"on-bad-row", true, "POLICY",
       "fail (default) or skip: skip malformed rows (customer rows without a key or with a repeated one too) and "
       "report the counts"},
      {"delimiter", true, "CHAR", "CSV field delimiter (default ,)"},
  };
}

std::vector<OptionSpec> EngineOptionSpecs() {
  return {
      {"engine", true, "ENGINE", "interp, jit or auto (default: the JIT when the data is large enough)"},
      {"no-cache", false, "", "do not read or write compiled code in ~/.cache/seg (also: SEG_NO_CACHE)"},
      {"verbose", false, "", "say which engine ran, compile time and whether the code cache hit"},
  };
}

bool ExecuteOptionsFrom(const Args& args, const char* command, driver::ExecuteOptions* out) {
  std::string engine = args.Get("engine").value_or("auto");
  if (!driver::ParseEngine(engine, &out->engine)) {
    std::fprintf(stderr, "seg %s: --engine takes interp, jit or auto, not '%s'\n", command, engine.c_str());
    return false;
  }
  out->use_disk_cache = !args.Has("no-cache");
  return true;
}

std::optional<rt::OutputFile> OpenOutput(const Args& args, const char* command, const std::string& path) {
  rt::OutputOptions options;
  options.inputs = args.positional();
  for (const std::string& text : args.GetAll("input")) {
    // A malformed --input is reported where the inputs are bound.
    if (rt::Result<driver::InputBinding> binding = ParseInputFlag(text); binding.ok())
      options.inputs.push_back(binding->path);
  }
  rt::Result<rt::OutputFile> out = rt::OutputFile::Open(path, options);
  if (!out.ok()) {
    std::fprintf(stderr, "seg %s: cannot write %s: %s\n", command, path.c_str(), out.message().c_str());
    return std::nullopt;
  }
  return std::move(*out);
}

bool FinishOutput(const char* command, rt::OutputFile& out, bool written) {
  if (written && out.Commit()) return true;
  std::string name = out.path() == "-" ? "standard output" : out.path();
  std::fprintf(stderr, "seg %s: cannot write %s: %s\n", command, name.c_str(), out.error().c_str());
  return false;
}

namespace {
using Options = std::vector<OptionSpec>;

// A command's options in the order its help lists them: `first`, then each of `more`, then the
// compile options every command that reads a rule file takes.
template <class... More> Options With(Options first, const More&... more) {
  (first.insert(first.end(), more.begin(), more.end()), ...);
  for (OptionSpec& s : CompileOptionSpecs()) first.push_back(s);
  return first;
}
}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"check", "check rule files for mistakes before they run", "seg check FILE... [OPTIONS]",
       With({{"dump", true, "STAGE", "print a compiler stage: ast, typed or ir"},
             {"format", true, "FORMAT", "diagnostics as text (default) or json"},
             {"data", false, "", "also run on --input data: how many customers each rule gets"},
             {"quiet", false, "", "with --data: no load statistics"}},
            DataOptionSpecs(), EngineOptionSpecs()),
       RunCheck},
      {"fmt",
       "rewrite a rule file in the canonical layout, comments kept",
       "seg fmt FILE... [--check | --stdout]",
       {{"check", false, "", "change nothing; exit 1 if a file is not formatted"},
        {"stdout", false, "", "print the formatted text instead of rewriting the file"}},
       RunFmt},
      {"run", "segment customers: one output row per customer with buckets, tags and scores",
       "seg run FILE --input NAME=PATH... [--as-of DATE] [--out PATH] [OPTIONS]",
       With(DataOptionSpecs(),
            Options{{"out", true, "PATH",
                     "write the rows here (atomically; - or none: standard output), or into a PostgreSQL table: "
                     "postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE (replaced in one transaction) or a "
                     "ClickHouse table: clickhouse://HOST:PORT/DB?table=NAME (replaced in one RENAME)"},
                    {"history", true, "DIR",
                     "record each customer's buckets and tags as the next run in this directory, for `seg changes` "
                     "(docs/HISTORY.md); with a PostgreSQL --out, a SCHEMA.TABLE in the same database and transaction"},
                    {"audiences", true, "DIR",
                     "also write one file per bucket and tag, with a manifest, replacing DIR atomically "
                     "(docs/HISTORY.md)"},
                    {"audience-format", true, "FORMAT", "the audience files: csv (default) or jsonl"},
                    {"audience-changes", false, "",
                     "the audience files hold only who entered or exited since the previous run in --history DIR"},
                    {"snapshot", true, "DIR",
                     "read the data from this snapshot (made by `seg import`) instead of --input files"},
                    {"format", true, "FORMAT", "csv (default) or jsonl"},
                    {"with", true, "METRIC,...", "also output these lets (repeatable or comma-separated)"},
                    {"quiet", false, "", "no summary on standard error"},
                    {"on", true, "URL",
                     "run inside this PostgreSQL or ClickHouse server (postgresql://USER@HOST:PORT/DB or "
                     "clickhouse://HOST:PORT/DB), each --input NAME=TABLE a table there (docs/SQL.md)"}},
            EngineOptionSpecs()),
       RunRun},
      {"import", "store a program's inputs as a snapshot that runs read without parsing (docs/SNAPSHOT.md)",
       "seg import FILE --input NAME=PATH... --snapshot DIR [--append] [OPTIONS]\n       seg import FILE --snapshot "
       "DIR --compact\n       seg import FILE --snapshot DIR --verify",
       With([] {
         std::vector<OptionSpec> o;
         for (OptionSpec& s : DataOptionSpecs()) {
           if (s.name != "as-of" && s.name != "param") o.push_back(s);
         }
         o.push_back({"snapshot", true, "DIR", "the snapshot directory to write (replaced in one step)"});
         o.push_back({"append", false, "",
                      "add the rows of --input to the snapshot at DIR as a new generation, rewriting nothing"});
         o.push_back(
             {"compact", false, "",
              "fold the snapshot's appended generations into one indexed generation (no --input), in one step"});
         o.push_back({"verify", false, "",
                      "check every array of every generation of the snapshot at DIR against its checksum (no "
                      "--input; a run checks only the arrays it reads)"});
         o.push_back({"all-columns", false, "",
                      "store every declared column, not only those the program reads (for other programs over "
                      "the same inputs)"});
         o.push_back({"quiet", false, "", "no load statistics"});
         return o;
       }()),
       RunImport},
      {"watch", "append events streamed as JSON Lines to a snapshot and print who enters or exits each bucket and tag",
       "seg watch FILE --snapshot DIR [--as-of DATE] [--on-bad-line skip|fail] [OPTIONS] < events.jsonl",
       With({{"snapshot", true, "DIR", "the snapshot (made by `seg import`) the events are appended to"},
             {"as-of", true, "DATE", "the date every window is measured from (default: today, printed)"},
             {"param", true, "NAME=VALUE", "set a param (repeatable)"},
             {"threads", true, "N", "worker threads for the first run (default: all cores)"},
             {"on-bad-line", true, "POLICY",
              "skip (default) or fail: an event line that is not valid is reported with its line number and "
              "skipped, or stops the watch"},
             {"memberships", true, "PATH",
              "at the end of the stream, write every customer's buckets and tags here as JSON Lines"},
             {"quiet", false, "", "no load statistics or summary on standard error"}},
            EngineOptionSpecs()),
       RunWatch},
      {"sql", "print the program as one SQL statement for a warehouse (docs/SQL.md)",
       "seg sql FILE [--dialect postgres|clickhouse] [--as-of DATE] [--param NAME=VALUE] [--input NAME=TABLE]...",
       With({{"dialect", true, "DIALECT", "postgres (default) or clickhouse"},
             {"as-of", true, "DATE", "the date every window is measured from (default: today, printed)"},
             {"param", true, "NAME=VALUE", "set a param (repeatable)"},
             {"input", true, "NAME=TABLE", "the table holding an input (default: the input's name)"}}),
       RunSql},
      {"test", "run the test blocks of a rule file: given rows, expected buckets, tags and values",
       "seg test FILE [--as-of DATE]",
       With({{"as-of", true, "DATE", "as_of for tests that do not set it"}, {"threads", true, "N", "worker threads"}},
            EngineOptionSpecs()),
       RunTest},
      {"explain", "show for one customer every metric, tag and why each rule matched or not",
       "seg explain FILE --input NAME=PATH... --customer ID [--as-of DATE]",
       With(DataOptionSpecs(),
            Options{{"customer", true, "ID", "the customer's key"}, {"quiet", false, "", "no load statistics"}},
            EngineOptionSpecs()),
       RunExplain},
      {"report", "bucket sizes, revenue, metric means, score cut points and rule overlap as HTML or JSON",
       "seg report FILE --input NAME=PATH... [--as-of DATE] --out report.html|report.json",
       With(DataOptionSpecs(),
            Options{{"out", true, "PATH", "write the report here (atomically); .html or .json decides the format"},
                    {"history", true, "DIR",
                     "also chart each bucket's and tag's size over the runs recorded in this directory by "
                     "`seg run --history DIR`"},
                    {"quiet", false, "", "no load statistics or summary"}},
            EngineOptionSpecs()),
       RunReport},
      {"diff", "how customers move between buckets when the rules change, or between two dates",
       "seg diff OLD.seg NEW.seg --input NAME=PATH... [--as-of DATE] [--moved PATH]\n"
       "       seg diff FILE --as-of D1 --vs-as-of D2 --input NAME=PATH... [--moved PATH]",
       With(DataOptionSpecs(),
            Options{{"vs-as-of", true, "DATE", "compare one rule file as of --as-of with itself as of this date"},
                    {"moved", true, "PATH", "write the customers that changed bucket as CSV (atomically)"},
                    {"quiet", false, "", "no load statistics"}},
            EngineOptionSpecs()),
       RunDiff},
      {"changes",
       "who entered and who exited each bucket and tag between two runs recorded with --history",
       "seg changes --history DIR [--from RUN] [--to RUN] [--format csv|jsonl] [--out PATH]",
       {{"history", true, "DIR",
         "the history directory `seg run --history DIR` records into (docs/HISTORY.md), or a PostgreSQL history "
         "table: postgresql://USER@HOST:PORT/DB?table=SCHEMA.TABLE"},
        {"from", true, "RUN",
         "the earlier run: its number, or a date (the last run with that as_of); "
         "default: the run before --to"},
        {"to", true, "RUN", "the later run, the same way; default: the last run recorded"},
        {"format", true, "FORMAT", "csv (default) or jsonl"},
        {"out", true, "PATH", "write the rows here (atomically; default: standard output)"},
        {"quiet", false, "", "no counts on standard error"}},
       RunChanges},
      {"repl", "try rules interactively: each definition answered at once with its counts on the data",
       "seg repl [FILE] --input NAME=PATH... [--as-of DATE] [--strict] [OPTIONS]",
       [] {
         // `seg run`'s options, meaning the same, except those about its output file.
         std::vector<OptionSpec> o = DataOptionSpecs();
         o.push_back({"strict", false, "", "exit status 1 if any entry had an error (for scripts)"});
         o.push_back({"timing", false, "", "print how long each answer took, on standard error"});
         o.push_back({"quiet", false, "", "no load statistics"});
         for (OptionSpec& s : EngineOptionSpecs()) {
           if (s.name == "engine") s.help = "where answers run: interp (default), jit or auto; :engine changes it";
           if (s.name == "verbose")
             s.help = "say which engine ran each answer, compile time and whether the code cache hit";
           o.push_back(s);
         }
         o = With(o);
         for (OptionSpec& s : o) {
           if (s.name == "warnings-as-errors") s.help = "treat warnings as errors: an entry with a warning is refused";
         }
         return o;
       }(),
       RunRepl},
      {"lsp",
       "a language server for editors: diagnostics, hover, completion, definition and formatting",
       "seg lsp [--stdio]",
       {{"stdio", false, "", "talk over standard input and output (the default; accepted because editors pass it)"}},
       RunLsp},
  };
  return commands;
}

}  // namespace seg::cli
