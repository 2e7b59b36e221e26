// A history directory (`seg run --history DIR`): one file per recorded run, named
// run-000001.seghist, run-000002.seghist, ... (membership_file.h), nothing else but a lock file.
// A run is recorded whole or not at all: its file is written beside its final name and renamed
// into place (rt::OutputFile), under an exclusive lock on DIR/.lock so two runs recording at once
// take the next two numbers instead of one overwriting the other. No file is ever rewritten.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/history/membership.h"
#include "runtime/status.h"

namespace seg::rt {

// The path of run `id`'s file in `dir`.
std::string RunFilePath(const std::string& dir, uint64_t id);

// The recorded runs' ids, ascending; an error when `dir` cannot be read (absent: "no runs
// recorded", naming it).
Result<std::vector<uint64_t>> ListRecordedRuns(const std::string& dir);

// Records `m` as the next run of `dir` (created if absent; its parent must exist) and returns its
// id (also set in the file). The message of a failure names the directory or the file.
// `before_commit`, when given, runs under the lock once the id is chosen and before the run's file
// is renamed into place, with the previous run's id (0: none) and this run's: what it publishes
// (an audience directory of the changes since the previous run) is then counted from the run
// recorded just before, even when other runs record at the same time; when it fails nothing is
// recorded.
using BeforeCommit = std::function<Status(uint64_t previous_run, uint64_t this_run)>;
Result<uint64_t> RecordRun(const std::string& dir, Membership m, const BeforeCommit& before_commit = {});

// Whether `dir` can be a history directory (absent, or a directory); checked before a long run.
Status CheckHistoryDirectory(const std::string& dir);

// Which recorded run `text` means: its id ("3"), or a date ("2025-06-30": the last run recorded
// with that as_of, found from the files' headers).
Result<uint64_t> ResolveRecordedRun(const std::string& dir, const std::vector<uint64_t>& runs, const std::string& text);

}  // namespace seg::rt
