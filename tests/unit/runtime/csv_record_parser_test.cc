#include "runtime/io/csv_record_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/thread_pool.h"

namespace seg::rt {
namespace {

std::vector<std::string> Fields(const CsvRecordParser& parser) {
  return std::vector<std::string>(parser.fields().begin(), parser.fields().end());
}

// Unquoted fields are scanned sixteen bytes at a time with a byte-wise tail: a delimiter, newline
// or stray quote at every offset of a long line, and lines that end exactly at the range end, must
// all be found where a byte-by-byte scan finds them.
TEST(CsvRecordParserTest, FindsDelimitersNewlinesAndStrayQuotesAtEveryOffset) {
  for (char delimiter : {',', ';', '\t'}) {
    for (size_t length = 0; length < 40; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string text(length, 'x');
        text[at] = delimiter;
        for (bool newline : {false, true}) {
          std::string line = text + (newline ? "\nnext" : "");
          CsvRecordParser parser(line, 0, line.size(), delimiter);
          ASSERT_EQ(parser.Next(), CsvRecordParser::Step::kRecord);
          EXPECT_EQ(Fields(parser), (std::vector<std::string>{text.substr(0, at), text.substr(at + 1)}));
          if (newline) {
            ASSERT_EQ(parser.Next(), CsvRecordParser::Step::kRecord);
            EXPECT_EQ(Fields(parser), (std::vector<std::string>{"next"}));
          }
          EXPECT_EQ(parser.Next(), CsvRecordParser::Step::kEnd);
        }
        if (at == 0) continue;  // a leading quote opens a quoted field instead
        text[at] = '"';
        std::string line = text + "\nok" + delimiter + "1\n";
        CsvRecordParser parser(line, 0, line.size(), delimiter);
        EXPECT_EQ(parser.Next(), CsvRecordParser::Step::kQuoteError);
        ASSERT_EQ(parser.Next(), CsvRecordParser::Step::kRecord) << "the next line is read after a quote error";
        EXPECT_EQ(Fields(parser), (std::vector<std::string>{"ok", "1"}));
        EXPECT_EQ(parser.record_line(), 1u);
      }
    }
  }
}

// Split without counting quotes, from a point inside a quoted field of one line: the piece still
// starts at the next line, not where misread quotes would first let a newline count (the end).
// Counting them, it starts at the same line.
TEST(CsvRecordParserTest, SplitsRowsOfQuotedFieldsNearTheMiddleWithOrWithoutCountingQuotes) {
  std::string text = "key,comment\n";
  // 12 bytes and 14 a row: the middle is byte 8 of row 4999, the x inside its quotes.
  for (int i = 0; i < 10000; ++i) text += "a" + std::to_string(100000 + i).substr(1) + ",\"x, y\"\n";
  ASSERT_EQ(text[text.size() / 2], 'x');
  ThreadPool pool(2);
  for (bool count_quotes : {false, true}) {
    std::vector<size_t> bounds = SplitCsvRecords(text, 0, text.size(), 2, pool, nullptr, count_quotes);
    ASSERT_EQ(bounds.size(), 3u);
    EXPECT_GT(bounds[1], text.size() / 2);
    EXPECT_LT(bounds[1], text.size() / 2 + 20) << count_quotes;
    EXPECT_EQ(text[bounds[1] - 1], '\n');
    EXPECT_EQ(text[bounds[1]], 'a');
  }
}

TEST(CsvRecordParserTest, StopsAtTheRangeEndNotTheDataEnd) {
  std::string data = "aaaaaaaaaaaaaaaaaaaa,b\nccccccccccccccccccccccccc";
  CsvRecordParser parser(data, 0, 10, ',');
  ASSERT_EQ(parser.Next(), CsvRecordParser::Step::kRecord);
  EXPECT_EQ(Fields(parser), (std::vector<std::string>{"aaaaaaaaaa"}));
  EXPECT_EQ(parser.Next(), CsvRecordParser::Step::kEnd);
}

TEST(CsvRecordParserTest, CrLfEndsALongRecord) {
  std::string data = "a-long-unquoted-field-of-many-bytes,second-long-unquoted-field\r\nz\r\n";
  CsvRecordParser parser(data, 0, data.size(), ',');
  ASSERT_EQ(parser.Next(), CsvRecordParser::Step::kRecord);
  EXPECT_EQ(Fields(parser),
            (std::vector<std::string>{"a-long-unquoted-field-of-many-bytes", "second-long-unquoted-field"}));
  ASSERT_EQ(parser.Next(), CsvRecordParser::Step::kRecord);
  EXPECT_EQ(Fields(parser), (std::vector<std::string>{"z"}));
  EXPECT_EQ(parser.newlines(), 2u);
}

}  // namespace
}  // namespace seg::rt
