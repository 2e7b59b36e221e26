#include "runtime/io/csv_record_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
