// The statement for engines without subquery CTEs (ClickHouse 18.16): the same plan as the CTE
// statement (PlanStatement), spelled as nested SELECTs, as few as the population statistics allow:
//
//   SELECT key, outputs FROM (                          -- the outputs, in key order
//     SELECT <read below>, lets of stage 1 FROM (       -- the rows back, binned by the cut points
//       SELECT groupArray(tuple(<read above>)), cut points of stage 1's quantiles FROM (
//         SELECT key, <customer columns read>, COALESCE(pass aggregates), lets of stage 0
//         FROM ((customers) ANY LEFT JOIN (pass 1) USING seg_key) ANY LEFT JOIN (pass 2) ...
//   ))) ARRAY JOIN ... ORDER BY seg_key
//
// A let's stage is how many quantile gatherings lie below it (a quantile in the statement ranks
// the rows of the stage before), not its layer: every let that reads no quantile is computed in
// the first SELECT, however deep its chain of lets (a SELECT may read the aliases it defines), so
// the customers are gathered once per stage of quantiles, not once per layer. Each SELECT passes
// on only the names read above it (read off the SQL text above, as ClickHouse prunes the rest
// anyway), so a gathering carries the few columns the rest of the statement reads, and the
// customers' SELECT reads only the customer columns the statement reads.
//
// Each pass groups straight over its table (its reads are WITH aliases), so on a Distributed
// table the shards aggregate their own customers and the initiator only joins per-customer rows.
// Every SELECT lists its columns by name: `*` over a USING join repeats the key on 18.16.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

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

// The name an item "expr AS name" defines.
std::string DefinedName(const std::string& item) {
  size_t as = item.rfind(" AS ");
  return as == std::string::npos ? item : item.substr(as + 4);
}

