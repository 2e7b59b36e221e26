// The typed IR both backends run: a DAG of column operations in which every aggregate is
// computed once however many rules use it, constants are folded, and the phases are explicit.
// Nodes are numbered in dependency order (every argument has a smaller id), so evaluating them
// in id order is always valid. The interpreter is the reference semantics of each node.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/program.h"

namespace seg::ir {

using NodeId = int32_t;

enum class Level : uint8_t {
  kConstant,  // same for every customer: literals, params, and anything computed from them only
  kEvent,     // one value per event of `input`
  kCustomer,  // one value per customer
};

enum class NodeKind : uint8_t {
  kConst, kParam,
  kColumn,        // customer input column `symbol`
  kEventColumn,   // column `symbol` of event input `input`
  kAggregate,     // customer-level: an aggregate over each customer's events of `input`
  kPopulation,    // customer-level: ranks every customer by args[0]
  kNegate, kNot, kArith, kCompare, kAnd, kOr, kDefault, kIn, kLike, kIsMissing, kIf, kConvert, kCall, kWithin,
  kClassify,      // customer-level int: index of the bucket (-1: none) of classification `symbol`
  kInBucket,      // args[0] is a kClassify; true if it equals bucket `op`
  kBucketLabel,   // args[0] is a kClassify; the bucket's label as text
};

struct Window {
  ast::WindowKind kind = ast::WindowKind::kRolling;
  int64_t count = 0, count_to = 0;
  sema::WindowUnit unit = sema::WindowUnit::kDay;
  NodeId from = -1, to = -1;  // kBetween: constant-level date nodes
};

struct Aggregate {
  sema::AggFunc func = sema::AggFunc::kCount;
  NodeId value = -1;   // event-level, or -1
  NodeId filter = -1;  // event-level bool: the set's filters and the `where`, or -1
  std::optional<Window> window;
  double fraction = 0.5;  // median and percentile: which quantile
};

struct Node {
  NodeKind kind = NodeKind::kConst;
  sema::Type type;
  Level level = Level::kConstant;
  int32_t input = -1;  // kEvent level: the event input whose rows this node has a value for
  int32_t stage = 0;   // population barriers below this node: stage k runs after stage k-1's ranks
  std::vector<NodeId> args;
  int32_t symbol = -1;
  int32_t op = 0;      // ArithOp, CompareOp, Builtin, negation flags, bucket index
  sema::Value constant;
  Aggregate aggregate;                 // kAggregate
  sema::PopulationSpec population;     // kPopulation
  std::optional<Window> window;        // kWithin
};

struct Rule {
  std::string label;
  int32_t bucket = 0;    // index into Classification::buckets
  NodeId condition = -1;
};

struct Classification {
  std::string name;
  int32_t parent = -1;         // refined classification, or -1
  int32_t parent_bucket = -1;  // the bucket of the parent it refines
  std::vector<std::string> buckets;
  std::vector<Rule> rules;     // priority order
  int32_t else_bucket = -1;
  NodeId node = -1;            // the kClassify node
};

struct Named {
  std::string name;
  NodeId node = -1;
};

struct EventInput {
  int32_t input = -1;     // index into Program::inputs
  int32_t customer_column = -1;
  int32_t time_column = -1;
};

struct Program {
  std::string timezone = "UTC";
  std::vector<sema::InputSymbol> inputs;  // schemas, as declared
  int32_t entity_input = -1;
  std::vector<sema::ParamSymbol> params;
  int32_t as_of_param = -1;
  std::vector<Node> nodes;
  std::vector<Named> lets, tags, scores;
  std::vector<Classification> classifications;
  std::vector<sema::OutputSlot> outputs;
  int32_t stage_count = 1;
};

// Deterministic text of the IR: `seg check --dump=ir`.
std::string Print(const Program& program);

}  // namespace seg::ir
