// The batch population that real-time evaluation ranks one customer against.
//
// A population function (quintile, ntile, percent_rank, cumulative_share) places a customer
// among all the others, which one customer's record cannot do. So a batch run keeps, for each
// population node, every customer's ranked value (in the units the kernels rank in) and the
// node's output, keyed by customer key. One customer is then evaluated as the batch would
// evaluate it with only that customer's record changed (docs/API.md, "One customer in real
// time"): a customer whose ranked value is the one the batch saw gets the batch's output back,
// exactly; a new value is placed among the batch's other values, by the kernels' own code
// (rt::QuantileBinOfOne and rt::PercentRankOfOne in O(bins log n); cumulative_share, a sum over
// everyone, by re-running its kernel).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "compiler/ir/ir.h"

namespace seg::driver {

// One population node as the batch ranked it, one entry per batch customer (key order of
// PopulationData::keys).
struct RankedNode {
  std::string function;        // how the program ranks it ("rfm(5) descending"), checked on reading
  std::string name;            // the let or score holding it, for people ("" if none)
  bool is_float = false;       // percent_rank and cumulative_share; bins are ints
  std::vector<double> values;  // the ranked value (exec::RankingUnit)
  std::vector<uint8_t> valid;  // 0: the value was missing
  std::vector<int64_t> ints;   // the output: a bin (int nodes) ...
  std::vector<double> floats;  // ... or a share / percent rank (float nodes)
  std::vector<uint8_t> out_valid;
  rt::BinCuts cuts;  // quantile nodes: the cut points, for people to read
  // The valid values ascending, the row of each (equal values in key order), and each row's
  // place in them (-1: missing): where a new value stands among the others.
  std::vector<double> sorted;
  std::vector<size_t> sorted_rows;
  std::vector<size_t> position_of;
};

// One model-fit node as the batch fitted it.
struct FittedNode {
  std::string function;  // how the program calls it ("p_alive(period 7 days, ...)"), checked on reading
  exec::FittedModels params;
};

struct PopulationData {
  std::vector<std::string> keys;  // the batch's customers, in its row order
  std::unordered_map<std::string, size_t> row_of;
  bool int_keys = false;            // keys compare as numbers (an `int` key), else as bytes
  std::vector<size_t> rows_by_key;  // the rows in key order: the order that breaks ties

  // Whether key a sorts before key b (numerically for int keys, byte by byte for text).
  bool KeyLess(const std::string& a, const std::string& b) const;
  std::vector<std::optional<RankedNode>> nodes;  // per node id; set for population nodes
  // Per node id, set for model-fit nodes (p_alive, ...): the parameters the batch fitted, which a
  // customer evaluated alone is predicted with (never a refit on one customer).
  std::vector<std::optional<FittedNode>> models;

  // From a batch run made with exec::RunOptions::keep_population. `keys` are the run's
  // customer keys as text, in row order.
  static std::shared_ptr<const PopulationData> FromRun(const ir::Program& program, std::vector<std::string> keys,
                                                       const exec::RunResult& run);
  // {"version": 2, "keys": [...], "cuts": [...], "populations": [...], "models": [...]}: docs/API.md.
  std::string ToJson() const;
  // Reads ToJson's output back, checking that it fits this program's population nodes.
  static rt::Result<std::shared_ptr<const PopulationData>> FromJson(const ir::Program& program, std::string_view json);
};

// Population nodes for a run over one customer (key `key`) against `population` (null: none
// given). A node the population lacks gives a missing value and is recorded as unavailable
// when the customer's own value was present (a missing value ranks nowhere, with or without
// the population).
class OneCustomerAgainst : public exec::PopulationSource {
 public:
  OneCustomerAgainst(const ir::Program& program, const PopulationData* population, std::string key);
  // Several customers in one run (`seg watch` evaluates a batch's customers together): row r is
  // the customer keys[r], ranked against the population exactly as if it were run alone.
  OneCustomerAgainst(const ir::Program& program, const PopulationData* population, std::vector<std::string> keys);
  void Compute(ir::NodeId id, const double* values, const uint8_t* valid, size_t n,
               const exec::PopulationOut& out) const override;
  // A model-fit node: the batch's parameters; false (and the node unavailable) without them.
  bool Fitted(ir::NodeId id, exec::FittedModels* out) const override;
  // Population nodes whose value the customer of run row `row` could not have (per node id).
  const std::vector<uint8_t>& unavailable(size_t row = 0) const;

 private:
  // Row c's node value (its output at out[0]), as a run over that customer alone computes it.
  void ComputeRow(const ir::Node& spec, ir::NodeId id, size_t c, double value, uint8_t present,
                  const exec::PopulationOut& out) const;
  // cumulative_share of value x for customer `key`, batch row `row` (-1: a new customer): the
  // kernel over the batch's values with this customer's replaced or added.
  void Rerun(const ir::Node& spec, const RankedNode& node, const std::string& key, size_t row, double x,
             const exec::PopulationOut& out) const;

  const ir::Program& program_;
  const PopulationData* population_;
  std::vector<std::string> keys_;                          // per run row
  mutable std::vector<std::vector<uint8_t>> unavailable_;  // per run row, per node id
  mutable std::vector<uint8_t> fit_unavailable_;           // per node id: a model the batch lacks
};

// Per node id: whether its value depends on a node marked in `sources` (through arguments,
// aggregate filters and classification rules).
std::vector<uint8_t> DependsOn(const ir::Program& program, std::vector<uint8_t> sources);

}  // namespace seg::driver
