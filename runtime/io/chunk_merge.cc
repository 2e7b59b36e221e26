#include "runtime/io/chunk_merge.h"

#include <algorithm>
#include <cstdio>

#include "runtime/buffer.h"
#include "runtime/customer_key.h"
#include "runtime/dictionary_merge.h"
#include "runtime/io/cell_parser.h"
#include "runtime/io/customer_key_numbers.h"
#include "runtime/io/repeated_keys.h"
#include "runtime/thread_pool.h"
#include "runtime/utf8.h"

namespace seg::rt {

namespace {

// See ChunkOutput::numbered_key_column.
void AppendNumberedKey(const CustomerKeyNumbers& numbers, const CellValue& cell, Column* column) {
  if (!cell.valid) {
    column->AppendNull();
    return;
  }
  column->AppendInt32(numbers.EventCode(cell.text, &column->mutable_dictionary()));
}

// Whether remap is code i -> i throughout (the first piece's codes in a merged dictionary).
bool IsIdentity(std::span<const int32_t> remap) {
  for (size_t code = 0; code < remap.size(); ++code) {
    if (remap[code] != static_cast<int32_t>(code)) return false;
  }
  return true;
}

// Column c of every piece, in order, as one column: the first piece's column is taken as it is
// (its codes are the first of the merged dictionary; it was reserved for the whole file, see
// LoadCsvTable) and the others are appended to it, so only they are copied, not every row.
Column AppendPieces(std::vector<ChunkOutput>& outputs, size_t c, MergedDictionary dictionary) {
  Column column = std::move(outputs.front().columns[c]);
  bool coded = !dictionary.remaps.empty();
  if (coded) {
    if (!IsIdentity(dictionary.remaps.front())) {  // never so today; kept exact if it changes
      Column first(column.type());
      first.AppendRemapped(column, dictionary.remaps.front());
      column = std::move(first);
    }
    column.mutable_dictionary() = std::move(dictionary.dictionary);
  }
  if (outputs.size() == 1) return column;
  size_t total = 0;
  for (const ChunkOutput& output : outputs) total += output.columns[c].size();
  column.Reserve(total);
  for (size_t i = 1; i < outputs.size(); ++i) {
    column.AppendRemapped(outputs[i].columns[c],
                          coded ? std::span<const int32_t>(dictionary.remaps[i]) : std::span<const int32_t>());
    outputs[i].columns[c] = Column(column.type());  // freed as soon as copied
  }
  return column;
}

// The chunks' numbered key columns as one column whose dictionary is the customers' keys followed
// by the other keys in order of first appearance (chunk order), the codes a single pass gives.
Column MergeNumberedKeys(const CustomerKeyNumbers& numbers, std::vector<ChunkOutput>& outputs, size_t c) {
  MergedDictionary merged;
  // The values only: the hash table is built by the first Merge that has keys no customer has,
  // and with clean data none has (the customers' keys are then copied once per event file, not
  // hashed again).
  merged.dictionary = numbers.dictionary().ValuesOnly();
  auto customers = static_cast<int32_t>(merged.dictionary.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::vector<int32_t> others = merged.dictionary.Merge(outputs[i].columns[c].dictionary());
    std::vector<int32_t>& remap = merged.remaps.emplace_back();
    if (i == 0) {
      // Translated where it lies, so that AppendPieces takes it as it is. A missing row's slot
      // holds 0, a customer's code, and is left alone.
      if (others.empty()) continue;
      Buffer<int32_t>& codes = outputs[i].columns[c].mutable_values<int32_t>();
      int32_t* code = codes.mutable_data();
      for (size_t row = 0; row < codes.size(); ++row) {
        if (code[row] >= customers) code[row] = others[static_cast<size_t>(code[row] - customers)];
      }
      continue;
    }
    // A piece with no key beyond the customers' keeps its codes: an empty remap, not a
    // customer-long identity table looked up per row (a random read per row in a time-ordered
    // log, in a table of 40 MB at 10M customers).
    if (others.empty()) continue;
    remap.reserve(static_cast<size_t>(customers) + others.size());
    for (int32_t code = 0; code < customers; ++code) remap.push_back(code);
    remap.insert(remap.end(), others.begin(), others.end());
  }
  return AppendPieces(outputs, c, std::move(merged));
}

}  // namespace

void BeginChunk(const TableSpec& spec, size_t expected_rows, ChunkOutput* out) {
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const ColumnSpec& column = spec.columns[c];
    out->columns.emplace_back(column.type);
    if (!column.skip) out->columns.back().Reserve(expected_rows);
    if (!spec.is_event && !column.skip && column.name == spec.key_column) out->key_column = static_cast<int>(c);
    bool text_key = column.type == ValueType::kText || column.type == ValueType::kId;
    if (spec.is_event && spec.customer_numbers && text_key && !column.skip && column.name == spec.key_column) {
      out->numbered_key_column = static_cast<int>(c);
    }
  }
  if (out->key_column >= 0) {
    out->row_lines.reserve(expected_rows);
    // Every row of a customer file brings a new key: a table sized for them all up front is
    // not rehashed again and again as it grows.
    if (UsesDictionary(spec.columns[static_cast<size_t>(out->key_column)].type))
      out->columns[static_cast<size_t>(out->key_column)].mutable_dictionary().Reserve(expected_rows);
  }
}

