// Every construct of the grammar parses to the expected tree. Trees are compared as DumpAst
// text, which names every field that carries meaning.
#include <gtest/gtest.h>

#include "tests/unit/parse/parse_test_util.h"

namespace seg::parse::testing {
namespace {

// The dump of `let x = <expr>` without the declaration around it.
std::string ExprDump(const std::string& expr) {
  std::string dump = DumpOf("let x = " + expr);
  const std::string prefix = "(let x ";
  if (dump.rfind(prefix, 0) != 0 || dump.size() < prefix.size() + 2) return dump;
  return dump.substr(prefix.size(), dump.size() - prefix.size() - 2);
}

TEST(ParserTest, ImportsAndTimezone) {
  EXPECT_EQ(DumpOf("import std.rfm\nimport lib\ntimezone \"Europe/Berlin\""),
            "(import std rfm)\n(import lib)\n(timezone \"Europe/Berlin\")\n");
}

TEST(ParserTest, NeedsWithAlternativeTypes) {
  EXPECT_EQ(DumpOf("needs events orders { amount: money; ts: timestamp or date }\nneeds events visits {}"),
            "(needs events orders (column amount money) (column ts timestamp date))\n(needs events visits)\n");
}

TEST(ParserTest, EntityInputWithEveryColumnType) {
  EXPECT_EQ(DumpOf("input customers key id {\n"
                   "  a: bool; b: int, c: float\n  d: money; e: date; f: timestamp; g: duration\n"
                   "  h: text; i: tags; j: id\n}"),
            "(input customers (key id) (column a bool) (column b int) (column c float) (column d money)"
            " (column e date) (column f timestamp) (column g duration) (column h text) (column i tags)"
            " (column j id))\n");
  EXPECT_EQ(DumpOf("input c key id {}"), "(input c (key id))\n");
}

TEST(ParserTest, EventInputWithAndWithoutBlock) {
  EXPECT_EQ(DumpOf("input orders of customers by customer at ts { amount: money; discounted: bool }"),
            "(input orders (of customers) (by customer) (at ts) (block) (column amount money)"
            " (column discounted bool))\n");
  EXPECT_EQ(DumpOf("input visits of customers by customer at ts"),
            "(input visits (of customers) (by customer) (at ts))\n");
}

TEST(ParserTest, DerivedEvents) {
  EXPECT_EQ(DumpOf("events paid = orders where status == \"paid\" { amount = quantity * unit_price; n = 1 }"),
            "(events paid (from orders) (where (== (name status) (string \"paid\"))) (block)"
            " (column amount (* (name quantity) (name unit_price))) (column n (int 1)))\n");
  EXPECT_EQ(DumpOf("events all_orders = orders"), "(events all_orders (from orders))\n");
  EXPECT_EQ(DumpOf("events e = orders { }"), "(events e (from orders) (block))\n");
}

TEST(ParserTest, ParamsWithAndWithoutDefault) {
  EXPECT_EQ(DumpOf("param as_of: date\nparam vip_spend: money = 5000"),
            "(param as_of date)\n(param vip_spend money (default (int 5000)))\n");
}

TEST(ParserTest, LetTagScore) {
  EXPECT_EQ(DumpOf("let recency = days_since(last(orders.ts))"),
            "(let recency (call days_since (call last (member (name orders) ts))))\n");
  EXPECT_EQ(DumpOf("tag vip when monetary >= vip_spend or \"vip\" in tags"),
            "(tag vip (or (>= (name monetary) (name vip_spend)) (in (string \"vip\") (name tags))))\n");
  EXPECT_EQ(DumpOf("score s = clamp(100 - r / c * 20, 0, 100)"),
            "(score s (call clamp (- (int 100) (* (/ (name r) (name c)) (int 20))) (int 0) (int 100)))\n");
}

TEST(ParserTest, ArithmeticPrecedenceAndAssociativity) {
  EXPECT_EQ(ExprDump("1 + 2 * 3"), "(+ (int 1) (* (int 2) (int 3)))");
  EXPECT_EQ(ExprDump("(1 + 2) * 3"), "(* (+ (int 1) (int 2)) (int 3))");
  EXPECT_EQ(ExprDump("a - b - c"), "(- (- (name a) (name b)) (name c))");
  EXPECT_EQ(ExprDump("a - (b - c)"), "(- (name a) (- (name b) (name c)))");
  EXPECT_EQ(ExprDump("a / b % c"), "(% (/ (name a) (name b)) (name c))");
}

TEST(ParserTest, UnaryMinusBindsBelowMemberAboveProduct) {
  EXPECT_EQ(ExprDump("-a.b * c"), "(* (neg (member (name a) b)) (name c))");
  EXPECT_EQ(ExprDump("- -5"), "(neg (neg (int 5)))");
  EXPECT_EQ(ExprDump("a - -1.5"), "(- (name a) (neg (decimal 1.5)))");
}

TEST(ParserTest, ComparisonsAndLogic) {
  EXPECT_EQ(ExprDump("a == 1 and b != 2 or c < 3 and d <= 4"),
            "(or (and (== (name a) (int 1)) (!= (name b) (int 2))) (and (< (name c) (int 3)) (<= (name d) (int 4))))");
  EXPECT_EQ(ExprDump("a > 1 and not b >= 2"), "(and (> (name a) (int 1)) (not (>= (name b) (int 2))))");
  EXPECT_EQ(ExprDump("not not a"), "(not (not (name a)))");
  EXPECT_EQ(ExprDump("a or b or c"), "(or (or (name a) (name b)) (name c))");
}

TEST(ParserTest, InListsAndNotIn) {
  EXPECT_EQ(ExprDump("city in [\"Berlin\", \"Paris\",]"),
            "(in (name city) (list (string \"Berlin\") (string \"Paris\")))");
  EXPECT_EQ(ExprDump("x not in []"), "(not-in (name x) (list))");
  EXPECT_EQ(ExprDump("a + 1 in [1, 2] == b"), "(in (+ (name a) (int 1)) (== (list (int 1) (int 2)) (name b)))");
}

TEST(ParserTest, LikeAndIsMissing) {
  EXPECT_EQ(ExprDump("email like \"%@x.com\""), "(like (name email) (string \"%@x.com\"))");
  EXPECT_EQ(ExprDump("email not like \"a_\""), "(not-like (name email) (string \"a_\"))");
  EXPECT_EQ(ExprDump("last(orders.ts) is missing"), "(is-missing (call last (member (name orders) ts)))");
  EXPECT_EQ(ExprDump("a is not missing and b"), "(and (is-not-missing (name a)) (name b))");
}

TEST(ParserTest, DefaultOperator) {
  EXPECT_EQ(ExprDump("a ?? 0 + 1 > 2"), "(> (?? (name a) (+ (int 0) (int 1))) (int 2))");
  EXPECT_EQ(ExprDump("a ?? b ?? c"), "(?? (?? (name a) (name b)) (name c))");
}

TEST(ParserTest, IfThenElse) {
  EXPECT_EQ(ExprDump("if a > 1 then \"big\" else \"small\""),
            "(if (> (name a) (int 1)) (string \"big\") (string \"small\"))");
  EXPECT_EQ(ExprDump("if a then 1 else if b then 2 else 3 + 4"),
            "(if (name a) (int 1) (if (name b) (int 2) (+ (int 3) (int 4))))");
  EXPECT_EQ(ExprDump("(if a then 1 else 2) + 3"), "(+ (if (name a) (int 1) (int 2)) (int 3))");
}

TEST(ParserTest, EveryWindowKind) {
  EXPECT_EQ(ExprDump("first(orders.ts) within last 30 days"),
            "(within (call first (member (name orders) ts)) (last 30 days))");
  EXPECT_EQ(ExprDump("count(orders during last month)"), "(call count (arg (name orders) (during (previous month))))");
  EXPECT_EQ(ExprDump("count(orders during this quarter)"), "(call count (arg (name orders) (during (this quarter))))");
  EXPECT_EQ(ExprDump("count(orders during 180 to 90 days ago)"),
            "(call count (arg (name orders) (during (ago 180 90 days))))");
  EXPECT_EQ(ExprDump("count(orders during between 2024-01-01 and as_of - 3 days + 1 days)"),
            "(call count (arg (name orders) (during (between (date 2024-01-01)"
            " (+ (- (name as_of) (duration 3 days)) (duration 1 days))))))");
  EXPECT_EQ(ExprDump("d within between (a.b) and f(x)"),
            "(within (name d) (between (member (name a) b) (call f (name x))))");
}

TEST(ParserTest, WithinBindsBelowIsMissingAboveNot) {
  EXPECT_EQ(ExprDump("not a within last 3 days and b"), "(and (not (within (name a) (last 3 days))) (name b))");
}

TEST(ParserTest, MemberAccessAndBuckets) {
  EXPECT_EQ(ExprDump("a.b.c"), "(member (member (name a) b) c)");
  EXPECT_EQ(ExprDump("value.\"Champions\""), "(bucket (name value) \"Champions\")");
  EXPECT_EQ(ExprDump("f(x).y"), "(member (call f (name x)) y)");
}

TEST(ParserTest, CallsWithWhereDuringAndNamedArgs) {
  EXPECT_EQ(ExprDump("f()"), "(call f)");
  EXPECT_EQ(ExprDump("sum(orders.amount where discounted and amount > 5 during last 30 days)"),
            "(call sum (arg (member (name orders) amount) (where (and (name discounted) (> (name amount) (int 5))))"
            " (during (last 30 days))))");
  EXPECT_EQ(ExprDump("quantile(recency, descending, bins: 5)"),
            "(call quantile (name recency) (name descending) (arg bins: (int 5)))");
  EXPECT_EQ(ExprDump("last(orders.ts where x)"), "(call last (arg (member (name orders) ts) (where (name x))))");
}

TEST(ParserTest, Literals) {
  EXPECT_EQ(ExprDump("[30 days, 1.5 weeks, 2 months, 007]"),
            "(list (duration 30 days) (duration 1.5 weeks) (duration 2 months) (int 007))");
  EXPECT_EQ(ExprDump("[2024-02-29, true, false, \"a\\\"b\\\\c\\nd\\te\"]"),
            "(list (date 2024-02-29) (bool true) (bool false) (string \"a\\\"b\\\\c\\nd\\te\"))");
  EXPECT_EQ(ExprDump("[2024-01-03T10:00, 2024-01-03T10:00:05Z, 2024-01-03T10:00:05.250+02:00, "
                     "2024-01-03T10:00:05-05:30]"),
            "(list (timestamp 2024-01-03T10:00) (timestamp 2024-01-03T10:00:05Z)"
            " (timestamp 2024-01-03T10:00:05.250+02:00) (timestamp 2024-01-03T10:00:05-05:30))");
}

TEST(ParserTest, TagsOnTheirOwnAndTogether) {
  EXPECT_EQ(DumpOf("tag a when x\ntag b when not x"), "(tag a (name x))\n(tag b (not (name x)))\n");
}

TEST(ParserTest, SegmentsExclusiveWithElse) {
  EXPECT_EQ(DumpOf("segments value exclusive {\n  \"Champions\" when r >= 4\n  \"New\" when n\n  else \"Others\"\n}"),
            "(segments value exclusive\n  (rule \"Champions\" (>= (name r) (int 4)))\n  (rule \"New\" (name n))\n"
            "  (else \"Others\"))\n");
}

TEST(ParserTest, SegmentsWithinParentWithoutElse) {
  EXPECT_EQ(DumpOf("segments detail within value.\"Champions\" { \"Big\" when m == 5 }"),
            "(segments detail (within value \"Champions\")\n  (rule \"Big\" (== (name m) (int 5))))\n");
  EXPECT_EQ(DumpOf("segments empty {}"), "(segments empty)\n");
}

TEST(ParserTest, TestSetAndGiven) {
  EXPECT_EQ(DumpOf("test \"t\" {\n"
                   "  set as_of = 2024-06-30\n"
                   "  given customers { id: \"c1\", signup: 2024-01-03, }\n"
                   "  given orders { customer: \"c1\", ts: as_of - 3 days } x 12\n"
                   "  given empty {}\n"
                   "}"),
            "(test \"t\"\n  (set as_of (value (date 2024-06-30)))\n"
            "  (given customers (field id (string \"c1\")) (field signup (date 2024-01-03)) (repeat 1))\n"
            "  (given orders (field customer (string \"c1\")) (field ts (- (name as_of) (duration 3 days)))"
            " (repeat 12))\n"
            "  (given empty (repeat 1)))\n");
}

TEST(ParserTest, EveryExpectForm) {
  EXPECT_EQ(DumpOf("test \"e\" {\n"
                   "  expect \"c1\" in value.\"Champions\"\n"
                   "  expect \"c1\" not in value.\"Others\"\n"
                   "  expect \"c1\" tagged vip\n"
                   "  expect \"c1\" not tagged hesitant\n"
                   "  expect recency of \"c1\" is missing\n"
                   "  expect cycle of \"c1\" is not missing\n"
                   "  expect monetary of \"c1\" == 10800\n"
                   "  expect a of \"c1\" != 1\n  expect a of \"c1\" < 1\n  expect a of \"c1\" <= 1\n"
                   "  expect a of \"c1\" > 1\n  expect a of \"c1\" >= 1 + 2\n"
                   "}"),
            "(test \"e\"\n"
            "  (expect-in \"c1\" value \"Champions\")\n"
            "  (expect-not-in \"c1\" value \"Others\")\n"
            "  (expect-tagged \"c1\" vip)\n"
            "  (expect-not-tagged \"c1\" hesitant)\n"
            "  (expect-missing recency \"c1\")\n"
            "  (expect-not-missing cycle \"c1\")\n"
            "  (expect-value monetary \"c1\" == (int 10800))\n"
            "  (expect-value a \"c1\" != (int 1))\n  (expect-value a \"c1\" < (int 1))\n"
            "  (expect-value a \"c1\" <= (int 1))\n  (expect-value a \"c1\" > (int 1))\n"
            "  (expect-value a \"c1\" >= (+ (int 1) (int 2))))\n");
}

TEST(ParserTest, DesignExampleParsesCleanly) {
  std::string text = ReadFile(std::string(SEG_SOURCE_DIR) + "/tests/unit/parse/data/retail_design.seg");
  ASSERT_FALSE(text.empty());
  std::unique_ptr<Parsed> parsed = ParseText(text);
  EXPECT_FALSE(parsed->sink.HasErrors()) << DumpOf(text);
  EXPECT_EQ(parsed->result.module->decls.size(), 23u);
}

TEST(ParserTest, CommentsAreAttachedToTheirItems) {
  std::unique_ptr<Parsed> parsed = ParseText(
      "// lead\nlet a = 1  // trail\n"
      "segments s {\n  // rule lead\n  \"A\" when a  // rule trail\n  else \"B\"  // else trail\n  // closing\n}\n"
      "// end\n");
  ASSERT_FALSE(parsed->sink.HasErrors());
  const ast::Module& module = *parsed->result.module;
  ASSERT_EQ(module.decls.size(), 2u);
  EXPECT_EQ(module.decls[0]->comments.leading, std::vector<std::string>{"// lead"});
  EXPECT_EQ(module.decls[0]->comments.trailing, "// trail");
  const auto& segments = module.decls[1]->As<ast::SegmentsDecl>();
  EXPECT_EQ(segments.rules[0].comments.leading, std::vector<std::string>{"// rule lead"});
  EXPECT_EQ(segments.rules[0].comments.trailing, "// rule trail");
  EXPECT_EQ(segments.else_comments.trailing, "// else trail");
  EXPECT_EQ(segments.closing_comments, std::vector<std::string>{"// closing"});
  EXPECT_EQ(module.trailing_comments, std::vector<std::string>{"// end"});
}

}  // namespace
}  // namespace seg::parse::testing
