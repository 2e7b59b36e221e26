// `seg repl` with a script piped in, as a user's script would: each test types entries and
// reads the answers, and checks them against `seg run`, `seg explain`, `seg check`, `seg fmt`
// or a hand computation on the tiny data in data/.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <map>
#include <regex>
#include <sstream>

#include "engine_check.h"
#include "repl_support.h"

namespace seg::e2e {
namespace {

const char* kExampleInputs =
    "--input customers=examples/data/customers.csv --input orders=examples/data/orders.csv --as-of 2025-06-30";
const char* kTinyInputs =
    "--input customers=tests/repl/data/customers.csv --input orders=tests/repl/data/orders.csv --as-of 2025-06-30";

// The inputs of examples/data, typed over several lines as a user pastes them.
const char* kExampleDecls = R"(input customers key id {
  signup: date
  city: text
  city_tier: int
  channel: text
  age: int
  gender: text
  tags: tags
}
input orders of customers by customer at ts {
  order_id: int
  amount: money
  quantity: int
  unit_price: money
  category: text
  discounted: bool
  status: text
}
)";

const char* kRules = R"(import std.rfm
tag big when sum(orders.amount during last 365 days) >=
  1000
segments value exclusive {
  "Champions" when rfm_r >= 4 and rfm_f >= 4 and rfm_m >= 4
  "At risk"   when rfm_r <= 2 and rfm_f >= 3
  else "Others"
}
)";

// "  LABEL   COUNT  SHARE% ..." lines of an answer, by label.
std::map<std::string, long> Counts(const std::string& text) {
  std::map<std::string, long> counts;
  std::regex line(R"(^  (\S.*?)\s+(\d+)\s+\d+\.\d%)");
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, line)) counts[m[1]] = std::stol(m[2]);
  }
  return counts;
}

TEST(Repl, TagAndClassificationCountsEqualSegRun) {
  Session s = Repl(kExampleInputs, std::string(kExampleDecls) + kRules);
  ASSERT_EQ(s.status, 0) << s.err;
  // Inputs typed one entry at a time: the files are read once, when the last bound one is declared.
  EXPECT_NE(s.out.find("input customers: examples/data/customers.csv, read once the other --input names are declared\n"
                       "input orders: 15932 events\n"),
            std::string::npos)
      << s.out;
  EXPECT_EQ(s.err.find("loaded customers"), s.err.rfind("loaded customers")) << s.err;
  EXPECT_NE(s.err.find("loaded customers: 2000 rows"), std::string::npos) << s.err;
  std::map<std::string, long> repl = Counts(s.out);

  TempDir tmp;
  WriteFile(tmp.path() / "rules.seg", std::string(kExampleDecls) + kRules);
  Result run = RunSeg(SourceDir(),
                      "run " + ShellQuote((tmp.path() / "rules.seg").string()) + " " + kExampleInputs + " --quiet");
  ASSERT_EQ(run.status, 0) << run.err;
  CsvTable table = ParseCsvTable(run.out);
  std::map<std::string, long> expected;
  for (const auto& row : table.rows) {
    ++expected[row.at("value")];
    if (row.at("big") == "true") ++expected["tagged"];
    else ++expected["not tagged"];
  }
  for (const std::string& label : {"Champions", "At risk", "Others", "tagged", "not tagged"}) {
    EXPECT_EQ(repl[label], expected[label]) << label << "\n" << s.out;
  }
  EXPECT_GT(expected["Champions"], 0);
}

