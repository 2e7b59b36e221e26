#include "runtime/io/chunk_merge.h"

#include "runtime/dictionary_merge.h"
#include "runtime/io/cell_parser.h"
#include "runtime/thread_pool.h"

namespace seg::rt {

void BeginChunk(const TableSpec& spec, size_t expected_rows, ChunkOutput* out) {
  for (const ColumnSpec& column : spec.columns) {
    out->columns.emplace_back(column.type);
    if (!column.skip) out->columns.back().Reserve(expected_rows);
  }
}

bool FinishRow(const TableSpec& spec, RowError error, const std::vector<CellValue>& cells, const LoadOptions& options,
               ChunkOutput* out) {
  if (error.reason.empty()) {
    for (size_t c = 0; c < cells.size(); ++c) {
      if (!spec.columns[c].skip) AppendCell(cells[c], &out->columns[c]);
    }
    ++out->rows;
    return true;
  }
  bool fail = options.on_bad_row == BadRowPolicy::kFail;
  out->errors.Add(std::move(error), fail ? 1 : options.max_messages);
  return !fail;
}

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

  // Dictionaries first, each merge using the whole pool (the id column of a large event file has
  // millions of distinct keys; merging them is the only heavy sequential-looking step).
  size_t column_count = spec.columns.size();
  size_t rows = 0;
  for (const ChunkOutput& output : *outputs) rows += output.rows;
  std::vector<MergedDictionary> dictionaries(column_count);
  if (outputs->size() > 1) {
    for (size_t c = 0; c < column_count; ++c) {
      if (!UsesDictionary(spec.columns[c].type) || spec.columns[c].skip) continue;
      std::vector<const Dictionary*> parts;
      for (const ChunkOutput& output : *outputs) parts.push_back(&output.columns[c].dictionary());
      dictionaries[c] = MergeDictionaries(parts, pool);
    }
  }
  // Then the values; columns are independent, so they are copied in parallel.
  std::vector<Column> merged(column_count);
  pool.ParallelFor(column_count, 1, [&](size_t first, size_t last) {
    for (size_t c = first; c < last; ++c) {
      if (spec.columns[c].skip) {
        merged[c] = Column(spec.columns[c].type);
        merged[c].AppendNulls(rows);
        continue;
      }
      if (outputs->size() == 1) {
        merged[c] = std::move((*outputs)[0].columns[c]);
        continue;
      }
      Column column(spec.columns[c].type);
      column.mutable_dictionary() = std::move(dictionaries[c].dictionary);
      size_t total = 0;
      for (const ChunkOutput& output : *outputs) total += output.columns[c].size();
      column.Reserve(total);
      for (size_t i = 0; i < outputs->size(); ++i) {
        std::span<const int32_t> remap;
        if (!dictionaries[c].remaps.empty()) remap = dictionaries[c].remaps[i];
        column.AppendRemapped((*outputs)[i].columns[c], remap);
      }
      merged[c] = std::move(column);
    }
  });
  for (size_t c = 0; c < spec.columns.size(); ++c) result->table.AddColumn(spec.columns[c].name, std::move(merged[c]));
  result->stats.rows_loaded = rows;
}

}  // namespace seg::rt
