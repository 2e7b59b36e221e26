#include "compiler/driver/history/recorded_runs.h"

#include "runtime/history/history_dir.h"
#include "runtime/history/membership_file.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::driver {

namespace {

class DirectoryRuns : public RecordedRuns {
 public:
  explicit DirectoryRuns(std::string dir) : dir_(std::move(dir)) {}
  rt::Result<std::vector<uint64_t>> List() override { return rt::ListRecordedRuns(dir_); }
  rt::Result<uint64_t> Resolve(const std::vector<uint64_t>& runs, const std::string& text) override {
    return rt::ResolveRecordedRun(dir_, runs, text);
  }
  rt::Result<rt::Membership> Read(uint64_t run) override { return rt::ReadMembershipFile(rt::RunFilePath(dir_, run)); }

 private:
  std::string dir_;
};

}  // namespace

rt::Result<std::unique_ptr<RecordedRuns>> OpenRecordedRuns(const std::string& where) {
  if (rt::pg::IsPostgresUrl(where)) return OpenPostgresHistory(where);
  return std::unique_ptr<RecordedRuns>(std::make_unique<DirectoryRuns>(where));
}

}  // namespace seg::driver
