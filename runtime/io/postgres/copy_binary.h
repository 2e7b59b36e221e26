#pragma once

// PostgreSQL's binary COPY format (COPY ... TO STDOUT (FORMAT binary)): the stream of tuples, and
// the binary send format of each column type seg reads, decoded straight into loader cells.
// All integers on the wire are big-endian. See the PostgreSQL manual, "COPY", "Binary Format".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/cell_parser.h"
#include "runtime/time_zone.h"
#include "runtime/value_type.h"

namespace seg::rt::pg {

// Type OIDs of the built-in types seg reads (fixed in PostgreSQL's catalog, pg_type.dat).
namespace oid {
inline constexpr uint32_t kBool = 16, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kFloat4 = 700,
                          kFloat8 = 701, kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTimestamp = 1114,
                          kTimestampTz = 1184, kInterval = 1186, kNumeric = 1700, kUuid = 2950, kTextArray = 1009,
                          kVarcharArray = 1015, kBpcharArray = 1014;
}

// Whether a database column of type `type_oid` can be read as the declared type.
bool CanRead(ValueType declared, uint32_t type_oid);
// The database types a declared type reads, for messages: "numeric, int2, int4 or int8".
std::string ReadableTypes(ValueType declared);

// One field of a tuple: its bytes, or null.
struct Field {
  std::string_view bytes;
  bool null = false;
};

// Splits the COPY byte stream (arriving in pieces of any size) into tuples.
class CopyBinaryReader {
 public:
  enum class Step { kTuple, kNeedMore, kEnd, kError };
  // Adds the next piece of the stream; fields of tuples returned earlier become invalid.
  void Feed(std::string_view data);
  // The next whole tuple in *fields, kNeedMore when the rest has not arrived, kEnd after the
  // trailer, kError (with error()) for a malformed stream.
  Step Next(std::vector<Field>* fields);
  const std::string& error() const { return error_; }

 private:
  std::string buffer_;
  size_t offset_ = 0;
  bool header_done_ = false;
  bool ended_ = false;
  std::string error_;
};

// Decodes one non-null field of database type `type_oid` (CanRead(declared, type_oid)) into
// `cell`. Text cells point into `bytes` or, for tags, into `*scratch`. Fails with the reason
// ("is out of the money range", ...) when the value has no equivalent in the declared type (money
// of more than 4 decimals rounds as seg's CSV reader rounds it).
Status DecodeField(ValueType declared, uint32_t type_oid, std::string_view bytes, const TimeZone& zone, CellValue* cell,
                   std::string* scratch);

// numeric -> money units of 1/10000: digits beyond the fourth decimal round as seg's CSV reader
// rounds them (half to even, runtime/money.cc); refuses NaN, infinities and values outside
// money's range.
rt::Result<int64_t> DecodeNumericMoney(std::string_view bytes);

}  // namespace seg::rt::pg
