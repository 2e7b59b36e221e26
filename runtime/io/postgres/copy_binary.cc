#include "runtime/io/postgres/copy_binary.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/civil_time.h"
#include "runtime/money.h"

namespace seg::rt::pg {
namespace {

constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with its terminating NUL
constexpr size_t kSignatureSize = 11;
// PostgreSQL counts dates and timestamps from 2000-01-01; seg from 1970-01-01.
constexpr int32_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = int64_t{kPgEpochDays} * kMicrosPerDay;

uint16_t Read16(const char* p) {
  return static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
uint32_t Read32(const char* p) {
  return (uint32_t{static_cast<uint8_t>(p[0])} << 24) | (uint32_t{static_cast<uint8_t>(p[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(p[2])} << 8) | uint32_t{static_cast<uint8_t>(p[3])};
}
uint64_t Read64(const char* p) { return (uint64_t{Read32(p)} << 32) | Read32(p + 4); }

bool IsTextType(uint32_t t) { return t == oid::kText || t == oid::kVarchar || t == oid::kBpchar || t == oid::kName; }
bool IsIntType(uint32_t t) { return t == oid::kInt2 || t == oid::kInt4 || t == oid::kInt8; }

bool ReadInt(uint32_t type_oid, std::string_view b, int64_t* out) {
  size_t want = type_oid == oid::kInt2 ? 2 : type_oid == oid::kInt4 ? 4 : 8;
  if (b.size() != want) return false;
  if (want == 2) *out = static_cast<int16_t>(Read16(b.data()));
  if (want == 4) *out = static_cast<int32_t>(Read32(b.data()));
  if (want == 8) *out = static_cast<int64_t>(Read64(b.data()));
  return true;
}

// uuid's 16 bytes as PostgreSQL prints them: 8-4-4-4-12 lower-case hex.
void FormatUuid(std::string_view b, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->clear();
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *out += '-';
    *out += kHex[static_cast<uint8_t>(b[i]) >> 4];
    *out += kHex[static_cast<uint8_t>(b[i]) & 15];
  }
}

// A one-dimensional text[] (or varchar[]) as seg's tags text: labels joined by '|', which
// AppendCell splits, trims and drops when empty, as for a CSV field. NULL elements are dropped.
Status DecodeTextArray(std::string_view b, std::string* out) {
  out->clear();
  if (b.size() < 12) return Status::Error("is a malformed array");
  int32_t dims = static_cast<int32_t>(Read32(b.data()));
  if (dims == 0) return Status::Ok();  // '{}'
  if (dims != 1) return Status::Error("is a " + std::to_string(dims) + "-dimensional array (tags read one dimension)");
  if (b.size() < 20) return Status::Error("is a malformed array");
  int64_t count = static_cast<int32_t>(Read32(b.data() + 12));
  size_t at = 20;
  for (int64_t i = 0; i < count; ++i) {
    if (at + 4 > b.size()) return Status::Error("is a malformed array");
    int32_t length = static_cast<int32_t>(Read32(b.data() + at));
    at += 4;
    if (length < 0) continue;
    if (at + static_cast<size_t>(length) > b.size()) return Status::Error("is a malformed array");
    std::string_view label = b.substr(at, static_cast<size_t>(length));
    at += static_cast<size_t>(length);
    if (label.find('|') != std::string_view::npos) {
      return Status::Error("has a tag containing '|', which seg's tags cannot hold");
    }
    if (!out->empty()) *out += '|';
    *out += label;
  }
  return Status::Ok();
}

}  // namespace

bool CanRead(ValueType declared, uint32_t t) {
  switch (declared) {
    case ValueType::kBool: return t == oid::kBool;
    case ValueType::kInt: return IsIntType(t);
    case ValueType::kFloat: return t == oid::kFloat8 || t == oid::kFloat4;
    case ValueType::kMoney: return t == oid::kNumeric || IsIntType(t);
    case ValueType::kDate: return t == oid::kDate;
    case ValueType::kTimestamp: return t == oid::kTimestampTz || t == oid::kTimestamp;
    case ValueType::kDuration: return t == oid::kInterval;
    case ValueType::kText: return IsTextType(t) || t == oid::kUuid;
    case ValueType::kId: return IsTextType(t) || t == oid::kUuid || IsIntType(t);
    case ValueType::kTags: return t == oid::kTextArray || t == oid::kVarcharArray || t == oid::kBpcharArray;
  }
  return false;
}

std::string ReadableTypes(ValueType declared) {
  switch (declared) {
    case ValueType::kBool: return "boolean";
    case ValueType::kInt: return "smallint, integer or bigint";
    case ValueType::kFloat: return "double precision or real";
    case ValueType::kMoney: return "numeric, smallint, integer or bigint";
    case ValueType::kDate: return "date";
    case ValueType::kTimestamp: return "timestamp with time zone or timestamp (local time in the program's zone)";
    case ValueType::kDuration: return "interval (without months)";
    case ValueType::kText: return "text, varchar, char, uuid or an enum";
    case ValueType::kId: return "text, varchar, char, uuid, an enum, smallint, integer or bigint";
    case ValueType::kTags: return "text[] or varchar[]";
  }
  return "";
}

void CopyBinaryReader::Feed(std::string_view data) {
  if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(data);
}

CopyBinaryReader::Step CopyBinaryReader::Next(std::vector<Field>* fields) {
  if (!error_.empty()) return Step::kError;
  if (ended_) return Step::kEnd;
  std::string_view rest = std::string_view(buffer_).substr(offset_);
  if (!header_done_) {
    if (rest.size() < kSignatureSize + 8) return Step::kNeedMore;
    if (std::memcmp(rest.data(), kSignature, kSignatureSize) != 0) {
      error_ = "the server's COPY data does not start with the binary signature";
      return Step::kError;
    }
    uint32_t extension = Read32(rest.data() + kSignatureSize + 4);
    if (rest.size() < kSignatureSize + 8 + extension) return Step::kNeedMore;
    offset_ += kSignatureSize + 8 + extension;
    header_done_ = true;
    rest = rest.substr(kSignatureSize + 8 + extension);
  }
  if (rest.size() < 2) return Step::kNeedMore;
  int16_t count = static_cast<int16_t>(Read16(rest.data()));
  if (count == -1) {
    ended_ = true;
    offset_ += 2;
    return Step::kEnd;
  }
  if (count < 0) {
    error_ = "malformed COPY data (field count " + std::to_string(count) + ")";
    return Step::kError;
  }
  fields->resize(static_cast<size_t>(count));
  size_t at = 2;
  for (int16_t i = 0; i < count; ++i) {
    if (rest.size() < at + 4) return Step::kNeedMore;
    int32_t length = static_cast<int32_t>(Read32(rest.data() + at));
    at += 4;
    if (length < 0) {
      (*fields)[static_cast<size_t>(i)] = Field{{}, true};
      continue;
    }
    if (rest.size() < at + static_cast<size_t>(length)) return Step::kNeedMore;
    (*fields)[static_cast<size_t>(i)] = Field{rest.substr(at, static_cast<size_t>(length)), false};
    at += static_cast<size_t>(length);
  }
  offset_ += at;
  return Step::kTuple;
}

rt::Result<int64_t> DecodeNumericMoney(std::string_view b) {
  if (b.size() < 8) return Status::Error("is a malformed numeric");
  int ndigits = static_cast<int16_t>(Read16(b.data()));
  int weight = static_cast<int16_t>(Read16(b.data() + 2));
  uint16_t sign = Read16(b.data() + 4);
  if (ndigits < 0 || b.size() != 8 + 2 * static_cast<size_t>(ndigits)) return Status::Error("is a malformed numeric");
  if (sign == 0xC000) return Status::Error("is NaN, which is not a money value");
  if (sign == 0xD000 || sign == 0xF000) return Status::Error("is infinite, which is not a money value");
  if (sign != 0x0000 && sign != 0x4000) return Status::Error("is a malformed numeric");
  // Digit i (base 10000) is worth 10000^(weight - i); money counts units of 10000^-1, so digit i
  // adds digit * 10000^(weight - i + 1). Digits below that are decimals 5 and on: they round the
  // value as seg's CSV reader does (runtime/money.cc): half to even on the fifth decimal, any
  // later non-zero digit breaking a tie.
  constexpr __int128 kLimit = static_cast<__int128>(std::numeric_limits<int64_t>::max());
  __int128 value = 0;
  int first_below = -1;  // decimals 5 to 8, the base-10000 digit that decides the rounding
  bool sticky = false;   // a non-zero digit after those
  for (int i = 0; i < ndigits; ++i) {
    int digit = Read16(b.data() + 8 + 2 * i);
    if (digit >= 10000) return Status::Error("is a malformed numeric");
    int exponent = weight - i + 1;
    if (exponent < 0) {
      if (exponent == -1) first_below = digit;
      else sticky = sticky || digit != 0;
      continue;
    }
    __int128 term = digit;
    for (int e = 0; e < exponent && term != 0; ++e) {
      term *= 10000;
      if (term > kLimit) return Status::Error("is out of the money range (about +-922 trillion)");
    }
    value += term;
    if (value > kLimit) return Status::Error("is out of the money range (about +-922 trillion)");
  }
  if (first_below > 5000 || (first_below == 5000 && (sticky || value % 2 != 0))) {
    value += 1;
    if (value > kLimit) return Status::Error("is out of the money range (about +-922 trillion)");
  }
  return static_cast<int64_t>(sign == 0x4000 ? -value : value);
}

Status DecodeField(ValueType declared, uint32_t t, std::string_view b, const TimeZone& zone, CellValue* cell,
                   std::string* scratch) {
  cell->valid = true;
  auto malformed = [] { return Status::Error("is malformed binary data for its type"); };
  if (IsIntType(t)) {
    int64_t v = 0;
    if (!ReadInt(t, b, &v)) return malformed();
    if (declared == ValueType::kMoney) {
      if (v > std::numeric_limits<int64_t>::max() / kMoneyScale ||
          v < std::numeric_limits<int64_t>::min() / kMoneyScale) {
        return Status::Error("is out of the money range (about +-922 trillion)");
      }
      cell->i64 = v * kMoneyScale;
    } else if (declared == ValueType::kId) {
      *scratch = std::to_string(v);
      cell->text = *scratch;
    } else {
      cell->i64 = v;
    }
    return Status::Ok();
  }
  if (IsTextType(t)) {
    cell->text = b;
    return Status::Ok();
  }
  switch (t) {
    case oid::kBool:
      if (b.size() != 1) return malformed();
      cell->i64 = b[0] != 0;
      return Status::Ok();
    case oid::kFloat8:
    case oid::kFloat4: {
      double v;
      if (t == oid::kFloat8) {
        if (b.size() != 8) return malformed();
        uint64_t bits = Read64(b.data());
        std::memcpy(&v, &bits, 8);
      } else {
        if (b.size() != 4) return malformed();
        uint32_t bits = Read32(b.data());
        float f;
        std::memcpy(&f, &bits, 4);
        v = f;
      }
      if (!std::isfinite(v)) return Status::Error("is NaN or infinite, which seg's float does not hold");
      cell->f64 = v;
      return Status::Ok();
    }
    case oid::kNumeric: {
      rt::Result<int64_t> units = DecodeNumericMoney(b);
      if (!units.ok()) return units.status();
      cell->i64 = *units;
      return Status::Ok();
    }
    case oid::kDate: {
      if (b.size() != 4) return malformed();
      int32_t days = static_cast<int32_t>(Read32(b.data()));
      if (days == std::numeric_limits<int32_t>::max() || days == std::numeric_limits<int32_t>::min()) {
        return Status::Error("is an infinite date");
      }
      cell->i64 = int64_t{days} + kPgEpochDays;
      return Status::Ok();
    }
    case oid::kTimestampTz:
    case oid::kTimestamp: {
      if (b.size() != 8) return malformed();
      int64_t us = static_cast<int64_t>(Read64(b.data()));
      if (us == std::numeric_limits<int64_t>::max() || us == std::numeric_limits<int64_t>::min()) {
        return Status::Error("is an infinite timestamp");
      }
      int64_t since_1970 = us + kPgEpochMicros;
      if (t == oid::kTimestampTz) {
        cell->i64 = since_1970;
      } else {  // a wall-clock reading: local time in the program's zone, as in a CSV file
        LocalDateTime local{static_cast<int32_t>(FloorDiv(since_1970, kMicrosPerDay)),
                            since_1970 - FloorDiv(since_1970, kMicrosPerDay) * kMicrosPerDay};
        cell->i64 = zone.LocalToUtc(local);
      }
      return Status::Ok();
    }
    case oid::kInterval: {
      if (b.size() != 16) return malformed();
      int64_t us = static_cast<int64_t>(Read64(b.data()));
      int32_t days = static_cast<int32_t>(Read32(b.data() + 8));
      int32_t months = static_cast<int32_t>(Read32(b.data() + 12));
      if (months != 0) return Status::Error("has months, which have no fixed length in a duration");
      cell->i64 = us + int64_t{days} * kMicrosPerDay;
      return Status::Ok();
    }
    case oid::kUuid:
      if (b.size() != 16) return malformed();
      FormatUuid(b, scratch);
      cell->text = *scratch;
      return Status::Ok();
    case oid::kTextArray:
    case oid::kVarcharArray:
    case oid::kBpcharArray:
      SEG_RETURN_IF_ERROR(DecodeTextArray(b, scratch));
      cell->text = *scratch;
      return Status::Ok();
    default: return Status::Error("has a type seg cannot read");
  }
}

}  // namespace seg::rt::pg
