#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/column.h"
#include "runtime/io/cell_parser.h"
#include "runtime/io/load_result.h"
#include "runtime/schema.h"

namespace seg::rt {

class ThreadPool;

// What a loader produced for one piece of a file: the rows parsed (one column per declared
// column, with chunk-local dictionaries; skipped columns stay empty until the merge), the rows
// rejected, and the newlines consumed.
struct ChunkOutput {
  std::vector<Column> columns;
  size_t rows = 0;  // rows appended: the only size a chunk has when every column is skipped
  ChunkErrors errors;
  size_t newlines = 0;
  bool quote_error = false;
  // A customer table's key column (-1 for events): every row must have a key, and a key may not
  // repeat, which only the merge can see; row_lines keeps each appended row's line in the chunk
  // so that a repeated key is reported on its own line.
  int key_column = -1;
  std::vector<uint32_t> row_lines;
  // An event table's customer key column when TableSpec::customer_numbers resolves it (-1
  // otherwise): a row's code is the customer's code in that numbering's dictionary, or, for a key
  // no customer has, that dictionary's size + the key's code in the chunk column's own dictionary,
  // which holds only such keys. The merge turns these into one ordinary column.
  int numbered_key_column = -1;
};

// Gives `out` one empty column per declared column, each with room for `expected_rows`.
void BeginChunk(const TableSpec& spec, size_t expected_rows, ChunkOutput* out);

// Ends the row read at `line_in_chunk`: with no error (empty reason) appends its cells (not those
// of skipped columns), else records the error; a customer row without a key is an error here.
// Returns false when the chunk must stop (the first error under BadRowPolicy::kFail).
bool FinishRow(const TableSpec& spec, size_t line_in_chunk, RowError error, const std::vector<CellValue>& cells,
               const LoadOptions& options, ChunkOutput* out);

// The error for a field that is not a value of its column's type, or not UTF-8 at all.
RowError BadValueError(size_t line_in_chunk, const ColumnSpec& column, std::string_view text);

// "byte 4 of the field (0xE9) is not UTF-8 text; save the file as UTF-8".
std::string NotUtf8(std::string_view where, size_t offset, char byte);

// Concatenates chunk outputs in file order into result->table and reports their errors.
// Dictionaries are merged in chunk order, which assigns the codes a single pass would have.
// Skipped columns come out all missing, one row per row loaded. In a customer table a key seen on
// an earlier row fails the load, or under BadRowPolicy::kSkip every row of that key is left out and
// counted (keeping one would make the result depend on the order of rows).
// `first_line` is the 1-based line on which the first chunk starts.
void MergeChunks(const std::string& path, const TableSpec& spec, size_t first_line, const LoadOptions& options,
                 ThreadPool& pool, std::vector<ChunkOutput>* outputs, LoadResult* result);

}  // namespace seg::rt
