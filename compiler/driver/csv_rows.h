// CSV rows written straight into a character buffer, for the output columns whose cells have a
// known widest text (the key, buckets, tags, bools, ints, floats, money, a text result's domain):
// the same bytes as ResultWriter's cell by cell calls (write_results.cc), at a fraction of the
// cost a cell (no call, format switch or string growth check per cell). A run of a million
// customers writes eleven million cells.
#pragma once
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "compiler/driver/cell_plan.h"
#include "runtime/column.h"
#include "runtime/io/result_writer.h"

namespace seg::driver {

class CsvRows {
 public:
  // Null when a column's cells are of a kind written only cell by cell (dates, timestamps,
  // durations, scores written as their text) or the key is neither text, id nor int.
  static std::unique_ptr<CsvRows> For(const std::vector<CellPlan>& plans, const rt::Column& keys);

  // Rows [begin, end) added to `writer` (CSV, delimiter ','; floats formatted through its cache).
  // Returns false once its sink has failed.
  bool Write(size_t begin, size_t end, rt::ResultWriter& writer) const;

 private:
  // One output column as WriteRow reads it: the plan's kind and the raw arrays behind it, so a
  // cell costs a switch and the loads of its own row (no look through the plan and the result
  // column, and no check of the column's layout, on each of eleven million cells).
  struct Cell {
    CellPlan::Kind kind;
    const uint8_t* valid = nullptr;  // a value's validity byte a row (not bools)
    const int64_t* ints = nullptr;   // ints, money, a text's codes
    const double* floats = nullptr;
    const uint64_t* bool_valid = nullptr;  // bools and tags: validity and value bits
    const uint64_t* bool_values = nullptr;
    const int32_t* buckets = nullptr;
    const std::string* encoded = nullptr;  // buckets and texts: each one's cell text
  };

  CsvRows(const std::vector<CellPlan>& plans, const rt::Column& keys);
  // One row at `out`, which has room for row_bound_ and the key's text; returns its end.
  char* WriteRow(size_t row, std::string_view key, char* out, rt::ResultWriter& writer) const;

  std::vector<Cell> cells_;
  const rt::Column& keys_;
  size_t row_bound_ = 0;  // the widest row, the key's text left out
};

}  // namespace seg::driver
