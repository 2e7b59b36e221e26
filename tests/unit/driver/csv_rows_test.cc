// CsvRows writes CSV rows a batch and a column at a time with its own number formatting: its
// bytes must be those of ResultWriter's cell by cell calls (the reference), for the edge values of
// every kind of cell, missing values, texts that need quoting or are longer than a block copy, and
// for any split of the rows (batches of 64 rows, blocks that start inside a batch).
#include "compiler/driver/csv_rows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "runtime/io/result_writer.h"

namespace seg::driver {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr size_t kRows = 203;  // three batches and a part of one

const std::string kLong(70, 'x');  // longer than a block copy

const std::vector<int64_t> kInts = {kMin,  kMax,          0,        -1,        9,         10,
                                    99,    100,           99999999, 100000000, -99999999, -100000000,
                                    12345, 1234567890123, kMin + 1, kMax - 1,  7};
const std::vector<int64_t> kMoney = {kMin,          kMax,  0,      1,         -1,         -2500,        10000,
                                     -10000,        10001, -10001, 123456789, -123456789, 999999990000, 1000000000000,
                                     -999999999999, 50,    -50};
const std::vector<double> kFloats = {0.1,
                                     -0.0,
                                     0.0,
                                     1.0,
                                     -1.0,
                                     99999.0,
                                     100000.0,
                                     -99999.0,
                                     1e21,
                                     1.0 / 3,
                                     std::numeric_limits<double>::denorm_min(),
                                     std::numeric_limits<double>::max(),
                                     -std::numeric_limits<double>::min(),
                                     -2.2250738585072014e-308,
                                     std::nan(""),
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity(),
                                     0.25};
const std::vector<std::string> kTexts = {"plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", kLong};

exec::ResultColumn NumberColumn(lang::TypeKind kind) {
  exec::ResultColumn column;
  column.type = lang::Type::Of(kind);
  for (size_t row = 0; row < kRows; ++row) {
    bool missing = row % 5 == 3;
    column.valid.push_back(missing ? 0 : 1);
    if (kind == lang::TypeKind::kFloat) {
      column.floats.push_back(missing ? 0.0 : kFloats[row % kFloats.size()]);
      column.ints.push_back(0);
    } else if (kind == lang::TypeKind::kMoney) {
      column.ints.push_back(missing ? 0 : kMoney[row % kMoney.size()]);
    } else if (kind == lang::TypeKind::kText) {
      column.ints.push_back(missing ? 0 : static_cast<int64_t>(row % kTexts.size()));
    } else {
      column.ints.push_back(missing ? 0 : kInts[row % kInts.size()]);
    }
  }
  if (kind == lang::TypeKind::kText) column.text = kTexts;
  return column;
}

exec::ResultColumn BoolColumn(bool with_missing) {
  exec::ResultColumn column;
  column.type = lang::Type::Of(lang::TypeKind::kBool);
  column.bool_rows = kRows;
  column.bool_values.assign(exec::BitWords(kRows), 0);
  column.bool_valid.assign(exec::BitWords(kRows), 0);
  for (size_t row = 0; row < kRows; ++row) {
    if (row % 3 != 0) column.bool_values[row / 64] |= uint64_t{1} << (row % 64);
    if (!with_missing || row % 7 != 2) column.bool_valid[row / 64] |= uint64_t{1} << (row % 64);
  }
  return column;
}

// The rows of every kind of column CsvRows writes, and the same rows written by ResultWriter.
struct Rows {
  rt::Column keys;
  exec::Values<int32_t> buckets;
  std::vector<std::string> bucket_names = {"Champions", "needs, quoting", kLong};
  exec::ResultColumn tag = BoolColumn(false);
  exec::ResultColumn flag = BoolColumn(true);
  exec::ResultColumn ints = NumberColumn(lang::TypeKind::kInt);
  exec::ResultColumn floats = NumberColumn(lang::TypeKind::kFloat);
  exec::ResultColumn money = NumberColumn(lang::TypeKind::kMoney);
  exec::ResultColumn texts = NumberColumn(lang::TypeKind::kText);

