// The population step between stages, for every engine: a population node ranks one value of
// every customer (a persisted column of an earlier stage) and fills its own persisted column.
#include <algorithm>
#include <cmath>

#include "compiler/exec/population_node.h"
#include "compiler/exec/run_state.h"
#include "runtime/customer_key.h"
#include "runtime/thread_pool.h"

namespace seg::exec {

using ir::Node;
using ir::NodeId;

namespace {
// Customers per piece of the population step's passes on the pool's threads.
constexpr size_t kPopulationRows = size_t{1} << 16;
}  // namespace

void RunState::RunPopulation(NodeId id, rt::ThreadPool* pool) {
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
  double unit = RankingUnit(p_.nodes[arg].type);
  const PersistedColumn& full = full_[arg];
  PersistedColumn& out = full_[id];  // allocated for the run (population nodes persist)
  PopulationOut to{out.i.data(), out.f.data(), out.v.data()};
  // A column of floats is ranked where it is (its validity bytes are what the kernels read: 0 or
  // not): a copy would write 9 MB at 1M customers and fault in the buffer's fresh pages, for the
  // same bits. Unless the caller keeps each node's ranked values (keep_population).
  if (!ai.scalar && !full.packed && ai.is_float && !options_.keep_population) {
    ComputeRanks(id, full.f.data(), full.v.data(), to, pool);
    return;
  }
  // Ints binned by rfm or qcut are ranked where they are (rt::QuantileBinsOfInts: counted by
  // value over a narrow range, as counts usually are, else selected as ints, as money is): no
  // column of doubles, the same bins. In a batch run that keeps no ranked values.
  if (!ai.scalar && !full.packed && !ai.is_float && !options_.keep_population && options_.population == nullptr &&
      ComputePopulationOfInts(n.population, full.i.data(), full.v.data(), unit, count, to, &result_.cuts[id], pool)) {
    return;
  }
  // The ranked values: one buffer for every population node of the run (fresh pages cost the
  // kernel's clearing), unless the caller keeps each node's (keep_population).
  if (ranked_values_.size() != count) {
    ranked_values_ = Values<double>(count);  // every row written below
    ranked_valid_ = Values<uint8_t>(count);
  }
  double* values = ranked_values_.data();
  uint8_t* valid = ranked_valid_.data();
  // One loop per kind of column, with no choice made per row (the general form, with the
  // choices inside, cost 2% of a snapshot run's samples over three quintiles of 1M customers).
  auto convert = [&](size_t begin, size_t end) {
    if (ai.scalar) {
      double value = ai.is_float ? ai.scalar_f : static_cast<double>(ai.scalar_i) / unit;
      std::fill(valid + begin, valid + end, static_cast<uint8_t>(ai.scalar_valid));
      std::fill(values + begin, values + end, value);
    } else if (full.packed) {
      for (size_t c = begin; c < end; ++c) {
        valid[c] = full.Valid(c);
        values[c] = static_cast<double>(full.Int(c)) / unit;
      }
    } else if (ai.is_float) {
      const double* f = full.f.data();
      const uint8_t* v = full.v.data();
      for (size_t c = begin; c < end; ++c) {
        valid[c] = v[c] != 0;
        values[c] = f[c];
      }
    } else {
      const int64_t* i = full.i.data();
      const uint8_t* v = full.v.data();
      for (size_t c = begin; c < end; ++c) {
        valid[c] = v[c] != 0;
        values[c] = static_cast<double>(i[c]) / unit;
      }
    }
  };
  if (pool != nullptr) pool->ParallelFor(count, kPopulationRows, convert);
  else convert(0, count);
  ComputeRanks(id, values, valid, to, pool);
  if (options_.keep_population) result_.ranked[id] = RankedColumn{std::move(ranked_values_), std::move(ranked_valid_)};
}

void RunState::ComputeRanks(NodeId id, const double* values, const uint8_t* valid, const PopulationOut& to,
                            rt::ThreadPool* pool) {
  const Node& n = p_.nodes[id];
  size_t count = data_.num_customers();
  if (options_.population != nullptr) {
    options_.population->Compute(id, values, valid, count, to);
  } else {
    // Ties in a rank method go by customer key, so a result never depends on the order of rows in
    // the input files (the rule is in runtime/customer_key.h).
    bool ranks = n.population.func != lang::PopFunc::kCumulativeShare &&
                 n.population.func != lang::PopFunc::kPercentRank &&
                 (n.population.method == lang::BinMethod::kQcutRank || n.population.method == lang::BinMethod::kNtile);
    if (ranks && key_order_.empty() && data_.key_column >= 0) {
      key_order_ = rt::RowsInKeyOrder(data_.customers.column(data_.key_column));
    }
    ComputePopulation(n.population, values, valid, count, to, &result_.cuts[id],
                      ranks ? std::span<const uint32_t>(key_order_) : std::span<const uint32_t>(), pool);
  }
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
