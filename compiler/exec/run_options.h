// How a run is asked for, whichever engine evaluates it: threads, morsel size, the extra nodes
// to hand back, and where population statistics come from.
#pragma once
#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

#include "compiler/exec/population_node.h"
#include "compiler/exec/result.h"
#include "compiler/ir/ir.h"

namespace seg::exec {

// Computes population nodes in place of the kernels over the run's own customers: how one
// customer is ranked against a batch's population in real time (compiler/api). `values` are the
// run's ranked values of the node's argument (RankingUnit), `out` its n rows.
class PopulationSource {
 public:
  virtual ~PopulationSource() = default;
  virtual void Compute(ir::NodeId id, const double* values, const uint8_t* valid, size_t n,
                       const PopulationOut& out) const = 0;
  // A model-fit node (p_alive, ...): the parameters the batch fitted, which the run predicts with
  // instead of fitting on its own customers; false when there are none (the node's outputs are
  // then missing, and the source records why).
  virtual bool Fitted(ir::NodeId id, FittedModels* out) const = 0;
};

struct RunOptions {
  size_t threads = 1;
  size_t morsel = 2048;
  std::vector<ir::NodeId> keep;            // extra nodes to return (lets for --with, explain)
  std::optional<size_t> explain_customer;  // record every node's value for this customer
  // Keep each population node's ranked values and its output column (RunResult::ranked and
  // ::nodes), for a population snapshot that real-time evaluation ranks one customer against.
  bool keep_population = false;
  const PopulationSource* population = nullptr;  // null: the kernels, over this run's customers
  // Set (from a signal handler, another thread) to stop the run: every engine checks it before each
  // morsel and between stages, so a run stops within one morsel per thread. The result is then
  // an error with RunResult::cancelled set, and no column is handed back. Null: never cancelled.
  const std::atomic<bool>* cancel = nullptr;
  // The memory the strings of joined texts may take (growing_dictionary.h, TextBudget): past it
  // the run fails with an error rather than exhaust the machine.
  size_t text_memory_limit = size_t{2} << 30;
};

}  // namespace seg::exec
