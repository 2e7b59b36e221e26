// The checked program: every name resolved to a symbol, every expression typed. This is what
// the checker produces and what lowering (compiler/ir) consumes; nothing unchecked gets past it.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/source_file.h"
#include "compiler/sema/types.h"

namespace seg::sema {

// A constant. Integers, booleans, money (scaled by 10^4), dates (days), timestamps and
// durations (microseconds) live in `i`; floats in `f`; text and ids in `s`.
struct Value {
  Type type;
  bool missing = false;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<Value> items;  // lists
  // A float written as a decimal literal keeps its text: money made from it is read from the
  // text, exactly (922337203685477.5807 has no exact double), and checked against the money range.
  std::string decimal_text;

  static Value Missing(Type t) { Value v; v.type = t; v.missing = true; return v; }
  static Value Bool(bool b) { Value v; v.type = Type::Of(TypeKind::kBool); v.i = b; return v; }
  static Value Int(int64_t x) { Value v; v.type = Type::Of(TypeKind::kInt); v.i = x; return v; }
  static Value Float(double x) { Value v; v.type = Type::Of(TypeKind::kFloat); v.f = x; return v; }
  static Value Of(TypeKind k, int64_t x) { Value v; v.type = Type::Of(k); v.i = x; return v; }
  static Value Text(std::string x) { Value v; v.type = Type::Of(TypeKind::kText); v.s = std::move(x); return v; }
};
std::string FormatValue(const Value& value);  // canonical literal text, for dumps and messages

enum class TExprKind : uint8_t {
  kConst,        // constant
  kParam,        // symbol = param index
  kColumn,       // symbol = column index of the customer input
  kEventColumn,  // symbol = column index of the enclosing event set (aggregate or derived set)
  kLetRef,       // symbol = let index
  kTagRef,       // symbol = tag index
  kScoreRef,     // symbol = score index
  kClassLabel,   // symbol = classification index; the bucket label as text, missing if none
  kInBucket,     // symbol = classification index, label = bucket
  kNegate, kNot,
  kArith,        // op = ArithOp, args = {lhs, rhs}
  kCompare,      // op = CompareOp, args = {lhs, rhs} (converted to a common type)
  kAnd, kOr,
  kDefault,      // args = {value, fallback}
  kIn,           // args = {needle, haystack}; haystack a constant list or a tags value
  kLike,         // args = {text, pattern}
  kIsMissing,    // args = {operand}; op = 1 for `is not missing`
  kIf,           // args = {condition, then, else}
  kConvert,      // args = {operand}; to `type` (int->float, int->money, money->float, date->timestamp)
  kCall,         // op = Builtin, args = arguments
  kAggregate,    // aggregate (spec in `aggregate`)
  kPopulation,   // population-wide function (spec in `population`), args = {per-customer value}
  kWithin,       // args = {date or timestamp}; window in `window`
};

enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod };
enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

enum class WindowUnit : uint8_t { kDay, kWeek, kMonth, kQuarter, kYear };

struct TExpr;
using TExprPtr = std::shared_ptr<const TExpr>;

struct WindowSpec {
  ast::WindowKind kind = ast::WindowKind::kRolling;
  int64_t count = 0, count_to = 0;
  WindowUnit unit = WindowUnit::kDay;
  TExprPtr from, to;  // kBetween: constant dates (params allowed)
};

enum class AggFunc : uint8_t {
  kCount, kSum, kAvg, kMin, kMax, kFirst, kLast, kCountDistinct, kActiveDays, kStreakDays,
  kCurrentStreakDays, kAvgGap, kMedian, kPercentile, kStdDev, kMode,
};
const char* AggFuncName(AggFunc f);

struct AggregateSpec {
  AggFunc func = AggFunc::kCount;
  int32_t events = -1;  // event set
  TExprPtr value;       // event-level; null where the function needs none (count, active_days)
  TExprPtr filter;      // event-level `where`, may be null (the event set's own filters are separate)
  std::optional<WindowSpec> window;
  double fraction = 0.5;  // percentile's p (0..1); median is the 0.5 percentile
};

// The last three fit a model over every customer (runtime/kernels/clv_models.h, docs/MODELS.md):
// BG/NBD for p_alive and expected_purchases, Gamma-Gamma for expected_spend.
enum class PopFunc : uint8_t { kQuantileBin, kPercentRank, kCumulativeShare, kPAlive, kExpectedPurchases, kExpectedSpend, kFittedClv };
inline bool IsModelFit(PopFunc f) {
  return f == PopFunc::kPAlive || f == PopFunc::kExpectedPurchases || f == PopFunc::kExpectedSpend ||
         f == PopFunc::kFittedClv;
}
// The language's name of a model-fit function ("p_alive"), "" for the other population functions.
inline const char* ModelFitName(PopFunc f) {
  switch (f) {
    case PopFunc::kPAlive: return "p_alive";
    case PopFunc::kExpectedPurchases: return "expected_purchases";
    case PopFunc::kExpectedSpend: return "expected_spend";
    case PopFunc::kFittedClv: return "fitted_clv";
    default: return "";
  }
}
// How values are cut into bins; docs/LANGUAGE.md shows each on an example.
enum class BinMethod : uint8_t {
  kRfm,       // R `rfm` package: type-7 quantile breaks + 1, bins [b_i, b_i+1)
  kQcut,      // pandas qcut: linear-interpolated quantiles, bins (b_i, b_i+1], lowest closed
  kQcutRank,  // pandas qcut over rank(method="first"): ties broken by customer key (runtime/customer_key.h)
  kNtile,     // equal-size groups by rank (SQL ntile), ties broken by customer key
};
const char* BinMethodName(BinMethod m);

