#include "runtime/io/csv_chunk_parser.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "runtime/io/cell_parser.h"
#include "runtime/io/csv_record_parser.h"
#include "runtime/io/csv_separator_scanner.h"
#include "runtime/io/customer_key_numbers.h"
#include "runtime/io/fast_cell_parsers.h"
#include "runtime/io/key_batch.h"
#include "runtime/io/page_window.h"
#include "runtime/io/text_code_cache.h"
#include "runtime/utf8.h"

namespace seg::rt {
namespace {

// A record at a time with CsvRecordParser and ParseCell, rows appended through FinishRow.
class RecordReader {
 public:
  enum class Outcome { kRow, kQuoteError, kStop, kEnd };

  RecordReader(const CsvSource& source, size_t begin, size_t end, ChunkOutput* out)
      : source_(source),
        parser_(source.data, begin, end, source.options->delimiter),
        cells_(source.spec->columns.size()),
        out_(out) {}

  CsvRecordParser& parser() { return parser_; }

  // Reads one record and appends it or records its error. kRow and kQuoteError: go on (after a
  // quote error, quote parity is no guide any more); kStop: the chunk stops (the first error under
  // BadRowPolicy::kFail); kEnd: no record was left.
  Outcome Read() {
    size_t start = parser_.position();
    CsvRecordParser::Step step = parser_.Next();
    if (step == CsvRecordParser::Step::kEnd) return Outcome::kEnd;
    const auto& columns = source_.spec->columns;
    const CsvLayout& layout = *source_.layout;
    RowError error;
    if (step == CsvRecordParser::Step::kQuoteError) {
      out_->quote_error = true;
      error = {parser_.record_line(), "malformed quoting",
               "malformed quoting (a quote inside an unquoted field, "
               "text after a closing quote, or an unterminated quote)"};
    } else if (parser_.fields().size() != layout.header_fields) {
      error = {parser_.record_line(), "wrong number of fields",
               "expected " + std::to_string(layout.header_fields) + " fields as in the header, found " +
                   std::to_string(parser_.fields().size())};
    } else {
      bool ascii = IsAscii(source_.data.substr(start, parser_.position() - start));
      for (size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].skip) continue;  // split above (the field count is checked) but never converted
        std::string_view text = parser_.fields()[layout.field_of_column[c]];
        if (!ParseCell(columns[c].type, text, *source_.zone, &cells_[c], ascii)) {
          error = BadValueError(parser_.record_line(), columns[c], text);
          break;
        }
      }
    }
    if (!FinishRow(*source_.spec, parser_.record_line(), std::move(error), cells_, *source_.options, out_)) {
      return Outcome::kStop;
    }
    return step == CsvRecordParser::Step::kQuoteError ? Outcome::kQuoteError : Outcome::kRow;
  }

  // Reads records until the chunk ends or stops, telling `window` where it is.
  void ReadRest(PageWindow* window) {
    for (Outcome outcome = Read(); outcome == Outcome::kRow || outcome == Outcome::kQuoteError; outcome = Read()) {
      window->At(parser_.position());
    }
  }

 private:
  const CsvSource& source_;
  CsvRecordParser parser_;
  std::vector<CellValue> cells_;
  ChunkOutput* out_;
};

constexpr size_t kBatchRows = 1024;

// How a column read is parsed, and where its batch of parsed rows waits to be appended.
enum class Kind : uint8_t { kInt, kMoney, kTimestamp, kDate, kBool, kOtherInt64, kFloat, kText, kNumberedKey, kTags };

struct ReadColumn {
  size_t column = 0;  // in the spec and in ChunkOutput::columns
  size_t field = 0;   // in the record
  ValueType type = ValueType::kInt;
  Kind kind = Kind::kInt;
  bool customer_key = false;  // a customer table's key: a row without one goes to RecordReader
  DayCache days;
  std::unique_ptr<TextCodeCache> codes;  // text and id columns
  std::unique_ptr<KeyBatch> keys;        // instead, for a customer table's text or id key
  // The batch: kBatchRows slots of the column's physical type, and whether each row has a value.
  std::unique_ptr<uint64_t[]> values;
  std::unique_ptr<uint8_t[]> valid;
  CellValue cell;  // the row's text, until it is committed

  template <typename T> T* slots() { return reinterpret_cast<T*>(values.get()); }
};

