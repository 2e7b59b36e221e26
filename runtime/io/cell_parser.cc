#include "runtime/io/cell_parser.h"

#include <charconv>
#include <cmath>

#include "runtime/duration.h"
#include "runtime/money.h"
#include "runtime/utf8.h"

namespace seg::rt {
namespace {

std::string_view Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

bool ParseBool(std::string_view text, bool* out) {
  if (text == "1" || EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "yes")) {
    *out = true;
    return true;
  }
  if (text == "0" || EqualsIgnoreCase(text, "false") || EqualsIgnoreCase(text, "no")) {
    *out = false;
    return true;
  }
  return false;
}

bool ParseInt64(std::string_view text, int64_t* out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseFloat(std::string_view text, double* out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return false;
  // from_chars is locale-independent, unlike strtod/stod.
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(*out);
}

bool ParseCell(ValueType type, std::string_view text, const TimeZone& zone, CellValue* out, bool known_utf8) {
  *out = CellValue();
  if (type == ValueType::kText || type == ValueType::kId) {
    if (text.empty()) return true;
    out->valid = true;
    out->text = text;
    // Every text that goes out (JSON Lines, CSV, the terminal) must be UTF-8, so it must come in so.
    return known_utf8 || IsValidUtf8(text);
  }
  text = Trim(text);
  if (text.empty()) return true;
  out->valid = true;
  switch (type) {
    case ValueType::kBool: {
      bool value = false;
      if (!ParseBool(text, &value)) return false;
      out->i64 = value ? 1 : 0;
      return true;
    }
    case ValueType::kInt: return ParseInt64(text, &out->i64);
    case ValueType::kFloat: return ParseFloat(text, &out->f64);
    case ValueType::kMoney: return ParseMoney(text, &out->i64);
    case ValueType::kDate: {
      int32_t days = 0;
      if (!ParseDate(text, &days)) return false;
      out->i64 = days;
      return true;
    }
    case ValueType::kTimestamp: {
      ParsedTimestamp parsed;
      if (!ParseTimestamp(text, &parsed)) return false;
      out->i64 = zone.ToUtc(parsed);
      return true;
    }
    case ValueType::kDuration: return ParseDuration(text, &out->i64);
    case ValueType::kTags: out->text = text; return known_utf8 || IsValidUtf8(text);
    case ValueType::kText:
    case ValueType::kId: break;
  }
  return false;
}

void AppendCell(const CellValue& cell, Column* column) {
  if (!cell.valid) {
    column->AppendNull();
    return;
  }
  switch (column->type()) {
    case ValueType::kBool: column->AppendBool(cell.i64 != 0); return;
    case ValueType::kInt:
    case ValueType::kMoney:
    case ValueType::kTimestamp:
    case ValueType::kDuration: column->AppendInt64(cell.i64); return;
    case ValueType::kFloat: column->AppendDouble(cell.f64); return;
    case ValueType::kDate: column->AppendInt32(static_cast<int32_t>(cell.i64)); return;
    case ValueType::kText:
    case ValueType::kId: column->AppendText(cell.text); return;
    case ValueType::kTags: {
      std::string_view rest = cell.text;
      for (;;) {
        size_t bar = rest.find('|');
        std::string_view tag = Trim(rest.substr(0, bar));
        if (!tag.empty()) column->AddTag(tag);
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      column->FinishTags();
      return;
    }
  }
}

std::string NotAValue(ValueType type) {
  bool vowel = type == ValueType::kInt || type == ValueType::kId;
  return std::string(vowel ? "is not an " : "is not a ") + std::string(ValueTypeName(type)) + " value";
}

}  // namespace seg::rt
