// parse(fmt(parse(x))) == parse(x) over every rule file in the repository: the formatter, the
// tree dump and the parser keep each other honest (STYLE.md section 8, item 11).
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/parse/parse_test_util.h"

namespace seg::parse::testing {
namespace {

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  for (const char* folder : {"examples", "stdlib", "tests/golden", "docs", "tests/unit/parse/data"}) {
    for (std::string& file : SegFilesUnder(std::string(SEG_SOURCE_DIR) + "/" + folder))
      files.push_back(std::move(file));
  }
  return files;
}

// "examples/retail.seg" from the full path, as a valid test name.
std::string TestNameOf(const std::string& path) {
  std::string name = path.substr(std::string(SEG_SOURCE_DIR).size() + 1);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class RoundTripTest : public ::testing::TestWithParam<std::string> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RoundTripTest);

TEST_P(RoundTripTest, FormattingKeepsTreeAndCommentsAndIsIdempotent) {
  std::string source = ReadFile(GetParam());
  std::unique_ptr<Parsed> original = ParseText(source, GetParam());
  // The broken corpus (tests/golden/check) is meant not to parse; the formatter never sees it.
  if (original->sink.HasErrors()) GTEST_SKIP() << "does not parse cleanly";

  std::string formatted = ast::FormatModule(*original->result.module);
  std::unique_ptr<Parsed> reparsed = ParseText(formatted, GetParam() + ".fmt");
  ASSERT_FALSE(reparsed->sink.HasErrors()) << "formatted text does not parse:\n" << DumpOf(formatted) << formatted;
  EXPECT_EQ(ast::DumpAst(*reparsed->result.module), ast::DumpAst(*original->result.module)) << formatted;
  EXPECT_EQ(ast::FormatModule(*reparsed->result.module), formatted);

  std::vector<std::string> before = CommentsIn(source);
  std::vector<std::string> after = CommentsIn(formatted);
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  EXPECT_EQ(after, before) << formatted;
}

INSTANTIATE_TEST_SUITE_P(Corpus, RoundTripTest, ::testing::ValuesIn(CorpusFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return TestNameOf(info.param); });

}  // namespace
}  // namespace seg::parse::testing
