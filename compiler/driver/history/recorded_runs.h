// Where `seg changes` reads recorded runs from: a history directory (`seg run --history DIR`,
// runtime/history/history_dir.h) or a PostgreSQL history table (`seg run --out postgresql://...
// --history SCHEMA.TABLE`, postgres_history.cc). Both give a run's membership the same way, so
// the changes are computed and written by one piece of code whatever recorded them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/history/membership.h"
#include "runtime/status.h"

namespace seg::driver {

class RecordedRuns {
 public:
  virtual ~RecordedRuns() = default;
  // The runs' numbers, ascending.
  virtual rt::Result<std::vector<uint64_t>> List() = 0;
  // A run by its number ("3") or a date (the last run with that as_of).
  virtual rt::Result<uint64_t> Resolve(const std::vector<uint64_t>& runs, const std::string& text) = 0;
  virtual rt::Result<rt::Membership> Read(uint64_t run) = 0;
};

// A postgresql://...?table=SCHEMA.TABLE URL opens that history table; anything else a directory.
rt::Result<std::unique_ptr<RecordedRuns>> OpenRecordedRuns(const std::string& where);

// The PostgreSQL history table (postgres_history.cc); `url` has ?table=.
rt::Result<std::unique_ptr<RecordedRuns>> OpenPostgresHistory(const std::string& url);

}  // namespace seg::driver
