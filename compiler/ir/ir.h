// The typed IR both backends run: a DAG of column operations in which every aggregate is
// computed once however many rules use it, constants are folded, and the phases are explicit.
// Nodes are numbered in dependency order (every argument has a smaller id), so evaluating them
// in id order is always valid. The interpreter is the reference semantics of each node.
//
// The IR stands on its own: it speaks the language's vocabulary (compiler/lang) and holds its own
// schemas, params and windows, so nothing that runs it (compiler/exec, the engines) sees the
// syntax tree or the checker's symbols. Lowering (compiler/lower) builds it from the checked program.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lang/functions.h"
#include "compiler/lang/operators.h"
#include "compiler/lang/sequence.h"
#include "compiler/lang/types.h"
#include "compiler/lang/value.h"
#include "compiler/lang/window.h"
#include "runtime/time_zone.h"

namespace seg::ir {

using NodeId = int32_t;

enum class Level : uint8_t {
  kConstant,  // same for every customer: literals, params, and anything computed from them only
  kEvent,     // one value per event of `input`
  kCustomer,  // one value per customer
};

enum class NodeKind : uint8_t {
  kConst,
  kParam,
  kColumn,       // customer input column `symbol`
  kEventColumn,  // column `symbol` of event input `input`
  // Each event's day in the program's time zone (a date; missing for an event without a time),
  // as the index holds it (rt::EventData::local_day): what a day-taking function of the first or
  // last time reads (lowering's UsesEventDay), so that a run reads no event's time itself.
  kEventDay,
  kAggregate,   // customer-level: an aggregate over each customer's events of `input`
  kPopulation,  // customer-level: ranks every customer by args[0]
  kNegate,
  kNot,
  kArith,
  kCompare,
  kAnd,
  kOr,
  kDefault,
  kIn,
  kLike,
  kIsMissing,
  kIf,
  kConvert,
  kCall,
  kWithin,
  kClassify,     // customer-level int: index of the bucket (-1: none) of classification `symbol`
  kInBucket,     // args[0] is a kClassify; true if it equals bucket bucket_index()
  kBucketLabel,  // args[0] is a kClassify; the bucket's label as text
  kSequence,     // customer-level: a sequence of events; args are its steps (count aggregates), then its limits
};

struct Window {
  lang::WindowKind kind = lang::WindowKind::kRolling;
  int64_t count = 0, count_to = 0;
  lang::WindowUnit unit = lang::WindowUnit::kDay;
  NodeId from = -1, to = -1;  // kBetween: constant-level date nodes
};

struct Aggregate {
  lang::AggFunc func = lang::AggFunc::kCount;
  NodeId value = -1;   // event-level, or -1
  NodeId filter = -1;  // event-level bool: the set's filters and the `where`, or -1
  std::optional<Window> window;
  double fraction = 0.5;  // median and percentile: which quantile
  // Sequence steps: computed in this stage at the earliest, the stage of their sequence, since
  // the JIT hands a step's event times to its sequence within one stage (codegen_sequence.cc).
  int32_t min_stage = 0;
};

// A sequence of events (runtime/kernels/sequence.h). The node's first `limits.size() + 1` args
// are the steps, kAggregate count nodes whose events (window, filter, as_of applied) each step
// takes; the limits are constant-level duration nodes, also among the args.
struct Sequence {
  lang::SequenceMeasure measure = lang::SequenceMeasure::kHappened;
  bool last_negated = false;
  std::vector<NodeId> limits;  // per step after the first: its limit node, or -1 for none
};

struct Node {
  NodeKind kind = NodeKind::kConst;
  lang::Type type;
  Level level = Level::kConstant;
  int32_t input = -1;  // kEvent level: the event input whose rows this node has a value for
  int32_t stage = 0;   // population barriers below this node: stage k runs after stage k-1's ranks
  std::vector<NodeId> args;
  int32_t symbol = -1;
  lang::Value constant;
  Aggregate aggregate;              // kAggregate
  lang::PopulationSpec population;  // kPopulation
  std::optional<Window> window;     // kWithin
  Sequence sequence;                // kSequence

  // The operator, for the kinds that have one: each has its own accessor, read only for its kind.
  lang::ArithOp arith_op() const { return static_cast<lang::ArithOp>(op_); }        // kArith
  lang::CompareOp compare_op() const { return static_cast<lang::CompareOp>(op_); }  // kCompare
  lang::Builtin builtin() const { return static_cast<lang::Builtin>(op_); }         // kCall
  bool negated() const { return op_ != 0; }     // kIn, kLike, kIsMissing: `not in`, `not like`, `is not missing`
  int32_t bucket_index() const { return op_; }  // kInBucket: a bucket of args[0]'s classification
  void set_arith_op(lang::ArithOp op) { op_ = static_cast<int32_t>(op); }
  void set_compare_op(lang::CompareOp op) { op_ = static_cast<int32_t>(op); }
  void set_builtin(lang::Builtin f) { op_ = static_cast<int32_t>(f); }
  void set_negated(bool negated) { op_ = negated ? 1 : 0; }
  void set_bucket_index(int32_t bucket) { op_ = bucket; }
  // The operator as one number whatever the kind, for what only compares nodes (lowering's keys).
  int32_t operator_code() const { return op_; }

 private:
  int32_t op_ = 0;
};

struct Rule {
  std::string label;
  int32_t bucket = 0;  // index into Classification::buckets
  NodeId condition = -1;
};

struct Classification {
  std::string name;
  int32_t parent = -1;         // refined classification, or -1
  int32_t parent_bucket = -1;  // the bucket of the parent it refines
  std::vector<std::string> buckets;
  std::vector<Rule> rules;  // priority order
  int32_t else_bucket = -1;
  NodeId node = -1;  // the kClassify node
};

struct Named {
  std::string name;
  NodeId node = -1;
};

// A declared input column.
struct ColumnSchema {
  std::string name;
  lang::Type type;
};

// An `input` declaration, as the data must provide it.
struct InputSchema {
  std::string name;
  bool is_event = false;
  std::vector<ColumnSchema> columns;
  int32_t key_column = -1;   // entity: its key; events: the customer reference
  int32_t time_column = -1;  // events only
};

struct Param {
  std::string name;
  lang::Type type;
  std::optional<lang::Value> default_value;
  bool implicit = false;  // as_of when the program does not declare it
};

// What a customer's output row holds, in declaration order.
enum class OutputKind : uint8_t { kClassification, kTag, kScore };
struct OutputSlot {
  OutputKind kind;
  int32_t symbol;  // index into Program::classifications, tags or scores
};

struct Program {
  std::string timezone = "UTC";  // as written
  rt::TimeZone zone;             // resolved once, by the checker
  std::vector<InputSchema> inputs;
  int32_t entity_input = -1;
  std::vector<Param> params;
  int32_t as_of_param = -1;
  std::vector<Node> nodes;
  std::vector<Named> lets, tags, scores;
  std::vector<Classification> classifications;
  std::vector<OutputSlot> outputs;
  int32_t stage_count = 1;
};

// Deterministic text of the IR: `seg check --dump=ir`.
std::string Print(const Program& program);

}  // namespace seg::ir
