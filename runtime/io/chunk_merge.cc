#include "runtime/io/chunk_merge.h"

#include "runtime/io/cell_parser.h"
#include "runtime/thread_pool.h"

namespace seg::rt {

RowError BadValueError(size_t line_in_chunk, const ColumnSpec& column, std::string_view text) {
  // Long fields are cut so one bad row cannot flood a terminal.
  constexpr size_t kMaxShown = 80;
  std::string shown(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown) shown += "...";
  std::string prefix = "column '" + column.name + "': ";
  return RowError{line_in_chunk, prefix + NotAValue(column.type),
                  prefix + "'" + shown + "' " + NotAValue(column.type)};
}

void MergeChunks(const std::string& path, const TableSpec& spec, size_t first_line, const LoadOptions& options,
                 ThreadPool& pool, std::vector<ChunkOutput>* outputs, LoadResult* result) {
  std::vector<ChunkErrors> errors;
  std::vector<size_t> first_lines;
  size_t line = first_line;
  for (ChunkOutput& output : *outputs) {
    errors.push_back(std::move(output.errors));
    first_lines.push_back(line);
    line += output.newlines;
  }
  MergeChunkErrors(path, errors, first_lines, options, result);
  if (!result->ok()) return;

  // Columns are independent, so they merge in parallel; each merge itself is sequential.
  std::vector<Column> merged(spec.columns.size());
  pool.ParallelFor(spec.columns.size(), 1, [&](size_t first, size_t last) {
    for (size_t c = first; c < last; ++c) {
      Column column = std::move((*outputs)[0].columns[c]);
      for (size_t i = 1; i < outputs->size(); ++i) column.AppendColumn((*outputs)[i].columns[c]);
      merged[c] = std::move(column);
    }
  });
  for (size_t c = 0; c < spec.columns.size(); ++c) result->table.AddColumn(spec.columns[c].name, std::move(merged[c]));
  result->stats.rows_loaded = result->table.num_rows();
}

}  // namespace seg::rt
