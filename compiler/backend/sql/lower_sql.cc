// The statement: the customers, one grouped pass per event input, the customer-level values in
// layers, then one row per customer in key order.
#include "compiler/backend/sql/lower_sql.h"

#include <algorithm>
#include <functional>
#include <set>

#include "compiler/backend/sql/lowering.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

namespace {

// The nodes `n` reads: its arguments, an aggregate's value and filter, and window bounds.
void PushReads(const Node& n, std::vector<NodeId>* stack) {
  stack->insert(stack->end(), n.args.begin(), n.args.end());
  if (n.kind == NodeKind::kAggregate) {
    stack->insert(stack->end(), {n.aggregate.value, n.aggregate.filter});
    if (n.aggregate.window) stack->insert(stack->end(), {n.aggregate.window->from, n.aggregate.window->to});
  }
  if (n.window) stack->insert(stack->end(), {n.window->from, n.window->to});
}

}  // namespace

std::vector<NodeOrigin> NodeOrigins(const ir::Program& p) {
  std::vector<NodeOrigin> origins(p.nodes.size());
  std::vector<std::pair<NodeOrigin, NodeId>> roots;
  for (const ir::Named& l : p.lets) roots.push_back({{"let", l.name, ""}, l.node});
  for (const ir::Named& t : p.tags) roots.push_back({{"tag", t.name, ""}, t.node});
  for (const ir::Named& s : p.scores) roots.push_back({{"score", s.name, ""}, s.node});
  for (const ir::Classification& c : p.classifications) {
    for (const ir::Rule& r : c.rules) roots.push_back({{"rule", r.label, c.name}, r.condition});
  }
  for (const auto& [origin, root] : roots) {
    std::vector<NodeId> stack = {root};
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      if (id < 0 || !origins[id].kind.empty()) continue;
      origins[id] = origin;
      PushReads(p.nodes[id], &stack);
    }
  }
  return origins;
}

namespace {

// Every node an output needs, through arguments, aggregate parts, window bounds and rules.
std::vector<bool> Needed(const ir::Program& p, const std::vector<NodeId>& roots) {
  std::vector<bool> needed(p.nodes.size(), false);
  std::vector<NodeId> stack = roots;
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id < 0 || needed[id]) continue;
    needed[id] = true;
    const Node& n = p.nodes[id];
    PushReads(n, &stack);
    if (n.kind == NodeKind::kClassify) {
      for (const ir::Rule& r : p.classifications[n.symbol].rules) stack.push_back(r.condition);
    }
  }
  return needed;
}

// The arguments an expression of node `id` reads (what Lowering::Expr recurses into).
std::vector<NodeId> Uses(const ir::Program& p, NodeId id) {
  const Node& n = p.nodes[id];
  std::vector<NodeId> uses = n.args;
  if (n.kind == NodeKind::kClassify) {
    for (const ir::Rule& r : p.classifications[n.symbol].rules) uses.push_back(r.condition);
  }
  return uses;
}

// Whether evaluating node `id` can fail the run with an overflow (rt::ops, the kernels).
bool CanOverflow(const ir::Program& p, NodeId id) {
  const Node& n = p.nodes[id];
  if (n.level == ir::Level::kConstant) return false;  // seg evaluates constants before the run
  switch (n.kind) {
    case NodeKind::kArith: return !n.type.Is(TypeKind::kFloat);
    case NodeKind::kNegate: return !n.type.Is(TypeKind::kFloat);
    case NodeKind::kConvert: return n.type.Is(TypeKind::kMoney);
    case NodeKind::kCall: return !n.type.Is(TypeKind::kFloat) && !n.type.IsTextLike() && !n.type.Is(TypeKind::kBool);
    default: return false;
  }
}

// One item a line; an item's trailing "  -- comment" stays after the separator.
std::string Indent(const std::vector<std::string>& items, const std::string& separator = ",",
                   const std::string& margin = "    ") {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) {
    std::string item = items[k], note;
    if (size_t c = item.rfind("  -- "); c != std::string::npos && item.find('\n', c) == std::string::npos) {
      note = item.substr(c);
      item = item.substr(0, c);
    }
    out += margin + item + (k + 1 < items.size() ? separator : "") + note + "\n";
  }
  return out;
}

}  // namespace

