#include "compiler/cli/run_recording.h"

#include <cstdio>

#include "compiler/driver/history/membership_of_run.h"
#include "runtime/history/audience_dir.h"
#include "runtime/history/history_dir.h"
#include "runtime/history/membership_file.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::cli {

namespace {

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

int RunRecordingFrom(const Args& args, bool history_is_table, RunRecording* out) {
  if (args.Has("history") && !history_is_table) {
    if (rt::pg::IsPostgresUrl(*args.Get("history"))) {
      std::fprintf(stderr,
                   "seg run: --history takes a directory, or with --out postgresql://...?table=SCHEMA.TABLE a "
                   "SCHEMA.TABLE in that database (written in the same transaction), not a URL\n");
      return 2;
    }
    out->history_dir = WithoutTrailingSlash(*args.Get("history"));
  }
  if (args.Has("audiences")) out->audiences_dir = WithoutTrailingSlash(*args.Get("audiences"));
  std::string format = args.Get("audience-format").value_or("csv");
  if (format != "csv" && format != "jsonl") {
    std::fprintf(stderr, "seg run: --audience-format takes csv or jsonl, not '%s'\n", format.c_str());
    return 2;
  }
  out->audience_format = format == "jsonl" ? rt::ResultFormat::kJsonLines : rt::ResultFormat::kCsv;
  out->audience_changes = args.Has("audience-changes");
  if ((args.Has("audience-format") || out->audience_changes) && !out->audiences_dir) {
    std::fprintf(stderr, "seg run: --audience-format and --audience-changes need --audiences DIR\n");
    return 2;
  }
  if (out->audience_changes && !out->history_dir) {
    std::fprintf(stderr,
                 "seg run: --audience-changes needs --history DIR: the changes are counted from the run recorded "
                 "there before this one\n");
    return 2;
  }
  if (out->history_dir && out->audiences_dir && *out->history_dir == *out->audiences_dir) {
    std::fprintf(stderr, "seg run: --history and --audiences must be two directories\n");
    return 2;
  }
  if (out->history_dir) {
    if (rt::Status ok = rt::CheckHistoryDirectory(*out->history_dir); !ok.ok()) {
      std::fprintf(stderr, "seg run: --history: %s\n", ok.message().c_str());
      return 1;
    }
  }
  if (out->audiences_dir) {
    if (rt::Status ok = rt::CheckAudienceDirectory(*out->audiences_dir); !ok.ok()) {
      std::fprintf(stderr, "seg run: --audiences: %s\n", ok.message().c_str());
      return 1;
    }
  }
  return 0;
}

int RecordRun(const RunRecording& recording, const Args& args, const ir::Program& program, const rt::Dataset& data,
              const exec::RunResult& result, const std::string& as_of) {
  if (!recording.any()) return 0;
  const std::string program_path = args.positional().empty() ? "" : args.positional().front();
  rt::Membership membership = driver::MembershipOfRun(program, data, result, as_of, program_path);
  const bool quiet = args.Has("quiet");
  size_t audience_count = rt::AudiencesOf(membership).size();
  // The audiences of this run, the changes counted from `previous` (0: none recorded).
  auto publish = [&](uint64_t previous, uint64_t this_run) -> rt::Status {
    rt::AudienceDirOptions options;
    options.format = recording.audience_format;
    options.content = recording.audience_changes ? rt::AudienceContent::kChanges : rt::AudienceContent::kMembers;
    rt::Membership before;
    if (recording.audience_changes && previous > 0) {
      rt::Result<rt::Membership> read = rt::ReadMembershipFile(rt::RunFilePath(*recording.history_dir, previous));
      if (!read.ok()) return read.status();
      before = std::move(*read);
      options.previous = &before;
    }
    options.run_id = this_run;
    SEG_RETURN_IF_ERROR(rt::WriteAudienceDirectory(*recording.audiences_dir, membership, options));
    if (!quiet) {
      std::string since = !recording.audience_changes ? ""
                          : previous > 0              ? ", changes since run " + std::to_string(previous)
                                                      : ", everyone entering (no run recorded before)";
      std::fprintf(stderr, "wrote %zu audiences to %s%s\n", audience_count, recording.audiences_dir->c_str(),
                   since.c_str());
    }
    return rt::Status::Ok();
  };
  if (!recording.history_dir) {
    if (rt::Status written = publish(0, 0); !written.ok()) {
      std::fprintf(stderr, "seg run: --audiences: %s\n", written.message().c_str());
      return 1;
    }
    return 0;
  }
  rt::Result<uint64_t> recorded = rt::RecordRun(*recording.history_dir, membership,
                                                recording.audiences_dir ? rt::BeforeCommit(publish)
                                                                        : rt::BeforeCommit());
  if (!recorded.ok()) {
    std::fprintf(stderr, "seg run: %s (no run recorded)\n", recorded.message().c_str());
    return 1;
  }
  if (!quiet)
    std::fprintf(stderr, "recorded run %llu in %s\n", static_cast<unsigned long long>(*recorded),
                 recording.history_dir->c_str());
  return 0;
}

}  // namespace seg::cli