  explicit Rows(rt::ValueType key_type) : keys(key_type) {
    for (size_t row = 0; row < kRows; ++row) {
      if (row % 11 == 4) {
        keys.AppendNull();
      } else if (key_type == rt::ValueType::kInt) {
        // The low bit flipped (not 1 added: INT64_MAX is among kInts) makes the repeats differ.
        keys.AppendInt64(kInts[row % kInts.size()] ^ (row < kInts.size() ? 0 : static_cast<int64_t>(row % 2)));
      } else {
        // Distinct keys, some quoted, one empty, some longer than a block copy.
        std::string key = row % 13 == 0 ? kTexts[row % kTexts.size()] + std::to_string(row) : "C" + std::to_string(row);
        if (row == 1) key = "";
        if (row % 17 == 0) key = kLong + std::to_string(row);
        keys.AppendText(key);
      }
      buckets.push_back(row % 4 == 3 ? -1 : static_cast<int32_t>(row % bucket_names.size()));
    }
  }

  std::vector<CellPlan> Plans(const rt::ResultWriter& writer) const {
    std::vector<CellPlan> plans = {CellPlan(CellPlan::Kind::kKey)};
    CellPlan bucket(CellPlan::Kind::kBucket);
    bucket.buckets = buckets.data();
    for (const std::string& name : bucket_names) bucket.encoded.push_back(writer.EncodeText(name));
    plans.push_back(bucket);
    plans.push_back(CellPlan(CellPlan::Kind::kTag, &tag));
    plans.push_back(CellPlan(CellPlan::Kind::kBool, &flag));
    plans.push_back(CellPlan(CellPlan::Kind::kInt, &ints));
    plans.push_back(CellPlan(CellPlan::Kind::kFloat, &floats));
    plans.push_back(CellPlan(CellPlan::Kind::kMoney, &money));
    CellPlan text(CellPlan::Kind::kTextDomain, &texts);
    for (const std::string& t : kTexts) text.encoded.push_back(writer.EncodeText(t));
    plans.push_back(text);
    return plans;
  }

