// Internal to the SQL backend: the state of one lowering, shared by lower_sql.cc (the
// statement: event passes, layers, outputs), lower_expr.cc (a node as an SQL expression) and
// lower_aggregate.cc (an aggregate node as a conditional aggregate).
#pragma once
#include <climits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "compiler/backend/sql/lower_sql.h"
#include "compiler/lang/aggregate_traits.h"
#include "compiler/lang/functions.h"
#include "runtime/time_zone.h"

namespace seg::sql {

// Thrown inside the lowering where a construct cannot be expressed; LowerToSql turns it into
// an SqlRefusal.
struct Refused : std::runtime_error {
  Refused(ir::NodeId node, const std::string& what) : std::runtime_error(what), node(node) {}
  ir::NodeId node;
};

// The cut points of one population node computed in the statement (population_in_statement.cc):
// "expr AS name" items in four steps, each reading the names of the steps before: the sorted
// values and their count, the positions the cuts read, the parts of each cut, the cuts.
struct QuantileCuts {
  ir::NodeId node = -1;
  std::string cte;                   // the CTE's name, where the dialect has CTEs
  std::vector<std::string> carried;  // the names of `sorted`, which every step passes on
  std::vector<std::string> sorted, positions, parts, cuts;
  // The cut points of every population node of one layer as one one-row CTE over `source`
  // (PostgreSQL), named after the first: one scan of the layer below sorts all their values.
  static std::string Cte(const std::vector<QuantileCuts>& layer, const std::string& source);
  // Every item, for one SELECT that may read the aliases it defines (ClickHouse).
  std::vector<std::string> Items() const;
};

class Lowering {
 public:
  Lowering(const ir::Program& program, const LowerOptions& options, const rt::TimeZone& zone);

  // ---- lower_expr.cc
  // Node `id` as an SQL expression where the row is a customer (the layer CTEs: aggregates and
  // earlier lets are columns) or an event of input `event_input` (inside its grouped pass).
  std::string Expr(ir::NodeId id, int32_t event_input = -1);
  // A boolean node as an SQL boolean that is never NULL (missing reads as false).
  std::string Cond(ir::NodeId id, int32_t event_input = -1);
  // Whether the node's SQL value can be NULL (a missing value).
  bool MayBeMissing(ir::NodeId id) const;
  // A constant's SQL literal in seg's representation.
  std::string Literal(const lang::Value& value, const lang::Type& type) const;
  // The value of a constant-level node when it is a literal or param, else null.
  const lang::Value* ConstantValue(ir::NodeId id) const;
  // The value of a constant-level node (literals, params and operators over them, such as
  // `as_of - 30 days`), or nullopt when it is not one or cannot be computed.
  std::optional<lang::Value> EvalConstant(ir::NodeId id) const;
  // The inclusive local days of a window as SQL: literals from exec::WindowDays (a `between`
  // window's bounds evaluated when they are constants), else the bounds' expressions (a missing
  // bound selects nothing).
  std::pair<std::string, std::string> Days(const ir::Window& window, bool clip_to_as_of);
  // The same days as numbers where the bounds are constants; nullopt where they are computed per
  // customer.
  std::optional<std::pair<int32_t, int32_t>> ConstantDays(const ir::Window& window, bool clip_to_as_of) const;

  // C's a < b on doubles (false where either is NaN), which SQL orders differently.
  std::string CLess(const std::string& a, const std::string& b) const;
  // rt::PeriodIndex (days, ISO weeks, months) of a local day expression, for the streaks.
  std::string PeriodIndex(rt::PeriodUnit unit, const std::string& day) const;
  // A population node seg has ranked (LowerOptions::cuts) as its bins from the cut points.
  std::string Population(ir::NodeId id);

  // ---- population_in_statement.cc
  // A quantile bin node computed inside the statement (Dialect::RanksQuantilesInStatement): its
  // cut points over layer_source_ (added to side_cuts_; the statement puts them before the layer),
  // `x` the value it ranks and `valid` whether the customer takes part.
  std::string QuantileInStatement(ir::NodeId id, const std::string& x, const std::string& valid);

  // ---- lower_aggregate.cc
  std::string Aggregate(ir::NodeId id);

  // ---- lower_calendar.cc
  // add_months (also `x ± N months`), months_between, years_between and age of call node `id`
  // over its arguments' SQL `args` (not yet guarded for missing ones).
  std::string Calendar(ir::NodeId id, const std::vector<std::string>& args);
  // add_months over constants (a window bound such as `as_of - 1 month`), computed by seg's own
  // kernel so the bound is a literal; nullopt for any other node, or where the kernel fails.
  std::optional<lang::Value> EvalCalendar(ir::NodeId id, const std::vector<lang::Value>& args) const;

  // ---- lower_sequence.cc
  // The step nodes of the needed sequences that read input `input`, each once.
  std::vector<ir::NodeId> SequenceSteps(int32_t input, const std::vector<bool>& needed) const;
  // A step's event times as an array aggregate of its input's pass (column StepColumn).
  std::string StepTimes(ir::NodeId step);
  // A sequence node, reading its steps' arrays.
  std::string Sequence(ir::NodeId id);
  static std::string StepColumn(ir::NodeId step) { return "seg_steps" + std::to_string(step); }

  // ---- lower_aggregate.cc
  // The events an aggregate node takes, as a condition of its pass: its window's days (up to
  // as_of) and its filter.
  std::string EventFilter(ir::NodeId id);

