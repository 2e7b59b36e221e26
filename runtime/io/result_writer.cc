#include "runtime/io/result_writer.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime/civil_time.h"
#include "runtime/decimal_text.h"
#include "runtime/duration.h"
#include "runtime/money.h"

namespace seg::rt {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr size_t kDirectBytes = size_t{64} << 10;  // AddRows hands pieces this large on as they are

// A duration as PostgreSQL's interval input reads it exactly: whole days (seg's days are 24 hours,
// and an interval's days stay days) and the rest in seconds, the sign on both parts.
void AppendIntervalText(int64_t micros, std::string* out) {
  constexpr uint64_t kDay = uint64_t{86400} * 1000000;
  bool negative = micros < 0;
  uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  uint64_t rest = magnitude % kDay;
  char text[96];
  int n = std::snprintf(text, sizeof(text), "%s%llu days %s%llu.%06llu seconds", negative ? "-" : "",
                        static_cast<unsigned long long>(magnitude / kDay), negative ? "-" : "",
                        static_cast<unsigned long long>(rest / 1000000),
                        static_cast<unsigned long long>(rest % 1000000));
  out->append(text, static_cast<size_t>(n));
}

bool CsvNeedsQuotes(std::string_view text, char delimiter) {
  // Eight characters at a time (a result's keys and texts are mostly short and need no quotes,
  // and a million of them are written), the rest one at a time.
  size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    if (CsvQuotedByteMarks(word, delimiter) != 0) return true;
  }
  for (; at < text.size(); ++at) {
    char c = text[at];
    if (c == '"' || c == '\n' || c == '\r' || c == delimiter) return true;
  }
  return false;
}

// A CSV field's text at `out` (room for 2 * text.size() + 2 characters): as it is, or quoted with
// its quotes doubled where it holds a quote, a line break or the delimiter; returns its end.
char* WriteCsvField(std::string_view text, char delimiter, char* out) {
  if (!CsvNeedsQuotes(text, delimiter)) {
    std::memcpy(out, text.data(), text.size());
    return out + text.size();
  }
  *out++ = '"';
  for (char c : text) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  return out;
}

void AppendCsvField(std::string_view text, char delimiter, std::string* out) {
  size_t at = out->size();
  out->resize(at + 2 * text.size() + 2);
  char* end = WriteCsvField(text, delimiter, out->data() + at);
  out->resize(static_cast<size_t>(end - out->data()));
}

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (byte < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[byte >> 4]);
          out->push_back(kHex[byte & 15]);
        } else {
          out->push_back(c);  // UTF-8 passes through unchanged
        }
    }
  }
  out->push_back('"');
}

void AppendCopyField(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: out->push_back(c);
    }
  }
}

}  // namespace

char* WriteCsvText(std::string_view text, char delimiter, char* out) {
  if (!text.empty()) return WriteCsvField(text, delimiter, out);
  *out++ = '"';  // an empty text, distinct from a missing one
  *out++ = '"';
  return out;
}

ResultWriter::ResultWriter(ResultFormat format, std::vector<std::string> column_names, char delimiter)
    : format_(format), column_names_(std::move(column_names)), delimiter_(delimiter) {
  if (format_ != ResultFormat::kJsonLines) return;  // CSV and COPY cells need only a separator
  cell_prefixes_.reserve(column_names_.size());
  for (size_t i = 0; i < column_names_.size(); ++i) {
    std::string prefix(1, i == 0 ? '{' : ',');
    AppendJsonString(column_names_[i], &prefix);
    prefix.push_back(':');
    cell_prefixes_.push_back(std::move(prefix));
  }
}

ResultWriter::ResultWriter(ResultFormat format, std::vector<std::string> column_names, Sink sink, char delimiter)
    : ResultWriter(format, std::move(column_names), delimiter) {
  sink_ = std::move(sink);
  if (format_ == ResultFormat::kCsv) {
    for (const std::string& name : column_names_) {
      BeginCell();
      AppendCsvField(name, delimiter_, &buffer_);
    }
    EndRow();
  }
}

void ResultWriter::BeginCell() {
  if (format_ != ResultFormat::kJsonLines) {  // CSV and COPY: one separator between cells
    if (cell_index_++ > 0) buffer_.push_back(format_ == ResultFormat::kPostgresCopy ? '\t' : delimiter_);
    return;
  }
  if (cell_index_ < cell_prefixes_.size()) {
    buffer_.append(cell_prefixes_[cell_index_]);
  } else {  // more cells than names: never from seg itself
    buffer_.append(cell_index_ == 0 ? "{\"?\":" : ",\"?\":");
  }
  ++cell_index_;
}

void ResultWriter::AppendTextCell(std::string_view text, std::string* out) const {
  if (format_ == ResultFormat::kJsonLines) {
    AppendJsonString(text, out);
  } else if (format_ == ResultFormat::kPostgresCopy) {
    AppendCopyField(text, out);
  } else {
    size_t at = out->size();
    out->resize(at + 2 * text.size() + 2);
    out->resize(static_cast<size_t>(WriteCsvText(text, delimiter_, out->data() + at) - out->data()));
  }
}