Kind KindOf(ValueType type) {
  switch (type) {
    case ValueType::kInt: return Kind::kInt;
    case ValueType::kMoney: return Kind::kMoney;
    case ValueType::kTimestamp: return Kind::kTimestamp;
    case ValueType::kDate: return Kind::kDate;
    case ValueType::kBool: return Kind::kBool;
    case ValueType::kDuration: return Kind::kOtherInt64;
    case ValueType::kFloat: return Kind::kFloat;
    case ValueType::kText:
    case ValueType::kId: return Kind::kText;
    case ValueType::kTags: return Kind::kTags;
  }
  return Kind::kText;
}

class FastChunkParser {
 public:
  FastChunkParser(const CsvSource& source, size_t begin, size_t end, ChunkOutput* out)
      : source_(source),
        data_(source.data.data()),
        begin_(begin),
        end_(end),
        delimiter_(source.options->delimiter),
        scanner_(source.data, end, source.options->delimiter),
        records_(source, begin, end, out),
        window_(source.file, begin, end),
        fields_(source.layout->header_fields),
        scratch_(source.layout->header_fields),
        out_(out) {
    const auto& columns = source.spec->columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].skip) continue;
      ReadColumn& read = read_.emplace_back();
      read.column = c;
      read.field = source.layout->field_of_column[c];
      read.type = columns[c].type;
      read.kind = static_cast<int>(c) == out->numbered_key_column ? Kind::kNumberedKey : KindOf(read.type);
      read.customer_key = static_cast<int>(c) == out->key_column;
      if (read.kind == Kind::kText && read.customer_key) {
        read.keys = std::make_unique<KeyBatch>();
      } else if (read.kind == Kind::kText) {
        read.codes = std::make_unique<TextCodeCache>();
      }
      if (read.kind != Kind::kTags) {
        read.values = std::make_unique<uint64_t[]>(kBatchRows);
        read.valid = std::make_unique<uint8_t[]>(kBatchRows);
      }
    }
  }

  void Run() {
    size_t pos = begin_;
    scanner_.Seek(pos);
    while (pos < end_) {
      window_.At(pos);
      size_t record_end = 0;
      bool ends_line = false;
      size_t first = scanner_.Next();
      if (first < end_ && data_[first] == '\n' && (first == pos || (first == pos + 1 && data_[pos] == '\r'))) {
        pos = first + 1;  // a blank line carries no record
        ++lines_;
        continue;
      }
      size_t extra_newlines = 0;
      bool plain = Split(pos, first, &record_end, &ends_line) && Unquote(pos, &extra_newlines) &&
                   ParseRow(!scanner_.MayHaveHighByte(pos));
      if (plain) {
        CommitRow();
        pos = record_end;
        lines_ += (ends_line ? 1 : 0) + extra_newlines;
        continue;
      }
      if (!ReadDoubtful(pos, &pos)) return;
    }
    Flush();
    out_->newlines = lines_;
  }

 private:
  // The fields of the record at `pos` whose first separator is at `first`, into fields_; false
  // when it does not have the header's field count.
  bool Split(size_t pos, size_t first, size_t* record_end, bool* ends_line) {
    size_t count = fields_.size();
    size_t start = pos;
    size_t at = first;
    for (size_t f = 0;; ++f) {
      fields_[f] = std::string_view(data_ + start, at - start);
      if (f + 1 == count) break;
      if (at >= end_ || data_[at] != delimiter_) return false;
      start = at + 1;
      at = scanner_.Next();
    }
    *ends_line = at < end_;
    if (*ends_line && data_[at] != '\n') return false;  // more fields than the header
    *record_end = *ends_line ? at + 1 : end_;
    return true;
  }

  // Takes the quotes off the fields of the record at `pos` (the CR of a CRLF off its last field),
  // counting the newlines inside quoted fields; false for anything CsvRecordParser would call
  // malformed quoting. Fields are checked only when the scanner saw a quote near them.
  bool Unquote(size_t pos, size_t* extra_newlines) {
    size_t last = fields_.size() - 1;
    if (!scanner_.MayHaveQuote(pos)) {
      StripCr(&fields_[last]);
      return true;
    }
    for (size_t f = 0; f <= last; ++f) {
      std::string_view raw = fields_[f];
      if (raw.empty() || raw[0] != '"') {
        if (raw.find('"') != std::string_view::npos) return false;  // a quote inside an unquoted field
        if (f == last) StripCr(&fields_[f]);
        continue;
      }
      const char* from = raw.data() + 1;
      const char* stop = raw.data() + raw.size();
      const char* close = nullptr;
      bool escaped = false;
      for (;;) {
        close = static_cast<const char*>(std::memchr(from, '"', static_cast<size_t>(stop - from)));
        if (close == nullptr) return false;  // unterminated
        if (close + 1 < stop && close[1] == '"') {
          escaped = true;
          from = close + 2;
          continue;
        }
        break;
      }
      std::string_view after(close + 1, static_cast<size_t>(stop - close - 1));
      if (!after.empty() && !(f == last && after == "\r")) return false;  // text after the closing quote
      std::string_view inside(raw.data() + 1, static_cast<size_t>(close - raw.data() - 1));
      *extra_newlines += static_cast<size_t>(std::count(inside.begin(), inside.end(), '\n'));
      if (!escaped) {
        fields_[f] = inside;
        continue;
      }
      std::string& text = scratch_[f];
      text.clear();
      for (size_t i = 0; i < inside.size(); ++i) {
        text.push_back(inside[i]);
        if (inside[i] == '"') ++i;  // "" -> "
      }
      fields_[f] = text;
    }
    return true;
  }

  static void StripCr(std::string_view* field) {
    if (!field->empty() && field->back() == '\r') field->remove_suffix(1);
  }

  // Parses the columns read from fields_ into batch slot batched_; false when a value is not
  // one of its type's (or not UTF-8 text), or a customer row has no key.
  bool ParseRow(bool known_utf8) {
    size_t row = batched_;
    for (ReadColumn& read : read_) {
      std::string_view text = fields_[read.field];
      bool parsed = false;
      if (text.empty()) {  // missing, whatever the type
        if (read.customer_key) return false;
        SetMissing(&read, row);
        continue;
      }
      switch (read.kind) {
        case Kind::kInt: parsed = FastInt64(text, read.slots<int64_t>() + row); break;
        case Kind::kMoney: parsed = FastMoney(text, read.slots<int64_t>() + row); break;
        case Kind::kDate: parsed = FastDate(text, &read.days, read.slots<int32_t>() + row); break;
        case Kind::kTimestamp: {
          ParsedTimestamp stamp;
          parsed = FastTimestamp(text, &read.days, &stamp);
          if (parsed) read.slots<int64_t>()[row] = source_.zone->ToUtc(stamp);
          break;
        }
        case Kind::kBool: parsed = FastBool(text, read.slots<uint8_t>() + row); break;
        case Kind::kText:
        case Kind::kNumberedKey:
          // Text is taken verbatim (ParseCell): only its encoding is checked, and only when the
          // scanner saw a byte >= 0x80 near it.
          if (!known_utf8 && !IsValidUtf8(text)) return false;
          read.cell.text = text;
          parsed = true;
          break;
        case Kind::kOtherInt64:
        case Kind::kFloat:
        case Kind::kTags: break;
      }
      if (parsed) {
        read.valid[row] = 1;
        continue;
      }
      if (!ParseCell(read.type, text, *source_.zone, &read.cell, known_utf8)) return false;
      if (read.customer_key && !read.cell.valid) return false;
      if (read.kind == Kind::kTags) continue;
      if (!read.cell.valid) {
        SetMissing(&read, row);
        continue;
      }
      read.valid[row] = 1;
      switch (read.kind) {
        case Kind::kDate: read.slots<int32_t>()[row] = static_cast<int32_t>(read.cell.i64); break;
        case Kind::kBool: read.slots<uint8_t>()[row] = static_cast<uint8_t>(read.cell.i64); break;
        case Kind::kFloat: read.slots<double>()[row] = read.cell.f64; break;
        default: read.slots<int64_t>()[row] = read.cell.i64; break;
      }
    }
    return true;
  }

  // A missing value in slot `row`: zero, as Column::AppendNull leaves it.
  static void SetMissing(ReadColumn* read, size_t row) {
    switch (read->kind) {
      case Kind::kTags: read->cell = CellValue(); return;
      case Kind::kDate:
      case Kind::kText:
      case Kind::kNumberedKey: read->slots<int32_t>()[row] = 0; break;
      case Kind::kBool: read->slots<uint8_t>()[row] = 0; break;
      case Kind::kFloat: read->slots<double>()[row] = 0; break;
      default: read->slots<int64_t>()[row] = 0; break;
    }
    read->valid[row] = 0;
  }

  // Adds the row parsed into slot batched_: text gets its codes now, so that a row that fails to
  // parse never adds a value to a dictionary (as FinishRow, which appends only whole rows).
  void CommitRow() {
    size_t row = batched_;
    for (ReadColumn& read : read_) {
      Column& column = out_->columns[read.column];
      switch (read.kind) {
        case Kind::kText:
          if (!read.valid[row]) break;
          if (read.keys) {
            read.keys->Add(read.cell.text);  // coded as the batch is flushed
          } else {
            read.slots<int32_t>()[row] = read.codes->Intern(read.cell.text, &column.mutable_dictionary());
          }
          break;
        case Kind::kNumberedKey:
          if (read.valid[row]) {
            read.slots<int32_t>()[row] = source_.spec->customer_numbers->EventCode(read.cell.text,
                                                                                   &column.mutable_dictionary());
          }
          break;
        case Kind::kTags: AppendCell(read.cell, &column); break;
        default: break;
      }
    }
    if (out_->key_column >= 0) out_->row_lines.push_back(static_cast<uint32_t>(lines_));
    ++out_->rows;
    if (++batched_ == kBatchRows) Flush();
  }

  void Flush() {
    if (batched_ == 0) return;
    for (ReadColumn& read : read_) {
      Column& column = out_->columns[read.column];
      const uint8_t* valid = read.valid.get();
      if (read.keys) read.keys->InternInto(&column.mutable_dictionary(), valid, batched_, read.slots<int32_t>());
      switch (read.kind) {
        case Kind::kDate:
        case Kind::kText:
        case Kind::kNumberedKey: column.AppendBatch(read.slots<int32_t>(), valid, batched_); break;
        case Kind::kBool: column.AppendBatch(read.slots<uint8_t>(), valid, batched_); break;
        case Kind::kFloat: column.AppendBatch(read.slots<double>(), valid, batched_); break;
        case Kind::kTags: break;  // appended row by row
        default: column.AppendBatch(read.slots<int64_t>(), valid, batched_); break;
      }
    }
    batched_ = 0;
  }

  // The record at `pos` through RecordReader, after the rows before it. Returns false when the
  // chunk is done: it stopped at an error, or a quote error left quote parity no guide, so the
  // rest is read a record at a time. Else *next is where the next record starts.
  bool ReadDoubtful(size_t pos, size_t* next) {
    Flush();
    CsvRecordParser& parser = records_.parser();
    parser.Reset(pos, lines_);
    RecordReader::Outcome outcome = records_.Read();
    if (outcome == RecordReader::Outcome::kQuoteError) records_.ReadRest(&window_);
    if (outcome != RecordReader::Outcome::kRow) {
      out_->newlines = parser.newlines();
      return false;
    }
    *next = parser.position();
    lines_ = parser.newlines();
    scanner_.Seek(*next);
    return true;
  }

  const CsvSource& source_;
  const char* data_;
  size_t begin_;
  size_t end_;
  char delimiter_;
  CsvSeparatorScanner scanner_;
  RecordReader records_;
  PageWindow window_;
  std::vector<ReadColumn> read_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> scratch_;  // unescaped quoted fields, one per field
  size_t lines_ = 0;                  // newlines before the current record
  size_t batched_ = 0;                // rows parsed but not yet appended
  ChunkOutput* out_;
};

}  // namespace

void ParseCsvChunkByRecords(const CsvSource& source, size_t begin, size_t end, ChunkOutput* out) {
  RecordReader records(source, begin, end, out);
  PageWindow window(source.file, begin, end);
  records.ReadRest(&window);
  out->newlines = records.parser().newlines();
}

void ParseCsvChunk(const CsvSource& source, size_t begin, size_t end, ChunkOutput* out) {
  char delimiter = source.options->delimiter;
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    ParseCsvChunkByRecords(source, begin, end, out);
    return;
  }
  FastChunkParser(source, begin, end, out).Run();
}

}  // namespace seg::rt
