// The interpreter's operators, one family per test, against the rules of docs/LANGUAGE.md
// ("Missing values", "Comparisons and conversions", "Conditions", the function and window
// tables). Each test compiles a few lets over one small schema and runs them on the interpreter
// through the public API (a host's view, so moving code inside the interpreter cannot break
// them). Values are compared as `seg run` writes them (money and floats without trailing zeros,
// "" for missing). Operands come from data columns, never literals alone, so the checker cannot fold the
// operator away and the interpreter is what computes it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "seg/seg.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char kSchema[] = R"(
input customers key id { a: int; b: int; x: float; m: money; d: date; t: text; tags: tags }
input orders of customers by customer at ts { amount: money; qty: int; category: text }
)";

// c1 has everything; c2 has zeros (b, x, m) and a negative a; c3 has every column missing and
// no orders. Orders: c1 three (one without qty), c2 one without an amount.
const char kCustomers[] =
    "id,a,b,x,m,d,t,tags\n"
    "c1,7,2,1.5,10.25,2025-01-10,apple,vip|new\n"
    "c2,-7,0,0,0,2024-06-30,banana,new\n"
    "c3,,,,,,,\n";
const char kOrders[] =
    "customer,ts,amount,qty,category\n"
    "c1,2025-06-20T10:00:00Z,10.00,1,books\n"
    "c1,2025-03-01T10:00:00Z,30.00,3,toys\n"
    "c1,2024-01-01T10:00:00Z,5.00,,books\n"
    "c2,2025-06-29T23:00:00Z,,2,books\n";
const char kAsOf[] = "2025-06-30";

class InterpreterOperatorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("seg_interp_ops_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `rules` after the schema on the interpreter over `customers` and `orders` (CSV text),
  // returning the lets named in `lets` as extra columns.
  seg::Status Run(const std::string& rules, const std::vector<std::string>& lets, seg::Result* result,
                  const std::string& customers = kCustomers, const std::string& orders = kOrders) {
    seg::CompileResult compiled = seg::Compile(std::string(kSchema) + rules, "ops.seg");
    EXPECT_TRUE(compiled.ok()) << compiled.rendered;
    if (!compiled.ok()) return {seg::StatusCode::kCompileError, compiled.rendered};
    Write("customers.csv", customers);
    Write("orders.csv", orders);
    seg::Inputs inputs(compiled.program);
    seg::Status s = inputs.BindFile("customers", (dir_ / "customers.csv").string());
    if (s.ok()) s = inputs.BindFile("orders", (dir_ / "orders.csv").string());
    if (!s.ok()) return s;
    seg::RunOptions options;
    options.as_of = kAsOf;
    options.lets = lets;
    options.engine = seg::Engine::kInterpreter;
    s = compiled.program->Run(inputs, options, result);
    if (s.ok()) {
      EXPECT_EQ(result->engine(), seg::Engine::kInterpreter);
    }
    return s;
  }

  // The value of `name` (a let, tag or score) per customer, as `seg run` writes it: "" when missing.
  std::vector<std::string> Values(const std::string& rules, const std::string& name) {
    seg::Result result;
    seg::Status s = Run(rules, {name}, &result);
    EXPECT_TRUE(s.ok()) << s.message;
    std::vector<std::string> out;
    const seg::OutputColumn* column = s.ok() ? result.Find(name) : nullptr;
    EXPECT_NE(column, nullptr) << name;
    for (size_t row = 0; column != nullptr && row < result.num_customers(); ++row) out.push_back(column->Format(row));
    return out;
  }
  // A one-let program: `let v = EXPR`.
  std::vector<std::string> Let(const std::string& expr) { return Values("let v = " + expr + "\n", "v"); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream out(dir_ / name, std::ios::binary | std::ios::trunc);
    out << text;
  }

  fs::path dir_;
};

// ---------------------------------------------------------------- arithmetic