std::string ResultWriter::EncodeText(std::string_view value) const {
  std::string encoded;
  AppendTextCell(value, &encoded);
  return encoded;
}

void ResultWriter::AddNull() {
  BeginCell();
  if (format_ == ResultFormat::kJsonLines) buffer_.append("null");
  if (format_ == ResultFormat::kPostgresCopy) buffer_.append("\\N");
}

void ResultWriter::AddBool(bool value) {
  BeginCell();
  if (value) buffer_.append("true", 4);
  else buffer_.append("false", 5);
}

void ResultWriter::AddInt(int64_t value) {
  BeginCell();
  char digits[kIntTextMax];
  buffer_.append(digits, static_cast<size_t>(WriteIntText(value, digits) - digits));  // (pointer, length): not replace
}

void ResultWriter::AddFloat(double value) {
  if (!std::isfinite(value)) {
    AddNull();  // the language never produces inf/nan; never write text a reader would choke on
    return;
  }
  BeginCell();
  buffer_.append(float_texts_.Text(value));
}

void ResultWriter::AddMoney(int64_t value) {
  BeginCell();
  AppendMoney(value, &buffer_);  // a valid JSON number as well
}

void ResultWriter::AddDate(int32_t days) { AddTextual<int32_t>(days, &AppendDate); }

void ResultWriter::AddTimestamp(int64_t utc_us) { AddTextual<int64_t>(utc_us, &AppendTimestamp); }

void ResultWriter::AddDuration(int64_t micros) {
  if (format_ == ResultFormat::kPostgresCopy) {
    BeginCell();
    AppendIntervalText(micros, &buffer_);
    return;
  }
  AddTextual<int64_t>(micros, &AppendDuration);
}

void ResultWriter::AddText(std::string_view value) {
  BeginCell();
  AppendTextCell(value, &buffer_);
}

void ResultWriter::AddTags(std::span<const std::string_view> tags) {
  BeginCell();
  if (format_ == ResultFormat::kJsonLines) {
    buffer_.push_back('[');
    for (size_t i = 0; i < tags.size(); ++i) {
      if (i > 0) buffer_.push_back(',');
      AppendJsonString(tags[i], &buffer_);
    }
    buffer_.push_back(']');
    return;
  }
  scratch_.clear();
  for (size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) scratch_.push_back('|');
    scratch_.append(tags[i]);
  }
  if (format_ == ResultFormat::kPostgresCopy) AppendCopyField(scratch_, &buffer_);
  else AppendCsvField(scratch_, delimiter_, &buffer_);
}

void ResultWriter::AddCell(const Column& column, size_t row) {
  if (!column.IsValid(row)) {
    AddNull();
    return;
  }
  switch (column.type()) {
    case ValueType::kBool: return AddBool(column.values<uint8_t>()[row] != 0);
    case ValueType::kInt: return AddInt(column.values<int64_t>()[row]);
    case ValueType::kFloat: return AddFloat(column.values<double>()[row]);
    case ValueType::kMoney: return AddMoney(column.values<int64_t>()[row]);
    case ValueType::kDate: return AddDate(column.values<int32_t>()[row]);
    case ValueType::kTimestamp: return AddTimestamp(column.values<int64_t>()[row]);
    case ValueType::kDuration: return AddDuration(column.values<int64_t>()[row]);
    case ValueType::kText:
    case ValueType::kId: return AddText(column.TextAt(row));
    case ValueType::kTags: {
      std::vector<std::string_view> tags;
      for (int32_t code : column.TagsAt(row)) tags.push_back(column.dictionary().Value(code));
      return AddTags(tags);
    }
  }
}

bool ResultWriter::EndRow() {
  if (format_ == ResultFormat::kJsonLines) buffer_.append(cell_index_ == 0 ? "{}" : "}");
  buffer_.push_back('\n');
  cell_index_ = 0;
  if (buffer_.size() >= kFlushBytes) return Flush();
  return !failed_;
}

bool ResultWriter::Flush() {
  if (!sink_) return true;  // a writer of rows only keeps them for rows()
  if (!failed_ && !buffer_.empty() && !sink_(buffer_)) failed_ = true;
  buffer_.clear();
  return !failed_;
}

bool ResultWriter::AddRows(std::string_view rows) {
  // A writer of rows only keeps them all; small pieces are gathered into one write. A large
  // piece (a block formatted on another thread, WriteResults) goes to the sink as it is, after
  // what is buffered: copying it into the buffer first would only cost a pass over its bytes.
  if (!sink_ || (rows.size() < kDirectBytes && buffer_.size() + rows.size() < kFlushBytes)) {
    buffer_.append(rows);
    return !failed_;
  }
  if (!Flush()) return false;
  if (!failed_ && !rows.empty() && !sink_(rows)) failed_ = true;
  return !failed_;
}

bool ResultWriter::Finish() { return Flush(); }

}  // namespace seg::rt
