#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace seg::rt {

// Splits CSV text (RFC 4180) into records and fields in place. Quoted fields may hold the
// delimiter, newlines and "" escapes; only escaped fields are copied (into per-field scratch
// strings). CRLF and LF both end a record; completely empty lines are skipped. A quote inside an
// unquoted field, text after a closing quote, or an unterminated quote is a structural error:
// being strict here is what lets a file be split for parallel parsing by quote parity alone.
class CsvRecordParser {
 public:
  enum class Step { kRecord, kEnd, kQuoteError };

  CsvRecordParser(std::string_view data, size_t begin, size_t end, char delimiter)
      : data_(data), pos_(begin), end_(end), delimiter_(delimiter) {}

  // Goes on from `pos`, the start of a record, with `newlines` counted so far: a reader that found
  // the records before it by other means hands a record it doubts over this way.
  void Reset(size_t pos, size_t newlines) {
    pos_ = pos;
    newlines_ = newlines;
  }

  // Reads the next record into fields(). After kQuoteError the parser has moved to the next line.
  Step Next();

  const std::vector<std::string_view>& fields() const { return fields_; }
  // Newlines consumed so far, including those inside quoted fields.
  size_t newlines() const { return newlines_; }
  // Newlines consumed before the current record started (its line, 0-based, within the range).
  size_t record_line() const { return record_line_; }
  size_t position() const { return pos_; }

 private:
  bool ParseQuoted(size_t field_index);
  void SkipLine();

  std::string_view data_;
  size_t pos_;
  size_t end_;
  char delimiter_;
  size_t newlines_ = 0;
  size_t record_line_ = 0;
  std::vector<std::string_view> fields_;
  std::deque<std::string> scratch_;  // deque: growing it never moves earlier strings
};

// Chooses record boundaries that split [begin, end) into about `chunks` pieces, each starting
// right after a newline that is outside quotes (tracked by quote-count parity, which is exact for
// files CsvRecordParser accepts). Returns chunks+1 ascending offsets from begin to end. `file`,
// when `data` is its text, has the pages counted through mapped a window at a time (PageWindow).
// Without `count_quotes`, a piece starts after the first newline at or after its nominal point,
// quotes or not, without reading what comes before it: right unless that newline is inside a
// quoted field, which the caller must find out (the piece before then ends inside quotes).
std::vector<size_t> SplitCsvRecords(std::string_view data, size_t begin, size_t end, size_t chunks,
                                    class ThreadPool& pool, const class MappedFile* file = nullptr,
                                    bool count_quotes = true);

}  // namespace seg::rt
