#pragma once

// ClickHouse's Native format as the HTTP interface sends it (FORMAT Native): blocks, each with its
// column count and row count, then per column its name, its type and its values one after the
// other, a Nullable column's null map (one byte a row) before them. Unlike RowBinary it names
// each column's type, so a statement's result decodes exactly without knowing its types first.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/cell_column.h"
#include "runtime/io/clickhouse/row_binary.h"

namespace seg::rt::ch {

struct NativeResult {
  std::vector<std::string> names;
  std::vector<ColumnType> types;
  // Per column, its cells (RowBinaryReader::ReadCell): ints and doubles as they came.
  std::vector<CellColumn> columns;
};

// Decodes a Native answer piece by piece as it arrives (libcurl hands it over in pieces of a few
// KiB), so that decoding overlaps receiving and the answer is never held whole. Whatever the cuts
// between pieces, the result is the one ReadNative gives for the whole body. Only an answer that
// ends at a block boundary is complete: a cut-short body, or a server's error text appended to it
// (ClickHouse does that once it has sent status 200), fails Feed or Finish, never shortens the
// result.
class NativeDecoder {
 public:
  // Decodes every value whose bytes are complete; keeps the incomplete rest for the next piece.
  // Fails for a malformed answer or a column type seg does not read, and from then on.
  Status Feed(std::string_view piece);
  // The answer has ended: fails unless it ended after a whole block (and Feed never failed).
  Status Finish() const;
  NativeResult& result() { return result_; }

 private:
  enum class Step : uint8_t { kBlockHeader, kColumnHeader, kNullMap, kValues };
  Status Decode(std::string_view piece);
  // Each step decodes from data_ at offset_, or leaves *progressed false when it needs more bytes.
  Status BlockHeader(bool* progressed);
  Status ColumnHeader(bool* progressed);
  void NullMap(bool* progressed);
  Status Values(bool* progressed);
  void EndColumn();

  NativeResult result_;
  Status failure_ = Status::Ok();
  std::string pending_;    // the bytes of an incomplete value left by the last piece
  std::string_view data_;  // what Feed decodes: the piece, or pending_ with the piece appended
  size_t offset_ = 0;      // in data_
  Step step_ = Step::kBlockHeader;
  bool first_block_ = true;
  uint64_t columns_ = 0, rows_ = 0;  // the current block's
  size_t column_ = 0;                // the current column, in the block
  uint64_t rows_done_ = 0;           // its values decoded so far
  ColumnType value_type_;            // its type without Nullable
  size_t first_row_ = 0;             // its block's first row in the result column
  std::vector<uint8_t> null_map_;    // its null map (empty when not Nullable)
};

// Decodes a whole Native response; fails for a malformed answer or a column type seg does not read.
Status ReadNative(std::string_view body, NativeResult* result);

}  // namespace seg::rt::ch
