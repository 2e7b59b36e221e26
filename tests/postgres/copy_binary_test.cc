// The binary COPY stream and numeric decoding, on bytes built by hand (no server).
#include "runtime/io/postgres/copy_binary.h"

#include <gtest/gtest.h>

namespace seg::rt::pg {
namespace {

std::string Be16(int v) { return {static_cast<char>((v >> 8) & 255), static_cast<char>(v & 255)}; }
std::string Be32(int64_t v) { return Be16(static_cast<int>((v >> 16) & 0xFFFF)) + Be16(static_cast<int>(v & 0xFFFF)); }

// numeric's send format: ndigits, weight, sign, dscale, then base-10000 digits.
std::string Numeric(int weight, int sign, std::vector<int> digits) {
  std::string out = Be16(static_cast<int>(digits.size())) + Be16(weight) + Be16(sign) + Be16(4);
  for (int d : digits) out += Be16(d);
  return out;
}

TEST(CopyBinary, NumericDigitsBase10000) {
  rt::Result<int64_t> units = 0;
  units = DecodeNumericMoney(Numeric(0, 0, {12, 5000}));
  ASSERT_TRUE(units.ok()) << units.message();
  EXPECT_EQ(*units, 125000);
  units = DecodeNumericMoney(Numeric(-1, 0x4000, {1}));
  ASSERT_TRUE(units.ok()) << units.message();  // -0.0001
  EXPECT_EQ(*units, -1);
  units = DecodeNumericMoney(Numeric(0, 0, {}));
  ASSERT_TRUE(units.ok()) << units.message();
  EXPECT_EQ(*units, 0);
  units = DecodeNumericMoney(Numeric(2, 0, {1}));
  ASSERT_TRUE(units.ok()) << units.message();  // 10^8
  EXPECT_EQ(*units, 1000000000000);
  // A zero digit past the fourth decimal is exact; others round as the CSV reader rounds: half
  // to even on the fifth decimal, a later non-zero digit breaking the tie.
  units = DecodeNumericMoney(Numeric(0, 0, {1, 0, 0}));
  ASSERT_TRUE(units.ok()) << units.message();
  EXPECT_EQ(*units, 10000);
  struct Case {
    int weight;
    int sign;
    std::vector<int> digits;
    int64_t units;
  };
  for (const Case& c : std::vector<Case>{{-2, 0, {5000}, 0},              // 0.00005
                                         {-1, 0, {1, 5000}, 2},           // 0.00015
                                         {-1, 0, {2, 5000}, 2},           // 0.00025
                                         {-2, 0x4000, {5000}, 0},         // -0.00005
                                         {-1, 0x4000, {1, 5000}, -2},     // -0.00015
                                         {-2, 0, {5100}, 1},              // 0.000051
                                         {-2, 0, {5000, 0, 1000}, 1},     // 0.0000500000001
                                         {-2, 0, {4999}, 0},              // 0.00004999
                                         {0, 0, {1, 2345, 5000}, 12346},  // 1.23455
                                         {-3, 0, {9999}, 0}}) {           // 0.000000009999
    units = DecodeNumericMoney(Numeric(c.weight, c.sign, c.digits));
    ASSERT_TRUE(units.ok()) << units.message();
    EXPECT_EQ(*units, c.units) << c.weight << " " << c.digits.size();
  }
  units = DecodeNumericMoney(Numeric(5, 0, {1}));
  EXPECT_FALSE(units.ok());  // 10^20
  EXPECT_NE(units.message().find("range"), std::string::npos);
  units = DecodeNumericMoney(Numeric(0, 0xC000, {}));
  EXPECT_FALSE(units.ok());
  units = DecodeNumericMoney("abc");
  EXPECT_FALSE(units.ok());
  units = DecodeNumericMoney(Numeric(0, 0, {10000}));
  EXPECT_FALSE(units.ok());  // not a base-10000 digit
}

TEST(CopyBinary, StreamSplitAnywhere) {
  std::string stream = std::string("PGCOPY\n\377\r\n\0", 11) + Be32(0) + Be32(0);
  stream += Be16(2) + Be32(3) + "abc" + Be32(-1);
  stream += Be16(2) + Be32(0) + Be32(1) + "z";
  stream += Be16(-1);
  // Fed one byte at a time, the reader gives the same tuples as fed at once.
  CopyBinaryReader reader;
  std::vector<Field> fields;
  std::vector<std::string> seen;
  bool ended = false;
  for (char c : stream) {
    reader.Feed(std::string_view(&c, 1));
    for (;;) {
      CopyBinaryReader::Step s = reader.Next(&fields);
      if (s == CopyBinaryReader::Step::kTuple) {
        std::string row;
        for (const Field& f : fields) row += f.null ? std::string("NULL;") : std::string(f.bytes) + ";";
        seen.push_back(row);
        continue;
      }
      ASSERT_NE(s, CopyBinaryReader::Step::kError) << reader.error();
      ended = s == CopyBinaryReader::Step::kEnd;
      break;
    }
  }
  EXPECT_TRUE(ended);
  EXPECT_EQ(seen, (std::vector<std::string>{"abc;NULL;", ";z;"}));
}

TEST(CopyBinary, BadSignature) {
  CopyBinaryReader reader;
  reader.Feed(std::string(30, 'x'));
  std::vector<Field> fields;
  EXPECT_EQ(reader.Next(&fields), CopyBinaryReader::Step::kError);
}

TEST(CopyBinary, WhichTypesReadWhich) {
  EXPECT_TRUE(CanRead(ValueType::kMoney, oid::kNumeric));
  EXPECT_TRUE(CanRead(ValueType::kTimestamp, oid::kTimestamp));
  EXPECT_TRUE(CanRead(ValueType::kTags, oid::kTextArray));
  EXPECT_FALSE(CanRead(ValueType::kMoney, oid::kFloat8));  // not exact
  EXPECT_FALSE(CanRead(ValueType::kInt, oid::kNumeric));
  EXPECT_FALSE(CanRead(ValueType::kText, oid::kInt4));
}

}  // namespace
}  // namespace seg::rt::pg
