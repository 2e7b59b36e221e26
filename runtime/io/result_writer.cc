#include "runtime/io/result_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "runtime/civil_time.h"
#include "runtime/duration.h"
#include "runtime/money.h"

namespace seg::rt {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

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

}  // namespace

ResultWriter::ResultWriter(ResultFormat format, std::vector<std::string> column_names, Sink sink, char delimiter)
    : format_(format), column_names_(std::move(column_names)), sink_(std::move(sink)), delimiter_(delimiter) {
  if (format_ == ResultFormat::kCsv) {
    for (const std::string& name : column_names_) {
      BeginCell();
      AppendCsvField(name);
    }
    EndRow();
  }
}

void ResultWriter::BeginCell() {
  if (format_ == ResultFormat::kCsv) {
    if (cell_index_ > 0) buffer_.push_back(delimiter_);
  } else if (format_ == ResultFormat::kPostgresCopy) {
    if (cell_index_ > 0) buffer_.push_back('\t');
  } else {
    buffer_.append(cell_index_ == 0 ? "{" : ",");
    AppendJsonString(cell_index_ < column_names_.size() ? column_names_[cell_index_] : std::string_view("?"));
    buffer_.push_back(':');
  }
  ++cell_index_;
}

void ResultWriter::AppendCsvField(std::string_view text) {
  bool needs_quotes = text.find_first_of(std::string{'"', '\n', '\r', delimiter_}) != std::string_view::npos;
  if (!needs_quotes) {
    buffer_.append(text);
    return;
  }
  buffer_.push_back('"');
  for (char c : text) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
}

void ResultWriter::AppendJsonString(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  buffer_.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': buffer_.append("\\\""); break;
      case '\\': buffer_.append("\\\\"); break;
      case '\n': buffer_.append("\\n"); break;
      case '\r': buffer_.append("\\r"); break;
      case '\t': buffer_.append("\\t"); break;
      default:
        if (byte < 0x20) {
          buffer_.append("\\u00");
          buffer_.push_back(kHex[byte >> 4]);
          buffer_.push_back(kHex[byte & 15]);
        } else {
          buffer_.push_back(c);  // UTF-8 passes through unchanged
        }
    }
  }
  buffer_.push_back('"');
}

void ResultWriter::AppendCopyField(std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\': buffer_.append("\\\\"); break;
      case '\n': buffer_.append("\\n"); break;
      case '\r': buffer_.append("\\r"); break;
      case '\t': buffer_.append("\\t"); break;
      default: buffer_.push_back(c);
    }
  }
}

void ResultWriter::AddNull() {
  BeginCell();
  if (format_ == ResultFormat::kJsonLines) buffer_.append("null");
  if (format_ == ResultFormat::kPostgresCopy) buffer_.append("\\N");
}

void ResultWriter::AddBool(bool value) {
  BeginCell();
  buffer_.append(value ? "true" : "false");
}

void ResultWriter::AddInt(int64_t value) {
  BeginCell();
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  buffer_.append(digits, end);
}

void ResultWriter::AddFloat(double value) {
  if (!std::isfinite(value)) {
    AddNull();  // the language never produces inf/nan; never write text a reader would choke on
    return;
  }
  BeginCell();
  char digits[32];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);  // shortest round-trip
  buffer_.append(digits, end);
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
  if (format_ == ResultFormat::kJsonLines) {
    AppendJsonString(value);
  } else if (format_ == ResultFormat::kPostgresCopy) {
    AppendCopyField(value);
  } else if (value.empty()) {
    buffer_.append("\"\"");  // an empty text, distinct from a missing one
  } else {
    AppendCsvField(value);
  }
}

void ResultWriter::AddTags(std::span<const std::string_view> tags) {
  BeginCell();
  if (format_ == ResultFormat::kJsonLines) {
    buffer_.push_back('[');
    for (size_t i = 0; i < tags.size(); ++i) {
      if (i > 0) buffer_.push_back(',');
      AppendJsonString(tags[i]);
    }
    buffer_.push_back(']');
    return;
  }
  scratch_.clear();
  for (size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) scratch_.push_back('|');
    scratch_.append(tags[i]);
  }
  if (format_ == ResultFormat::kPostgresCopy) AppendCopyField(scratch_);
  else AppendCsvField(scratch_);
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
  if (!failed_ && !buffer_.empty() && !sink_(buffer_)) failed_ = true;
  buffer_.clear();
  return !failed_;
}

bool ResultWriter::Finish() { return Flush(); }

}  // namespace seg::rt
