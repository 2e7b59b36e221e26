// `seg changes --history DIR [--from RUN] [--to RUN]`: who entered and who exited each bucket and
// tag between two runs recorded by `seg run --history DIR` (by default the last two), or in a
// PostgreSQL history table (--history postgresql://...?table=SCHEMA.TABLE), as CSV or JSON Lines
// (runtime/history/changes_writer.h); a count per audience on standard error.
#include <cstdio>

#include "compiler/cli/commands.h"
#include "compiler/driver/history/recorded_runs.h"
#include "runtime/history/changes_writer.h"
#include "runtime/history/history_dir.h"
#include "runtime/history/membership_changes.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::cli {

namespace {

std::string Describe(const rt::Membership& m) { return "run " + std::to_string(m.run_id) + " (as of " + m.as_of + ")"; }

std::string AudienceName(const rt::Audience& a) {
  return a.is_tag() ? "tag " + a.tag : a.classification + " \"" + a.bucket + "\"";
}

}  // namespace

int RunChanges(const Args& args) {
  if (!args.positional().empty()) {
    std::fprintf(stderr, "seg changes: takes no rule file, only --history DIR\n(see `seg changes --help`)\n");
    return 2;
  }
  std::optional<std::string> dir = args.Get("history");
  if (!dir) {
    std::fprintf(stderr, "seg changes: give --history DIR, the directory `seg run --history DIR` records into\n");
    return 2;
  }
  std::string format = args.Get("format").value_or("csv");
  if (format != "csv" && format != "jsonl") {
    std::fprintf(stderr, "seg changes: --format takes csv or jsonl, not '%s'\n", format.c_str());
    return 2;
  }
  rt::Result<std::unique_ptr<driver::RecordedRuns>> source = driver::OpenRecordedRuns(*dir);
  if (!source.ok()) {
    std::fprintf(stderr, "seg changes: %s\n", source.message().c_str());
    return 1;
  }
  driver::RecordedRuns& recorded = **source;
  rt::Result<std::vector<uint64_t>> runs = recorded.List();
  if (!runs.ok()) {
    std::fprintf(stderr, "seg changes: %s\n", runs.message().c_str());
    return 1;
  }
  if (runs->empty()) {
    std::fprintf(stderr, "seg changes: %s: no runs recorded\n", rt::pg::RedactPasswords(*dir).c_str());
    return 1;
  }
  auto resolve = [&](const char* flag, uint64_t* id) {
    rt::Result<uint64_t> resolved = recorded.Resolve(*runs, *args.Get(flag));
    if (!resolved.ok()) {
      std::fprintf(stderr, "seg changes: --%s: %s\n", flag, resolved.message().c_str());
      return false;
    }
    *id = *resolved;
    return true;
  };
  uint64_t to = runs->back(), from = 0;
  if (args.Has("to") && !resolve("to", &to)) return 1;
  if (args.Has("from")) {
    if (!resolve("from", &from)) return 1;
  } else {
    // The run recorded before `to`; none before the first.
    for (uint64_t id : *runs)
      if (id < to) from = id;
  }
  // The run files compared are inputs: --out may not name one of them.
  rt::OutputOptions output_options;
  if (!rt::pg::IsPostgresUrl(*dir)) {
    for (uint64_t id : {from, to})
      if (id > 0) output_options.inputs.push_back(rt::RunFilePath(*dir, id));
  }
  std::string out_path = args.Get("out").value_or("-");
  rt::Result<rt::OutputFile> out = rt::OutputFile::Open(out_path, output_options);
  if (!out.ok()) {
    std::fprintf(stderr, "seg changes: cannot write %s: %s\n", out_path.c_str(), out.message().c_str());
    return 1;
  }
  rt::Result<rt::Membership> after = recorded.Read(to);
  if (!after.ok()) {
    std::fprintf(stderr, "seg changes: %s\n", after.message().c_str());
    return 1;
  }
  std::optional<rt::Membership> before;
  if (from > 0) {
    rt::Result<rt::Membership> read = recorded.Read(from);
    if (!read.ok()) {
      std::fprintf(stderr, "seg changes: %s\n", read.message().c_str());
      return 1;
    }
    before = std::move(*read);
  }
  std::vector<rt::AudienceChanges> changes = rt::ComputeChanges(before ? &*before : nullptr, *after);
  rt::ResultFormat fmt = format == "jsonl" ? rt::ResultFormat::kJsonLines : rt::ResultFormat::kCsv;
  bool written = rt::WriteChanges(changes, after->key_name, after->key_kind, fmt,
                                  [&](std::string_view bytes) { return out->Write(bytes); });
  if (!FinishOutput("changes", *out, written)) return 1;
  if (args.Has("quiet")) return 0;
  std::string summary = before ? "changes from " + Describe(*before) + " to " + Describe(*after) + "\n"
                               : "changes to " + Describe(*after) + ", the first run recorded: everyone entered\n";
  if (before && before->program_hash != after->program_hash) {
    summary += "note: the two runs ran different programs (sha256 " + before->program_hash.substr(0, 12) + "... and " +
               after->program_hash.substr(0, 12) + "...); a bucket or tag only one has is empty in the other\n";
  }
  for (const rt::AudienceChanges& c : changes) {
    char line[512];
    std::snprintf(line, sizeof(line), "  %-40s +%zu -%zu\n", AudienceName(c.audience).c_str(), c.entered.size(),
                  c.exited.size());
    summary += line;
  }
  std::fputs(summary.c_str(), stderr);
  return 0;
}

}  // namespace seg::cli
