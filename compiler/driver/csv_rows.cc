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

bool BitAt(const uint64_t* words, size_t row) { return (words[row >> 6] >> (row & 63)) & 1; }

char* WriteBool(bool value, char* out) { return value ? Copy("true", out) : Copy("false", out); }

char* WriteInt(int64_t value, char* out) { return std::to_chars(out, out + kIntTextMax, value).ptr; }

}  // namespace

CsvRows::CsvRows(const std::vector<CellPlan>& plans, const rt::Column& keys) : keys_(keys) {
  for (const CellPlan& plan : plans) {
    Cell cell{plan.kind};
    cell.buckets = plan.buckets;
    cell.encoded = plan.encoded.data();
    if (const exec::ResultColumn* column = plan.column) {
      if (column->packed()) {
        cell.bool_valid = column->bool_valid.data();
        cell.bool_values = column->bool_values.data();
      } else {
        cell.valid = column->valid.data();
        cell.ints = column->ints.data();
        cell.floats = column->floats.data();
      }
    }
    cells_.push_back(cell);
  }
}

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
      case Kind::kBool:
        if (!plan.column->packed()) return nullptr;  // WriteRow reads a bool's bits
        bound += 5;
        break;
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
  bool first = true;
  for (const Cell& cell : cells_) {
    if (!first) *out++ = kDelimiter;
    first = false;
    switch (cell.kind) {
      case Kind::kKey:
        if (!keys_.IsValid(row)) break;
        out = keys_.type() == rt::ValueType::kInt ? WriteInt(keys_.values<int64_t>()[row], out)
                                                  : rt::WriteCsvText(key, kDelimiter, out);
        break;
      case Kind::kBucket:
        if (int32_t bucket = cell.buckets[row]; bucket >= 0) out = Copy(cell.encoded[static_cast<size_t>(bucket)], out);
        break;
      case Kind::kTag: out = WriteBool(BitAt(cell.bool_valid, row) && BitAt(cell.bool_values, row), out); break;
      case Kind::kBool:
        if (BitAt(cell.bool_valid, row)) out = WriteBool(BitAt(cell.bool_values, row), out);
        break;
      case Kind::kInt:
        if (cell.valid[row] != 0) out = WriteInt(cell.ints[row], out);
        break;
      case Kind::kFloat:
        if (cell.valid[row] != 0 && std::isfinite(cell.floats[row]))
          out = Copy(writer.FloatText(cell.floats[row]), out);
        break;
      case Kind::kMoney:
        if (cell.valid[row] != 0) out = rt::WriteMoney(cell.ints[row], out);
        break;
      case Kind::kTextDomain:
        if (cell.valid[row] != 0) out = Copy(cell.encoded[static_cast<size_t>(cell.ints[row])], out);
        break;
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
