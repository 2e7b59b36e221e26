// The statement for engines without subquery CTEs (ClickHouse 18.16): the same plan as the CTE
// statement (PlanStatement), spelled as nested SELECTs:
//
//   SELECT key, outputs FROM (                      -- layer N
//     SELECT <columns>, lets FROM ( ... (           -- layers 1..N-1
//       SELECT customers, COALESCE(pass aggregates) -- layer 0
//       FROM ((customers) ANY LEFT JOIN (pass 1) USING seg_key) ANY LEFT JOIN (pass 2) ...
//   ))) ORDER BY seg_key
//
// Each pass groups straight over its table (its reads are WITH aliases), so on a Distributed
// table the shards aggregate their own customers and the initiator only joins per-customer rows.
// Every SELECT lists its columns by name: `*` over a USING join repeats the key on 18.16.
#include <algorithm>
#include <cctype>
#include <map>

#include "compiler/backend/sql/lowering.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

namespace {

struct Item {
  std::string sql;      // "expr AS name"
  std::string comment;  // "  -- let x" or ""
};

std::string Lines(const std::vector<Item>& items, const std::string& indent) {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) {
    out += indent + items[k].sql + (k + 1 < items.size() ? "," : "") + items[k].comment + "\n";
  }
  return out;
}

std::string Names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// `text` with each line indented by `indent` more.
std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += indent + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// The aggregate column of node `id` inside its pass (the layer renames it NodeColumn(id)).
std::string PassColumn(NodeId id) { return "a" + std::to_string(id); }

// About how long an expression becomes once ClickHouse has replaced each alias defined in the
// same SELECT by its own (expanded) expression: the n<id> columns defined so far, and their sizes.
struct AliasExpansion {
  std::map<std::string, size_t> sizes;  // name -> expanded length
  // "expr AS name": the length of expr with the aliases it reads expanded.
  size_t Of(const std::string& item) const {
    size_t as = item.rfind(" AS ");
    std::string expr = as == std::string::npos ? item : item.substr(0, as);
    size_t size = expr.size();
    for (size_t i = 0; i < expr.size(); ++i) {
      if (expr[i] != 'n' || (i > 0 && (std::isalnum(static_cast<unsigned char>(expr[i - 1])) || expr[i - 1] == '_')))
        continue;
      size_t end = i + 1;
      while (end < expr.size() && std::isdigit(static_cast<unsigned char>(expr[end]))) ++end;
      if (end == i + 1 ||
          (end < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[end])) || expr[end] == '_')))
        continue;
      if (auto it = sizes.find(expr.substr(i, end - i)); it != sizes.end()) size += it->second;
    }
    return size;
  }
  void Define(const std::string& item) {
    size_t as = item.rfind(" AS ");
    if (as != std::string::npos) sizes[item.substr(as + 4)] = Of(item);
  }
};
// The largest expansion a SELECT level may hold (ClickHouse refuses an AST of 500,000 nodes after
// expansion; a few characters make a node).
constexpr size_t kExpansionBudget = 50000;

// The FROM clause that gives the rows of `level` back with the cut points of population nodes
// computed over all of them: the rows gathered into one array of tuples, the cut points computed
// from the same rows in that SELECT (aliases read one another), then ARRAY JOIN gives each row
// back; `spread` gets the items that name its columns again. One pass over the per-customer
// rows, where a second statement would aggregate the events again.
std::string WithCutPoints(const std::vector<QuantileCuts>& all, const std::vector<std::string>& carried,
                          const std::string& level, const StatementPlan& plan, std::vector<Item>* spread) {
  std::vector<Item> gather = {{"groupArray(tuple(" + Names(carried) + ")) AS seg_rows", ""}};
  for (size_t c = 0; c < carried.size(); ++c) {
    spread->push_back({"tupleElement(seg_row, " + std::to_string(c + 1) + ") AS " + carried[c], ""});
  }
  for (const QuantileCuts& cuts : all) {
    std::vector<std::string> items = cuts.Items();
    std::string origin = plan.Comment(cuts.node);  // "  -- let x"
    for (size_t k = 0; k < items.size(); ++k) {
      gather.push_back({items[k], k == 0 && !origin.empty() ? "  -- the cut points of" + origin.substr(4) : ""});
    }
  }
  return "(\n  SELECT\n" + Lines(gather, "    ") + "  FROM (\n" + Indented(level, "    ") +
         "  )\n)\nARRAY JOIN seg_rows AS seg_row";
}

}  // namespace

