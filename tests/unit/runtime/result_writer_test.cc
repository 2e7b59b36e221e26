#include "runtime/io/result_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "runtime/civil_time.h"

namespace seg::rt {
namespace {

struct Captured {
  std::string text;
  ResultWriter::Sink Sink() {
    return [this](std::string_view bytes) {
      text.append(bytes);
      return true;
    };
  }
};

TEST(ResultWriterTest, CsvQuotesOnlyWhenNeeded) {
  Captured out;
  ResultWriter writer(ResultFormat::kCsv, {"id", "note", "amount", "score", "day"}, out.Sink());
  writer.AddText("c1");
  writer.AddText("says \"hi\", twice\nok");
  writer.AddMoney(125000);
  writer.AddFloat(0.1);
  writer.AddDate(0);
  writer.EndRow();
  writer.AddText("");
  writer.AddNull();
  writer.AddMoney(-2500);
  writer.AddFloat(1e21);
  writer.AddNull();
  writer.EndRow();
  ASSERT_TRUE(writer.Finish());
  EXPECT_EQ(out.text,
            "id,note,amount,score,day\n"
            "c1,\"says \"\"hi\"\", twice\nok\",12.5,0.1,1970-01-01\n"
            "\"\",,-0.25,1e+21,\n");
}

// Writes `values` as a float column, `passes` times over, and expects each as std::to_chars's
// shortest text.
void ExpectWrittenAsToChars(const std::vector<double>& values, int passes) {
  Captured out;
  ResultWriter writer(ResultFormat::kCsv, {"x"}, out.Sink());
  std::string expected = "x\n";
  for (int pass = 0; pass < passes; ++pass) {
    for (double v : values) {
      writer.AddFloat(v);
      writer.EndRow();
      char text[32];
      expected.append(text, std::to_chars(text, text + sizeof(text), v).ptr);
      expected += '\n';
    }
  }
  ASSERT_TRUE(writer.Finish());
  EXPECT_EQ(out.text, expected);
}

// A float is written as its shortest round-trip text whether or not its text was formatted
// before (the writer keeps recent ones): values that repeat, values whose bits differ in one bit
// (0.0 and -0.0 among them), and more distinct values than it keeps, in an order that makes them
// share its slots.
// A character that needs quoting is found wherever it is: in any of the eight-character words the
// check reads at once, or in the characters after the last whole word; with a delimiter of ';',
// a ',' needs none.
TEST(ResultWriterTest, CsvQuotesForACharacterAtAnyPlace) {
  for (char delimiter : {',', ';'}) {
    for (size_t size = 1; size <= 20; ++size) {
      for (size_t at = 0; at < size; ++at) {
        for (char special : {'"', '\n', '\r', ',', ';'}) {
          std::string text(size, 'a');
          text[at] = special;
          char out[64];
          std::string written(out, WriteCsvText(text, delimiter, out));
          bool quoted = special == '"' || special == '\n' || special == '\r' || special == delimiter;
          std::string expected = text;
          if (special == '"') expected.insert(at, 1, '"');
          if (quoted) expected = "\"" + expected + "\"";
          ASSERT_EQ(written, expected) << "size " << size << " at " << at << " char " << int{special};
        }
      }
    }
  }
}

TEST(ResultWriterTest, RepeatedFloatsAreWrittenAsTheirOwnText) {
  std::vector<double> values = {0.0, -0.0, 0.5, 1.0 / 3, 2.0 / 3, 0.1, 0.30000000000000004, 1e21, -1e-300, 5e-324};
  for (int i = 0; i < 5000; ++i) values.push_back(static_cast<double>(i % 97) / static_cast<double>(1 + i % 31));
  for (int i = 0; i < 3000; ++i) values.push_back(std::bit_cast<double>(std::bit_cast<uint64_t>(0.75) + i));
  ExpectWrittenAsToChars(values, 2);
}

// Whole numbers take a shortcut to their text (a count of days): every whole number near and
// past the shortcut's bounds, their neighbours and -0.0 are written as to_chars writes them.
TEST(ResultWriterTest, WholeFloatsAreWrittenAsTheirShortestText) {
  std::vector<double> values = {-0.0, 0.0, 1e5, -1e5, 99999.5, 1e6, 123456789.0, 1e15, 1e16, 4294967296.0};
  for (int i = -120000; i <= 120000; i += (i > -2000 && i < 2000) ? 1 : 7) {
    double x = static_cast<double>(i);
    values.insert(values.end(), {x, std::nextafter(x, 1e9), std::nextafter(x, -1e9)});
  }
  for (int k = 0; k < 6; ++k) values.push_back(std::pow(10.0, k));
  ExpectWrittenAsToChars(values, 1);
}

TEST(ResultWriterTest, JsonLinesTypesValues) {
  Captured out;
  ResultWriter writer(ResultFormat::kJsonLines, {"id", "vip", "tags", "since", "last", "gap"}, out.Sink());
  writer.AddText("a\"b\\c\x01");
  writer.AddBool(true);
  std::vector<std::string_view> tags = {"x", "y"};
  writer.AddTags(tags);
  writer.AddDate(1);
  writer.AddTimestamp(1'500'000);
  writer.AddDuration(3 * kMicrosPerDay);
  writer.EndRow();
  writer.AddNull();
  writer.AddNull();
  writer.AddTags({});
  writer.AddNull();
  writer.AddNull();
  writer.AddNull();
  writer.EndRow();
  ASSERT_TRUE(writer.Finish());
  EXPECT_EQ(out.text,
            "{\"id\":\"a\\\"b\\\\c\\u0001\",\"vip\":true,\"tags\":[\"x\",\"y\"],\"since\":\"1970-01-02\","
            "\"last\":\"1970-01-01T00:00:01.500000Z\",\"gap\":\"3d\"}\n"
            "{\"id\":null,\"vip\":null,\"tags\":[],\"since\":null,\"last\":null,\"gap\":null}\n");
}

// PostgreSQL's COPY text format: no header, tabs, \N, backslash escapes, intervals in days and
// seconds (what a result table is filled with; the PostgreSQL tests read the values back).
TEST(ResultWriterTest, PostgresCopyText) {
  Captured out;
  ResultWriter writer(ResultFormat::kPostgresCopy, {"id", "note", "vip", "amount", "since", "last", "gap"}, out.Sink());
  writer.AddText("c\\1");
  writer.AddText("tab\there\nnew line\r");
  writer.AddBool(false);
  writer.AddMoney(-2500);
  writer.AddDate(1);
  writer.AddTimestamp(1'500'000);
  writer.AddDuration(3 * kMicrosPerDay + 7'200'500'000);
  writer.EndRow();
  writer.AddText("");
  writer.AddNull();
  writer.AddNull();
  writer.AddNull();
  writer.AddNull();
  writer.AddNull();
  writer.AddDuration(-(kMicrosPerDay + 1));
  writer.EndRow();
  ASSERT_TRUE(writer.Finish());
  EXPECT_EQ(out.text,
            "c\\\\1\ttab\\there\\nnew line\\r\tfalse\t-0.25\t1970-01-02\t1970-01-01T00:00:01.500000Z\t"
            "3 days 7200.500000 seconds\n"
            "\t\\N\t\\N\t\\N\t\\N\t\\N\t-1 days -0.000001 seconds\n");
}

TEST(ResultWriterTest, FormatsColumnsByType) {
  Column money(ValueType::kMoney);
  money.AppendInt64(10001);
  money.AppendNull();
  Column tags(ValueType::kTags);
  tags.AddTag("a");
  tags.AddTag("b");
  tags.FinishTags();
  tags.AppendNull();
  Captured out;
  ResultWriter writer(ResultFormat::kCsv, {"m", "t"}, out.Sink(), ';');
  for (size_t row = 0; row < 2; ++row) {
    writer.AddCell(money, row);
    writer.AddCell(tags, row);
    writer.EndRow();
  }
  ASSERT_TRUE(writer.Finish());
  EXPECT_EQ(out.text, "m;t\n1.0001;a|b\n;\n");
}

TEST(ResultWriterTest, ReportsAFailingSink) {
  ResultWriter writer(ResultFormat::kCsv, {"a"}, [](std::string_view) { return false; });
  writer.AddInt(1);
  writer.EndRow();
  EXPECT_FALSE(writer.Finish());
}

// One row of every kind of cell the writer formats, including the awkward ones: texts with the
// delimiter, quotes, line breaks, tabs, backslashes, control bytes and UTF-8; missing values;
// floats that are negative zero, infinite, NaN, denormal or huge; money, dates, timestamps and
// durations of either sign.
void AddAwkwardRow(ResultWriter& writer, size_t row) {
  static const std::vector<std::string> kTexts = {"plain",
                                                  "a,b",
                                                  "say \"hi\"",
                                                  "two\nlines",
                                                  "cr\r",
                                                  "tab\there",
                                                  "back\\slash",
                                                  "\x01\x1f",
                                                  "caf\xc3\xa9 \xe2\x82\xac",
                                                  "",
                                                  ";",
                                                  "\"",
                                                  "\\N"};
  static const std::vector<double> kFloats = {0.1,
                                              -0.0,
                                              std::numeric_limits<double>::infinity(),
                                              -std::numeric_limits<double>::infinity(),
                                              std::numeric_limits<double>::quiet_NaN(),
                                              std::numeric_limits<double>::denorm_min(),
                                              2.2250738585072009e-308,
                                              1e21,
                                              -123.456,
                                              1.0 / 3.0};
  const std::string& text = kTexts[row % kTexts.size()];
  writer.AddText(text);
  writer.AddEncoded(writer.EncodeText(kTexts[(row + 5) % kTexts.size()]));
  if (row % 4 == 3) writer.AddNull();
  else writer.AddFloat(kFloats[row % kFloats.size()]);
  writer.AddInt(row % 3 == 0 ? std::numeric_limits<int64_t>::min() : static_cast<int64_t>(row) - 7);
  writer.AddMoney(row % 5 == 0 ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(row) * 12345);
  writer.AddBool(row % 2 == 0);
  writer.AddDate(static_cast<int32_t>(row) * 997 - 40000);
  writer.AddTimestamp(static_cast<int64_t>(row) * 86'400'123'457 - 3'000'000'000'000'000);
  writer.AddDuration((static_cast<int64_t>(row) - 6) * 3'601'000'001);
  std::vector<std::string_view> tags;
  for (size_t i = 0; i < row % 3; ++i) tags.push_back(kTexts[(row + i) % kTexts.size()]);
  writer.AddTags(tags);
  if (row % 6 == 1) writer.AddNull();
  else writer.AddText(text);
}

const std::vector<std::string> kAwkwardColumns = {"id",   "other", "f\"loat", "int",  "money", "bool,",
                                                  "date", "ts",    "dur",     "tags", "last\n"};

std::string AwkwardRows(ResultFormat format, size_t rows, char delimiter) {
  Captured out;
  ResultWriter writer(format, kAwkwardColumns, out.Sink(), delimiter);
  for (size_t row = 0; row < rows; ++row) {
    AddAwkwardRow(writer, row);
    EXPECT_TRUE(writer.EndRow());
  }
  EXPECT_TRUE(writer.Finish());
  return out.text;
}

TEST(ResultWriterTest, EscapesAwkwardValuesInEachFormat) {
  Captured csv;
  ResultWriter writer(ResultFormat::kCsv, {"a", "b,c"}, csv.Sink());
  for (std::string_view text : {"a,b", "say \"hi\"", "x\ny", "caf\xc3\xa9", "", "tab\there"}) {
    writer.AddText(text);
    writer.AddEncoded(writer.EncodeText(text));
    writer.EndRow();
  }
  ASSERT_TRUE(writer.Finish());
  EXPECT_EQ(csv.text,
            "a,\"b,c\"\n\"a,b\",\"a,b\"\n\"say \"\"hi\"\"\",\"say \"\"hi\"\"\"\n\"x\ny\",\"x\ny\"\n"
            "caf\xc3\xa9,caf\xc3\xa9\n\"\",\"\"\ntab\there,tab\there\n");

  Captured json;
  ResultWriter jw(ResultFormat::kJsonLines, {"k\"1", "f"}, json.Sink());
  jw.AddEncoded(jw.EncodeText("caf\xc3\xa9\t\r\n\x1f/"));
  jw.AddFloat(-0.0);
  jw.EndRow();
  jw.AddText("");
  jw.AddFloat(std::numeric_limits<double>::quiet_NaN());
  jw.EndRow();
  jw.AddText("x");
  jw.AddFloat(std::numeric_limits<double>::denorm_min());
  jw.EndRow();
  ASSERT_TRUE(jw.Finish());
  EXPECT_EQ(json.text,
            "{\"k\\\"1\":\"caf\xc3\xa9\\t\\r\\n\\u001f/\",\"f\":-0}\n"
            "{\"k\\\"1\":\"\",\"f\":null}\n"
            "{\"k\\\"1\":\"x\",\"f\":5e-324}\n");

  Captured copy;
  ResultWriter cw(ResultFormat::kPostgresCopy, {"a", "b"}, copy.Sink());
  cw.AddEncoded(cw.EncodeText("a\\b\tc"));
  cw.AddFloat(-std::numeric_limits<double>::infinity());
  cw.EndRow();
  ASSERT_TRUE(cw.Finish());
  EXPECT_EQ(copy.text, "a\\\\b\\tc\t\\N\n");
}

TEST(ResultWriterTest, FormatsFloatsMoneyAndTimesExactly) {
  Captured out;
  ResultWriter writer(ResultFormat::kCsv, {"f", "m", "d", "t", "g"}, out.Sink());
  writer.AddFloat(-0.0);
  writer.AddMoney(std::numeric_limits<int64_t>::min());
  writer.AddDate(-1);
  writer.AddTimestamp(-1);
  writer.AddDuration(-(kMicrosPerDay + 1));
  writer.EndRow();
  writer.AddFloat(std::numeric_limits<double>::infinity());
  writer.AddMoney(10000);
  writer.AddDate(20269);
  writer.AddTimestamp(1'751'241'600'000'000);
  writer.AddDuration(0);
  writer.EndRow();
  writer.AddFloat(0.30000000000000004);
  writer.AddMoney(1);
  writer.AddNull();
  writer.AddNull();
  writer.AddNull();
  writer.EndRow();
  ASSERT_TRUE(writer.Finish());
  // Each float reads back to the same double; money has no trailing zeros.
  EXPECT_EQ(out.text,
            "f,m,d,t,g\n"
            "-0,-922337203685477.5808,1969-12-31,1969-12-31T23:59:59.999999Z,-1d0.000001s\n"
            ",1,2025-06-30,2025-06-30T00:00:00Z,0s\n"
            "0.30000000000000004,0.0001,,,\n");
}

// Rows formatted in ranges by writers of rows only, handed over in order, are the rows one
// writer formats: for any number of ranges (the threads of WriteResults), in every format.
TEST(ResultWriterTest, RowRangesJoinToTheSameBytes) {
  constexpr size_t kRows = 60;
  for (ResultFormat format : {ResultFormat::kCsv, ResultFormat::kJsonLines, ResultFormat::kPostgresCopy}) {
    for (char delimiter : {',', ';'}) {
      std::string whole = AwkwardRows(format, kRows, delimiter);
      for (size_t ranges : {1, 2, 3, 7, 60}) {
        Captured out;
        ResultWriter writer(format, kAwkwardColumns, out.Sink(), delimiter);
        size_t per = (kRows + ranges - 1) / ranges;
        for (size_t begin = 0; begin < kRows; begin += per) {
          ResultWriter part(format, kAwkwardColumns, delimiter);
          for (size_t row = begin; row < std::min(kRows, begin + per); ++row) {
            AddAwkwardRow(part, row);
            ASSERT_TRUE(part.EndRow());
          }
          ASSERT_TRUE(writer.AddRows(part.rows()));
          part.ClearRows();
          EXPECT_TRUE(part.rows().empty());
        }
        ASSERT_TRUE(writer.Finish());
        EXPECT_EQ(out.text, whole) << static_cast<int>(format) << " " << delimiter << " " << ranges;
      }
    }
  }
}

// Pieces of rows of any size (a large one goes to the sink as it is, past the buffer) reach the
// sink in the order they were added, after the header and what was buffered before them.
TEST(ResultWriterTest, LargeAndSmallPiecesOfRowsKeepTheirOrder) {
  Captured out;
  ResultWriter writer(ResultFormat::kCsv, {"a"}, out.Sink());
  std::string expected = "a\n";
  for (size_t size : {size_t{3}, size_t{200} << 10, size_t{5}, size_t{64} << 10, size_t{(1 << 20) - 1}, size_t{7}}) {
    std::string rows(size - 1, static_cast<char>('a' + size % 26));
    rows += '\n';
    ASSERT_TRUE(writer.AddRows(rows));
    expected += rows;
  }
  ASSERT_TRUE(writer.Finish());
  EXPECT_TRUE(out.text == expected);
}

}  // namespace
}  // namespace seg::rt
