#include "compiler/driver/csv_rows.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "runtime/decimal_text.h"
#include "runtime/io/result_writer.h"
#include "runtime/money_text.h"

namespace seg::driver {
namespace {

using Kind = CellPlan::Kind;

constexpr char kDelimiter = ',';
constexpr size_t kCopy = CsvRows::kCopyBytes;
constexpr size_t kBatch = CsvRows::kBatchRows;
static_assert(rt::kIntTextMax <= kCopy && rt::kMoneyTextMax <= kCopy && rt::FloatTexts::kReadable <= kCopy,
              "a number's text fits one block copy");
static_assert(rt::decimal_detail::kSmallTextsPadding * sizeof(uint64_t) >= kCopy,
              "a block copy from the last small value's text stays in the table");

// The texts of the cells that are no number, each with the padding a block copy reads.
constexpr char kNothing[kCopy] = {};
constexpr char kTrue[kCopy] = "true";
constexpr char kFalse[kCopy] = "false";

// The float texts this thread has made. A thread's own, not a block's: a thread writes whichever
// block comes next, and a cache that another thread filled is one it would read cold. 2^14 slots
// (768 KiB): a million customers' shares of their orders take 6,500 distinct values, of which
// 4,096 slots kept all but 45,000 of 575,000 lookups, 16,384 all but 18,600.
rt::FloatTexts& ThreadFloatTexts() {
  thread_local rt::FloatTexts texts(14);
  return texts;
}

// Numbers: written whether present or not and the length kept only where present, so that
// missing values here and there cost no mispredicted branch. Each cell's text at `made`, kCopy
// bytes apart.
template <char* (*kWrite)(int64_t, char*)>
void MakeNumberCells(const uint8_t* valid, const int64_t* values, size_t begin, size_t n, CsvRows::Cell* cells,
                     char* made) {
  for (size_t i = 0; i < n; ++i, made += kCopy) {
    size_t row = begin + i;
    bool present = valid[row] != 0;
    auto size = static_cast<size_t>(kWrite(present ? values[row] : 0, made) - made);
    cells[i] = CsvRows::Cell{made, present ? size : 0};
  }
}

// Ints: most are small (counts, days, quintiles), and a small one's cell points at its digits in
// decimal_text.h's table, where they already are, rather than at a copy in `made`; the rest are
// written there. The branch goes the same way for nearly every row of such a column.
void MakeIntCells(const uint8_t* valid, const int64_t* values, size_t begin, size_t n, CsvRows::Cell* cells,
                  char* made) {
  for (size_t i = 0; i < n; ++i, made += kCopy) {
    size_t row = begin + i;
    bool present = valid[row] != 0;
    int64_t value = present ? values[row] : 0;
    if (static_cast<uint64_t>(value) < rt::kSmallValues) {
      cells[i] = CsvRows::Cell{rt::SmallValueText(static_cast<uint64_t>(value)),
                               present ? rt::SmallValueSize(static_cast<uint64_t>(value)) : 0};
    } else {
      cells[i] = CsvRows::Cell{made, static_cast<size_t>(rt::WriteIntText(value, made) - made)};
    }
  }
}

// The bits of the first double whose text the small values' table does not hold.
const uint64_t kSmallFloatsEnd = std::bit_cast<uint64_t>(static_cast<double>(rt::kSmallValues));

bool BitAt(const uint64_t* words, size_t row) { return (words[row >> 6] >> (row & 63)) & 1; }

}  // namespace

CsvRows::Scratch::Scratch(size_t columns) : cells(columns * kBatch), made(new char[columns * kBatch * kCopy]) {}

CsvRows::~CsvRows() = default;

std::unique_ptr<CsvRows::Scratch> CsvRows::NewScratch() const { return std::make_unique<Scratch>(columns_.size()); }

std::unique_ptr<CsvRows> CsvRows::For(const std::vector<CellPlan>& plans, const rt::Column& keys) {
  rt::ValueType key_type = keys.type();
  if (key_type != rt::ValueType::kText && key_type != rt::ValueType::kId && key_type != rt::ValueType::kInt)
    return nullptr;
  std::unique_ptr<CsvRows> rows(new CsvRows(keys));
  for (const CellPlan& plan : plans) {
    Column column;
    column.kind = plan.kind;
    column.buckets = plan.buckets;
    switch (plan.kind) {
      case Kind::kKey: column.widest = key_type == rt::ValueType::kInt ? rt::kIntTextMax : 0; break;
      case Kind::kBucket:
      case Kind::kTextDomain:
        for (const std::string& text : plan.encoded) {
          column.padded.push_back(text + std::string(kCopy, '\0'));
          column.widest = std::max(column.widest, text.size());
        }
        break;
      case Kind::kTag:
      case Kind::kBool:
        if (!plan.column->packed()) return nullptr;  // the cells are read from a bool's bits
        column.widest = 5;
        break;
      case Kind::kInt: column.widest = rt::kIntTextMax; break;
      case Kind::kFloat: column.widest = rt::FloatTexts::kTextMax; break;
      case Kind::kMoney: column.widest = rt::kMoneyTextMax; break;
      default: return nullptr;
    }
    if (const exec::ResultColumn* result = plan.column) {
      if (result->packed()) {
        column.bool_valid = result->bool_valid.data();
        column.bool_values = result->bool_values.data();
      } else {
        column.valid = result->valid.data();
        column.ints = result->ints.data();
        column.floats = result->floats.data();
      }
    }
    // A cell takes a block copy and its delimiter (or the line break); one that may be longer
    // is counted by its own length, batch by batch (a text of a megabyte in a domain of short
    // ones would otherwise make every batch's room 64 MB).
    if (column.widest <= kCopy) rows->row_room_ += kCopy + 1;
    else rows->long_columns_.push_back(rows->columns_.size());
    rows->columns_.push_back(std::move(column));
  }
  for (Column& column : rows->columns_) {  // pointers into `padded`, where it will stay
    for (const std::string& text : column.padded) column.texts.push_back(Cell{text.data(), text.size() - kCopy});
  }
  return rows;
}

void CsvRows::MakeKeyCells(size_t c, size_t begin, size_t n, Scratch& scratch) const {
  Cell* cells = &scratch.cells[c * kBatch];
  if (keys_.type() == rt::ValueType::kInt) {
    char* made = scratch.made.get() + c * kBatch * kCopy;
    const int64_t* values = keys_.values<int64_t>().data();
    for (size_t i = 0; i < n; ++i, made += kCopy) {
      cells[i] = keys_.IsValid(begin + i)
                     ? Cell{made, static_cast<size_t>(rt::WriteIntText(values[begin + i], made) - made)}
                     : Cell{kNothing, 0};
    }
    return;
  }
  // A key of 1 to kCopy bytes without a character that needs quotes (a customer id) is its own
  // cell where the dictionary holds it: no copy, no call (127 instructions a key before, the
  // quoting check and the copy into the scratch). Its bytes are read kCopy at a time, so a key
  // that starts fewer than kCopy bytes before the dictionary's end goes the other way: written
  // into the scratch, as a longer, an empty or a quoted one is.
  const int32_t* codes = keys_.values<int32_t>().data();
  const uint64_t* ends = keys_.dictionary().ends().data();
  std::string_view bytes = keys_.dictionary().bytes();
  size_t slow[kBatch];
  size_t slow_count = 0;
  size_t room = kCopy;
  for (size_t i = 0; i < n; ++i) {
    size_t row = begin + i;
    if (!keys_.IsValid(row)) {
      cells[i] = Cell{kNothing, 0};
      continue;
    }
    auto code = static_cast<size_t>(codes[row]);
    size_t start = code == 0 ? 0 : ends[code - 1];
    size_t size = ends[code] - start;
    const char* text = bytes.data() + start;
    if (size - 1 < kCopy && start + kCopy <= bytes.size()) {
      uint64_t marks = 0;
      for (size_t at = 0; at < size; at += 8) {
        uint64_t word;
        std::memcpy(&word, text + at, 8);
        uint64_t in_key = size - at >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * (size - at))) - 1;
        marks |= rt::CsvQuotedByteMarks(word, kDelimiter) & in_key;
      }
      if (marks == 0) {
        cells[i] = Cell{text, size};
        continue;
      }
    }
    slow[slow_count++] = i;
    room += 2 * size + 2;  // quoted, every character doubled
  }
  if (slow_count == 0) return;
  if (scratch.keys.size() < room) scratch.keys.resize(std::max(room, 2 * scratch.keys.size()));
  char* at = scratch.keys.data();
  for (size_t k = 0; k < slow_count; ++k) {
    size_t i = slow[k];
    char* end = rt::WriteCsvText(keys_.TextAt(begin + i), kDelimiter, at);
    cells[i] = Cell{at, static_cast<size_t>(end - at)};
    at = end;
  }
}

