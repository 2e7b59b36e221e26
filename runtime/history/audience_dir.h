// `seg run --audiences DIR`: one file per audience (each bucket of each classification, each
// tag) and a manifest.json, the whole directory replaced atomically (directory_replacement.h).
// Each file holds the audience's members (a column with the key), or with kChanges only the
// customers that entered or exited it since the previous recorded run (KEY,change with "enter" or
// "exit"). CSV, or JSON Lines for a sender that posts each line to a webhook. The layout and the
// manifest are documented in docs/HISTORY.md.
#pragma once
#include <string>

#include "runtime/history/audience.h"
#include "runtime/history/membership.h"
#include "runtime/io/result_writer.h"
#include "runtime/status.h"

namespace seg::rt {

enum class AudienceContent : uint8_t { kMembers, kChanges };

struct AudienceDirOptions {
  ResultFormat format = ResultFormat::kCsv;  // kCsv or kJsonLines
  AudienceContent content = AudienceContent::kMembers;
  // kChanges: the run the changes are counted from; null when none was recorded (all enter).
  const Membership* previous = nullptr;
  uint64_t run_id = 0;  // the run's number in its history directory; 0: not recorded
};

// The name an audience's file gets: "bucket.CLASSIFICATION.LABEL.csv" or "tag.NAME.csv" (.jsonl),
// each name with every byte but letters, digits, '_' and '-' written as %XX.
std::string AudienceFileName(const Audience& audience, ResultFormat format);

// Whether `dir` holds a manifest.json that seg's audiences wrote.
bool IsAudienceDirectory(const std::string& dir);

// Whether `dir` may be written (absent, empty, or an audience directory); before a long run.
Status CheckAudienceDirectory(const std::string& dir);

Status WriteAudienceDirectory(const std::string& dir, const Membership& run, const AudienceDirOptions& options);

}  // namespace seg::rt