bool FinishRow(const TableSpec& spec, size_t line_in_chunk, RowError error, const std::vector<CellValue>& cells,
               const LoadOptions& options, ChunkOutput* out) {
  if (error.reason.empty() && out->key_column >= 0 && !cells[static_cast<size_t>(out->key_column)].valid) {
    error = {line_in_chunk, "customer key missing", "column '" + spec.key_column + "': a customer row without a key"};
  }
  if (error.reason.empty()) {
    for (size_t c = 0; c < cells.size(); ++c) {
      if (spec.columns[c].skip) continue;
      if (static_cast<int>(c) == out->numbered_key_column) {
        AppendNumberedKey(*spec.customer_numbers, cells[c], &out->columns[c]);
      } else {
        AppendCell(cells[c], &out->columns[c]);
      }
    }
    ++out->rows;
    // A chunk of over four billion lines is out of reach (it would be tens of gigabytes).
    if (out->key_column >= 0) out->row_lines.push_back(static_cast<uint32_t>(line_in_chunk));
    return true;
  }
  bool fail = options.on_bad_row == BadRowPolicy::kFail;
  out->errors.Add(std::move(error), fail ? 1 : options.max_messages);
  return !fail;
}

RowError BadValueError(size_t line_in_chunk, const ColumnSpec& column, std::string_view text) {
  std::string prefix = "column '" + column.name + "': ";
  if (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    // Not shown: the message itself must stay UTF-8.
    return RowError{line_in_chunk, prefix + "not UTF-8", prefix + NotUtf8("the field", bad, text[bad])};
  }
  // Long fields are cut (at a character boundary) so one bad row cannot flood a terminal.
  constexpr size_t kMaxShown = 80;
  size_t cut = std::min(text.size(), kMaxShown);
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string shown(text.substr(0, cut));
  if (cut < text.size()) shown += "...";
  return RowError{line_in_chunk, prefix + NotAValue(column.type), prefix + "'" + shown + "' " + NotAValue(column.type)};
}

std::string NotUtf8(std::string_view where, size_t offset, char byte) {
  char hex[8];
  std::snprintf(hex, sizeof(hex), "0x%02X", static_cast<unsigned char>(byte));
  return "byte " + std::to_string(offset + 1) + " of " + std::string(where) + " (" + hex +
         ") is not UTF-8 text; save the file as UTF-8";
}

