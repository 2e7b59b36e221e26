// RowBinary both ways through a real server: every seg type goes in as SegColumnType and comes
// back bit for bit (floats, money, dates before 1970, microseconds, text with any bytes, tags);
// ClickHouse's own types read exactly or fail with the reason.
#include "runtime/io/clickhouse/row_binary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "runtime/io/clickhouse/native_format.h"
#include "tests/support/clickhouse_cluster.h"

namespace seg::test {
namespace {

using rt::Column;
using rt::ValueType;
using rt::ch::ColumnType;
using rt::ch::ParseColumnType;
using rt::ch::RowBinaryReader;

// Reads `body` (RowBinary of `types`) into columns of the `declared` seg types.
std::vector<Column> Decode(const std::string& body, const std::vector<std::string>& types,
                           const std::vector<ValueType>& declared, std::string* error) {
  std::vector<Column> columns;
  std::vector<ColumnType> parsed;
  for (size_t i = 0; i < types.size(); ++i) {
    auto type = ParseColumnType(types[i]);
    EXPECT_TRUE(type) << types[i];
    EXPECT_TRUE(rt::ch::CanRead(declared[i], *type)) << types[i];
    parsed.push_back(*type);
    columns.emplace_back(declared[i]);
  }
  RowBinaryReader reader(body);
  while (!reader.AtEnd()) {
    for (size_t i = 0; i < parsed.size(); ++i) {
      if (rt::Status read = reader.ReadValue(parsed[i], &columns[i]); !read.ok()) {
        *error = read.message();
        return columns;
      }
    }
  }
  return columns;
}

class RowBinaryTest : public ClickHouseTest {};

TEST_F(RowBinaryTest, EverySegTypeRoundTripsExactly) {
  rt::Table table("t");
  Column& f = table.AddColumn("f", ValueType::kFloat);
  for (double v : {0.1, -0.0, 1.0 / 3.0, 5e-324, std::numeric_limits<double>::max(), -2.5e-308, 123456789.123456789}) {
    f.AppendDouble(v);
  }
  f.AppendNull();
  size_t rows = f.size();
  auto fill = [&](ValueType type, auto append) {
    Column& c = table.AddColumn(std::string(rt::ValueTypeName(type)), type);
    for (size_t r = 0; r < rows; ++r) append(c, r);
  };
  fill(ValueType::kMoney, [](Column& c, size_t r) {
    const int64_t v[] = {
        std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(), 1, -1, 12345, 0, 99990000};
    r < 7 ? c.AppendInt64(v[r]) : c.AppendNull();
  });
  fill(ValueType::kInt,
       [](Column& c, size_t r) { r == 3 ? c.AppendNull() : c.AppendInt64(std::numeric_limits<int64_t>::min() + r); });
  fill(ValueType::kBool, [](Column& c, size_t r) { r == 2 ? c.AppendNull() : c.AppendBool(r % 2 == 1); });
  fill(ValueType::kDate, [](Column& c, size_t r) {
    r == 0 ? c.AppendNull() : c.AppendInt32(-719162 + static_cast<int32_t>(r) * 400000);
  });
  fill(ValueType::kTimestamp,
       [](Column& c, size_t r) { c.AppendInt64(-1234567 + static_cast<int64_t>(r) * 987654321012); });
  fill(ValueType::kText, [](Column& c, size_t r) {
    const char* v[] = {"plain", "tab\there", "new\nline", "back\\slash 'q' \"d\"", "ünï😀", "", "plain"};
    r < 7 ? c.AppendText(v[r]) : c.AppendNull();
  });
  fill(ValueType::kTags, [](Column& c, size_t r) {
    if (r == 1) return c.AppendNull();
    if (r != 2) c.AddTag("vip");  // row 2: present but empty
    if (r % 3 == 0) c.AddTag("new");
    c.FinishTags();
  });

  std::string columns, numbered;
  std::vector<std::string> types;
  std::vector<ValueType> declared;
  for (size_t c = 0; c < table.num_columns(); ++c) {
    types.push_back(rt::ch::SegColumnType(table.column(c).type()));
    declared.push_back(table.column(c).type());
    columns += (c ? ", " : "") + rt::ch::QuoteIdentifier(table.column_name(c)) + " " + types.back();
  }
  // n numbers the rows so that they come back in order.
  for (size_t r = 0; r < rows; ++r) {
    uint64_t n = r;
    numbered.append(reinterpret_cast<const char*>(&n), 8);
    for (size_t c = 0; c < table.num_columns(); ++c) rt::ch::AppendValue(table.column(c), r, &numbered);
  }
  cluster().Query("DROP TABLE IF EXISTS rb");
  cluster().Query("CREATE TABLE rb (n UInt64, " + columns + ") ENGINE = Memory");
  std::string names = "n";
  for (size_t c = 0; c < table.num_columns(); ++c) names += ", " + rt::ch::QuoteIdentifier(table.column_name(c));
  rt::ch::Client client(*rt::ch::ParseClickHouseUrl(cluster().Url()));
  client.Insert("INSERT INTO rb (" + names + ") FORMAT RowBinary", numbered, "inserting");
  std::string select;
  for (size_t c = 0; c < table.num_columns(); ++c)
    select += (c ? ", " : "") + rt::ch::QuoteIdentifier(table.column_name(c));
  std::string body = cluster().Query("SELECT " + select + " FROM rb ORDER BY n FORMAT RowBinary");
  std::string error;
  std::vector<Column> back = Decode(body, types, declared, &error);
  ASSERT_EQ(error, "");
  for (size_t c = 0; c < table.num_columns(); ++c) {
    EXPECT_TRUE(back[c] == table.column(c)) << table.column_name(c);
  }
  // -0.0 == 0.0 as doubles: compare the bits too.
  EXPECT_TRUE(std::signbit(back[0].values<double>()[1]));
  // Sums on the server stay exact: Decimal(38, 4) adds int64's extremes without losing a unit.
  EXPECT_EQ(cluster().Query("SELECT toString(sum(money)) FROM rb"), "10000.2344\n");
}

TEST_F(RowBinaryTest, ReadsClickHouseTypesExactlyOrSaysWhy) {
  std::string body = cluster().Query(
      "SELECT toDate('2024-02-29'), toDateTime('2024-03-31 01:30:00', 'UTC'), toDecimal64('12.34', 2), "
      "['a', '', 'b'], toUInt32(7), toFloat32(0.5) FORMAT RowBinary");
  std::string error;
  std::vector<Column> columns = Decode(body,
                                       {"Date", "DateTime('UTC')", "Decimal(18, 2)", "Array(String)", "UInt32",
                                        "Float32"},
                                       {ValueType::kDate, ValueType::kTimestamp, ValueType::kMoney, ValueType::kTags,
                                        ValueType::kInt, ValueType::kFloat},
                                       &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(columns[0].values<int32_t>()[0], 19782);
  EXPECT_EQ(columns[1].values<int64_t>()[0], int64_t{1711848600} * 1000000);
  EXPECT_EQ(columns[2].values<int64_t>()[0], 123400);
  ASSERT_EQ(columns[3].TagsAt(0).size(), 2u);
  EXPECT_EQ(columns[3].dictionary().Value(columns[3].TagsAt(0)[1]), "b");
  EXPECT_EQ(columns[4].values<int64_t>()[0], 7);
  EXPECT_EQ(columns[5].values<double>()[0], 0.5);

  // More than 4 decimals round as the CSV reader rounds: half to even, later digits breaking a tie.
  const std::vector<std::pair<const char*, int64_t>> rounded = {{"0.00005", 0},     {"0.00015", 2},   {"0.00025", 2},
                                                                {"-0.00005", 0},    {"-0.00015", -2}, {"0.000051", 1},
                                                                {"1.23455", 12346}, {"-0.000049", 0}, {"-0.00035", -4}};
  for (const auto& [text, units] : rounded) {
    body = cluster().Query(std::string("SELECT toDecimal128('") + text + "', 6) FORMAT RowBinary");
    std::vector<Column> money = Decode(body, {"Decimal(38, 6)"}, {ValueType::kMoney}, &error);
    ASSERT_EQ(error, "") << text;
    EXPECT_EQ(money[0].values<int64_t>()[0], units) << text;
  }
  body = cluster().Query("SELECT toUInt64(18446744073709551615) FORMAT RowBinary");
  Decode(body, {"UInt64"}, {ValueType::kInt}, &error);
  EXPECT_EQ(error, "is outside int's range");
  error.clear();
  Decode(body.substr(0, 3), {"UInt64"}, {ValueType::kInt}, &error);
  EXPECT_EQ(error, "the server's answer ends in the middle of a row");
}

TEST_F(RowBinaryTest, NativeAnswersComeBackAsTypedCellsOverSeveralBlocks) {
  // Three blocks of 2 rows (max_block_size): ints and doubles as they were sent (a NaN and -0
  // bit for bit, int64's extremes), NULLs from the null map, text and decimals as text.
  std::string body = cluster().Query(
      "SELECT number AS n, if(number % 3 = 1, NULL, toInt64('-9223372036854775808') + toInt64(number)) AS i, "
      "[nan, -0., 0.1, 1e308, -inf, 1e-300][number + 1] AS f, toString(number) AS t, "
      "toDecimal128('-1.5', 4) AS d FROM system.numbers LIMIT 6 SETTINGS max_block_size = 2 FORMAT Native");
  rt::ch::NativeResult result;
  ASSERT_TRUE(rt::ch::ReadNative(body, &result).ok());
  ASSERT_EQ(result.columns.size(), 5u);
  const rt::CellColumn &n = result.columns[0], &i = result.columns[1], &f = result.columns[2], &t = result.columns[3],
                       &d = result.columns[4];
  ASSERT_EQ(n.size(), 6u);
  EXPECT_EQ(n.kind(), rt::CellColumn::Kind::kInt);
  EXPECT_EQ(n.Int(5), 5);
  EXPECT_EQ(i.Int(0), std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(i.IsNull(1));
  EXPECT_TRUE(i.IsNull(4));
  EXPECT_FALSE(i.IsNull(5));
  EXPECT_EQ(i.Text(2), std::to_string(std::numeric_limits<int64_t>::min() + 2));
  EXPECT_EQ(f.kind(), rt::CellColumn::Kind::kFloat);
  EXPECT_TRUE(std::isnan(f.Float(0)));
  EXPECT_TRUE(std::signbit(f.Float(1)) && f.Float(1) == 0);
  EXPECT_EQ(f.Float(2), 0.1);
  EXPECT_EQ(f.Float(5), 1e-300);
  EXPECT_EQ(f.Text(2), "0.1");
  EXPECT_EQ(t.Text(3), "3");
  EXPECT_EQ(t.Int(3), 3);
  EXPECT_TRUE(t.Same(0, 0) && !t.Same(0, 1));
  EXPECT_EQ(d.Text(4), "-1.5000");
  // A block cut short is an error, never a shorter answer.
  EXPECT_FALSE(rt::ch::ReadNative(body.substr(0, body.size() - 3), &result).ok());
  // Decoded piece by piece (as libcurl hands the answer over), cut anywhere: the same cells.
  for (size_t piece : {1, 2, 3, 7, 64}) {
    rt::ch::NativeDecoder decoder;
    for (size_t at = 0; at < body.size(); at += piece) ASSERT_TRUE(decoder.Feed(body.substr(at, piece)).ok()) << piece;
    ASSERT_TRUE(decoder.Finish().ok()) << piece;
    const rt::ch::NativeResult& pieces = decoder.result();
    ASSERT_EQ(pieces.names, result.names);
    ASSERT_EQ(pieces.columns.size(), result.columns.size());
    for (size_t c = 0; c < result.columns.size(); ++c) {
      ASSERT_EQ(pieces.columns[c].size(), result.columns[c].size());
      for (size_t r = 0; r < result.columns[c].size(); ++r) {
        EXPECT_EQ(pieces.columns[c].IsNull(r), result.columns[c].IsNull(r)) << piece << " " << c << " " << r;
        EXPECT_EQ(pieces.columns[c].Text(r), result.columns[c].Text(r)) << piece << " " << c << " " << r;
      }
    }
    rt::ch::NativeDecoder cut;
    ASSERT_TRUE(cut.Feed(body.substr(0, body.size() - 1)).ok());
    EXPECT_FALSE(cut.Finish().ok());
  }
  // Handed over by a move (as seg run --on's result columns take them): every value of the
  // three blocks as sent, none left as the unfilled vectors' leftovers.
  rt::NoFillVector<int64_t> ints = result.columns[1].TakeInts();
  ASSERT_EQ(ints.size(), 6u);
  for (int64_t r : {0, 2, 3, 5}) EXPECT_EQ(ints[static_cast<size_t>(r)], std::numeric_limits<int64_t>::min() + r);
  rt::NoFillVector<double> floats = result.columns[2].TakeFloats();
  ASSERT_EQ(floats.size(), 6u);
  EXPECT_TRUE(std::isnan(floats[0]));
  EXPECT_EQ(floats[3], 1e308);
  EXPECT_EQ(floats[4], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(floats[5], 1e-300);
}

TEST(ColumnTypeTest, ParsesNames) {
  auto t = ParseColumnType("Nullable(Decimal(38, 4))");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->nullable);
  EXPECT_EQ(t->kind, ColumnType::Kind::kDecimal);
  EXPECT_EQ(t->bytes, 16);
  EXPECT_EQ(t->scale, 4);
  EXPECT_EQ(ParseColumnType("Decimal64(2)")->bytes, 8);
  EXPECT_EQ(ParseColumnType("LowCardinality(Nullable(String))")->kind, ColumnType::Kind::kString);
  EXPECT_FALSE(ParseColumnType("Array(Int64)"));
  EXPECT_FALSE(ParseColumnType("UUID"));
  EXPECT_FALSE(rt::ch::CanRead(ValueType::kFloat, *ParseColumnType("Int64")));
}

}  // namespace
}  // namespace seg::test
