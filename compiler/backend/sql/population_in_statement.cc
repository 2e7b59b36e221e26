// Quantile bins (rfm, qcut, qcut_rank, ntile) computed inside the statement, where the dialect
// can do it with seg's conventions bit for bit (Dialect::RanksQuantilesInStatement: PostgreSQL),
// so a program with population statistics is one statement instead of two.
//
// The cut points come from a one-row CTE over the layer below the population node's layer: the
// valid values sorted into an array, and from its length m the same arithmetic as the kernels
// (runtime/kernels/population.cc), operation by operation in IEEE doubles:
//   rfm       index = 1 + (m - 1) * p; lo = floor(index), hi = min(ceil(index), m), h = index - lo;
//             break = ((1 - h) * x[lo] + h * x[hi] where h > 0 and x[hi] != x[lo], else x[lo]) + 1
//   qcut      v = (m - 1) * q (q = numpy's p); at or past m - 1 both ends are x[m] with gamma 0;
//             edge = gamma >= 0.5 ? b - (b - a) * (1 - gamma) : a + (b - a) * gamma
//   qcut_rank the qcut edges of the ranks 1..m, the customer's rank by (value, key)
//   ntile     SQL's ntile over (value, key), which is seg's
// p and q are literals seg computes with the kernels' own functions (rt::CutProbability). The
// layer then joins the CTE and bins each customer as the kernels do: rfm 1 + #{breaks <= x},
// qcut 1 + #{kept interior edges < x} (repeated edges dropped: an edge counts where it differs
// from the one before it, by C's !=, so a NaN edge never equals another).
#include <cmath>

#include "compiler/backend/sql/lowering.h"
#include "runtime/kernels/population.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using lang::TypeKind;