TEST(Repl, RedefinitionReplacesAndRechecksDependants) {
  Session s = Repl(kExampleInputs, std::string(kExampleDecls) +
                                       "let n = count(orders)\n"
                                       "tag many when n >= 10\n"
                                       "let n = count(orders where discounted)\n"
                                       "let n = city\n"
                                       "let n = sum(orders.amount)\n"
                                       ":list\n");
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.out.find("let n: int\n  min 0  q1 1  median 2  q3 9  max 167"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("let n: int\n  min 0  q1 0  median 1  q3 2  max 140"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("let n: money\n"), std::string::npos) << s.out;
  // The tag compares n with a number: n as text is an error there, and n stays as it was.
  EXPECT_NE(s.err.find("E0"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("<tag many>"), std::string::npos) << s.err;
  size_t list = s.out.rfind("let n =");
  ASSERT_NE(list, std::string::npos);
  EXPECT_NE(s.out.find("let n = sum(orders.amount)\ntag many when n >= 10\n", list), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("let n = count(orders", list), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("let n = city", list), std::string::npos) << s.out;
}

TEST(Repl, ErrorThenCorrectLineAndStrictStatus) {
  std::string script = std::string(kExampleDecls) + "let x = count(orders) + \"a\"\nlet x = count(orders)\n";
  Session s = Repl(kExampleInputs, script);
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.err.find("error[E0200]"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("<repl>:1:9"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("1 | let x = count(orders) + \"a\""), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("^^^^^^^^^^^^^^^^^^^"), std::string::npos) << s.err;
  EXPECT_NE(s.out.find("let x: int\n  min 0"), std::string::npos) << s.out;
  // An expression left hanging on an operator ends at a blank line, with the parser's error,
  // and nothing about the hidden let it is checked as.
  Session hanging = Repl(kExampleInputs, std::string(kExampleDecls) + "count(orders) +\n\ncount(orders) + 1\n");
  EXPECT_NE(hanging.err.find("expected an expression after '+'"), std::string::npos) << hanging.err;
  EXPECT_EQ(hanging.err.find("let"), std::string::npos) << hanging.err;
  EXPECT_NE(hanging.out.find("int\n  min 1  q1 2"), std::string::npos) << hanging.out;
  EXPECT_EQ(Repl(std::string(kExampleInputs) + " --strict", script).status, 1);
  EXPECT_EQ(Repl(std::string(kExampleInputs) + " --strict", std::string(kExampleDecls) + "let x = 1\n").status, 0);
}

TEST(Repl, SavedSessionChecksCleanAndIsFormatted) {
  TempDir tmp;
  std::string saved = (tmp.path() / "saved.seg").string();
  Session s = Repl(kExampleInputs, std::string(kExampleDecls) + kRules + "let spend =   sum( orders.amount )\n" +
                                       "let spend = sum(orders.amount during last 90 days)\n:save " + saved + "\n");
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_NE(s.out.find("saved 6 definitions to " + saved), std::string::npos) << s.out;
  std::string text = ReadFile(saved);
  EXPECT_NE(text.find("let spend = sum(orders.amount during last 90 days)"), std::string::npos) << text;
  EXPECT_EQ(text.find("_repl_value"), std::string::npos);
  Result check = RunSeg(SourceDir(), "check --no-warn unused-let " + ShellQuote(saved));
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(check.err, "") << check.err;
  Result fmt = RunSeg(SourceDir(), "fmt --check " + ShellQuote(saved));
  EXPECT_EQ(fmt.status, 0) << fmt.out << fmt.err;
}

TEST(Repl, TypeOfExpressions) {
  Session s = Repl(kExampleInputs, std::string(kExampleDecls) +
                                       ":type sum(orders.amount)\n:type last(orders.ts)\n:type days_since(signup)\n"
                                       ":type city == \"Boston\"\n:type count(orders) / 2\n");
  ASSERT_EQ(s.status, 0) << s.err;
  size_t decls_end = s.out.find("input orders: ");
  ASSERT_NE(decls_end, std::string::npos);
  EXPECT_EQ(s.out.substr(s.out.find('\n', decls_end) + 1), "money\ntimestamp\nduration\nbool\nfloat\n");
}

TEST(Repl, DistributionsMatchHandComputation) {
  // Orders per customer a1..a5: 0, 1, 2, 3, 10. Nearest rank on 5 values: q1 = 2nd, median =
  // 3rd, q3 = 4th. Ages 30, 40, (missing), 25, 60: sorted 25 30 40 60, q1 = 1st, median = 2nd.
  Session s = Repl(std::string("tests/repl/data/tiny_inputs.seg ") + kTinyInputs,
                   "count(orders)\nage\nchannel\ncount(orders) > 1\nsum(orders.amount during last 10 days)\n");
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_NE(s.out.find("int\n  min 0  q1 1  median 2  q3 3  max 10  missing 0 of 5\n"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("int\n  min 25  q1 25  median 30  q3 40  max 60  missing 1 of 5\n"), std::string::npos) << s.out;
  std::map<std::string, long> channels = Counts(s.out.substr(s.out.find("text\n")));
  EXPECT_EQ(channels["\"web\""], 3);
  EXPECT_EQ(channels["\"store\""], 1);
  EXPECT_EQ(channels["\"app\""], 1);
  EXPECT_NE(s.out.find(
                "bool\n  true                            3  60.0%\n  false                           2  40.0%\n"),
            std::string::npos)
      << s.out;
  // Last 10 days up to 2025-06-30: a3 7.50 (06-20 is outside: 06-21..06-30), a5 9 x 1 + 100.
  // Sums: a1 0, a2 0, a3 0, a4 0, a5 109.
  EXPECT_NE(s.out.find("money\n  min 0  q1 0  median 0  q3 0  max 109  missing 0 of 5\n"), std::string::npos) << s.out;
}

// A text joined from two columns is made during the run: its distribution counts each joined text
// once, and equally frequent ones are listed by their text, whatever the threads made first.
TEST(Repl, JoinedTextsAreDistributedByValue) {
  Session s = Repl(std::string("tests/repl/data/tiny_inputs.seg ") + kTinyInputs + " --threads 3",
                   "channel + \"/\" + channel\nlength(channel + channel)\n");
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_NE(s.out.find("text\n"
                       "  \"web/web\"                       3  60.0%\n"
                       "  \"app/app\"                       1  20.0%\n"
                       "  \"store/store\"                   1  20.0%\n"
                       "  missing 0 of 5\n"),
            std::string::npos)
      << s.out;
  // webweb three times, appapp, storestore: 6 6 6 6 10.
  EXPECT_NE(s.out.find("int\n  min 6  q1 6  median 6  q3 6  max 10  missing 0 of 5\n"), std::string::npos) << s.out;
}

TEST(Repl, AsOfChangesWindowsAndSampleListsMembers) {
  Session s = Repl(std::string("tests/repl/data/tiny_inputs.seg ") + kTinyInputs,
                   "let recent = count(orders during last 30 days)\n:set as_of 2025-03-15\nrecent\n"
                   ":set as_of 2025-06-30\ntag active when recent > 0\n:sample active\n:sample count(orders) == 0\n");
  ASSERT_EQ(s.status, 0) << s.err;
  // 30 days up to 2025-06-30: a2 1, a3 2, a5 10. Up to 2025-03-15: a4's 2025-03-01 order only.
  EXPECT_NE(s.out.find("let recent: int\n  min 0  q1 0  median 1  q3 2  max 10"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("as_of = 2025-03-15\nint\n  min 0  q1 0  median 0  q3 0  max 1  missing 0 of 5"),
            std::string::npos)
      << s.out;
  EXPECT_NE(s.out.find("tagged                          3  60.0%  e.g. a2 a3 a5\n"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("3 customers  60.0%\n  a2\n  a3\n  a5\n"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("1 customers  20.0%\n  a1\n"), std::string::npos) << s.out;
}

TEST(Repl, ExplainIsSegExplain) {
  TempDir tmp;
  WriteFile(tmp.path() / "rules.seg", std::string(kExampleDecls) + kRules);
  std::string file = ShellQuote((tmp.path() / "rules.seg").string());
  // Ask something first so that the explanation reads cached columns.
  Session s = Repl(file + " " + kExampleInputs, "big\n:explain C0001\n");
  ASSERT_EQ(s.status, 0) << s.err;
  Result explain = RunSeg(SourceDir(), "explain " + file + " " + kExampleInputs + " --customer C0001 --quiet");
  ASSERT_EQ(explain.status, 0) << explain.err;
  EXPECT_NE(s.out.find(explain.out), std::string::npos) << s.out << "\n---\n" << explain.out;
}

TEST(Repl, CommandsAndContinuation) {
  Session s = Repl(kExampleInputs, std::string(kExampleDecls) +
                                       ":engine\n:engine jit\n:engine interp\n:nope\n:help\n"
                                       "count(orders where\n  discounted) +\n  1\n"
                                       ":set vip 3\nparam vip: int = 5\n:set vip 7\n:set\n");
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.out.find("engine: interp\nlast answer: engine: interpreter\nengine: jit\n"), std::string::npos) << s.out;
  EXPECT_NE(s.err.find("unknown command :nope"), std::string::npos);
  EXPECT_NE(s.out.find(":sample COND"), std::string::npos);
  EXPECT_NE(s.out.find("\nint\n  min 1  "), std::string::npos) << s.out;
  EXPECT_NE(s.err.find("there is no param 'vip'"), std::string::npos) << s.err;
  EXPECT_NE(s.out.find("param vip: int = 5\n"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("vip = 7\nas_of = 2025-06-30\nvip = 7\n"), std::string::npos) << s.out;
  // Nothing is prompted or echoed when the input is a script.
  EXPECT_EQ(s.out.find("seg>"), std::string::npos);
}

TEST(Repl, JitAnswersEqualInterpreterAnswers) {
  std::string script = std::string(kExampleDecls) + kRules +
                       "count(orders where discounted)\nsum(orders.amount during last 90 days) / 3\n"
                       ":sample value.\"At risk\"\nlet spend = sum(orders.amount)\nspend > 500\n";
  Session interp = Repl(std::string(kExampleInputs) + " --engine interp", script + ":engine\n");
  Session jit = Repl(std::string(kExampleInputs) + " --engine jit --verbose", script + ":engine\n");
  ASSERT_EQ(interp.status, 0) << interp.err;
  ASSERT_EQ(jit.status, 0) << jit.err;
  std::string head = interp.out.substr(0, interp.out.find("engine: "));
  EXPECT_EQ(head, jit.out.substr(0, jit.out.find("engine: ")));
  EXPECT_NE(head.find("Champions"), std::string::npos) << head;
  // Every answer ran compiled code (a fallback would compare the interpreter with itself); where
  // LLVM is not built in, the interpreter answers instead and says so.
  if (BuiltWithJit()) {
    EXPECT_TRUE(RanCompiledCode(jit.err));
    EXPECT_NE(jit.out.find("last answer: engine: jit ("), std::string::npos) << jit.out;
  } else {
    EXPECT_NE(jit.out.find("JIT unavailable"), std::string::npos) << jit.out;
  }
}

}  // namespace
}  // namespace seg::e2e