std::optional<SqlStatement> LowerToNestedSql(const ir::Program& p, const LowerOptions& options,
                                             const rt::TimeZone& zone, SqlRefusal* refusal) {
  const Dialect& d = *options.dialect;
  Lowering low(p, options, zone);
  const ir::InputSchema& entity = p.inputs[p.entity_input];
  try {
    StatementPlan plan = PlanStatement(p, options);
    SqlStatement& out = plan.statement;
    const std::vector<bool>& column = plan.column;

    // The columns every level carries: the key and the customer columns, then node columns.
    std::vector<std::string> carried = {"seg_key"};
    for (size_t c = 0; c < entity.columns.size(); ++c) carried.push_back(low.CustomerColumn(static_cast<int32_t>(c)));
    const size_t customer_columns = carried.size();

    // The customers.
    std::string from;
    std::string join;  // where the last step joined a pass: its FROM clause, which layer 0 can select from
    {
      const std::string& table = options.tables[p.entity_input];
      std::vector<Item> select;
      if (!table.empty()) {
        select.push_back({d.Quote(entity.columns[entity.key_column].name) + " AS seg_key", ""});
        for (size_t c = 0; c < entity.columns.size(); ++c) {
          select.push_back(
              {ReadColumn(d, entity.columns[c]) + " AS " + low.CustomerColumn(static_cast<int32_t>(c)), ""});
        }
        from = "-- the customers\nSELECT\n" + Lines(select, "  ") + "FROM " + table;
      } else {
        std::string keys;
        for (size_t i = 0; i < p.inputs.size(); ++i) {
          if (!p.inputs[i].is_event || options.tables[i].empty()) continue;
          const ir::InputSchema& in = p.inputs[i];
          keys += std::string(keys.empty() ? "" : "  UNION ALL\n") + "  SELECT " +
                  d.Quote(in.columns[in.key_column].name) + " AS seg_key FROM " + options.tables[i] +
                  " GROUP BY seg_key\n";
        }
        if (keys.empty()) throw Refused(-1, "no input is bound to a table");
        select.push_back({"seg_key", ""});
        for (size_t c = 0; c < entity.columns.size(); ++c) {
          select.push_back(
              {d.Null(entity.columns[c].type.kind) + " AS " + low.CustomerColumn(static_cast<int32_t>(c)), ""});
        }
        from = "-- no customer table: the customers are the keys the events name\nSELECT\n" + Lines(select, "  ") +
               "FROM (\n" + keys + ")\nWHERE seg_key IS NOT NULL\nGROUP BY seg_key";
      }
    }

    // One grouped pass per event input, each joined to what came before.
    std::vector<std::string> pass_columns;  // a<id>, as the joins carry them
    std::vector<Item> layer0;
    for (size_t k = 0; k < customer_columns; ++k) layer0.push_back({carried[k], ""});
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      std::vector<Item> aggregates;
      std::vector<NodeId> ids;
      for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
        if (column[id] && p.nodes[id].kind == NodeKind::kAggregate && p.nodes[id].input == static_cast<int32_t>(i)) {
          aggregates.push_back({low.Aggregate(id) + " AS " + PassColumn(id), plan.Comment(id)});
          ids.push_back(id);
        }
      }
      if (aggregates.empty()) continue;
      const ir::InputSchema& in = p.inputs[i];
      for (NodeId id : ids) {
        const lang::AggFunc f = p.nodes[id].aggregate.func;
        bool zero = ZeroWithoutEvents(f);
        std::string v = PassColumn(id);
        if (zero) {  // a customer without events: 0, as the interpreter's empty pass gives
          v = "COALESCE(" + v + ", " + (p.nodes[id].type.Is(TypeKind::kFloat) ? d.Float(0) : d.Int(0)) + ")";
        }
        layer0.push_back({v + " AS " + Lowering::NodeColumn(id), ""});
      }
      if (options.tables[i].empty()) {
        // No table: no events for anyone; every aggregate is its empty value (NULL, then COALESCE).
        std::vector<std::string> names = carried;
        names.insert(names.end(), pass_columns.begin(), pass_columns.end());
        for (NodeId id : ids) {
          names.push_back(d.Null(p.nodes[id].type.kind) + " AS " + PassColumn(id));
          pass_columns.push_back(PassColumn(id));
        }
        from = "SELECT " + Names(names) + "\nFROM (\n" + Indented(from, "  ") + ")";
        join.clear();
        continue;
      }
      std::vector<Item> with = {{d.LocalDay(d.Quote(in.columns[in.time_column].name),
                                            in.columns[in.time_column].type.Is(TypeKind::kDate), p.timezone) +
                                     " AS seg_day",
                                 ""}};
      for (size_t c = 0; c < in.columns.size(); ++c) {
        with.push_back(
            {ReadColumn(d, in.columns[c]) + " AS " + low.EventColumn(static_cast<int32_t>(i), static_cast<int32_t>(c)),
             ""});
      }
      // A customer column inside the pass (an aggregate's filter or value over events): the
      // customers' columns joined to the events by key. GLOBAL: on a Distributed table the
      // initiator reads the customers once and sends them to every shard, whichever way the
      // customers are sharded; join_use_nulls (set for the statement) makes an event whose
      // customer has no row read NULL, missing, as a NULL in the table does.
      std::string customer_join;
      std::vector<std::string> pass_sql;
      for (const Item& a : aggregates) pass_sql.push_back(a.sql);
      if (std::vector<int32_t> customer = low.CustomerColumnsIn(pass_sql); !customer.empty()) {
        const std::string& table = options.tables[p.entity_input];
        if (table.empty()) {
          for (int32_t c : customer)
            with.push_back({d.Null(entity.columns[c].type.kind) + " AS " + low.CustomerColumn(c), ""});
        } else {
          std::vector<Item> columns = {
              {d.Quote(entity.columns[entity.key_column].name) + " AS " + d.Quote(in.columns[in.key_column].name), ""}};
          for (int32_t c : customer)
            columns.push_back({ReadColumn(d, entity.columns[c]) + " AS " + low.CustomerColumn(c), ""});
          customer_join = "\nGLOBAL ANY LEFT JOIN (\n  -- the customer columns the pass reads\n  SELECT\n" +
                          Lines(columns, "    ") + "  FROM " + table + "\n) USING " +
                          d.Quote(in.columns[in.key_column].name);
        }
      }
      std::vector<Item> select = {{d.Quote(in.columns[in.key_column].name) + " AS seg_key", ""}};
      select.insert(select.end(), aggregates.begin(), aggregates.end());
      std::string pass = "-- one pass over the events of " + in.name + ", grouped where they are stored\nWITH\n" +
                         Lines(with, "  ") + "SELECT\n" + Lines(select, "  ") + "FROM " + options.tables[i] +
                         customer_join + "\nGROUP BY seg_key";
      std::vector<std::string> names = carried;
      names.insert(names.end(), pass_columns.begin(), pass_columns.end());
      for (NodeId id : ids) pass_columns.push_back(PassColumn(id));
      std::vector<std::string> all = names;
      for (NodeId id : ids) all.push_back(PassColumn(id));
      join = "(\n" + Indented(from, "  ") + ")\nANY LEFT JOIN (\n" + Indented(pass, "  ") + ") USING seg_key";
      from = "SELECT " + Names(all) + "\nFROM " + join;
    }
    for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
      if (column[id] && p.nodes[id].kind == NodeKind::kAggregate) {
        low.materialized_[id] = true;
        carried.push_back(Lowering::NodeColumn(id));
      }
    }
    // The lets of every layer in one SELECT over layer 0's (a SELECT may read the aliases it
    // defines; 18.16 analyses each nested SELECT again for every level above it, so depth costs
    // more than width), except where a layer bins by cut points over all the rows below it.
    std::vector<Item> select = layer0;
    AliasExpansion expansion;                                                       // of the lets defined in `select`
    std::string source = join.empty() ? "(\n" + Indented(from, "  ") + ")" : join;  // the FROM clause
    for (int k = 1; k <= plan.layers; ++k) {
      std::vector<Item> items;
      std::vector<NodeId> made;
      low.layer_source_ = "layer " + std::to_string(k - 1);  // population nodes may rank in the statement
      low.side_cuts_.clear();
      for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
        if (!column[id] || plan.layer[id] != k || p.nodes[id].kind == NodeKind::kAggregate) continue;
        items.push_back({low.Expr(id) + " AS " + Lowering::NodeColumn(id), plan.Comment(id)});
        made.push_back(id);
      }
      // ClickHouse expands an alias into each expression that reads it before analysing them:
      // a new SELECT level where the expansion would grow large (a chain of lets each reading
      // the last twice doubles it), or where cut points need all the rows below.
      size_t largest = 0;
      for (const Item& item : items) largest = std::max(largest, expansion.Of(item.sql));
      if (!low.side_cuts_.empty() || largest > kExpansionBudget) {
        std::string below = "SELECT\n" + Lines(select, "  ") + "FROM " + source;
        select.clear();
        expansion = AliasExpansion{};
        if (!low.side_cuts_.empty()) {
          source = WithCutPoints(low.side_cuts_, carried, below, plan, &select);
        } else {
          for (const std::string& c : carried) select.push_back({c, ""});
          source = "(\n" + Indented(below, "  ") + ")";
        }
      }
      for (const Item& item : items) expansion.Define(item.sql);
      select.insert(select.end(), items.begin(), items.end());
      for (NodeId id : made) {
        low.materialized_[id] = true;
        carried.push_back(Lowering::NodeColumn(id));
      }
    }
    std::string level = "SELECT\n" + Lines(select, "  ") + "FROM " + source;
    low.layer_source_.clear();  // the final SELECT computes no population node
    std::vector<Item> result = {{"seg_key", ""}};
    for (const SqlColumn& c : out.columns) {
      result.push_back(
          {low.Expr(c.node) + " AS " + d.Quote(c.name.empty() ? Lowering::NodeColumn(c.node) : c.name), ""});
    }
    std::string sql = "-- " + options.title + "\n-- as_of " + lang::FormatValue(options.params[p.as_of_param]) +
                      " (day " + std::to_string(low.as_of_) + ") in time zone " + p.timezone +
                      "; values in seg's representation: money in 1/10000, dates in days, times in microseconds\n";
    sql += "SELECT\n" + Lines(result, "  ") + "FROM (\n" + Indented(level, "  ") + ")\nORDER BY " +
           (out.key_is_text ? d.ByteOrder("seg_key") : "seg_key") +
           "\n-- a customer without events gets NULL from the joins, not the type's default\nSETTINGS join_use_nulls = "
           "1\n";
    out.sql = std::move(sql);
    return out;
  } catch (const Refused& r) {
    *refusal = {r.node, r.what()};
    return std::nullopt;
  }
}

}  // namespace seg::sql
