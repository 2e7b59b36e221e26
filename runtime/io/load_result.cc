#include "runtime/io/load_result.h"

namespace seg::rt {

void ChunkErrors::Add(RowError error, size_t max_kept) {
  ++skipped;
  ++counts[error.reason];
  if (first_errors.size() < max_kept) first_errors.push_back(std::move(error));
}

void MergeChunkErrors(const std::string& path, const std::vector<ChunkErrors>& chunks,
                      const std::vector<size_t>& chunk_first_lines, const LoadOptions& options, LoadResult* result) {
  for (size_t chunk = 0; chunk < chunks.size(); ++chunk) {
    for (const RowError& error : chunks[chunk].first_errors) {
      std::string message = path + ":" + std::to_string(chunk_first_lines[chunk] + error.line_in_chunk) + ": " +
                            error.detail;
      if (options.on_bad_row == BadRowPolicy::kFail) {
        result->status = Status::Error(std::move(message));
        return;
      }
      if (result->stats.messages.size() < options.max_messages) result->stats.messages.push_back(std::move(message));
    }
    result->stats.rows_skipped += chunks[chunk].skipped;
    for (const auto& [reason, count] : chunks[chunk].counts) result->stats.skipped_by_reason[reason] += count;
  }
}

}  // namespace seg::rt