namespace {

// Rows `kept` of `column`, with a dictionary of only the values they use, coded in order of first
// use: the same column a load without the other rows would have built.
Column KeepRows(const Column& column, std::span<const uint32_t> kept) {
  if (!UsesDictionary(column.type())) return column.Gather(kept);
  Column out(column.type());
  out.Reserve(kept.size());
  for (uint32_t row : kept) {
    if (!column.IsValid(row)) {
      out.AppendNull();
    } else if (column.type() == ValueType::kTags) {
      for (int32_t code : column.TagsAt(row)) out.AddTag(column.dictionary().Value(code));
      out.FinishTags();
    } else {
      out.AppendText(column.TextAt(row));
    }
  }
  return out;
}

// A customer table names each customer once: a row whose key an earlier row has fails the load,
// or under BadRowPolicy::kSkip every row of that key is left out and counted like a malformed row.
// Returns false when the load failed.
bool DropRepeatedKeys(const std::string& path, const std::vector<ChunkOutput>& outputs,
                      const std::vector<size_t>& first_lines, const LoadOptions& options, std::vector<Column>* merged,
                      int key_column, LoadResult* result) {
  const Column& keys = (*merged)[static_cast<size_t>(key_column)];
  std::vector<RepeatedKey> repeated = FindRepeatedKeys(keys);
  if (repeated.empty()) return true;
  std::vector<size_t> chunk_rows{0};  // chunk i holds rows [chunk_rows[i], chunk_rows[i+1])
  for (const ChunkOutput& output : outputs) chunk_rows.push_back(chunk_rows.back() + output.rows);
  auto line_of = [&](size_t row) {
    size_t chunk = static_cast<size_t>(std::upper_bound(chunk_rows.begin(), chunk_rows.end(), row) -
                                       chunk_rows.begin()) -
                   1;
    return first_lines[chunk] + outputs[chunk].row_lines[row - chunk_rows[chunk]];
  };
  auto message = [&](const RepeatedKey& r) {
    return path + ":" + std::to_string(line_of(r.row)) + ": customer key '" + CustomerKeyText(keys, r.row) +
           "' appears again (first on line " + std::to_string(line_of(r.first_row)) + ")";
  };
  if (options.on_bad_row == BadRowPolicy::kFail) {
    result->status = Status::Error(message(repeated.front()));
    return false;
  }
  // Every row of a repeated key is left out, the first too: which of them is the customer's is
  // anybody's guess, and keeping the first would make the result depend on the order of rows.
  std::vector<bool> left_out(keys.size(), false);
  for (const RepeatedKey& r : repeated) left_out[r.row] = left_out[r.first_row] = true;
  std::vector<uint32_t> kept;
  for (size_t row = 0; row < keys.size(); ++row) {
    if (!left_out[row]) kept.push_back(static_cast<uint32_t>(row));
  }
  size_t dropped = keys.size() - kept.size();
  LoadStats& stats = result->stats;
  stats.rows_loaded -= dropped;
  stats.rows_skipped += dropped;
  stats.skipped_by_reason["customer key repeated"] += dropped;
  for (const RepeatedKey& r : repeated) {
    if (stats.messages.size() >= options.max_messages) break;
    stats.messages.push_back(message(r) + "; every row of the key is left out");
  }
  // Like a malformed row, a left-out row leaves nothing behind, not even its dictionary entries.
  for (Column& column : *merged) column = KeepRows(column, kept);
  return true;
}

}  // namespace

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
  int numbered_key_column = outputs->empty() ? -1 : outputs->front().numbered_key_column;
  if (outputs->size() > 1) {
    for (size_t c = 0; c < column_count; ++c) {
      if (!UsesDictionary(spec.columns[c].type) || spec.columns[c].skip) continue;
      if (static_cast<int>(c) == numbered_key_column) continue;
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
        // Never read: the rows exist (all missing) but no value buffer is built or zero-filled.
        merged[c] = Column::Unloaded(spec.columns[c].type, rows);
        continue;
      }
      if (static_cast<int>(c) == numbered_key_column) {
        merged[c] = MergeNumberedKeys(*spec.customer_numbers, *outputs, c);
        continue;
      }
      merged[c] = AppendPieces(*outputs, c, std::move(dictionaries[c]));
    }
  });
  result->stats.rows_loaded = rows;
  int key_column = outputs->empty() ? -1 : outputs->front().key_column;
  if (key_column >= 0 && !DropRepeatedKeys(path, *outputs, first_lines, options, &merged, key_column, result)) return;
  for (size_t c = 0; c < spec.columns.size(); ++c) result->table.AddColumn(spec.columns[c].name, std::move(merged[c]));
}

}  // namespace seg::rt