void CsvRows::MakeCells(size_t c, size_t begin, size_t n, Scratch& scratch) const {
  const Column& column = columns_[c];
  Cell* cells = &scratch.cells[c * kBatch];
  char* made = scratch.made.get() + c * kBatch * kCopy;
  const Cell nothing{kNothing, 0};
  // Each kind a loop of its own; a missing value is an empty cell.
  switch (column.kind) {
    case Kind::kKey: return MakeKeyCells(c, begin, n, scratch);
    case Kind::kBucket:
      for (size_t i = 0; i < n; ++i) {
        int32_t bucket = column.buckets[begin + i];
        cells[i] = bucket >= 0 ? column.texts[static_cast<size_t>(bucket)] : nothing;
      }
      return;
    case Kind::kTextDomain:
      for (size_t i = 0; i < n; ++i) {
        size_t row = begin + i;
        cells[i] = column.valid[row] != 0 ? column.texts[static_cast<size_t>(column.ints[row])] : nothing;
      }
      return;
    case Kind::kTag:
      for (size_t i = 0; i < n; ++i) {
        size_t row = begin + i;
        bool holds = BitAt(column.bool_valid, row) && BitAt(column.bool_values, row);
        cells[i] = holds ? Cell{kTrue, 4} : Cell{kFalse, 5};
      }
      return;
    case Kind::kBool:
      for (size_t i = 0; i < n; ++i) {
        size_t row = begin + i;
        if (!BitAt(column.bool_valid, row)) cells[i] = nothing;
        else cells[i] = BitAt(column.bool_values, row) ? Cell{kTrue, 4} : Cell{kFalse, 5};
      }
      return;
    case Kind::kInt: return MakeIntCells(column.valid, column.ints, begin, n, cells, made);
    case Kind::kMoney: return MakeNumberCells<rt::WriteMoneyText>(column.valid, column.ints, begin, n, cells, made);
    case Kind::kFloat: {
      rt::FloatTexts& floats = ThreadFloatTexts();
      for (size_t i = 0; i < n; ++i) floats.Prefetch(column.floats[begin + i]);
      for (size_t i = 0; i < n; ++i, made += kCopy) {
        size_t row = begin + i;
        double value = column.floats[row];
        // Not finite: never made by the language; an empty cell as ResultWriter::AddFloat writes.
        bool present = column.valid[row] != 0 && std::isfinite(value);
        value = present ? value : 0.0;
        // A whole number from +0 up to the table's end (a count of days) is its integer's digits
        // (FloatTexts::Text says why), where the table has them: no lookup, no copy. Its bits
        // compare as unsigned below those of the table's end only from +0.0 up (-0.0, "-0", and
        // every negative has the top bit set).
        if (std::bit_cast<uint64_t>(value) < kSmallFloatsEnd) {
          auto whole = static_cast<uint32_t>(value);
          if (static_cast<double>(whole) == value) {
            cells[i] = Cell{rt::SmallValueText(whole), present ? rt::SmallValueSize(whole) : 0};
            continue;
          }
        }
        std::string_view text = floats.Text(value);
        std::memcpy(made, text.data(), rt::FloatTexts::kReadable);  // valid until the next Text
        cells[i] = Cell{made, present ? text.size() : 0};
      }
      return;
    }
    default: return;  // For() left the other kinds out
  }
}

