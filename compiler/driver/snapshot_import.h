// `seg import`: reads a program's inputs once and stores them, loaded and indexed, as a snapshot
// (runtime/snapshot, docs/SNAPSHOT.md) that later runs read without parsing (snapshot_load.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/driver/load_data.h"
#include "compiler/ir/ir.h"
#include "runtime/io/load_result.h"
#include "runtime/status.h"

namespace seg::driver {

struct ImportResult {
  std::vector<LoadReport> reports;  // a line per file read
  uint32_t generation = 0;          // the generation written: 0 for an import, N for the Nth append
  size_t customers = 0;             // customer rows written in it
  rt::Status status;
  bool ok() const { return status.ok(); }
};

// Without `append`: loads `bindings` as `seg run` would, indexes them, and writes the snapshot at
// `dir` as generation 0, replacing any snapshot there in one step. `columns` says which columns
// are stored: kRead, those the program reads (loaded as `seg run` loads them, so a bad value in
// a column it never reads fails nothing and skips no row); kAll, every declared column.
// With `append`: adds the rows of `bindings` as the next generation of the snapshot at `dir`,
// which must have been written for the same schema; the same columns are stored as there, and
// what is there is not rewritten. A customer key already in the snapshot is refused.
ImportResult ImportSnapshot(const ir::Program& program, const std::vector<InputBinding>& bindings,
                            const rt::LoadOptions& options, const std::string& dir, bool append, ColumnsToLoad columns,
                            const std::function<void(const std::string&)>& progress = nullptr);

// Folds the generations of the snapshot at `dir` into one indexed generation 0, in one step, so
// that runs take the stored index again; the same rows and stored columns, the same results.
ImportResult CompactSnapshot(const ir::Program& program, const std::string& dir, size_t threads,
                             const std::function<void(const std::string&)>& progress = nullptr);

}  // namespace seg::driver
