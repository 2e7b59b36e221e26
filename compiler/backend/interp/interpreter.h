// The vectorised interpreter: the reference semantics of seg. It evaluates the IR over morsels
// of customers (a few thousand at a time): each stage computes every aggregate of a customer in
// one pass over that customer's events, then the per-customer values; population statistics
// (quantile bins) run between stages over all customers. Results never depend on the number of
// threads: morsels write disjoint rows, and population steps run on whole columns.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/backend/interp/population_node.h"
#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/kernels/population.h"

namespace seg::interp {

// A column of results: int64 (bool, int, money, date, timestamp, duration, bucket index, text
// code) or double (float), with a validity byte per row. Text codes index `text`.
// std::allocator without the zero fill on resize: the engines' buffers (interp::Buffer) are
// written in full before they are read (a batch by its node's operator, a persisted column by
// the stage's morsels), and zeroing ten million rows first would cost as much as computing them.
// ResultColumn uses the same vectors so a persisted column is handed back by a move, not a copy.
template <typename T>
struct NoFillAllocator : std::allocator<T> {
  template <typename U> struct rebind { using other = NoFillAllocator<U>; };
  template <typename U> void construct(U* p) noexcept { ::new (static_cast<void*>(p)) U; }
  template <typename U, typename... Args> void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <typename T> using Values = std::vector<T, NoFillAllocator<T>>;

struct ResultColumn {
  sema::Type type;
  Values<int64_t> ints;
  Values<double> floats;
  Values<uint8_t> valid;
  std::vector<std::string> text;  // text domain (codes -> strings) for text results
};

// Computes population nodes in place of the kernels over the run's own customers: how one
// customer is ranked against a batch's population in real time (compiler/api). `values` are the
// run's ranked values of the node's argument (RankingUnit), `out` its n rows.
class PopulationSource {
 public:
  virtual ~PopulationSource() = default;
  virtual void Compute(ir::NodeId id, const double* values, const uint8_t* valid, size_t n,
                       const PopulationOut& out) const = 0;
};

// What a population node ranked in a batch run: the ranked value of each customer (RankingUnit),
// in customer order; valid == 0 where the value was missing.
struct RankedColumn {
  Values<double> values;
  Values<uint8_t> valid;
};

struct RunOptions {
  size_t threads = 1;
  size_t morsel = 2048;
  std::vector<ir::NodeId> keep;          // extra nodes to return (lets for --with, explain)
  std::optional<size_t> explain_customer;  // record every node's value for this customer
  // Keep each population node's ranked values and its output column (RunResult::ranked and
  // ::nodes), for a population snapshot that real-time evaluation ranks one customer against.
  bool keep_population = false;
  const PopulationSource* population = nullptr;  // null: the kernels, over this run's customers
};

struct ExplainRecord {
  // For each node: its value for the customer, formatted ("missing" when missing).
  std::vector<std::string> values;
};

struct RunResult {
  std::string error;  // first run-time error (overflow), naming the customer and the rule
  std::vector<std::optional<ResultColumn>> nodes;  // indexed by node id; set for outputs and `keep`
  std::vector<Values<int32_t>> buckets;  // per classification: bucket index, -1 none
  std::vector<rt::BinCuts> cuts;                    // per node id: cut points of population nodes
  std::vector<std::optional<RankedColumn>> ranked;  // per node id, with RunOptions::keep_population
  std::optional<ExplainRecord> explain;
  bool ok() const { return error.empty(); }
};

// `params` holds one value per program param (as_of included), already of the param's type.
RunResult Run(const ir::Program& program, const rt::Dataset& data, const std::vector<sema::Value>& params,
              const RunOptions& options);

// A result value as text, the way outputs print it (dates ISO, money minimal, floats shortest).
std::string FormatResult(const ResultColumn& column, size_t row);

}  // namespace seg::interp