  // Rows [begin, end) as ResultWriter writes them one cell at a time.
  std::string Reference(size_t begin, size_t end) const {
    rt::ResultWriter writer(rt::ResultFormat::kCsv, {"k", "b", "t", "f", "i", "x", "m", "s"}, ',');
    for (size_t row = begin; row < end; ++row) {
      writer.AddCell(keys, row);
      if (buckets[row] < 0) writer.AddNull();
      else writer.AddText(bucket_names[static_cast<size_t>(buckets[row])]);
      writer.AddBool(tag.Holds(row));
      if (flag.Valid(row)) writer.AddBool(flag.Int(row) != 0);
      else writer.AddNull();
      if (ints.Valid(row)) writer.AddInt(ints.ints[row]);
      else writer.AddNull();
      if (floats.Valid(row)) writer.AddFloat(floats.floats[row]);
      else writer.AddNull();
      if (money.Valid(row)) writer.AddMoney(money.ints[row]);
      else writer.AddNull();
      if (texts.Valid(row)) writer.AddText(kTexts[static_cast<size_t>(texts.ints[row])]);
      else writer.AddNull();
      writer.EndRow();
    }
    return writer.rows();
  }
};

std::string Written(const CsvRows& csv, const std::vector<std::pair<size_t, size_t>>& ranges) {
  std::unique_ptr<CsvRows::Scratch> scratch = csv.NewScratch();
  RowText text;
  for (auto [begin, end] : ranges) csv.Write(begin, end, *scratch, text);
  return std::string(text.text());
}

// The rows of every kind of cell, with keys of the parameter's type, and their CsvRows.
class CsvRowsTest : public testing::TestWithParam<rt::ValueType> {
 protected:
  Rows rows{GetParam()};
  rt::ResultWriter encoder{rt::ResultFormat::kCsv, {}, ','};
  std::vector<CellPlan> plans = rows.Plans(encoder);
  std::unique_ptr<CsvRows> csv = CsvRows::For(plans, rows.keys);
};

TEST_P(CsvRowsTest, WritesTheBytesOfTheCellByCellWriter) {
  ASSERT_NE(csv, nullptr);
  std::string expected = rows.Reference(0, kRows);
  // The edge values are there to be compared.
  EXPECT_NE(expected.find("-9223372036854775808,"), std::string::npos);
  EXPECT_NE(expected.find("-922337203685477.5808,"), std::string::npos);
  EXPECT_NE(expected.find(",922337203685477.5807,"), std::string::npos);
  EXPECT_NE(expected.find(",-0.25,"), std::string::npos);
  EXPECT_NE(expected.find(",-0.0001,"), std::string::npos);
  EXPECT_NE(expected.find(",5e-324,"), std::string::npos);
  EXPECT_NE(expected.find(",\"needs, quoting\","), std::string::npos);
  EXPECT_NE(expected.find(",\"say \"\"hi\"\"\"\n"), std::string::npos);
  EXPECT_EQ(Written(*csv, {{0, kRows}}), expected);
  // Blocks that start and end inside a batch, one row, none.
  EXPECT_EQ(Written(*csv, {{0, 70}, {70, 71}, {71, 71}, {71, 130}, {130, kRows}}), expected);
  EXPECT_EQ(Written(*csv, {{65, 200}}), rows.Reference(65, 200));
}

// Ints and whole floats below 10^4 point at the digits in decimal_text.h's table, the rest are
// written: every value around that edge, -0.0, fractions, and missing rows (which read as 0).
TEST(CsvRowsTest, SmallValuesFromTheTableAndTheRestWrittenGiveTheSameBytes) {
  std::vector<double> values;
  for (double v = -3; v <= 10003; ++v) values.push_back(v);
  for (double v : {-0.0, 0.5, 9999.5, 9999.999999, 1e4 - 1e-9, 1e4 + 1e-9, 4294967296.0, 1e21, -1e4}) {
    values.push_back(v);
  }
  exec::ResultColumn ints, floats;
  ints.type = lang::Type::Of(lang::TypeKind::kInt);
  floats.type = lang::Type::Of(lang::TypeKind::kFloat);
  rt::Column keys(rt::ValueType::kInt);
  for (size_t row = 0; row < values.size(); ++row) {
    bool missing = row % 7 == 5;
    keys.AppendInt64(static_cast<int64_t>(row));
    for (exec::ResultColumn* column : {&ints, &floats}) column->valid.push_back(missing ? 0 : 1);
    ints.ints.push_back(missing ? 0 : static_cast<int64_t>(values[row]));
    floats.floats.push_back(missing ? 0.0 : values[row]);
  }
  std::unique_ptr<CsvRows> csv = CsvRows::For({CellPlan(CellPlan::Kind::kKey), CellPlan(CellPlan::Kind::kInt, &ints),
                                               CellPlan(CellPlan::Kind::kFloat, &floats)},
                                              keys);
  ASSERT_NE(csv, nullptr);
  rt::ResultWriter writer(rt::ResultFormat::kCsv, {"k", "i", "x"}, ',');
  for (size_t row = 0; row < values.size(); ++row) {
    writer.AddCell(keys, row);
    if (ints.Valid(row)) writer.AddInt(ints.ints[row]);
    else writer.AddNull();
    if (floats.Valid(row)) writer.AddFloat(floats.floats[row]);
    else writer.AddNull();
    writer.EndRow();
  }
  std::string expected = writer.rows();
  EXPECT_NE(expected.find("\n10002,9999,9999\n"), std::string::npos);
  EXPECT_NE(expected.find("\n10003,10000,10000\n"), std::string::npos);
  EXPECT_NE(expected.find(",0,-0\n"), std::string::npos);
  EXPECT_NE(expected.find(",9999,9999.5\n"), std::string::npos);
  EXPECT_EQ(Written(*csv, {{0, values.size()}}), expected);
}

// A text key is its cell where the dictionary holds it when it has 1 to 32 bytes and none to
// quote: keys of every length around the block copy's 32 bytes and a word's 8, each with a quote,
// a line break or the delimiter at every place (the first byte, a word's edges, the last byte)
// and with one in the next key's bytes, and the keys that end the dictionary (whose block copy
// would read past it), give ResultWriter's bytes.
TEST(CsvRowsTest, TextKeysReadWhereTheDictionaryHoldsThemGiveTheSameBytes) {
  rt::Column keys(rt::ValueType::kText);
  size_t serial = 0;
  auto add = [&](std::string key) {
    keys.AppendText(key);
    ++serial;
  };
  for (size_t size = 1; size <= 40; ++size) {
    std::string plain(size, 'k');
    plain[0] = static_cast<char>('a' + serial % 26);  // distinct keys, not one code repeated
    add(plain);
    for (size_t at : {size_t{0}, size_t{7}, size_t{8}, size_t{15}, size_t{16}, size_t{31}, size_t{32}, size - 1}) {
      if (at >= size) continue;
      for (char special : {',', '"', '\n', '\r'}) {
        std::string key(size, 'q');
        key[at] = special;
        key += std::to_string(serial);  // longer by a few bytes, and distinct
        add(key);
        add(plain + std::to_string(serial));  // a plain key, the next one holding a special byte
        add(std::string(1, special) + "next");
      }
    }
  }
  add("last");
  add("z");
  std::unique_ptr<CsvRows> csv = CsvRows::For({CellPlan(CellPlan::Kind::kKey)}, keys);
  ASSERT_NE(csv, nullptr);
  rt::ResultWriter writer(rt::ResultFormat::kCsv, {"k"}, ',');
  for (size_t row = 0; row < keys.size(); ++row) {
    writer.AddCell(keys, row);
    writer.EndRow();
  }
  std::string expected = writer.rows();
  EXPECT_NE(expected.find("\n\",next\"\n"), std::string::npos);
  EXPECT_NE(expected.find("\n\"\"\"next\"\n"), std::string::npos);
  EXPECT_EQ(Written(*csv, {{0, keys.size()}}), expected);
  EXPECT_EQ(Written(*csv, {{0, 100}, {100, 101}, {101, keys.size()}}), expected);
}

// WriteResults reserves each block's room once (BlockRoom) and reuses blocks once written: a
// reserved block, and one cleared and written again, hold the bytes of a fresh one.
TEST_P(CsvRowsTest, AReservedAndReusedBlockWritesTheSameBytes) {
  ASSERT_NE(csv, nullptr);
  std::unique_ptr<CsvRows::Scratch> scratch = csv->NewScratch();
  for (size_t n : {size_t{0}, size_t{1}, size_t{64}, size_t{65}, kRows}) {
    EXPECT_GE(csv->BlockRoom(n), n * 10) << n;  // at least a delimiter per cell
    RowText block;
    block.Reserve(csv->BlockRoom(n));
    csv->Write(0, n, *scratch, block);
    EXPECT_EQ(std::string(block.text()), rows.Reference(0, n)) << n;
    block.Clear();
    csv->Write(n, kRows, *scratch, block);
    EXPECT_EQ(std::string(block.text()), rows.Reference(n, kRows)) << n;
  }
}

// Reserved room is used in place: text written within it does not move.
TEST(RowTextTest, ReservedRoomIsNotReallocated) {
  RowText text;
  text.Reserve(100);
  char* first = text.Room(60);
  std::memset(first, 'a', 60);
  text.End(first + 60);
  char* second = text.Room(40);
  EXPECT_EQ(second, first + 60);
  std::memset(second, 'b', 40);
  text.End(second + 40);
  text.Reserve(50);  // less than it has: nothing changes
  EXPECT_EQ(text.text().data(), first);
  EXPECT_EQ(text.text(), std::string(60, 'a') + std::string(40, 'b'));
  char* grown = text.Room(1);  // past the reserve: grows, keeping the text
  *grown = 'c';
  text.End(grown + 1);
  EXPECT_EQ(text.text(), std::string(60, 'a') + std::string(40, 'b') + "c");
  text.Clear();
  EXPECT_TRUE(text.text().empty());
}

INSTANTIATE_TEST_SUITE_P(Keys, CsvRowsTest, testing::Values(rt::ValueType::kText, rt::ValueType::kInt));

// A date (written only cell by cell) leaves CsvRows out.
TEST(CsvRowsTest, DatesAreLeftToTheCellByCellWriter) {
  exec::ResultColumn dates;
  dates.type = lang::Type::Of(lang::TypeKind::kDate);
  rt::Column keys(rt::ValueType::kText);
  EXPECT_EQ(CsvRows::For({CellPlan(CellPlan::Kind::kKey), CellPlan(CellPlan::Kind::kDate, &dates)}, keys), nullptr);
}

}  // namespace
}  // namespace seg::driver
