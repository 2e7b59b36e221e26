// `seg run --history DIR` and `--audiences DIR`: after the run's rows are written, its membership
// is published as audience files and recorded as the next run of the history directory
// (docs/HISTORY.md). With a PostgreSQL --out, --history names a history table instead
// (cmd_run.cc, docs/POSTGRES.md) and only --audiences is done here.
#pragma once
#include <optional>
#include <string>

#include "compiler/cli/args.h"
#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/io/result_writer.h"

namespace seg::cli {

struct RunRecording {
  std::optional<std::string> history_dir;
  std::optional<std::string> audiences_dir;
  rt::ResultFormat audience_format = rt::ResultFormat::kCsv;
  bool audience_changes = false;
  bool any() const { return history_dir || audiences_dir; }
};

// Reads --history (a directory unless `history_is_table`), --audiences, --audience-format and
// --audience-changes, and checks the directories before anything runs. Returns the exit status
// after a message (2 a usage mistake, 1 a directory that cannot be written), 0 when ready.
int RunRecordingFrom(const Args& args, bool history_is_table, RunRecording* out);

// Writes the audiences and records the run (in that order: a run is recorded only once what it
// publishes is in place, so a failure never loses changes, at worst reports them again).
// Returns the exit status after a message.
int RecordRun(const RunRecording& recording, const Args& args, const ir::Program& program, const rt::Dataset& data,
              const exec::RunResult& result, const std::string& as_of);

}  // namespace seg::cli