StatementPlan PlanStatement(const ir::Program& p, const LowerOptions& options) {
  StatementPlan plan;
  SqlStatement& out = plan.statement;
  const ir::InputSchema& entity = p.inputs[p.entity_input];
  out.key_is_text = entity.columns[entity.key_column].type.IsTextLike();
  plan.origins = NodeOrigins(p);

  // The result columns, in output order, then the extra nodes.
  for (const ir::OutputSlot& slot : options.only.empty() ? p.outputs : std::vector<ir::OutputSlot>{}) {
    switch (slot.kind) {
      case ir::OutputKind::kClassification: {
        const ir::Classification& c = p.classifications[slot.symbol];
        out.columns.push_back({c.name, c.node, slot.symbol, lang::Type::Of(TypeKind::kInt)});
        break;
      }
      case ir::OutputKind::kTag:
        out.columns.push_back(
            {p.tags[slot.symbol].name, p.tags[slot.symbol].node, -1, p.nodes[p.tags[slot.symbol].node].type});
        break;
      case ir::OutputKind::kScore:
        out.columns.push_back(
            {p.scores[slot.symbol].name, p.scores[slot.symbol].node, -1, p.nodes[p.scores[slot.symbol].node].type});
        break;
    }
  }
  for (NodeId e : options.only.empty() ? options.extra : options.only)
    out.columns.push_back({"", e, -1, p.nodes[e].type});
  std::vector<NodeId> roots;
  for (const SqlColumn& c : out.columns) roots.push_back(c.node);
  // Classifications are computed whole (their kClassify node) even where only a refinement reads them.
  plan.needed = Needed(p, roots);
  const std::vector<bool>& needed = plan.needed;
  // A sequence of events pairs each event with the ones after it (runtime/kernels/sequence.h):
  // no dialect here computes that as seg does, so it is refused, never answered differently.
  for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
    if (needed[id] && p.nodes[id].kind == NodeKind::kSequence && !options.dialect->HasArraySubqueries())
      throw Refused(id, std::string(lang::SequenceFunctionName(p.nodes[id].sequence.measure)) +
                            "(...) of a sequence of events (`then`)");
  }

  // Which customer-level nodes get a column: aggregates, outputs, and nodes read twice.
  std::vector<int> readers(p.nodes.size(), 0);
  for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
    if (!needed[id] || p.nodes[id].kind == NodeKind::kAggregate) continue;
    for (NodeId a : Uses(p, id)) ++readers[a];
  }
  std::vector<bool>& column = plan.column;
  column.assign(p.nodes.size(), false);
  for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
    const Node& n = p.nodes[id];
    if (!needed[id] || n.level != ir::Level::kCustomer || n.kind == NodeKind::kColumn) continue;
    // A population node is a column of its own layer: a window over every customer, or bins from
    // the cut points seg computed.
    // So is a node that can overflow: seg evaluates every node for every customer and fails on
    // an overflow even where an `or`, `if` or `??` does not need the value; a column of a
    // materialized layer is computed for every row too, where an inlined expression might not be.
    column[id] = CanOverflow(p, id) || n.kind == NodeKind::kPopulation || n.kind == NodeKind::kAggregate ||
                 n.kind == NodeKind::kClassify || readers[id] > 1 ||
                 std::find(roots.begin(), roots.end(), id) != roots.end();
  }
  // Layer of each column: aggregates 0, any other 1 + the deepest column it reads.
  std::vector<int>& layer = plan.layer;
  layer.assign(p.nodes.size(), 0);
  std::function<int(NodeId)> depth = [&](NodeId id) -> int {
    int deepest = 0;
    for (NodeId a : Uses(p, id)) {
      if (a < 0 || p.nodes[a].level != ir::Level::kCustomer) continue;
      deepest = std::max(deepest, column[a] ? layer[a] : depth(a));
    }
    return deepest;
  };
  for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
    if (!column[id] || p.nodes[id].kind == NodeKind::kAggregate) continue;
    layer[id] = 1 + depth(id);
    plan.layers = std::max(plan.layers, layer[id]);
  }
  return plan;
}

std::string StatementPlan::Comment(NodeId id) const {
  const NodeOrigin& o = origins[id];
  if (o.kind.empty()) return "";
  if (o.kind == "rule") return "  -- rule \"" + o.name + "\" of " + o.classification;
  return "  -- " + o.kind + " " + o.name;
}

