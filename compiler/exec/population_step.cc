// The population step between stages, for every engine: a population node ranks one value of
// every customer (a persisted column of an earlier stage) and fills its own persisted column.
#include <cmath>

#include "compiler/exec/run_state.h"
#include "runtime/customer_key.h"

namespace seg::exec {

using ir::Node;
using ir::NodeId;

void RunState::RunPopulation(NodeId id) {
  const Node& n = p_.nodes[id];
  // Model fits: fitted over every customer, or in real time (options_.population) predicted
  // with the batch's parameters, never refitted on one customer.
  if (lang::IsModelFit(n.population.func)) {
    RunModelFit(id);
    return;
  }
  size_t count = data_.num_customers();
  NodeId arg = n.args[0];
  const NodeInfo& ai = info_[arg];
  Values<double> values(count);  // every row written below
  Values<uint8_t> valid(count);
  double unit = RankingUnit(p_.nodes[arg].type);
  for (size_t c = 0; c < count; ++c) {
    if (ai.scalar) {
      valid[c] = ai.scalar_valid;
      values[c] = ai.is_float ? ai.scalar_f : static_cast<double>(ai.scalar_i) / unit;
      continue;
    }
    valid[c] = full_[arg].Valid(c);
    values[c] = ai.is_float ? full_[arg].f[c] : static_cast<double>(full_[arg].Int(c)) / unit;
  }
  PersistedColumn& out = full_[id];  // allocated for the run (population nodes persist)
  PopulationOut to{out.i.data(), out.f.data(), out.v.data()};
  if (options_.population != nullptr) {
    options_.population->Compute(id, values.data(), valid.data(), count, to);
  } else {
    // Ties in a rank method go by customer key, so a result never depends on the order of rows in
    // the input files (the rule is in runtime/customer_key.h).
    bool ranks = n.population.func != lang::PopFunc::kCumulativeShare &&
                 n.population.func != lang::PopFunc::kPercentRank &&
                 (n.population.method == lang::BinMethod::kQcutRank || n.population.method == lang::BinMethod::kNtile);
    if (ranks && key_order_.empty() && data_.key_column >= 0) {
      key_order_ = rt::RowsInKeyOrder(data_.customers.column(data_.key_column));
    }
    ComputePopulation(n.population, values.data(), valid.data(), count, to, &result_.cuts[id],
                      ranks ? std::span<const uint32_t>(key_order_) : std::span<const uint32_t>());
  }
  if (options_.keep_population) result_.ranked[id] = RankedColumn{std::move(values), std::move(valid)};
}

bool RunState::PopulationInput(NodeId arg, size_t customer, double* out) const {
  const NodeInfo& ai = info_[arg];
  double unit = RankingUnit(p_.nodes[arg].type);
  if (ai.scalar) {
    *out = ai.is_float ? ai.scalar_f : static_cast<double>(ai.scalar_i) / unit;
    return ai.scalar_valid && !std::isnan(*out);
  }
  *out = ai.is_float ? full_[arg].f[customer] : static_cast<double>(full_[arg].Int(customer)) / unit;
  return full_[arg].Valid(customer) && !std::isnan(*out);
}

}  // namespace seg::exec
