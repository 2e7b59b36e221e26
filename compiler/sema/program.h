// The checked program: every name resolved to a symbol, every expression typed. This is what
// the checker produces and what lowering (compiler/ir) consumes; nothing unchecked gets past it.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/base/source_file.h"
#include "compiler/lang/functions.h"
#include "compiler/lang/operators.h"
#include "compiler/lang/sequence.h"
#include "compiler/lang/value.h"
#include "compiler/lang/window.h"
#include "compiler/sema/types.h"
#include "runtime/time_zone.h"

namespace seg::sema {

// The language's vocabulary (compiler/lang), which the IR and the engines share, under the
// checker's names.
using lang::AggFunc;
using lang::AggFuncName;
using lang::ArithOp;
using lang::BinMethod;
using lang::BinMethodName;
using lang::CompareOp;
using lang::FormatValue;
using lang::IsModelFit;
using lang::ModelFitName;
using lang::PopFunc;
using lang::PopulationSpec;
using lang::SequenceMeasure;
using lang::Value;
using lang::WindowPhrase;
using lang::WindowUnit;

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
  kNegate,
  kNot,
  kArith,    // op = ArithOp, args = {lhs, rhs}
  kCompare,  // op = CompareOp, args = {lhs, rhs} (converted to a common type)
  kAnd,
  kOr,
  kDefault,     // args = {value, fallback}
  kIn,          // args = {needle, haystack}; haystack a constant list or a tags value
  kLike,        // args = {text, pattern}
  kIsMissing,   // args = {operand}; op = 1 for `is not missing`
  kIf,          // args = {condition, then, else}
  kConvert,     // args = {operand}; to `type` (int->float, int->money, money->float, date->timestamp)
  kCall,        // op = Builtin, args = arguments
  kAggregate,   // aggregate (spec in `aggregate`)
  kPopulation,  // population-wide function (spec in `population`), args = {per-customer value}
  kWithin,      // args = {date or timestamp}; window in `window`
  kSequence,    // a sequence of events (spec in `sequence`)
};

struct TExpr;
using TExprPtr = std::shared_ptr<const TExpr>;

struct WindowSpec {
  lang::WindowKind kind = lang::WindowKind::kRolling;
  int64_t count = 0, count_to = 0;
  WindowUnit unit = WindowUnit::kDay;
  TExprPtr from, to;  // kBetween: constant dates (params allowed)
};

struct AggregateSpec {
  AggFunc func = AggFunc::kCount;
  int32_t events = -1;  // event set
  TExprPtr value;       // event-level; null where the function needs none (count, active_days)
  TExprPtr filter;      // event-level `where`, may be null (the event set's own filters are separate)
  std::optional<WindowSpec> window;
  double fraction = 0.5;  // percentile's p (0..1); median is the 0.5 percentile
};

// `count(cart_adds then not paid within 3 days)` (check_sequence.cc). The node's args are the
// steps, then the limits that are written: each step a kAggregate count node (its where and
// during applied, nothing after as_of), each limit a constant-level duration.
struct SequenceSpec {
  lang::SequenceMeasure measure = lang::SequenceMeasure::kHappened;
  size_t steps = 0;             // two or more
  std::vector<bool> has_limit;  // per step after the first: whether `within` limits it
  bool last_negated = false;    // `then not` on the last step
};

struct TExpr {
  TExprKind kind = TExprKind::kConst;
  Type type;
  SourceSpan span;
  std::vector<TExprPtr> args;
  int32_t symbol = -1;
  int32_t op = 0;
  Value constant;     // kConst
  std::string label;  // kInBucket
  std::shared_ptr<AggregateSpec> aggregate;
  std::shared_ptr<PopulationSpec> population;
  std::shared_ptr<WindowSpec> window;      // kWithin
  std::shared_ptr<SequenceSpec> sequence;  // kSequence
};

// ---------------------------------------------------------------- symbols

struct ColumnSymbol {
  std::string name;
  Type type;
  SourceSpan span;
  TExprPtr definition;        // derived event sets: computed from earlier columns; null for input columns
  int32_t input_column = -1;  // input column index for columns read from data
};

struct InputSymbol {
  std::string name;
  SourceSpan span;
  bool is_event = false;
  std::vector<ColumnSymbol> columns;
  int32_t key_column = -1;   // entity: its key; events: the customer reference
  int32_t time_column = -1;  // events only
};

// An input of events, or a derived view of one: same base input, more filters, more columns.
struct EventSetSymbol {
  std::string name;
  SourceSpan span;
  int32_t input = -1;                 // the base input; -1 for a stand-in (Program::stand_ins)
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
  int32_t parent = -1;  // `within`: the refined classification
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
  int32_t symbol = -1;                         // classification, tag, or the metric's symbol (see metric_kind)
  TExprKind metric_kind = TExprKind::kLetRef;  // kLetRef, kScoreRef, kTagRef, kClassLabel
  std::string bucket;
  CompareOp compare = CompareOp::kEq;
  TExprPtr expected;  // constant, converted to the metric's type
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
  std::string timezone = "UTC";  // as written
  rt::TimeZone zone;             // resolved once, by the checker: literals, lowering and runs use it
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
  // The checked file's own `needs` that no declaration met (each an event set with input -1):
  // the file is a module checked on its own. It checks, but there is nothing to run.
  struct StandIn {
    std::string name;
    SourceSpan span;  // the name in its `needs` declaration
  };
  std::vector<StandIn> stand_ins;
};

}  // namespace seg::sema
