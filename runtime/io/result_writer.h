#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column.h"
#include "runtime/io/float_texts.h"

namespace seg::rt {

// kPostgresCopy: PostgreSQL's COPY text format (no header, tab-separated, \N for a missing value,
// backslash escapes), the rows a PostgreSQL result table (rt::pg::ResultTable) is filled with.
enum class ResultFormat : uint8_t { kCsv, kJsonLines, kPostgresCopy };

// Writes result rows as CSV (header row, RFC 4180 quoting) or JSON Lines (one object per row,
// keys in column order). Values are formatted deterministically and locale-free: floats in the
// shortest text that reads back to the same double, money in its minimal decimal form, dates and
// timestamps in ISO 8601, durations as unit groups ("1d2h"). A missing value is an empty CSV field
// or JSON null. In kPostgresCopy durations are written as PostgreSQL reads an interval
// ("1 days 7200 seconds"), all else as above. Output is buffered and handed to `sink` in large pieces (e.g.
// AtomicFile::Write).
//
// For speed over many rows: a text that repeats (a bucket name, a text result's domain) can be
// encoded once (EncodeText) and added as is (AddEncoded), and row ranges can be formatted apart,
// on several threads, by writers of rows only (the constructor without a sink: no header, the
// text read with rows()) and handed in order to the writer with the sink (AddRows).
// A CSV cell's text as AddText writes it (quoted when it holds a quote, a line break or the
// delimiter; an empty text as ""), at `out`, which has room for 2 * text.size() + 2 characters;
// returns its end.
char* WriteCsvText(std::string_view text, char delimiter, char* out);

// The bytes of the 8 at `word` (in memory order, least significant first) that make a CSV cell
// quoted: a quote, a line break or `delimiter`, each marked by its high bit. Exact up to the first
// such byte: a byte after it may be marked too (the borrow of the zero-byte test), so masking
// the marks to a text's first bytes tells whether the text needs quotes.
inline uint64_t CsvQuotedByteMarks(uint64_t word, char delimiter) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  auto marks = [&](unsigned char byte) {
    uint64_t x = word ^ (kOnes * byte);
    return (x - kOnes) & ~x & (kOnes << 7);
  };
  return marks('"') | marks('\n') | marks('\r') | marks(static_cast<unsigned char>(delimiter));
}

class ResultWriter {
 public:
  using Sink = std::function<bool(std::string_view)>;

  ResultWriter(ResultFormat format, std::vector<std::string> column_names, Sink sink, char delimiter = ',');
  // A writer of rows only: no header, no sink; the rows are kept until ClearRows.
  ResultWriter(ResultFormat format, std::vector<std::string> column_names, char delimiter);

  // Cells of the current row, one call per column, in column order.
  void AddNull();
  void AddBool(bool value);
  void AddInt(int64_t value);
  void AddFloat(double value);
  void AddMoney(int64_t value);
  void AddDate(int32_t days);
  void AddTimestamp(int64_t utc_us);
  void AddDuration(int64_t micros);
  void AddText(std::string_view value);
  void AddTags(std::span<const std::string_view> tags);
  // The value of column[row] formatted by its type.
  void AddCell(const Column& column, size_t row);
  // A text as AddText writes it in this format (quoted and escaped as needed), for AddEncoded.
  std::string EncodeText(std::string_view value) const;
  // A cell whose text EncodeText made.
  void AddEncoded(std::string_view encoded) {
    BeginCell();
    buffer_.append(encoded);
  }

  // Rows formatted by a writer of rows only (same format and columns), or written straight in
  // this writer's format (driver/csv_rows.h), after what is buffered. Returns false once the
  // sink has failed.
  bool AddRows(std::string_view rows);
  // A writer of rows only: the rows formatted since ClearRows (kept, so the buffer is reused).
  const std::string& rows() const { return buffer_; }
  void ClearRows() { buffer_.clear(); }

  // Ends the row; returns false once the sink has failed.
  bool EndRow();

  // Flushes what is buffered; returns false if the sink failed at any point.
  bool Finish();

 private:
  void BeginCell();
  // Dates, timestamps and durations: bare in CSV, strings in JSON.
  template <typename T> void AddTextual(T value, void (*append)(T, std::string*)) {
    BeginCell();
    bool quoted = format_ == ResultFormat::kJsonLines;
    if (quoted) buffer_.push_back('"');
    append(value, &buffer_);
    if (quoted) buffer_.push_back('"');
  }
  // The text of a cell as AddText writes it, appended to `out`.
  void AppendTextCell(std::string_view text, std::string* out) const;
  bool Flush();

  FloatTexts float_texts_;  // AddFloat's texts

  ResultFormat format_;
  std::vector<std::string> column_names_;
  Sink sink_;
  char delimiter_;
  // JSON Lines: what goes before each cell, "{" or "," and the key (CSV and COPY write a
  // separator between cells, BeginCell).
  std::vector<std::string> cell_prefixes_;
  std::string buffer_;
  std::string scratch_;
  size_t cell_index_ = 0;
  bool failed_ = false;
};

}  // namespace seg::rt