size_t CsvRows::BlockRoom(size_t rows) const {
  size_t key_room = 0;
  if (keys_.type() != rt::ValueType::kInt) {
    const rt::Dictionary& keys = keys_.dictionary();
    size_t mean = keys.bytes().size() / std::max<size_t>(1, keys.size());
    // Write's room for a batch's keys is the scratch's size, which grows by doubling: twice the
    // quoted, doubled text.
    key_room = 2 * (2 * mean + 2) + kCopy;
  }
  return rows * (row_room_ + key_room) + kBatch * kCopy;
}

void CsvRows::Write(size_t begin, size_t end, Scratch& scratch, RowText& out) const {
  const size_t columns = columns_.size();
  for (size_t first = begin; first < end; first += kBatch) {
    size_t n = std::min(kBatch, end - first);
    for (size_t c = 0; c < columns; ++c) MakeCells(c, first, n, scratch);
    // Room for every cell's block copy and delimiter, text keys' texts included.
    const Cell* cells = scratch.cells.data();
    size_t room = n * row_room_ + (keys_.type() == rt::ValueType::kInt ? 0 : scratch.keys.size());
    for (size_t c : long_columns_) {
      for (size_t i = 0; i < n; ++i) room += std::max(kCopy, cells[c * kBatch + i].size) + 1;
    }
    char* at = out.Room(room);
    for (size_t i = 0; i < n; ++i) {
      for (size_t c = 0; c < columns; ++c) {
        const Cell& cell = cells[c * kBatch + i];
        std::memcpy(at, cell.text, kCopy);
        if (cell.size > kCopy) std::memcpy(at, cell.text, cell.size);
        at += cell.size;
        *at++ = kDelimiter;
      }
      at[-1] = '\n';
    }
    out.End(at);
  }
}

}  // namespace seg::driver