struct PopulationSpec {
  PopFunc func = PopFunc::kQuantileBin;
  int32_t bins = 5;
  BinMethod method = BinMethod::kRfm;
  bool descending = false;  // bin 1 holds the largest values
  // Model fits only: the period unit in days (the fitted parameters are printed in it); for
  // expected_purchases and fitted_clv, the horizon in days; for fitted_clv, the discounting step
  // in days. `where` is the call's file:line:col, so that a fit that fails is located.
  double period_days = 7;
  double horizon_days = 0;
  double step_days = 0;
  std::string where;
};

struct TExpr {
  TExprKind kind = TExprKind::kConst;
  Type type;
  SourceSpan span;
  std::vector<TExprPtr> args;
  int32_t symbol = -1;
  int32_t op = 0;
  Value constant;      // kConst
  std::string label;   // kInBucket
  std::shared_ptr<AggregateSpec> aggregate;
  std::shared_ptr<PopulationSpec> population;
  std::shared_ptr<WindowSpec> window;  // kWithin
};

// ---------------------------------------------------------------- symbols

struct ColumnSymbol {
  std::string name;
  Type type;
  SourceSpan span;
  TExprPtr definition;  // derived event sets: computed from earlier columns; null for input columns
  int32_t input_column = -1;  // input column index for columns read from data
};

struct InputSymbol {
  std::string name;
  SourceSpan span;
  bool is_event = false;
  std::vector<ColumnSymbol> columns;
  int32_t key_column = -1;       // entity: its key; events: the customer reference
  int32_t time_column = -1;      // events only
};

// An input of events, or a derived view of one: same base input, more filters, more columns.
struct EventSetSymbol {
  std::string name;
  SourceSpan span;
  int32_t input = -1;                 // the base input
  std::vector<TExprPtr> filters;      // event-level, all must hold
  std::vector<ColumnSymbol> columns;  // base input columns first, then computed ones
  int32_t time_column = -1;
};

struct ParamSymbol {
  std::string name;
  SourceSpan span;
  Type type;
  std::optional<Value> default_value;
  bool implicit = false;  // as_of when the program does not declare it
};

struct LetSymbol {
  std::string name;
  SourceSpan span;
  TExprPtr value;
  uint32_t module_file = 0;
};

// `seg report` takes each customer's revenue from a number (int, float or money) let of this
// name (compiler/driver/report.cc), so such a let is used even where no rule reads it.
inline constexpr const char* kRevenueLetName = "revenue";
inline bool IsReportRevenue(const std::string& name, const Type& type) {
  return name == kRevenueLetName && type.IsNumeric();
}

struct TagSymbol {
  std::string name;
  SourceSpan span;
  TExprPtr condition;
};

struct RuleSymbol {
  std::string label;
  SourceSpan span;
  TExprPtr condition;
};

struct ClassificationSymbol {
  std::string name;
  SourceSpan span;
  int32_t parent = -1;            // `within`: the refined classification
  std::string parent_bucket;
  std::vector<RuleSymbol> rules;  // in priority order
  std::optional<std::string> else_label;
  std::vector<std::string> Buckets() const;  // rule labels (first occurrence) then else
};

struct ScoreSymbol {
  std::string name;
  SourceSpan span;
  TExprPtr value;
};

struct GivenRow {
  int32_t input = -1;
  std::vector<std::pair<int32_t, TExprPtr>> fields;  // input column -> constant expression
  int64_t repeat = 1;
  SourceSpan span;
};

struct Expectation {
  ast::TestStmtKind kind = ast::TestStmtKind::kExpectInBucket;
  SourceSpan span;
  std::string customer;
  bool negated = false;
  int32_t symbol = -1;    // classification, tag, or the metric's symbol (see metric_kind)
  TExprKind metric_kind = TExprKind::kLetRef;  // kLetRef, kScoreRef, kTagRef, kClassLabel
  std::string bucket;
  CompareOp compare = CompareOp::kEq;
  TExprPtr expected;      // constant, converted to the metric's type
};

struct TestSymbol {
  std::string title;
  SourceSpan span;
  std::vector<std::pair<int32_t, TExprPtr>> params;  // param -> constant
  std::vector<GivenRow> rows;
  std::vector<Expectation> expectations;
};

// What a customer's output row holds, in declaration order.
enum class OutputKind : uint8_t { kClassification, kTag, kScore };
struct OutputSlot {
  OutputKind kind;
  int32_t symbol;
};

struct Program {
  std::string timezone = "UTC";
  SourceSpan timezone_span;
  std::vector<InputSymbol> inputs;
  int32_t entity_input = -1;
  std::vector<EventSetSymbol> event_sets;  // inputs of events first (same order), then derived sets
  std::vector<ParamSymbol> params;
  std::vector<LetSymbol> lets;
  std::vector<TagSymbol> tags;
  std::vector<ClassificationSymbol> classifications;
  std::vector<ScoreSymbol> scores;
  std::vector<TestSymbol> tests;
  std::vector<OutputSlot> outputs;
  int32_t as_of_param = -1;
};

}  // namespace seg::sema