bool ReadsColumn(const ir::Program& p, int32_t input, int32_t column) {
  for (const Node& n : p.nodes) {
    bool reads = (n.kind == NodeKind::kColumn && input == p.entity_input) ||
                 (n.kind == NodeKind::kEventColumn && n.input == input);
    if (reads && n.symbol == column) return true;
  }
  return false;
}

std::string ReadColumn(const Dialect& d, const ir::ColumnSchema& c) { return ReadValue(d, c.type, d.Quote(c.name)); }

std::string ReadValue(const Dialect& d, const lang::Type& type, const std::string& q) {
  switch (type.kind) {
    case TypeKind::kMoney: return d.MoneyFromColumn(q);
    case TypeKind::kDate: return d.DateFromColumn(q);
    case TypeKind::kTimestamp: return d.TimestampFromColumn(q);
    case TypeKind::kDuration: return d.DurationFromColumn(q);
    default: return q;
  }
}

std::optional<SqlStatement> LowerToSql(const ir::Program& p, const LowerOptions& options, SqlRefusal* refusal) {
  const rt::TimeZone& zone = p.zone;  // resolved once, by the checker
  const Dialect& d = *options.dialect;
  if (!d.HasCtes()) return LowerToNestedSql(p, options, zone, refusal);
  Lowering low(p, options, zone);
  const ir::InputSchema& entity = p.inputs[p.entity_input];

  try {
    StatementPlan plan = PlanStatement(p, options);
    SqlStatement& out = plan.statement;
    const std::vector<bool>& column = plan.column;
    const std::vector<int>& layer = plan.layer;
    const int layers = plan.layers;
    const std::vector<bool>& needed = plan.needed;
    auto comment = [&](NodeId id) { return plan.Comment(id); };
    std::vector<std::string> ctes;
    // The customers: the customer input's table, or the keys its events name.
    std::string key_type = out.key_is_text ? "text" : "bigint";
    {
      std::vector<std::string> select;
      const std::string& table = options.tables[p.entity_input];
      if (!table.empty()) {
        select.push_back(d.Quote(entity.columns[entity.key_column].name) + " AS seg_key");
        for (size_t c = 0; c < entity.columns.size(); ++c) {
          if (!ReadsColumn(p, p.entity_input, static_cast<int32_t>(c))) continue;  // seg loads only what it reads
          select.push_back(ReadColumn(d, entity.columns[c]) + " AS " + low.CustomerColumn(static_cast<int32_t>(c)));
        }
        ctes.push_back("seg_customers AS (\n  SELECT\n" + Indent(select) + "  FROM " + table + "\n)");
      } else {
        std::vector<std::string> keys;
        for (size_t i = 0; i < p.inputs.size(); ++i) {
          if (!p.inputs[i].is_event || options.tables[i].empty()) continue;
          keys.push_back("SELECT " + d.Quote(p.inputs[i].columns[p.inputs[i].key_column].name) + " AS seg_key FROM " +
                         options.tables[i]);
        }
        if (keys.empty()) throw Refused(-1, "no input is bound to a table");
        select.push_back("seg_key");
        for (size_t c = 0; c < entity.columns.size(); ++c) {
          select.push_back(d.Null(entity.columns[c].type.kind) + " AS " + low.CustomerColumn(static_cast<int32_t>(c)));
        }
        std::string all;
        for (const std::string& k : keys) all += (all.empty() ? "" : " UNION ") + k;
        ctes.push_back(
            "-- no customer table: the customers are the keys the events name\nseg_customers AS (\n  SELECT "
            "DISTINCT\n" +
            Indent(select) + "  FROM (" + all + ") k\n  WHERE seg_key IS NOT NULL\n)");
      }
    }
    // The events of the customers only (seg reads no others), as a semi-join on the customer
    // table itself rather than a join with the seg_customers CTE: a scan of a CTE keeps
    // PostgreSQL from aggregating the events in parallel workers.
    std::string customer_filter = "seg_key IS NOT NULL";
    if (const std::string& table = options.tables[p.entity_input]; !table.empty()) {
      customer_filter = "seg_key IN (SELECT " + d.Quote(entity.columns[entity.key_column].name) + " FROM " + table +
                        ")";
    }
    // One grouped pass per event input.
    std::vector<std::string> joins;
    std::vector<std::string> layer0 = {"seg_customers.*"};
    low.event_sources_.assign(p.inputs.size(), "");
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      const ir::InputSchema& in = p.inputs[i];
      // The event rows as the pass reads them: the key, the local day, each column it reads.
      std::vector<std::string> read;
      if (in.is_event && !options.tables[i].empty()) {
        read = {d.Quote(in.columns[in.key_column].name) + " AS seg_key",
                d.LocalDay(d.Quote(in.columns[in.time_column].name),
                           in.columns[in.time_column].type.Is(TypeKind::kDate), p.timezone) +
                    " AS seg_day"};
        for (size_t c = 0; c < in.columns.size(); ++c) {
          auto col = static_cast<int32_t>(c);
          if (col != in.time_column && !ReadsColumn(p, static_cast<int32_t>(i), col))
            continue;  // seg loads only what it reads
          read.push_back(ReadColumn(d, in.columns[c]) + " AS " + low.EventColumn(static_cast<int32_t>(i), col));
        }
        std::string columns;
        for (const std::string& r : read) columns += (columns.empty() ? "" : ", ") + r;
        low.event_sources_[i] = "SELECT " + columns + " FROM " + options.tables[i];
      }
      // The raw columns a pass reads where the dialect can read them so (Lowering::RawColumns).
      // A raw pass computes every key's aggregates, the customers' and the others' (below).
      std::optional<std::vector<int32_t>> raw_read_columns = low.RawColumns(static_cast<int32_t>(i), column, true);
      bool raw = raw_read_columns.has_value();
      const std::vector<int32_t> raw_columns = raw_read_columns.value_or(std::vector<int32_t>{});
      std::vector<std::string> aggregates;
      std::vector<NodeId> ids;
      std::vector<NodeId> steps = low.SequenceSteps(static_cast<int32_t>(i), needed);
      bool per_event_checks = false;
      auto lower_pass = [&] {
        low.raw_events_ = raw;
        aggregates.clear();
        ids.clear();
        per_event_checks = false;
        for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
          if (column[id] && p.nodes[id].kind == NodeKind::kAggregate && p.nodes[id].input == static_cast<int32_t>(i)) {
            aggregates.push_back(low.Aggregate(id) + " AS " + Lowering::NodeColumn(id) + comment(id));
            ids.push_back(id);
          }
        }
        // Sequence steps: their event times, an array per customer (lower_sequence.cc).
        for (NodeId id : steps)
          aggregates.push_back(low.StepTimes(id) + " AS " + Lowering::StepColumn(id) + comment(id));
        // Event values that can overflow, computed for every event as seg does (not only those an
        // aggregate's window and filter keep), so their overflow fails the statement too.
        for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
          const Node& n = p.nodes[id];
          if (needed[id] && n.level == ir::Level::kEvent && n.input == static_cast<int32_t>(i) && CanOverflow(p, id)) {
            aggregates.push_back("count(" + low.Expr(id, static_cast<int32_t>(i)) + ") AS seg_check_" +
                                 std::to_string(id) + "  -- fails where seg fails");
            per_event_checks = true;
          }
          // A float sum can reach infinity, which PostgreSQL reports as an error.
          per_event_checks |= needed[id] && n.kind == NodeKind::kAggregate && n.input == static_cast<int32_t>(i) &&
                              n.aggregate.value >= 0 && p.nodes[n.aggregate.value].type.Is(TypeKind::kFloat);
        }
      };
      lower_pass();
      // Event values that can overflow are checked per event over the customers' events only
      // (the WHERE below), which a check through the extremes of every key cannot see.
      if (raw && per_event_checks) {
        raw = false;
        lower_pass();
      }
      low.raw_events_ = false;
      if (aggregates.empty()) continue;
      // A customer column inside the pass (an aggregate's filter or value over events, say
      // `count(orders where amount > customers.spend)`): the events get the customer's columns by
      // a left join on the key, so an event whose customer has no value (or no row) reads NULL,
      // missing, as the interpreter reads it. The pass is lowered again so that the events a
      // correlated check re-reads (AggregateCall::events) carry the columns too.
      // Raw: the columns as the table holds them too, and no ComputeOnce, so that the engine
      // may split the pass over parallel workers (the conversions are inlined where they are read).
      std::vector<std::string> raw_read = read;
      for (int32_t c : raw ? raw_columns : std::vector<int32_t>{})
        raw_read.push_back(d.Quote(in.columns[c].name) + " AS " + low.RawEventColumn(static_cast<int32_t>(i), c));
      std::string events = "(\n    SELECT\n" + Indent(raw_read, ",", "      ") + "    FROM " + options.tables[i] +
                           (raw ? "" : d.ComputeOnce()) + "\n  ) e";
      if (std::vector<int32_t> customer = low.CustomerColumnsIn(aggregates); !customer.empty()) {
        const std::string& table = options.tables[p.entity_input];
        std::vector<std::string> select;
        if (table.empty()) {
          select.push_back("NULL::" + key_type + " AS seg_ckey");
          for (int32_t c : customer)
            select.push_back(d.Null(entity.columns[c].type.kind) + " AS " + low.CustomerColumn(c));
        } else {
          select.push_back(d.Quote(entity.columns[entity.key_column].name) + " AS seg_ckey");
          for (int32_t c : customer)
            select.push_back(ReadColumn(d, entity.columns[c]) + " AS " + low.CustomerColumn(c));
        }
        std::string customers = "(SELECT " +
                                [&] {
                                  std::string s;
                                  for (const std::string& c : select) s += (s.empty() ? "" : ", ") + c;
                                  return s;
                                }() +
                                (table.empty() ? " WHERE false" : " FROM " + table) + ") c";
        if (!low.event_sources_[i].empty()) {
          low.event_sources_[i] = "SELECT * FROM (" + low.event_sources_[i] + ") e LEFT JOIN " + customers +
                                  " ON c.seg_ckey = e.seg_key";
        }
        events += "\n  LEFT JOIN " + customers + " ON c.seg_ckey = e.seg_key";
        lower_pass();
        low.raw_events_ = false;
      }
      // Only the customers' events count (seg reads no others). Where no event of another key can
      // fail the statement, the groups are kept after grouping (HAVING: one test per key rather
      // than per event, and the per-customer values that can fail are computed after it);
      // otherwise the events are kept before.
      // Raw: each row's conversions (and its local day) fail where seg's reader fails, for every
      // key, checked through each column's least and greatest value (the conversions keep order).
      std::vector<std::string> checks = raw ? low.RawChecks(static_cast<int32_t>(i), raw_columns)
                                            : std::vector<std::string>{};
      // Raw: every key's group is kept, with the checks as a column the materialized pass computes
      // for each; the customers' join in seg_layer0 drops the other keys. A filter on the groups
      // (HAVING) would hide the checks of the other keys and halve the planner's estimate of the
      // groups, which then sorted them instead of hashing. Nothing else of a raw pass can fail but
      // kExactSumNeeded, which only asks for the exact statement.
      if (!checks.empty())
        aggregates.push_back(*d.AllComputed(checks) + " AS seg_checked  -- fails where a row's conversion fails");
      std::string keep = per_event_checks ? "\n  WHERE " + customer_filter + "\n  GROUP BY seg_key"
                         : raw            ? "\n  GROUP BY seg_key"
                                          : "\n  GROUP BY seg_key\n  HAVING " + customer_filter;
      std::string pass = "seg_" + in.name;
      std::string empty_value;
      for (NodeId id : ids) {
        const lang::AggFunc f = p.nodes[id].aggregate.func;
        bool zero = ZeroWithoutEvents(f);
        std::string v = d.Quote(pass) + "." + Lowering::NodeColumn(id);
        if (zero) {  // a customer without events: 0, as the interpreter's empty pass gives
          v = "COALESCE(" + v + ", " + (p.nodes[id].type.Is(TypeKind::kFloat) ? d.Float(0) : d.Int(0)) + ")";
        }
        layer0.push_back(v + " AS " + Lowering::NodeColumn(id));
      }
      for (NodeId id : steps)
        layer0.push_back(d.Quote(pass) + "." + Lowering::StepColumn(id) + " AS " + Lowering::StepColumn(id));
      if (options.tables[i].empty()) {
        // No table: no events for anyone; every aggregate is its empty value.
        ctes.push_back(d.Quote(pass) + " AS (\n  SELECT NULL::" + key_type + " AS seg_key" + [&] {
          std::string s;
          for (NodeId id : ids) s += ", " + d.Null(p.nodes[id].type.kind) + " AS " + Lowering::NodeColumn(id);
          for (NodeId id : steps) s += ", " + d.EmptyTimes() + " AS " + Lowering::StepColumn(id);
          return s;
        }() + " WHERE false\n)");
      } else {
        ctes.push_back("-- one pass over the events of " + in.name + "\n" + d.Quote(pass) + " AS " + d.Materialized() +
                       "(\n  SELECT\n    seg_key,\n" + Indent(aggregates) + "  FROM " + events + keep + "\n)");
      }
      joins.push_back("LEFT JOIN " + d.Quote(pass) + " USING (seg_key)");
    }
    for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
      if (column[id] && p.nodes[id].kind == NodeKind::kAggregate) low.materialized_[id] = true;
    }
    std::string from = "seg_customers";
    for (const std::string& j : joins) from += "\n  " + j;
    ctes.push_back("seg_layer0 AS " + d.Materialized() + "(\n  SELECT\n" + Indent(layer0) + "  FROM " + from + "\n)");
    for (int k = 1; k <= layers; ++k) {
      const std::string below = "seg_layer" + std::to_string(k - 1);
      std::vector<std::string> select = {below + ".*"};
      std::vector<NodeId> made;
      low.layer_source_ = below;  // what a population node computed here ranks
      low.side_cuts_.clear();
      for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
        if (!column[id] || layer[id] != k) continue;
        select.push_back(low.Expr(id) + " AS " + Lowering::NodeColumn(id) + comment(id));
        made.push_back(id);
      }
      for (NodeId id : made) low.materialized_[id] = true;
      // A layer is computed for every row (MATERIALIZED) where a column of it can fail the
      // statement, is a population node, or holds a subquery (which an inlined layer would compute
      // at each reference). Otherwise the engine may inline it into the layer above (PostgreSQL
      // inlines a CTE read once, and computes one read twice once), which saves writing and
      // reading every customer's row again.
      bool materialize = false;
      for (NodeId id : made) {
        materialize |= CanOverflow(p, id) || p.nodes[id].kind == NodeKind::kPopulation ||
                       p.nodes[id].kind == NodeKind::kSequence;
      }
      for (size_t k2 = 1; k2 < select.size(); ++k2) materialize |= select[k2].find("SELECT") != std::string::npos;
      // Population nodes' cut points: one one-row CTE over the layer below, joined to it.
      std::string from = below;
      if (!low.side_cuts_.empty()) {
        std::string origins;
        for (const QuantileCuts& cuts : low.side_cuts_) {
          std::string origin = comment(cuts.node);  // "  -- let x"
          if (!origin.empty()) origins += (origins.empty() ? " of" : ",") + origin.substr(4);
        }
        ctes.push_back("-- the cut points" + origins + "\n" + QuantileCuts::Cte(low.side_cuts_, below));
        from += " CROSS JOIN " + low.side_cuts_.front().cte;
      }
      ctes.push_back("seg_layer" + std::to_string(k) + " AS " + (materialize ? d.Materialized() : "") +
                     "(\n  SELECT\n" + Indent(select) + "  FROM " + from + "\n)");
    }
    low.layer_source_.clear();  // the final SELECT computes no population node
    std::vector<std::string> result = {"seg_key"};
    for (const SqlColumn& c : out.columns) {
      const Node& n = p.nodes[c.node];
      std::string value = low.Expr(c.node);
      if (n.level == ir::Level::kConstant) value = low.Expr(c.node);
      result.push_back(value + " AS " + d.Quote(c.name.empty() ? Lowering::NodeColumn(c.node) : c.name));
    }
    std::string sql = "-- " + options.title + "\n-- as_of " + lang::FormatValue(options.params[p.as_of_param]) +
                      " (day " + std::to_string(low.as_of_) + ") in time zone " + p.timezone +
                      "; values in seg's representation: money in 1/10000, dates in days, times in microseconds\n";
    sql += "WITH\n";
    for (size_t k = 0; k < ctes.size(); ++k) sql += ctes[k] + (k + 1 < ctes.size() ? ",\n" : "\n");
    sql += "SELECT\n" + Indent(result) + "FROM seg_layer" + std::to_string(layers) + "\nORDER BY " +
           (out.key_is_text ? d.ByteOrder("seg_key") : "seg_key") + "\n";
    out.sql = std::move(sql);
    return out;
  } catch (const Refused& r) {
    *refusal = {r.node, r.what()};
    return std::nullopt;
  }
}

}  // namespace seg::sql
