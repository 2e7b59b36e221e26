// CSV rows written straight into a character buffer, for the output columns whose cells have a
// known text or a bounded one (the key, buckets, tags, bools, ints, floats, money, a text result's
// domain): the same bytes as ResultWriter's cell by cell calls (write_results.cc), at a fraction of
// the cost a cell. A run of a million customers writes eleven million cells.
//
// Rows are written a batch at a time, a column at a time: each column's cells of the batch are
// made by a loop of their own kind (an int's digits, a money amount, a float's text from the
// cache, a bucket's name: no switch on the kind per cell), each cell as a pointer to its text and
// its length. The rows are then put together by one loop that is the same for every column (copy
// a fixed 32 bytes, keep the cell's length of them, add the delimiter), so the cost of a cell does
// not depend on a branch that the column's kind decides.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "compiler/driver/cell_plan.h"
#include "compiler/driver/row_text.h"
#include "runtime/column.h"
#include "runtime/io/float_texts.h"

namespace seg::driver {

class CsvRows {
 public:
  // Null when a column's cells are of a kind written only cell by cell (dates, timestamps,
  // durations, scores written as their text) or the key is neither text, id nor int.
  static std::unique_ptr<CsvRows> For(const std::vector<CellPlan>& plans, const rt::Column& keys);

  // A cell of a batch: its text (kCopyBytes readable from `text`) and the length of it.
  struct Cell {
    const char* text;
    size_t size;
  };
  // What a block is written with: the cells of a batch.
  class Scratch {
   public:
    explicit Scratch(size_t columns);

   private:
    friend class CsvRows;
    std::vector<Cell> cells;       // column by column, kBatchRows a column
    std::unique_ptr<char[]> made;  // the numbers' texts, kCopyBytes a cell, laid out as `cells`
    std::vector<char> keys;        // a batch's text keys as their cells write them, then padding
  };
  std::unique_ptr<Scratch> NewScratch() const;

  // Rows [begin, end) added to `out` (CSV, delimiter ',').
  void Write(size_t begin, size_t end, Scratch& scratch, RowText& out) const;
  // The room Write asks of a block of `rows` rows (the cells' block copies, and text keys of
  // about the dictionary's mean length): a block reserved this large does not grow, unless its
  // keys are much longer than the mean or a column's cells can be long.
  size_t BlockRoom(size_t rows) const;

  ~CsvRows();

  // A cell's text is copied as one block of this many bytes (the cell's own and what follows it,
  // overwritten by the next cell), and a longer one in full.
  static constexpr size_t kCopyBytes = 32;
  // Rows put together at once: the batch's cells stay in the first-level cache.
  static constexpr size_t kBatchRows = 64;

 private:
  // One output column as the batch loops read it: the plan's kind and the raw arrays behind it.
  struct Column {
    CellPlan::Kind kind;
    const uint8_t* valid = nullptr;  // a value's validity byte a row (not bools)
    const int64_t* ints = nullptr;   // ints, money, a text's codes
    const double* floats = nullptr;
    const uint64_t* bool_valid = nullptr;  // bools and tags: validity and value bits
    const uint64_t* bool_values = nullptr;
    const int32_t* buckets = nullptr;
    // Buckets and texts: each one's cell text, followed by kCopyBytes of padding so that a block
    // copy never reads past it.
    std::vector<std::string> padded;
    std::vector<Cell> texts;  // a cell of each of `padded`
    size_t widest = 0;        // the widest cell text (a text key's: its batch's keys are counted)
  };
  explicit CsvRows(const rt::Column& keys) : keys_(keys) {}
  // Column `c`'s cells of rows [begin, begin + n) into scratch.
  void MakeCells(size_t c, size_t begin, size_t n, Scratch& scratch) const;
  void MakeKeyCells(size_t c, size_t begin, size_t n, Scratch& scratch) const;

  std::vector<Column> columns_;
  const rt::Column& keys_;
  size_t row_room_ = 0;               // the room a row's cells of at most kCopyBytes take in the block copies
  std::vector<size_t> long_columns_;  // the columns whose cells may be longer, counted per batch
};

}  // namespace seg::driver
