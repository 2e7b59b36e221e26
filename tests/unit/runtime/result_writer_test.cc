#include "runtime/io/result_writer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace seg::rt
