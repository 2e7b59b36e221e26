// Lowering to IR: every aggregate once, constants folded, phases staged, ids in dependency order.
#include "compiler/lower/lower.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"
#include "tests/support/golden_runner.h"

namespace seg::ir {
namespace {

constexpr const char* kSchema =
    "input customers key id { signup: date; city: text; age: int; spend: money }\n"
    "input orders of customers by customer at ts { amount: money; category: text; discounted: bool }\n"
    "param as_of: date\n";

std::shared_ptr<const Program> LowerText(const std::string& body) {
  driver::CompileOptions options;
  options.disabled_warnings = {"unused-let", "unreachable-rule"};
  auto c = driver::CompileText("test.seg", std::string(kSchema) + body, options);
  EXPECT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  return c->ir;
}

int CountKind(const Program& p, NodeKind kind) {
  return static_cast<int>(std::count_if(p.nodes.begin(), p.nodes.end(), [&](const Node& n) { return n.kind == kind; }));
}

NodeId LetNode(const Program& p, const std::string& name) {
  for (const Named& n : p.lets) {
    if (n.name == name) return n.node;
  }
  ADD_FAILURE() << "no let " << name;
  return 0;
}

// ---------------------------------------------------------------- safety net

// An expression the checker left untyped without a diagnostic (as params in derived event sets
// once were) is caught by lowering, never turned into a node that is false for everyone.
TEST(IrSafetyTest, AnUntypedExpressionIsReportedByItsSpan) {
  driver::CompileOptions options;
  options.lower = false;
  auto c = driver::CompileText("test.seg",
                               std::string(kSchema) + "let spend_x2 = spend * 2\ntag t when spend_x2 > 10\n", options);
  ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  std::optional<SourceSpan> untyped;
  ASSERT_TRUE(lower::Lower(*c->program, nullptr, &untyped));
  EXPECT_FALSE(untyped) << "a well-typed program";
  auto broken = std::make_shared<sema::TExpr>(*c->program->lets[0].value);
  broken->type = lang::Type::Error();  // what a checker bug would leave
  c->program->lets[0].value = broken;
  ASSERT_TRUE(lower::Lower(*c->program, nullptr, &untyped));
  ASSERT_TRUE(untyped);
  EXPECT_EQ(untyped->begin, broken->span.begin);
}

// ---------------------------------------------------------------- sharing

TEST(IrSharingTest, EqualAggregatesAcrossLetsTagsSegmentsAndScoresAreOneNode) {
  auto p = LowerText(
      "let total = sum(orders.amount)\n"
      "tag big when sum(orders.amount) > 1000\n"
      "segments tiers exclusive {\n  \"Gold\" when sum(orders.amount) > 5000\n  else \"Other\"\n}\n"
      "score s = sum(orders.amount) / 10\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(CountKind(*p, NodeKind::kAggregate), 1);
  EXPECT_EQ(LetNode(*p, "total"), p->nodes[p->tags[0].node].args[0]);
}

TEST(IrSharingTest, DifferentWindowsOrFiltersAreDifferentAggregates) {
  auto p = LowerText(
      "let a = count(orders)\n"
      "let b = count(orders during last 30 days)\n"
      "let c = count(orders during last 30 days)\n"
      "let d = count(orders where discounted)\n"
      "let e = count(orders where discounted)\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(CountKind(*p, NodeKind::kAggregate), 3);
  EXPECT_EQ(LetNode(*p, "b"), LetNode(*p, "c"));
  EXPECT_EQ(LetNode(*p, "d"), LetNode(*p, "e"));
}

TEST(IrSharingTest, DerivedEventSetIsInlinedAndSharedWithTheSameFilterWrittenOut) {
  auto p = LowerText(
      "events big = orders where amount > 100\n"
      "let a = count(big)\n"
      "let b = count(orders where amount > 100)\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(CountKind(*p, NodeKind::kAggregate), 1);
  EXPECT_EQ(LetNode(*p, "a"), LetNode(*p, "b"));
  for (const Node& n : p->nodes) EXPECT_LT(n.input, static_cast<int32_t>(p->inputs.size()));
}

TEST(IrSharingTest, SameQuintileInTwoPlacesIsOnePopulationNode) {
  auto p = LowerText("let a = quintile(spend)\ntag t when quintile(spend) == 5\nlet d = quintile(spend, descending)\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(CountKind(*p, NodeKind::kPopulation), 2);
}

// ---------------------------------------------------------------- event days

bool ReadsEventColumn(const Program& p, const std::string& input, const std::string& column) {
  return std::any_of(p.nodes.begin(), p.nodes.end(), [&](const Node& n) {
    return n.kind == NodeKind::kEventColumn && p.inputs[n.input].name == input &&
           p.inputs[n.input].columns[n.symbol].name == column;
  });
}

// A day-taking function of the first or last event's time reads that event's day from the index
// (kEventDay), so nothing reads the events' times.
TEST(IrEventDayTest, ADayOfTheFirstOrLastTimeIsTheEventsDay) {
  auto p = LowerText(
      "let recency = days_since(last(orders.ts))\n"
      "let first_month = month(first(orders.ts where discounted during last 90 days))\n"
      "let span = months_between(first(orders.ts), last(orders.ts))\n");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(ReadsEventColumn(*p, "orders", "ts"));
  EXPECT_EQ(CountKind(*p, NodeKind::kEventDay), 1);
  for (const char* let : {"recency", "first_month", "span"}) {
    const Node& call = p->nodes[LetNode(*p, let)];
    ASSERT_EQ(call.kind, NodeKind::kCall) << let;
    for (NodeId a : call.args) {
      const Node& agg = p->nodes[a];
      ASSERT_EQ(agg.kind, NodeKind::kAggregate) << let;
      EXPECT_TRUE(agg.type.Is(lang::TypeKind::kDate)) << let;
      EXPECT_EQ(p->nodes[agg.aggregate.value].kind, NodeKind::kEventDay) << let;
    }
  }
}

// The time itself, another aggregate of it, a time kept in a let, or a column that is not the
// input's time keeps reading the column.
TEST(IrEventDayTest, OtherUsesOfTheTimeReadTheColumn) {
  for (const char* body :
       {"let t = last(orders.ts)\n", "let d = days_since(max(orders.ts))\n",
        "let t = last(orders.ts)\nlet d = days_since(t)\n", "let h = hours(as_of - last(orders.ts))\n"}) {
    auto p = LowerText(body);
    ASSERT_NE(p, nullptr) << body;
    EXPECT_TRUE(ReadsEventColumn(*p, "orders", "ts")) << body;
    EXPECT_EQ(CountKind(*p, NodeKind::kEventDay), 0) << body;
  }
  auto signup = LowerText("let d = days_since(signup)\n");
  ASSERT_NE(signup, nullptr);
  EXPECT_EQ(CountKind(*signup, NodeKind::kEventDay), 0);
}

// ---------------------------------------------------------------- folding

TEST(IrFoldingTest, ArithmeticOfLiteralsIsAConstant) {
  auto p = LowerText("let x = 2 + 3\nlet y = 60 * 24 * 7\n");
  ASSERT_NE(p, nullptr);
  const Node& x = p->nodes[LetNode(*p, "x")];
  ASSERT_EQ(x.kind, NodeKind::kConst);
  EXPECT_EQ(x.constant.i, 5);
  EXPECT_EQ(lang::FormatValue(p->nodes[LetNode(*p, "y")].constant), "10080");
}

TEST(IrFoldingTest, DivisionByZeroFoldsToMissing) {
  auto p = LowerText("let x = 1 / 0\n");
  ASSERT_NE(p, nullptr);
  const Node& x = p->nodes[LetNode(*p, "x")];
  ASSERT_EQ(x.kind, NodeKind::kConst);
  EXPECT_TRUE(x.constant.missing);
}

TEST(IrFoldingTest, ComparisonOfConstantsFolds) {
  auto p = LowerText("let t = 1 < 2\nlet f = 3 == 4\nlet s = \"a\" < \"b\"\n");
  ASSERT_NE(p, nullptr);
  for (const char* name : {"t", "f", "s"}) {
    EXPECT_EQ(p->nodes[LetNode(*p, name)].kind, NodeKind::kConst) << name;
  }
  EXPECT_EQ(lang::FormatValue(p->nodes[LetNode(*p, "t")].constant), "true");
  EXPECT_EQ(lang::FormatValue(p->nodes[LetNode(*p, "f")].constant), "false");
}

TEST(IrFoldingTest, ConstantInsideACustomerExpressionFolds) {
  auto p = LowerText("tag t when age > 10 * 3\n");
  ASSERT_NE(p, nullptr);
  const Node& cmp = p->nodes[p->tags[0].node];
  ASSERT_EQ(cmp.kind, NodeKind::kCompare);
  const Node& rhs = p->nodes[cmp.args[1]];
  ASSERT_EQ(rhs.kind, NodeKind::kConst);
  EXPECT_EQ(rhs.constant.i, 30);
}

TEST(IrFoldingTest, ParamsAreNotFolded) {
  auto p = LowerText("param limit: int = 10\nlet x = limit + 1\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->nodes[LetNode(*p, "x")].kind, NodeKind::kArith);
  EXPECT_EQ(p->nodes[LetNode(*p, "x")].level, Level::kConstant);
}

TEST(IrFoldingTest, IntegerOverflowIsACheckErrorAtTheExpression) {
  // Folding must not hide the overflow: it is reported when the program is checked, at the
  // arithmetic, instead of failing for every customer at run time.
  auto c = driver::CompileText("test.seg",
                               std::string(kSchema) + "let x = 9223372036854775807 + 1\ntag t when age > x\n", {});
  ASSERT_EQ(c->sink.diagnostics().size(), 1u) << seg::testing::RenderedText(*c);
  const Diagnostic& d = c->sink.diagnostics()[0];
  EXPECT_EQ(d.code, DiagCode::kConstantOverflow);
  EXPECT_EQ(d.message, "`9223372036854775807 + 1` is beyond the range of whole numbers");
  std::string text = std::string(kSchema) + "let x = ";
  EXPECT_EQ(d.span.begin, text.size());
  EXPECT_EQ(d.span.end, text.size() + std::string("9223372036854775807 + 1").size());
  EXPECT_EQ(c->ir, nullptr);
}

TEST(IrFoldingTest, EveryKindOfConstantOverflowIsReported) {
  for (const char* expr : {"-9223372036854775807 - 2", "3037000500 * 3037000500", "100000000 days + 10000000 days",
                           "100000000 days * 2", "spend + 922337203685477 * 10"}) {
    auto c = driver::CompileText("test.seg", std::string(kSchema) + "let x = " + expr + "\ntag t when x == x\n", {});
    ASSERT_EQ(c->sink.diagnostics().size(), 1u) << expr << "\n" << seg::testing::RenderedText(*c);
    EXPECT_EQ(c->sink.diagnostics()[0].code, DiagCode::kConstantOverflow) << expr;
  }
}

TEST(IrFoldingTest, WithoutASinkOverflowStaysAnOperatorForTheRunToReport) {
  driver::CompileOptions options;
  options.lower = false;
  auto c = driver::CompileText("test.seg",
                               std::string(kSchema) + "let x = 9223372036854775807 + 1\ntag t when age > x\n", options);
  ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
  std::shared_ptr<const Program> p = lower::Lower(*c->program);
  EXPECT_EQ(p->nodes[LetNode(*p, "x")].kind, NodeKind::kArith);
}

// ---------------------------------------------------------------- stages and order

TEST(IrStageTest, PopulationNodesStartANewStage) {
  auto p = LowerText(
      "let m = sum(orders.amount)\n"
      "let q = quintile(m)\n"
      "let combined = q * 10 + quintile(spend)\n"
      "let qq = quintile(combined)\n"
      "tag top when qq == 5\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->nodes[LetNode(*p, "m")].stage, 0);
  EXPECT_EQ(p->nodes[LetNode(*p, "q")].stage, 1);
  EXPECT_EQ(p->nodes[LetNode(*p, "combined")].stage, 1);
  EXPECT_EQ(p->nodes[LetNode(*p, "qq")].stage, 2);
  EXPECT_EQ(p->nodes[p->tags[0].node].stage, 2);
  EXPECT_EQ(p->stage_count, 3);
}

TEST(IrStageTest, ProgramWithoutPopulationHasOneStage) {
  auto p = LowerText("tag t when count(orders) > 3\n");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->stage_count, 1);
  for (const Node& n : p->nodes) EXPECT_EQ(n.stage, 0);
}

void ExpectTopologicalOrder(const Program& p) {
  for (size_t id = 0; id < p.nodes.size(); ++id) {
    const Node& n = p.nodes[id];
    std::vector<NodeId> deps = n.args;
    if (n.kind == NodeKind::kAggregate) {
      deps.push_back(n.aggregate.value);
      deps.push_back(n.aggregate.filter);
      if (n.aggregate.window) {
        deps.push_back(n.aggregate.window->from);
        deps.push_back(n.aggregate.window->to);
      }
    }
    if (n.window) {
      deps.push_back(n.window->from);
      deps.push_back(n.window->to);
    }
    for (NodeId d : deps) {
      if (d < 0) continue;
      EXPECT_LT(d, static_cast<NodeId>(id)) << "node %" << id << " depends on %" << d;
      EXPECT_LE(p.nodes[d].stage, n.stage) << "node %" << id;
    }
  }
}

TEST(IrOrderTest, NodeIdsAreTopologicallyOrderedOnTheExamplesAndIrGoldens) {
  for (const char* folder : {"examples", "tests/golden/ir"}) {
    for (const auto& path : seg::testing::GlobFiles(folder, ".seg")) {
      auto c = seg::testing::CompileRepoFile(path);
      ASSERT_TRUE(c->ok()) << seg::testing::RenderedText(*c);
      SCOPED_TRACE(path.string());
      ExpectTopologicalOrder(*c->ir);
    }
  }
}

TEST(IrOrderTest, BetweenWindowBoundsAreConstantNodesBeforeTheAggregate) {
  auto p = LowerText("let x = count(orders during between as_of - 30 days and as_of)\n");
  ASSERT_NE(p, nullptr);
  ExpectTopologicalOrder(*p);
  const Node& agg = p->nodes[LetNode(*p, "x")];
  ASSERT_TRUE(agg.aggregate.window.has_value());
  EXPECT_EQ(p->nodes[agg.aggregate.window->from].level, Level::kConstant);
}

// ---------------------------------------------------------------- printing

TEST(IrPrintTest, PrintIsDeterministicAcrossCompilations) {
  for (const auto& path : seg::testing::GlobFiles("examples", ".seg")) {
    auto a = seg::testing::CompileRepoFile(path);
    auto b = seg::testing::CompileRepoFile(path);
    ASSERT_TRUE(a->ok() && b->ok());
    EXPECT_EQ(Print(*a->ir), Print(*b->ir)) << path;
  }
}

TEST(IrPrintTest, StdRfmLowersAndPrints) {
  auto p = LowerText("import std.rfm\n");
  ASSERT_NE(p, nullptr);
  std::string text = Print(*p);
  EXPECT_THAT(text, ::testing::HasSubstr("segments rfm_segment"));
  EXPECT_EQ(p->stage_count, 2);
}

}  // namespace
}  // namespace seg::ir