namespace {

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

std::string Lowering::QuantileInStatement(NodeId id, const std::string& x, const std::string& valid) {
  const Node& n = p_.nodes[id];
  const lang::PopulationSpec& spec = n.population;
  const int bins = spec.bins;
  const std::string one = d_.Float(1), zero = d_.Float(0);
  auto when_valid = [&](const std::string& bin) { return d_.IfElse(valid, bin, d_.Null(TypeKind::kInt)); };
  // Names of this node's cut columns: unique in the statement (ClickHouse computes every node's
  // in one SELECT, PostgreSQL every node's of a layer in one CTE), so read without a qualifier.
  QuantileCuts q;
  q.node = id;
  q.cte = "seg_cuts_" + std::to_string(id);
  auto named = [&](const std::string& name, int k) { return name + std::to_string(id) + "_" + std::to_string(k); };
  auto column = [&](const std::string& name) { return name; };
  const ir::InputSchema& entity = p_.inputs[p_.entity_input];
  const std::string key = entity.columns[entity.key_column].type.IsTextLike() ? d_.ByteOrder("seg_key") : "seg_key";
  // The customer's rank among the valid values, ties in key order (rt::RowsInKeyOrder).
  const std::string window = "OVER (PARTITION BY " + valid + " ORDER BY " + x + ", " + key + ")";
  if (bins < 1) return d_.Null(TypeKind::kInt);

  if (spec.method == lang::BinMethod::kNtile) {
    std::string bin = "ntile(" + std::to_string(bins) + ") " + window;
    if (spec.descending) {  // the groups used: min(bins, m)
      std::string used = d_.LeastOf({d_.Int(bins), "count(*) OVER (PARTITION BY " + valid + ")"});
      bin = "(" + used + " + " + d_.Int(1) + " - " + bin + ")";
    }
    return when_valid(bin);
  }

  // The sorted values (by value) or only their count (by rank), then per cut the positions it
  // reads (named so that the cut's formula reads as the kernel's), then the cuts.
  const bool by_rank = spec.method == lang::BinMethod::kQcutRank;
  const std::string a = "seg_a" + std::to_string(id), m = "seg_m" + std::to_string(id);
  AggregateCall count;
  count.func = SqlAgg::kCount;
  count.filter = valid;
  if (!by_rank) q.sorted.push_back(d_.SortedArray(x, valid) + " AS " + a);
  q.sorted.push_back(d_.Aggregate(count) + " AS " + m);
  q.carried = by_rank ? std::vector<std::string>{m} : std::vector<std::string>{a, m};
  const std::string m1 = d_.ToDouble(m + " - 1");
  // The value at 1-based position `i` (an SQL double) of the sorted values; by rank, i itself.
  auto at = [&](const std::string& i) { return by_rank ? i : d_.ArrayAt(a, i); };
  std::string bin, used;
  if (spec.method == lang::BinMethod::kRfm) {
    // R's type 7: index = 1 + (m - 1) * p; lo, hi and h from it.
    std::vector<std::string> terms;
    for (int k = 1; k < bins; ++k) {
      std::string index = named("seg_i", k), h = named("seg_h", k), lo = named("seg_lo", k), hi = named("seg_hi", k);
      q.positions.push_back("(" + one + " + " + m1 + " * " + d_.Float(rt::CutProbability(k, bins)) + ") AS " + index);
      q.parts.push_back("floor(" + index + ") AS " + lo);
      q.parts.push_back(d_.LeastOf({"ceil(" + index + ")", d_.ToDouble(m)}) + " AS " + hi);
      q.parts.push_back(index + " - floor(" + index + ") AS " + h);
      std::string x_lo = at(lo), x_hi = at(hi);
      q.cuts.push_back(d_.IfElse(h + " > " + zero + " AND " + x_hi + " <> " + x_lo,
                                 "(" + one + " - " + h + ") * " + x_lo + " + " + h + " * " + x_hi, x_lo) +
                       " + " + one + " AS " + named("seg_c", k));
      terms.push_back(d_.IfElse(column(named("seg_c", k)) + " <= " + x, "1", "0"));
    }
    bin = terms.empty() ? d_.Int(1) : "(" + d_.Int(1) + " + " + Join(terms, " + ") + ")";
    used = d_.Int(bins);
  } else {
    // qcut, qcut_rank: numpy's linear edges e0..e_bins (v = (m - 1) * q, clipped at m - 1), then
    // which of them are kept.
    std::string v_rank = by_rank ? d_.ToDouble("row_number() " + window) : x;
    for (int k = 0; k <= bins; ++k) {
      std::string v = named("seg_v", k), prev = named("seg_prev", k), next = named("seg_next", k),
                  g = named("seg_g", k);
      q.positions.push_back(m1 + " * " + d_.Float(rt::NumpyProbability(rt::CutProbability(k, bins))) + " AS " + v);
      std::string clipped = v + " >= " + m1;
      q.parts.push_back(d_.IfElse(clipped, m1, "floor(" + v + ")") + " + " + one + " AS " + prev);
      q.parts.push_back(d_.IfElse(clipped, m1, "floor(" + v + ") + " + one) + " + " + one + " AS " + next);
      q.parts.push_back(d_.IfElse(clipped, zero, v + " - floor(" + v + ")") + " AS " + g);
      std::string e_prev = at(prev), e_next = at(next);
      std::string diff = "(" + e_next + " - " + e_prev + ")";
      q.cuts.push_back(d_.IfElse(g + " >= " + d_.Float(0.5), e_next + " - " + diff + " * (" + one + " - " + g + ")",
                                 e_prev + " + " + diff + " * " + g) +
                       " AS " + named("seg_e", k));
    }
    // Edge k is kept where it differs from edge k - 1 by C's != (true with a NaN; in PostgreSQL
    // NaN = NaN, hence the second test); bins == 1 keeps both edges whatever they are (pandas).
    auto kept = [&](int k) {
      std::string e = column(named("seg_e", k)), before = column(named("seg_e", k - 1));
      return "(" + e + " <> " + before + " OR " + e + " = " + d_.Float(NAN) + ")";
    };
    std::vector<std::string> kept_count, below;
    for (int k = 1; k <= bins; ++k) kept_count.push_back(d_.IfElse(kept(k), "1", "0"));
    for (int k = 1; k < bins; ++k) {
      below.push_back(d_.IfElse(kept(k) + " AND " + column(named("seg_e", k)) + " < " + v_rank, "1", "0"));
    }
    used = bins == 1 ? d_.Int(1) : "(" + Join(kept_count, " + ") + ")";
    bin = below.empty() ? d_.Int(1) : "(" + d_.Int(1) + " + " + Join(below, " + ") + ")";
  }
  if (q.cuts.empty()) q.cuts.push_back(m);  // rfm with one bin: nothing to cut
  side_cuts_.push_back(std::move(q));
  if (spec.descending) bin = "(" + used + " + " + d_.Int(1) + " - " + bin + ")";
  if (spec.method != lang::BinMethod::kRfm) {  // qcut: one edge left, no interval (pandas: all NaN)
    bin = d_.IfElse(used + " >= " + d_.Int(1), bin, d_.Null(TypeKind::kInt));
  }
  return when_valid(bin);
}

std::string QuantileCuts::Cte(const std::vector<QuantileCuts>& layer, const std::string& source) {
  // Every step passes on the sorted values of all the nodes; each node's items follow in turn.
  std::vector<std::string> carried, sorted, positions, parts, cuts;
  for (const QuantileCuts& q : layer) {
    carried.insert(carried.end(), q.carried.begin(), q.carried.end());
    sorted.insert(sorted.end(), q.sorted.begin(), q.sorted.end());
    positions.insert(positions.end(), q.positions.begin(), q.positions.end());
    parts.insert(parts.end(), q.parts.begin(), q.parts.end());
    cuts.insert(cuts.end(), q.cuts.begin(), q.cuts.end());
  }
  auto with_carried = [&](const std::vector<std::string>& items) {
    std::vector<std::string> all = carried;
    all.insert(all.end(), items.begin(), items.end());
    return Join(all, ", ");
  };
  return layer.front().cte + " AS MATERIALIZED (\n  SELECT\n    " + Join(cuts, ",\n    ") + "\n  FROM (\n    SELECT " +
         with_carried(parts) + "\n    FROM (\n      SELECT " + with_carried(positions) + "\n      FROM (SELECT " +
         Join(sorted, ", ") + " FROM " + source + ") s\n    ) p\n  ) q\n)";
}

std::vector<std::string> QuantileCuts::Items() const {
  std::vector<std::string> all = sorted;
  for (const auto* list : {&positions, &parts, &cuts}) all.insert(all.end(), list->begin(), list->end());
  return all;
}

}  // namespace seg::sql