TEST_F(InterpreterOperatorsTest, ArithmeticWithAMissingOperandIsMissing) {
  EXPECT_THAT(Let("a + b"), ElementsAre("9", "-7", ""));
  EXPECT_THAT(Let("a - b"), ElementsAre("5", "-7", ""));
  EXPECT_THAT(Let("a * b"), ElementsAre("14", "0", ""));
  EXPECT_THAT(Let("-a"), ElementsAre("-7", "7", ""));
  EXPECT_THAT(Let("m * 2"), ElementsAre("20.5", "0", ""));
  EXPECT_THAT(Let("x + 1"), ElementsAre("2.5", "1", ""));
}

TEST_F(InterpreterOperatorsTest, DivisionByZeroIsMissingNeverInfinity) {
  EXPECT_THAT(Let("a / b"), ElementsAre("3.5", "", ""));
  EXPECT_THAT(Let("a % b"), ElementsAre("1", "", ""));
  EXPECT_THAT(Let("x / x"), ElementsAre("1", "", ""));  // 0.0 / 0.0: missing, not NaN
  EXPECT_THAT(Let("1.5 / x"), ElementsAre("1", "", ""));
  EXPECT_THAT(Let("m / b"), ElementsAre("5.125", "", ""));
  EXPECT_THAT(Let("(a / b) ?? -1"), ElementsAre("3.5", "-1", "-1"));
}

TEST_F(InterpreterOperatorsTest, OverflowStopsTheRunNamingTheCustomerAndTheRule) {
  const std::string big = "id,a,b,x,m,d,t,tags\nc1,1,1,1,1,2025-01-01,t,\nc2,9223372036854775807,2,1,1,2025-01-01,t,\n";
  for (const char* expr : {"a + b", "a * b", "-a - b"}) {
    seg::Result result;
    seg::Status s = Run(std::string("let v = ") + expr + "\n", {"v"}, &result, big);
    EXPECT_EQ(s.code, seg::StatusCode::kRunError) << expr << ": " << s.message;
    EXPECT_THAT(s.message, HasSubstr("c2")) << expr;
    EXPECT_THAT(s.message, HasSubstr("'v'")) << expr;
  }
  // A sum of money beyond the range fails the same way; the customer before it does not matter.
  const std::string orders =
      "customer,ts,amount,qty,category\nc2,2025-06-01T00:00:00Z,900000000000000,1,x\n"
      "c2,2025-06-02T00:00:00Z,900000000000000,1,x\n";
  seg::Result result;
  seg::Status s = Run("let v = sum(orders.amount)\n", {"v"}, &result, big, orders);
  EXPECT_EQ(s.code, seg::StatusCode::kRunError) << s.message;
  EXPECT_THAT(s.message, HasSubstr("c2"));
}

// ---------------------------------------------------------------- comparisons and conditions

