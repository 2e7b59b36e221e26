// The checked IR as one SQL statement for a Dialect (dialect.h): per event input one grouped
// pass over its events with a conditional aggregate per aggregate node, then the customer-level
// values in layers (one CTE per layer of lets), the classifications as CASE in priority order,
// and one row per customer: the key, then each output column in seg's representation. Windows
// are day bounds seg computes from as_of in the program's time zone and writes as literals;
// params are bound as literals. What the statement cannot compute exactly is refused with the
// node and the reason (SqlRefusal), never lowered to a different answer.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/backend/sql/dialect.h"
#include "compiler/ir/ir.h"
#include "runtime/kernels/population.h"

namespace seg::sql {

struct LowerOptions {
  const Dialect* dialect = nullptr;
  std::vector<lang::Value> params;  // one per program param, as_of included, bound
  // Per program input: the SQL that names its table (a quoted table name), or empty when the
  // input is not bound (events: none; the customer input: customers come from the events' keys).
  std::vector<std::string> tables;
  // Per program input, per declared column: the table column's type as the server names it
  // (ClickHouse: "Nullable(Decimal(18, 4))"), learnt at run start (SqlServer::ColumnTypes); empty
  // where unknown (`seg sql`, which has no server; PostgreSQL). A dialect may then check less in
  // the statement where the type rules a failure out (AggregateCall::raw_money_type); unknown
  // gives the statement that checks every row itself.
  std::vector<std::vector<std::string>> column_types;
  std::vector<ir::NodeId> extra;  // extra nodes to return after the outputs (--with)
  // Non-empty: return only these nodes (no outputs): a first pass that hands seg the values a
  // population statistic ranks.
  std::vector<ir::NodeId> only;
  // Population nodes seg has ranked already (the quantile methods that bin by value: rfm, qcut):
  // their cut points, applied in SQL as constants.
  std::map<ir::NodeId, rt::BinCuts> cuts;
  // Population nodes seg has ranked by rank (qcut_rank, ntile: ties broken by customer key): each
  // used ascending bin's first (value, key) in rank order, the lowest bin's too; a customer's bin
  // is that of the last boundary at or below its own (value, key). Bin numbers may skip (qcut
  // over few ranks). Keys as text (int keys in decimal).
  struct RankBounds {
    std::vector<double> values;
    std::vector<std::string> keys;
    std::vector<int> bins;
    int bins_used = 0;
  };
  std::map<ir::NodeId, RankBounds> bounds;
  // percent_rank and cumulative_share seg has computed (for a dialect without window functions):
  // the result of each distinct value ranked (as the kernels rank it), nullopt for missing.
  struct ValueResults {
    std::vector<double> values;
    std::vector<std::optional<double>> results;
  };
  std::map<ir::NodeId, ValueResults> value_results;
  std::string title;  // first comment line: which program
  // Sums checked in event order for a running total past 64 bits, where the dialect does that
  // only when asked (AggregateCall::exact_sum): the driver's second try after kExactSumNeeded.
  bool exact_sums = false;
};

// One column of the statement's result after the key: an output or an extra node.
struct SqlColumn {
  std::string name;
  ir::NodeId node = -1;         // the node whose value it is (for a classification: its kClassify)
  int32_t classification = -1;  // a classification's bucket index (NULL: none)
  lang::Type type;
};

struct SqlStatement {
  std::string sql;
  std::vector<SqlColumn> columns;  // after the key column
  bool key_is_text = false;
};

// Why a program cannot run as SQL: the construct, and the node it is in (its origin names the
// let, tag, score or rule, for a located diagnostic).
struct SqlRefusal {
  ir::NodeId node = -1;
  std::string what;
};

// The let, tag, score or rule each node belongs to, as (kind, name): kind is "let", "tag",
// "score" or "rule" (name: the rule's label, classification: its classification). First root
// wins, in the order lets, tags, scores, rules.
struct NodeOrigin {
  std::string kind, name, classification;
};
std::vector<NodeOrigin> NodeOrigins(const ir::Program& program);

// Lowers `program`; nullopt with `refusal` set when it cannot be run as SQL exactly.
std::optional<SqlStatement> LowerToSql(const ir::Program& program, const LowerOptions& options, SqlRefusal* refusal);

}  // namespace seg::sql