// The identifiers an SQL text names outside its string literals: bare words, and `quoted` ones
// with their quotes (as Lowering::CustomerColumn writes them). A name read needlessly (a word of
// a function's name that happens to be a column's) is only carried, never wrong.
std::set<std::string> Identifiers(const std::string& sql) {
  std::set<std::string> out;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (c == '\'' || c == '`') {  // a literal or a quoted name, backslash escapes inside
      size_t end = i + 1;
      while (end < sql.size() && sql[end] != c) end += sql[end] == '\\' ? 2 : 1;
      if (c == '`') out.insert(sql.substr(i, end + 1 - i));
      i = end + 1;
    } else if (word(c)) {
      size_t end = i;
      while (end < sql.size() && word(sql[end])) ++end;
      out.insert(sql.substr(i, end - i));
      i = end;
    } else {
      ++i;
    }
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

// One SELECT of the chain above the joins: what it computes, and the quantiles whose cut points
// it gathers from all the rows below first (none: it reads the rows below as they are).
struct Level {
  std::vector<QuantileCuts> cuts;
  std::vector<Item> items;
};

// The FROM clause that gives the rows of `below` back with the cut points of population nodes
// computed over all of them: the rows gathered into one array of tuples, the cut points computed
// from the same rows in that SELECT (aliases read one another), then ARRAY JOIN gives each row
// back; `spread` gets the items that name its columns again. One pass over the per-customer
// rows, where a second statement would aggregate the events again.
std::string WithCutPoints(const std::vector<QuantileCuts>& all, const std::vector<std::string>& carried,
                          const std::string& below, const StatementPlan& plan, std::vector<Item>* spread) {
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
  return "(\n  SELECT\n" + Lines(gather, "    ") + "  FROM (\n" + Indented(below, "    ") +
         "  )\n)\nARRAY JOIN seg_rows AS seg_row";
}

// Names read by each level and by what comes after it, to pass on only those.
struct Reads {
  std::vector<std::set<std::string>> after;  // per level: read by the levels above it and the result
  std::set<std::string> all;                 // read anywhere in the chain or the result
  Reads(const std::vector<Level>& levels, const std::vector<Item>& result) {
    std::set<std::string> above;
    for (const Item& item : result) above.merge(Identifiers(item.sql));
    after.resize(levels.size());
    for (size_t j = levels.size(); j-- > 0;) {
      after[j] = above;
      for (const Item& item : levels[j].items) above.merge(Identifiers(item.sql));
      for (const QuantileCuts& cuts : levels[j].cuts)
        for (const std::string& item : cuts.Items()) above.merge(Identifiers(item));
    }
    all = above;
  }
};

// The nested SELECTs of `levels` over `source` (the FROM clause of the customers joined to the
// passes, which provides the names `provided`), each passing on what the ones above read.
std::string RenderLevels(const std::vector<Level>& levels, const Reads& reads, std::vector<std::string> provided,
                         std::string source, const StatementPlan& plan) {
  std::string below;
  for (size_t j = 0; j < levels.size(); ++j) {
    const Level& level = levels[j];
    // What this SELECT passes on from below: what the levels above read (and, through a
    // gathering, what its own items read too).
    std::set<std::string> wanted = reads.after[j];
    if (!level.cuts.empty())
      for (const Item& item : level.items) wanted.merge(Identifiers(item.sql));
    std::vector<std::string> passed;
    for (const std::string& name : provided)
      if (wanted.count(name)) passed.push_back(name);
    std::vector<Item> select;
    if (j > 0) {
      if (!level.cuts.empty()) {
        source = WithCutPoints(level.cuts, passed, below, plan, &select);
        // The cut points, for a level above that bins (where a large stage took more than one).
        for (const QuantileCuts& cuts : level.cuts)
          for (const std::string& item : cuts.Items()) provided.push_back(DefinedName(item));
      } else {
        source = "(\n" + Indented(below, "  ") + ")";
        for (const std::string& name : passed) select.push_back({name, ""});
      }
    } else {
      for (const std::string& name : passed) select.push_back({name, ""});
    }
    select.insert(select.end(), level.items.begin(), level.items.end());
    for (const Item& item : level.items) provided.push_back(DefinedName(item.sql));
    below = "SELECT\n" + Lines(select, "  ") + "FROM " + source;
  }
  return below;
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

    // One grouped pass per event input (its SQL; empty where the input has no table), and the
    // first level's column of each aggregate.
    struct Pass {
      std::vector<NodeId> ids;
      std::string sql;
    };
    std::vector<Pass> passes;
    std::vector<Level> levels(1);
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      std::vector<Item> aggregates;
      Pass pass;
      // Raw columns (Lowering::RawColumns) as WITH aliases beside the converted ones, where the
      // aggregates read them; ClickHouse's dialect checks no extremes (RawChecks is empty), as
      // every conversion that can fail is computed for every row or checked by its sum. The pass
      // groups every key, raw or not.
      low.raw_events_ = low.RawColumns(static_cast<int32_t>(i), column, false).has_value();
      for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
        if (column[id] && p.nodes[id].kind == NodeKind::kAggregate && p.nodes[id].input == static_cast<int32_t>(i)) {
          aggregates.push_back({low.Aggregate(id) + " AS " + PassColumn(id), plan.Comment(id)});
          pass.ids.push_back(id);
        }
      }
      low.raw_events_ = false;
      if (aggregates.empty()) continue;
      for (NodeId id : pass.ids) {
        std::string v = PassColumn(id);
        if (ZeroWithoutEvents(p.nodes[id].aggregate.func)) {  // a customer without events: 0, as the
                                                              // interpreter's empty pass gives
          v = "COALESCE(" + v + ", " + (p.nodes[id].type.Is(TypeKind::kFloat) ? d.Float(0) : d.Int(0)) + ")";
        }
        levels[0].items.push_back({v + " AS " + Lowering::NodeColumn(id), ""});
      }
      if (!options.tables[i].empty()) {
        const ir::InputSchema& in = p.inputs[i];
        // The event columns in seg's representation, those the aggregates read only: 18.16 reads
        // every column a WITH alias names from the table, used or not.
        std::set<std::string> read;
        for (const Item& a : aggregates) read.merge(Identifiers(a.sql));
        std::vector<Item> with;
        if (read.count("seg_day")) {
          with.push_back({d.LocalDay(d.Quote(in.columns[in.time_column].name),
                                     in.columns[in.time_column].type.Is(TypeKind::kDate), p.timezone) +
                              " AS seg_day",
                          ""});
        }
        for (size_t c = 0; c < in.columns.size(); ++c) {
          std::string name = low.EventColumn(static_cast<int32_t>(i), static_cast<int32_t>(c));
          if (read.count(name)) with.push_back({ReadColumn(d, in.columns[c]) + " AS " + name, ""});
          std::string raw = low.RawEventColumn(static_cast<int32_t>(i), static_cast<int32_t>(c));
          if (read.count(raw)) with.push_back({d.Quote(in.columns[c].name) + " AS " + raw, ""});
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
                {d.Quote(entity.columns[entity.key_column].name) + " AS " + d.Quote(in.columns[in.key_column].name),
                 ""}};
            for (int32_t c : customer)
              columns.push_back({ReadColumn(d, entity.columns[c]) + " AS " + low.CustomerColumn(c), ""});
            customer_join = "\nGLOBAL ANY LEFT JOIN (\n  -- the customer columns the pass reads\n  SELECT\n" +
                            Lines(columns, "    ") + "  FROM " + table + "\n) USING " +
                            d.Quote(in.columns[in.key_column].name);
          }
        }
        std::vector<Item> select = {{d.Quote(in.columns[in.key_column].name) + " AS seg_key", ""}};
        select.insert(select.end(), aggregates.begin(), aggregates.end());
        pass.sql = "-- one pass over the events of " + in.name + ", grouped where they are stored\n" +
                   (with.empty() ? "" : "WITH\n" + Lines(with, "  ")) + "SELECT\n" + Lines(select, "  ") + "FROM " +
                   options.tables[i] + customer_join + "\nGROUP BY seg_key";
      }
      passes.push_back(std::move(pass));
    }
    for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
      if (column[id] && p.nodes[id].kind == NodeKind::kAggregate) low.materialized_[id] = true;
    }

    // The lets by stage: 0 where they read no quantile computed in the statement, else one more
    // than the deepest stage they read, a quantile one more than the stage of what it ranks.
    // In layer order, so that every let is lowered after the columns it reads.
    std::map<std::string, int> stage_of;  // column name -> stage; customer columns and aggregates 0
    std::vector<std::vector<Item>> stage_items(1);
    std::vector<std::vector<QuantileCuts>> stage_cuts(1);
    low.layer_source_ = "the rows gathered";  // population nodes may rank in the statement
    for (int k = 1; k <= plan.layers; ++k) {
      for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id) {
        if (!column[id] || plan.layer[id] != k || p.nodes[id].kind == NodeKind::kAggregate) continue;
        low.side_cuts_.clear();
        Item item{low.Expr(id) + " AS " + Lowering::NodeColumn(id), plan.Comment(id)};
        int stage = 0;
        for (const std::string& name : Identifiers(item.sql)) {
          if (auto it = stage_of.find(name); it != stage_of.end()) stage = std::max(stage, it->second);
        }
        if (!low.side_cuts_.empty()) ++stage;
        stage_of[Lowering::NodeColumn(id)] = stage;
        if (static_cast<size_t>(stage) >= stage_items.size()) {
          stage_items.resize(stage + 1);
          stage_cuts.resize(stage + 1);
        }
        stage_items[stage].push_back(std::move(item));
        for (QuantileCuts& cuts : low.side_cuts_) stage_cuts[stage].push_back(std::move(cuts));
        low.materialized_[id] = true;
      }
    }
    low.layer_source_.clear();
    low.side_cuts_.clear();
    // The levels: each stage opens one gathering its quantiles' cut points (stage 0: the first
    // level, over the joins), and a new plain level wherever ClickHouse's expansion of the
    // aliases read in one SELECT would grow large (a chain of lets each reading the last twice
    // doubles it).
    for (size_t s = 0; s < stage_items.size(); ++s) {
      if (s > 0) levels.push_back({std::move(stage_cuts[s]), {}});
      AliasExpansion expansion;
      for (Item& item : stage_items[s]) {
        if (!levels.back().items.empty() && expansion.Of(item.sql) > kExpansionBudget) {
          levels.emplace_back();
          expansion = AliasExpansion{};
        }
        expansion.Define(item.sql);
        levels.back().items.push_back(std::move(item));
      }
    }

    std::vector<Item> result = {{"seg_key", ""}};
    for (const SqlColumn& c : out.columns) {
      result.push_back(
          {low.Expr(c.node) + " AS " + d.Quote(c.name.empty() ? Lowering::NodeColumn(c.node) : c.name), ""});
    }
    Reads reads(levels, result);

    // The customers with the columns the statement reads, then each pass joined.
    std::vector<std::string> provided = {"seg_key"};  // what the joins give the first level
    std::vector<int32_t> customer_read;
    for (size_t c = 0; c < entity.columns.size(); ++c) {
      const std::string name = low.CustomerColumn(static_cast<int32_t>(c));
      if (reads.all.count(name)) {
        customer_read.push_back(static_cast<int32_t>(c));
        provided.push_back(name);
      }
    }
    std::string from;
    std::string join;  // where the last step joined a pass: its FROM clause, which level 0 selects from
    {
      const std::string& table = options.tables[p.entity_input];
      std::vector<Item> select;
      if (!table.empty()) {
        select.push_back({d.Quote(entity.columns[entity.key_column].name) + " AS seg_key", ""});
        for (int32_t c : customer_read)
          select.push_back({ReadColumn(d, entity.columns[c]) + " AS " + low.CustomerColumn(c), ""});
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
        for (int32_t c : customer_read)
          select.push_back({d.Null(entity.columns[c].type.kind) + " AS " + low.CustomerColumn(c), ""});
        from = "-- no customer table: the customers are the keys the events name\nSELECT\n" + Lines(select, "  ") +
               "FROM (\n" + keys + ")\nWHERE seg_key IS NOT NULL\nGROUP BY seg_key";
      }
    }
    for (const Pass& pass : passes) {
      std::vector<std::string> names = provided;
      if (pass.sql.empty()) {
        // No table: no events for anyone; every aggregate is its empty value (NULL, then COALESCE).
        for (NodeId id : pass.ids) {
          names.push_back(d.Null(p.nodes[id].type.kind) + " AS " + PassColumn(id));
          provided.push_back(PassColumn(id));
        }
        from = "SELECT " + Names(names) + "\nFROM (\n" + Indented(from, "  ") + ")";
        join.clear();
        continue;
      }
      for (NodeId id : pass.ids) {
        names.push_back(PassColumn(id));
        provided.push_back(PassColumn(id));
      }
      join = "(\n" + Indented(from, "  ") + ")\nANY LEFT JOIN (\n" + Indented(pass.sql, "  ") + ") USING seg_key";
      from = "SELECT " + Names(names) + "\nFROM " + join;
    }
    std::string source = join.empty() ? "(\n" + Indented(from, "  ") + ")" : join;  // level 0's FROM clause
    std::string top = RenderLevels(levels, reads, provided, source, plan);

    std::string sql = "-- " + options.title + "\n-- as_of " + lang::FormatValue(options.params[p.as_of_param]) +
                      " (day " + std::to_string(low.as_of_) + ") in time zone " + p.timezone +
                      "; values in seg's representation: money in 1/10000, dates in days, times in microseconds\n";
    sql += "SELECT\n" + Lines(result, "  ") + "FROM (\n" + Indented(top, "  ") + ")\nORDER BY " +
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
