#include "runtime/io/csv_record_parser.h"

#include <algorithm>
#include <bit>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "runtime/io/page_window.h"
#include "runtime/thread_pool.h"

namespace seg::rt {
namespace {

// The offset of the first `delimiter`, newline or quote in [pos, end), or end: where an unquoted
// field stops. Sixteen bytes at a time where SSE2 is there (every x86-64), a byte at a time for the
// rest; fields are short, but a byte loop with three tests per byte was most of the parse.
size_t FindFieldEnd(const char* base, size_t pos, size_t end, char delimiter) {
#ifdef __SSE2__
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i quotes = _mm_set1_epi8('"');
  while (pos + 16 <= end) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + pos));
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters), _mm_cmpeq_epi8(bytes, newlines)),
                                _mm_cmpeq_epi8(bytes, quotes));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return pos + static_cast<size_t>(std::countr_zero(mask));
    pos += 16;
  }
#endif
  while (pos < end && base[pos] != delimiter && base[pos] != '\n' && base[pos] != '"') ++pos;
  return pos;
}

}  // namespace

void CsvRecordParser::SkipLine() {
  const char* newline = static_cast<const char*>(std::memchr(data_.data() + pos_, '\n', end_ - pos_));
  if (newline == nullptr) {
    pos_ = end_;
    return;
  }
  pos_ = static_cast<size_t>(newline - data_.data()) + 1;
  ++newlines_;
}

bool CsvRecordParser::ParseQuoted(size_t field_index) {
  const char* base = data_.data();
  size_t start = ++pos_;  // past the opening quote
  bool escaped = false;
  for (;;) {
    const char* quote = static_cast<const char*>(std::memchr(base + pos_, '"', end_ - pos_));
    if (quote == nullptr) return false;  // unterminated
    size_t at = static_cast<size_t>(quote - base);
    newlines_ += static_cast<size_t>(std::count(base + pos_, quote, '\n'));
    if (at + 1 < end_ && base[at + 1] == '"') {
      escaped = true;
      pos_ = at + 2;
      continue;
    }
    pos_ = at + 1;
    std::string_view raw(base + start, at - start);
    if (!escaped) {
      fields_.push_back(raw);
    } else {
      while (scratch_.size() <= field_index) scratch_.emplace_back();
      std::string& text = scratch_[field_index];
      text.clear();
      for (size_t i = 0; i < raw.size(); ++i) {
        text.push_back(raw[i]);
        if (raw[i] == '"') ++i;  // "" -> "
      }
      fields_.push_back(text);
    }
    return true;
  }
}

CsvRecordParser::Step CsvRecordParser::Next() {
  const char* base = data_.data();
  // Blank lines carry no record.
  while (pos_ < end_ && (base[pos_] == '\n' || (base[pos_] == '\r' && pos_ + 1 < end_ && base[pos_ + 1] == '\n'))) {
    pos_ += base[pos_] == '\n' ? 1 : 2;
    ++newlines_;
  }
  if (pos_ >= end_) return Step::kEnd;
  record_line_ = newlines_;
  fields_.clear();
  for (size_t field_index = 0;; ++field_index) {
    if (pos_ < end_ && base[pos_] == '"') {
      if (!ParseQuoted(field_index)) {
        pos_ = end_;
        return Step::kQuoteError;
      }
    } else {
      size_t start = pos_;
      pos_ = FindFieldEnd(base, pos_, end_, delimiter_);
      if (pos_ < end_ && base[pos_] == '"' && delimiter_ != '"') {  // a quote inside an unquoted field
        SkipLine();
        return Step::kQuoteError;
      }
      size_t stop = pos_;
      if (stop > start && base[stop - 1] == '\r' && (stop == end_ || base[stop] == '\n')) --stop;
      fields_.emplace_back(base + start, stop - start);
    }
    if (pos_ >= end_) return Step::kRecord;
    char c = base[pos_];
    if (c == delimiter_) {
      ++pos_;
      continue;
    }
    if (c == '\r' && (pos_ + 1 == end_ || base[pos_ + 1] == '\n')) ++pos_;
    if (pos_ >= end_) return Step::kRecord;
    if (base[pos_] == '\n') {
      ++pos_;
      ++newlines_;
      return Step::kRecord;
    }
    SkipLine();  // text after a closing quote
    return Step::kQuoteError;
  }
}

std::vector<size_t> SplitCsvRecords(std::string_view data, size_t begin, size_t end, size_t chunks, ThreadPool& pool,
                                    const MappedFile* file, bool count_quotes) {
  chunks = std::max<size_t>(chunks, 1);
  std::vector<size_t> nominal(chunks + 1);
  for (size_t k = 0; k <= chunks; ++k) nominal[k] = begin + (end - begin) * k / chunks;
  // Quote parity at each nominal boundary: count quotes per piece in parallel, then prefix-xor.
  std::vector<uint8_t> odd(chunks, 0);
  if (count_quotes) {
    pool.ParallelFor(chunks, 1, [&](size_t first, size_t last) {
      constexpr size_t kBlock = size_t{1} << 20;
      for (size_t k = first; k < last; ++k) {
        PageWindow window(file, nominal[k], nominal[k + 1]);
        size_t quotes = 0;
        for (size_t at = nominal[k]; at < nominal[k + 1]; at += kBlock) {
          window.At(at);
          size_t stop = std::min(nominal[k + 1], at + kBlock);
          quotes += static_cast<size_t>(std::count(data.data() + at, data.data() + stop, '"'));
        }
        odd[k] = quotes & 1;
      }
    });
  }
  std::vector<size_t> bounds(chunks + 1);
  bounds[0] = begin;
  bounds[chunks] = end;
  std::vector<uint8_t> parity(chunks, 0);
  for (size_t k = 1; k < chunks; ++k) parity[k] = parity[k - 1] ^ odd[k - 1];
  pool.ParallelFor(chunks - 1, 1, [&](size_t first, size_t last) {
    for (size_t k = first + 1; k < last + 1; ++k) {
      // The boundary is one past the first newline at or after the nominal point, outside quotes.
      // Without a count the quotes after the point are not followed either: taken from a point
      // inside a quoted field, they would be read the wrong way round up to the end of the file.
      bool inside = parity[k] != 0;
      size_t pos = nominal[k];
      while (pos < end && (data[pos] != '\n' || inside)) {
        if (count_quotes && data[pos] == '"') inside = !inside;
        ++pos;
      }
      bounds[k] = pos < end ? pos + 1 : end;
    }
  });
  for (size_t k = 1; k <= chunks; ++k) bounds[k] = std::max(bounds[k], bounds[k - 1]);
  return bounds;
}

}  // namespace seg::rt