  // The program zone's offset where it never changes (UTC, "+05:30"); nullopt for a named zone.
  std::optional<int32_t> FixedOffsetSeconds() const;

  // Column names
  static std::string NodeColumn(ir::NodeId id) { return "n" + std::to_string(id); }
  std::string EventColumn(int32_t input, int32_t column) const;
  // The table's own value of an event column, unconverted (`r_<name>`), where raw_events_.
  std::string RawEventColumn(int32_t input, int32_t column) const;
  // The server's type of that table column (LowerOptions::column_types), empty where unknown.
  std::string ServerColumnType(int32_t input, int32_t column) const;
  // Where the aggregate's value is an event column read by a conversion that keeps order (money,
  // date, timestamp): that column's index; RawValueColumn only where the pass carries the raw
  // columns (raw_events_).
  std::optional<int32_t> ValueColumn(ir::NodeId aggregate) const;
  // first/last of each event's day (ir kEventDay, lowering's LowerArgument): lowered as first/last
  // of the time column, whose value is then that event's day. Its ValueColumn is the time column.
  bool DayOfFirstOrLastTime(ir::NodeId aggregate) const;
  std::optional<int32_t> RawValueColumn(ir::NodeId aggregate) const;

  // ---- raw_pass.cc: one mechanism for both statement shapes
  // Whether the pass over event input `input` (its aggregates: the aggregate nodes of `column`)
  // reads the table's columns as they are (Dialect::ReadsRawEvents), and then which: the time
  // column and each money, date and timestamp column it reads, which the pass carries as
  // RawEventColumn beside the converted ones. nullopt: the pass converts every row as it reads
  // it. `every_key`: the raw pass computes the aggregates of every key, where the converted one
  // computes the customers' only.
  std::optional<std::vector<int32_t>> RawColumns(int32_t input, const std::vector<bool>& column, bool every_key) const;
  // What a raw pass computes so that each row's conversions fail where seg's reader fails: the
  // conversions of each raw column's least and greatest value per key (they keep order), for
  // Dialect::AllComputed; empty where the dialect checks no extremes (RawColumns then kept every
  // conversion that can fail computed).
  std::vector<std::string> RawChecks(int32_t input, const std::vector<int32_t>& raw) const;
  std::string CustomerColumn(int32_t column) const;
  // The customer columns an event pass's SQL reads (`c_<name>`, as CustomerColumn names them):
  // a customer column inside an aggregate's filter, value or window, which the pass must join
  // the customers for. Read off the SQL itself so that nothing the lowering expands is missed.
  std::vector<int32_t> CustomerColumnsIn(const std::vector<std::string>& sql) const;

  const ir::Program& p_;
  const LowerOptions& options_;
  const Dialect& d_;
  const rt::TimeZone& zone_;
  int32_t as_of_ = 0;
  // Customer-level nodes available as a column of the current layer (aggregates, lets of earlier
  // layers): Expr reads the column instead of expanding the node.
  std::vector<bool> materialized_;
  // The pass being lowered reads the raw columns too (RawColumns): windows of constant days test
  // the time column itself (Dialect::LocalDaysBetween), min/max of a converted column convert its
  // raw min/max, money sums add the raw values (AggregateCall::raw_money).
  bool raw_events_ = false;
  // Per event input: its rows as the pass reads them (AggregateCall::events), where known.
  std::vector<std::string> event_sources_;
  // The layer a customer-level layer reads (its FROM), where the statement has CTEs: what a
  // population node computed in the statement ranks. Empty: seg ranks them between statements.
  std::string layer_source_;
  // The cut points the current layer needs, computed over layer_source_.
  std::vector<QuantileCuts> side_cuts_;
};

// What both statement shapes share: the result columns, which customer-level nodes get a
// column of their own, and the layer each is computed in (aggregates 0, a let 1 + the deepest
// column it reads). Throws Refused.
struct StatementPlan {
  SqlStatement statement;    // columns and key_is_text; sql empty
  std::vector<bool> needed;  // per node: what an output reads
  std::vector<bool> column;  // per node
  std::vector<int> layer;    // per node with a column
  int layers = 0;
  std::vector<NodeOrigin> origins;
  // "  -- let x" (the rule, tag, score or let a node belongs to), or "".
  std::string Comment(ir::NodeId id) const;
};
StatementPlan PlanStatement(const ir::Program& program, const LowerOptions& options);

// Whether aggregate `f` is 0, not missing, for a customer without events (the interpreter's
// empty pass): a customer the pass has no row for gets COALESCE(column, 0).
inline bool ZeroWithoutEvents(lang::AggFunc f) { return lang::Traits(f).zero_without_events; }

// Whether a node reads column `column` of input `input` (driver::ColumnsRead's rule: seg loads
// only what it reads).
bool ReadsColumn(const ir::Program& program, int32_t input, int32_t column);

// An input column read into seg's representation.
std::string ReadColumn(const Dialect& d, const ir::ColumnSchema& column);
// SQL value `raw` of a column of type `type` (the table's type) into seg's representation.
std::string ReadValue(const Dialect& d, const lang::Type& type, const std::string& raw);

// The statement for a dialect without subquery CTEs (ClickHouse): nested SELECTs, one join each,
// each event pass grouped directly over its table (statement_nested.cc).
std::optional<SqlStatement> LowerToNestedSql(const ir::Program& program, const LowerOptions& options,
                                             const rt::TimeZone& zone, SqlRefusal* refusal);

}  // namespace seg::sql
