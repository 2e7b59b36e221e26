// Each kind of syntax mistake gives exactly one diagnostic with its own code, and the
// declarations around the mistake still parse. Hostile input (huge, deeply nested, not UTF-8)
// is refused with one diagnostic instead of a crash.
#include <gtest/gtest.h>

#include "tests/unit/parse/parse_test_util.h"

namespace seg::parse::testing {
namespace {

// Parses `bad` between two good declarations and checks the one code and the survivors.
void ExpectOneErrorBetweenGoodDecls(const std::string& bad, const std::string& code) {
  SCOPED_TRACE(bad.size() > 200 ? bad.substr(0, 200) + "..." : bad);
  std::unique_ptr<Parsed> parsed = ParseText("let before = 1\n" + bad + "\nlet after = 2\n");
  EXPECT_EQ(CodesOf(*parsed), std::vector<std::string>{code}) << DumpOf("let before = 1\n" + bad);
  std::vector<std::string> names;
  for (const ast::DeclPtr& decl : parsed->result.module->decls) names.push_back(decl->name.text);
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names.front(), "before");
  EXPECT_EQ(names.back(), "after");
}

TEST(SyntaxErrorTest, UnexpectedTokenIsE0010) {
  ExpectOneErrorBetweenGoodDecls("let a = 1 2", "E0010");
  ExpectOneErrorBetweenGoodDecls("tag t when a = 1", "E0010");
  ExpectOneErrorBetweenGoodDecls("segments s { when a }", "E0010");
  ExpectOneErrorBetweenGoodDecls("let = 5", "E0010");
}

// `missing` is a value in an expression (the checker types it) but still not a name: the
// reserved-word help stays for declarations called `missing` and is gone for values.
TEST(SyntaxErrorTest, MissingIsAValueButNotAName) {
  EXPECT_EQ(DumpOf("let x = if a then b else missing"), "(let x (if (name a) (name b) (missing)))\n");
  EXPECT_EQ(DumpOf("let x = (missing ?? a) + missing"), "(let x (+ (?? (missing) (name a)) (missing)))\n");
  EXPECT_EQ(FormatOf("let x = missing ?? 1"), "let x = missing ?? 1\n");
  std::unique_ptr<Parsed> named = ParseText("let missing = 1\n");
  ASSERT_EQ(CodesOf(*named), std::vector<std::string>{"E0010"});
  EXPECT_NE(named->sink.diagnostics()[0].help.find("'missing' is a reserved word"), std::string::npos);
  std::unique_ptr<Parsed> value = ParseText("let x = 1 + missing\ntag t when x == missing\n");
  EXPECT_TRUE(CodesOf(*value).empty());
}

TEST(SyntaxErrorTest, MissingTokenIsE0011) {
  ExpectOneErrorBetweenGoodDecls("let a =", "E0011");
  ExpectOneErrorBetweenGoodDecls("tag t when a and", "E0011");
  ExpectOneErrorBetweenGoodDecls("param p", "E0011");
}

TEST(SyntaxErrorTest, InvalidCharacterIsE0012) {
  ExpectOneErrorBetweenGoodDecls("tag t when a & b", "E0012");
  ExpectOneErrorBetweenGoodDecls("let a = $5", "E0012");
}

TEST(SyntaxErrorTest, UnterminatedStringIsE0013) {
  ExpectOneErrorBetweenGoodDecls("tag t when city == \"Paris", "E0013");
}

TEST(SyntaxErrorTest, InvalidLiteralIsE0014) {
  ExpectOneErrorBetweenGoodDecls("let a = 99999999999999999999", "E0014");
  ExpectOneErrorBetweenGoodDecls("let a = 2024-02-30", "E0014");
  ExpectOneErrorBetweenGoodDecls("let a = 2024-01-01T25:00", "E0014");
  ExpectOneErrorBetweenGoodDecls("let a = \"bad \\q escape\"", "E0014");
}

TEST(SyntaxErrorTest, UnclosedBlockIsE0015) {
  ExpectOneErrorBetweenGoodDecls("segments s {\n  \"A\" when x\n", "E0015");
  ExpectOneErrorBetweenGoodDecls("let a = f(x, (y + 1)", "E0015");
  ExpectOneErrorBetweenGoodDecls("let a = [1, 2", "E0015");
}

TEST(SyntaxErrorTest, BadRepeatIsE0016) {
  ExpectOneErrorBetweenGoodDecls("test \"t\" { given orders { a: 1 } y 3 }", "E0016");
  ExpectOneErrorBetweenGoodDecls("test \"t\" { given orders { a: 1 } x 0 }", "E0016");
}

TEST(SyntaxErrorTest, InvalidUtf8IsE0001) {
  std::unique_ptr<Parsed> parsed = ParseText("let a = \"caf\xE9\"\n");
  EXPECT_EQ(CodesOf(*parsed), std::vector<std::string>{"E0001"});
}

TEST(SyntaxErrorTest, FileTooLargeIsE0002) {
  std::string text;
  while (text.size() <= (1u << 20)) text += "let a = 1 // padding padding padding padding\n";
  std::unique_ptr<Parsed> parsed = ParseText(text);
  EXPECT_EQ(CodesOf(*parsed), std::vector<std::string>{"E0002"});
}

TEST(SyntaxErrorTest, HundredThousandNestedParenthesesIsE0003) {
  ExpectOneErrorBetweenGoodDecls("let deep = " + std::string(100000, '(') + "1" + std::string(100000, ')'), "E0003");
}

TEST(SyntaxErrorTest, FiftyThousandTermChainIsE0003) {
  std::string chain = "a";
  for (int term_idx = 1; term_idx < 50000; ++term_idx) chain += " + a";
  ExpectOneErrorBetweenGoodDecls("let long = " + chain, "E0003");
}

TEST(SyntaxErrorTest, LongChainInsideAWindowBoundIsE0003) {
  std::string chain = "a";
  for (int term_idx = 1; term_idx < 50000; ++term_idx) chain += " + a";
  ExpectOneErrorBetweenGoodDecls("let w = x within between " + chain + " and b", "E0003");
}

TEST(SyntaxErrorTest, DeeplyNestedNotAndMinusIsE0003) {
  std::string nots;
  for (int level_idx = 0; level_idx < 20000; ++level_idx) nots += "not ";
  ExpectOneErrorBetweenGoodDecls("tag t when " + nots + "a", "E0003");
  ExpectOneErrorBetweenGoodDecls("let m = " + std::string(50000, '-') + "1", "E0003");
}

TEST(SyntaxErrorTest, OneErrorPerBrokenDeclaration) {
  std::unique_ptr<Parsed> parsed = ParseText("let a = 1 +\nlet b = )\ntag c when\nlet ok = 1\n");
  EXPECT_EQ(CodesOf(*parsed), (std::vector<std::string>{"E0011", "E0010", "E0011"}));
  ASSERT_EQ(parsed->result.module->decls.size(), 1u);
  EXPECT_EQ(parsed->result.module->decls[0]->name.text, "ok");
  EXPECT_EQ(parsed->result.unparsed_names, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace seg::parse::testing
