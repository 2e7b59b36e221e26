#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "runtime/io/mapped_file.h"
#include "runtime/status.h"
#include "runtime/table.h"

namespace seg::rt {

enum class BadRowPolicy : uint8_t {
  kFail,  // the first malformed row stops the load with its message
  kSkip,  // malformed rows are left out, counted per reason, and the first few messages kept
};

struct LoadOptions {
  char delimiter = ',';  // CSV only
  size_t threads = 1;    // 0 = one per hardware thread; results are identical for any value
  BadRowPolicy on_bad_row = BadRowPolicy::kFail;
  size_t max_messages = 10;  // kSkip: messages kept in LoadStats::messages
  // How much of a file each reading thread maps at a time (MappedFile::window_bytes); no effect
  // on what is loaded, which tests check by reading small files through many windows.
  size_t window_bytes = MappedFile::kDefaultWindowBytes;
  // How the file's pages are read (MappedFile::ReadPath); no effect on what is loaded, which tests
  // check by reading files both ways.
  MappedFile::ReadPath read_path = MappedFile::ReadPath::kAuto;
};

struct LoadStats {
  size_t rows_loaded = 0;
  size_t rows_skipped = 0;
  // Reason ("column 'amount': not a money value", "wrong number of fields") -> skipped rows.
  std::map<std::string, size_t> skipped_by_reason;
  // The first max_messages messages, in file order: rows that did not parse (or lack a customer
  // key), then repeated customer keys, which only show once the whole file is read.
  std::vector<std::string> messages;
};

struct LoadResult {
  Table table;
  LoadStats stats;
  Status status;
  bool ok() const { return status.ok(); }
  // Fails the load with `why` and hands the result back, for `return std::move(r).Failed(why)`.
  LoadResult&& Failed(Status why) && {
    status = std::move(why);
    return std::move(*this);
  }
};

// A malformed row, located before its absolute line number is known (chunks are parsed in
// parallel and only learn their first line after all earlier chunks are counted).
struct RowError {
  size_t line_in_chunk = 0;  // 0-based
  std::string reason;        // counted in LoadStats::skipped_by_reason
  std::string detail;        // the message after "file:line: "
};

// What one chunk of a file produced, merged in chunk order by MergeChunkErrors.
struct ChunkErrors {
  std::vector<RowError> first_errors;  // at most max_messages (1 in kFail mode)
  std::map<std::string, size_t> counts;
  size_t skipped = 0;

  void Add(RowError error, size_t max_kept);
};

// Folds per-chunk errors (in file order) into `result`: in kFail mode sets result->error to the
// first one; in kSkip mode fills the stats. `chunk_first_lines[i]` is chunk i's first line (1-based).
void MergeChunkErrors(const std::string& path, const std::vector<ChunkErrors>& chunks,
                      const std::vector<size_t>& chunk_first_lines, const LoadOptions& options, LoadResult* result);

}  // namespace seg::rt