TEST_F(InterpreterOperatorsTest, ComparisonsWithMissingAreFalse) {
  EXPECT_THAT(Let("a > 1"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("a <= 1"), ElementsAre("false", "true", "false"));
  EXPECT_THAT(Let("a == a"), ElementsAre("true", "true", "false"));
  EXPECT_THAT(Let("a != 7"), ElementsAre("false", "true", "false"));
  EXPECT_THAT(Let("t == \"apple\""), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("t < \"b\""), ElementsAre("true", "false", "false"));  // bytes: "apple" < "b" < "banana"
  EXPECT_THAT(Let("not (a > 1)"), ElementsAre("false", "true", "true"));
  EXPECT_THAT(Let("a is missing"), ElementsAre("false", "false", "true"));
  EXPECT_THAT(Let("t is not missing"), ElementsAre("true", "true", "false"));
}

TEST_F(InterpreterOperatorsTest, AndOrReadAMissingConditionAsFalse) {
  EXPECT_THAT(Let("a > 1 or b > 1"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("a > 1 and b > 1"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("not (a > 1) and not (b > 1)"), ElementsAre("false", "true", "true"));
  EXPECT_THAT(Let("a < 0 or d is missing"), ElementsAre("false", "true", "true"));
}

TEST_F(InterpreterOperatorsTest, FallbackTakesTheRightSideOnlyWhenTheLeftIsMissing) {
  EXPECT_THAT(Let("a ?? 0"), ElementsAre("7", "-7", "0"));
  EXPECT_THAT(Let("b ?? a ?? 42"), ElementsAre("2", "0", "42"));
  EXPECT_THAT(Let("t ?? \"none\""), ElementsAre("apple", "banana", "none"));
  EXPECT_THAT(Let("a + b ?? 1"), ElementsAre("9", "-7", "1"));  // (a + b) ?? 1
}

TEST_F(InterpreterOperatorsTest, InAndNotInAreFalseForMissing) {
  EXPECT_THAT(Let("a in [7, 8]"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("a not in [7, 8]"), ElementsAre("false", "true", "false"));
  EXPECT_THAT(Let("t in [\"apple\", \"kiwi\"]"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("\"vip\" in tags"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("\"new\" not in tags"), ElementsAre("false", "false", "false"));
}

TEST_F(InterpreterOperatorsTest, LikeMatchesTheWholeTextCaseSensitively) {
  EXPECT_THAT(Let("t like \"a%\""), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("t like \"_anana\""), ElementsAre("false", "true", "false"));
  EXPECT_THAT(Let("t like \"%an%\""), ElementsAre("false", "true", "false"));
  EXPECT_THAT(Let("t like \"appl\""), ElementsAre("false", "false", "false"));  // whole text, not a prefix
  EXPECT_THAT(Let("t like \"A%\""), ElementsAre("false", "false", "false"));
  EXPECT_THAT(Let("t not like \"a%\""), ElementsAre("false", "true", "false"));
}

TEST_F(InterpreterOperatorsTest, IfTakesTheElseBranchForAMissingCondition) {
  EXPECT_THAT(Let("if a > 0 then \"pos\" else \"other\""), ElementsAre("pos", "other", "other"));
  EXPECT_THAT(Let("if b > 0 then a else 0"), ElementsAre("7", "0", "0"));
  EXPECT_THAT(Let("if a < 0 then missing else m"), ElementsAre("10.25", "", ""));
  EXPECT_THAT(Let("if a > 0 then a else x"), ElementsAre("7", "0", ""));  // int and float mix to float
}

// ---------------------------------------------------------------- conversions and calls

TEST_F(InterpreterOperatorsTest, ImplicitAndExplicitConversions) {
  EXPECT_THAT(Let("a + x"), ElementsAre("8.5", "-7", ""));    // int to float
  EXPECT_THAT(Let("m + a"), ElementsAre("17.25", "-7", ""));  // int to money
  EXPECT_THAT(Let("float(m) * x"), ElementsAre("15.375", "0", ""));
  EXPECT_THAT(Let("last(orders.ts) >= d"), ElementsAre("true", "true", "false"));  // date to timestamp
  EXPECT_THAT(Let("days(days_since(d))"), ElementsAre("171", "365", ""));
}

TEST_F(InterpreterOperatorsTest, FunctionCallsOfAMissingArgumentAreMissing) {
  EXPECT_THAT(Let("abs(a)"), ElementsAre("7", "7", ""));
  EXPECT_THAT(Let("round(x + 1)"), ElementsAre("3", "1", ""));  // 2.5 rounds away from zero
  EXPECT_THAT(Let("round(-x - 1)"), ElementsAre("-3", "-1", ""));
  EXPECT_THAT(Let("clamp(a, 0, 5)"), ElementsAre("5", "0", ""));
  EXPECT_THAT(Let("least(a, b)"), ElementsAre("2", "-7", ""));
  EXPECT_THAT(Let("sqrt(float(a))"), ElementsAre("2.6457513110645907", "", ""));  // negative: missing
  EXPECT_THAT(Let("ln(x)"), ElementsAre("0.4054651081081644", "", ""));           // 0: missing
  EXPECT_THAT(Let("upper(t)"), ElementsAre("APPLE", "BANANA", ""));
  EXPECT_THAT(Let("length(t)"), ElementsAre("5", "6", ""));
  EXPECT_THAT(Let("year(d) * 100 + month(d)"), ElementsAre("202501", "202406", ""));
}

// ---------------------------------------------------------------- windows and aggregates

TEST_F(InterpreterOperatorsTest, WithinAWindowIsFalseForMissingAndKeepsItsBounds) {
  // last 365 days: 2024-07-01 .. 2025-06-30; c2's date, 2024-06-30, is one day outside.
  EXPECT_THAT(Let("d within last 365 days"), ElementsAre("true", "false", "false"));
  EXPECT_THAT(Let("d within last 366 days"), ElementsAre("true", "true", "false"));
  EXPECT_THAT(Let("last(orders.ts) within last 30 days"), ElementsAre("true", "true", "false"));
  EXPECT_THAT(Let("last(orders.ts) within last 1 days"), ElementsAre("false", "false", "false"));
  EXPECT_THAT(Let("d within this year"), ElementsAre("true", "false", "false"));
}

TEST_F(InterpreterOperatorsTest, AggregatesOverNoEventsAndMissingValues) {
  EXPECT_THAT(Let("count(orders)"), ElementsAre("3", "1", "0"));
  EXPECT_THAT(Let("sum(orders.amount)"), ElementsAre("45", "0", "0"));  // skips c2's missing amount
  EXPECT_THAT(Let("sum(orders.qty)"), ElementsAre("4", "2", "0"));
  EXPECT_THAT(Let("avg(orders.amount)"), ElementsAre("15", "", ""));
  EXPECT_THAT(Let("min(orders.amount)"), ElementsAre("5", "", ""));
  EXPECT_THAT(Let("max(orders.qty)"), ElementsAre("3", "2", ""));
  EXPECT_THAT(Let("first(orders.category)"), ElementsAre("books", "books", ""));
  EXPECT_THAT(Let("last(orders.amount)"), ElementsAre("10", "", ""));
  EXPECT_THAT(Let("count(orders where category == \"books\")"), ElementsAre("2", "1", "0"));
  EXPECT_THAT(Let("sum(orders.amount during last 180 days)"), ElementsAre("40", "0", "0"));
  EXPECT_THAT(Let("count_distinct(orders.category)"), ElementsAre("2", "1", "0"));
}

// ---------------------------------------------------------------- classifications

TEST_F(InterpreterOperatorsTest, ClassifyTakesTheFirstMatchingRuleAndElse) {
  const std::string rules =
      "segments size exclusive {\n"
      "  \"Big\" when a > 5\n"
      "  \"Seven\" when a == 7 or a == -7\n"  // c1 matches too, but \"Big\" comes first
      "  \"Small\" when a <= 5\n"
      "  else \"Unknown\"\n"
      "}\n"
      "segments spenders exclusive {\n"
      "  \"Spender\" when sum(orders.amount) > 20\n"
      "}\n"
      "segments fine within size.\"Big\" {\n"
      "  \"Books\" when count(orders where category == \"books\") >= 2\n"
      "  else \"Other\"\n"
      "}\n";
  seg::Result result;
  seg::Status s = Run(rules, {}, &result);
  ASSERT_TRUE(s.ok()) << s.message;
  ASSERT_EQ(result.num_customers(), 3u);
  EXPECT_EQ(result.Bucket("size", 0), "Big");
  EXPECT_EQ(result.Bucket("size", 1), "Seven");
  EXPECT_EQ(result.Bucket("size", 2), "Unknown");  // a missing: every condition false
  EXPECT_EQ(result.Bucket("spenders", 0), "Spender");
  EXPECT_EQ(result.Bucket("spenders", 1), std::nullopt);  // no else: no bucket
  EXPECT_EQ(result.Bucket("spenders", 2), std::nullopt);
  EXPECT_EQ(result.Bucket("fine", 0), "Books");
  EXPECT_EQ(result.Bucket("fine", 1), std::nullopt);  // not in size."Big"
  EXPECT_EQ(result.Bucket("fine", 2), std::nullopt);
}

}  // namespace
