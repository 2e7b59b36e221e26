#include "compiler/driver/csv_rows.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "runtime/money.h"

namespace seg::driver {
namespace {

using Kind = CellPlan::Kind;

constexpr char kDelimiter = ',';
constexpr size_t kIntTextMax = 20;  // INT64_MIN
constexpr size_t kScratchBytes = size_t{64} << 10;

size_t WidestEncoded(const CellPlan& plan) {
  size_t widest = 0;
  for (const std::string& text : plan.encoded) widest = std::max(widest, text.size());
  return widest;
}

char* Copy(std::string_view text, char* out) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* WriteBool(bool value, char* out) { return value ? Copy("true", out) : Copy("false", out); }

char* WriteInt(int64_t value, char* out) { return std::to_chars(out, out + kIntTextMax, value).ptr; }

}  // namespace

std::unique_ptr<CsvRows> CsvRows::For(const std::vector<CellPlan>& plans, const rt::Column& keys) {
  rt::ValueType key_type = keys.type();
  if (key_type != rt::ValueType::kText && key_type != rt::ValueType::kId && key_type != rt::ValueType::kInt)
    return nullptr;
  std::unique_ptr<CsvRows> rows(new CsvRows(plans, keys));
  size_t bound = 1;  // the line break
  for (const CellPlan& plan : plans) {
    bound += 1;  // the delimiter before it
    switch (plan.kind) {
      case Kind::kKey: bound += kIntTextMax; break;  // a text key is made room for on its own
      case Kind::kBucket:
      case Kind::kTextDomain: bound += WidestEncoded(plan); break;
      case Kind::kTag:
      case Kind::kBool: bound += 5; break;
      case Kind::kInt: bound += kIntTextMax; break;
      case Kind::kFloat: bound += rt::ResultWriter::kFloatTextMax; break;
      case Kind::kMoney: bound += rt::kMoneyTextMax; break;
      default: return nullptr;
    }
  }
  rows->row_bound_ = bound;
  return rows;
}

char* CsvRows::WriteRow(size_t row, std::string_view key, char* out, rt::ResultWriter& writer) const {
  for (size_t c = 0; c < plans_.size(); ++c) {
    if (c > 0) *out++ = kDelimiter;
    const CellPlan& plan = plans_[c];
    if (plan.kind == Kind::kKey) {
      if (!keys_.IsValid(row)) continue;
      out = keys_.type() == rt::ValueType::kInt ? WriteInt(keys_.values<int64_t>()[row], out)
                                                : rt::WriteCsvText(key, kDelimiter, out);
      continue;
    }
    if (plan.kind == Kind::kBucket) {
      int32_t bucket = plan.buckets[row];
      if (bucket >= 0) out = Copy(plan.encoded[static_cast<size_t>(bucket)], out);
      continue;
    }
    const exec::ResultColumn& column = *plan.column;
    if (plan.kind == Kind::kTag) {
      out = WriteBool(column.Holds(row), out);
      continue;
    }
    if (!column.Valid(row)) continue;  // a missing value: an empty field
    switch (plan.kind) {
      case Kind::kBool: out = WriteBool(column.Int(row) != 0, out); break;
      case Kind::kInt: out = WriteInt(column.Int(row), out); break;
      case Kind::kFloat:
        if (std::isfinite(column.floats[row])) out = Copy(writer.FloatText(column.floats[row]), out);
        break;
      case Kind::kMoney: out = rt::WriteMoney(column.Int(row), out); break;
      case Kind::kTextDomain: out = Copy(plan.encoded[static_cast<size_t>(column.ints[row])], out); break;
      default: break;  // For() left the other kinds out
    }
  }
  *out++ = '\n';
  return out;
}

bool CsvRows::Write(size_t begin, size_t end, rt::ResultWriter& writer) const {
  size_t capacity = std::max(kScratchBytes, 4 * row_bound_);
  std::unique_ptr<char[]> scratch(new char[capacity]);  // not cleared: every byte handed on is written
  char* const first = scratch.get();
  char* out = first;
  auto flush = [&] {
    bool ok = writer.AddRows(std::string_view(first, static_cast<size_t>(out - first)));
    out = first;
    return ok;
  };
  bool text_keys = keys_.type() != rt::ValueType::kInt;
  for (size_t row = begin; row < end; ++row) {
    std::string_view key = text_keys && keys_.IsValid(row) ? keys_.TextAt(row) : std::string_view();
    size_t room = row_bound_ + 2 * key.size() + 2;  // a text key quoted, every character doubled
    if (capacity - static_cast<size_t>(out - first) < room && !flush()) return false;
    if (room > capacity) {  // a key longer than the scratch: this row in a buffer of its own
      std::unique_ptr<char[]> alone(new char[room]);
      char* alone_end = WriteRow(row, key, alone.get(), writer);
      if (!writer.AddRows(std::string_view(alone.get(), static_cast<size_t>(alone_end - alone.get())))) return false;
      continue;
    }
    out = WriteRow(row, key, out, writer);
  }
  return flush();
}

}  // namespace seg::driver
