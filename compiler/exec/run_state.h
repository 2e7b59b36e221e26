// One run's state, shared by the execution layer and the engine evaluating it: the program,
// data and params; the plan (plan.h) per node; the persisted columns the stages write and later
// stages, population steps and the result read; each classification's bucket array; the first
// run-time error. The executor (execute.h) owns the order of things; an engine (interp, jit)
// reads the plan and writes the columns of the customers it is given.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "compiler/exec/buffer.h"
#include "compiler/exec/plan.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "runtime/dataset.h"
#include "runtime/time_zone.h"

namespace seg::exec {

class ReferenceEvaluator;

// The first run-time error: the lowest customer wins, so it does not depend on threads.
struct ErrorSlot {
  size_t customer = SIZE_MAX;
  std::string message;
};

class RunState {
 public:
  // `params` holds one value per program param (as_of included), already of the param's type.
  RunState(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
           const RunOptions& options);

  // ---- plan.cc: before the run. Constant-level nodes are evaluated by `constants` (the
  // interpreter, the reference semantics); fails when the run cannot start.
  rt::Status Plan(ReferenceEvaluator& constants);
  // A text node over two computed texts, for one row's codes: compare, like or a text function.
  bool TextPair(ir::NodeId id, int64_t a, int64_t b) const;

  // ---- run_state.cc
  // The run-time error text: what went wrong, in which let/tag/score/rule, for which customer.
  std::string FailMessage(size_t customer, ir::NodeId id, const std::string& what) const;
  // Records an error found row by row (compiled code): the lowest customer wins, then the lowest
  // node, which is the one the interpreter's batch code would have reported first.
  void RecordError(size_t customer, ir::NodeId id, const std::string& what);
  // Records a batch's first error (the interpreter): the lowest customer wins.
  void RecordBatchError(const ErrorSlot& error);
  // The first error recorded so far; empty when none.
  const std::string& first_error() const { return error_.message; }
  int32_t LocalDayOf(const lang::Type& type, int64_t value) const;

  // ---- population_step.cc: population node `id` over every customer, between stages.
  void RunPopulation(ir::NodeId id);
  // population_model_step.cc: p_alive, expected_purchases, expected_spend: fit, then predict.
  void RunModelFit(ir::NodeId id);
  // One customer's value of node `arg` as the population step reads it (RankingUnit units).
  bool PopulationInput(ir::NodeId arg, size_t customer, double* out) const;

  const ir::Program& p_;
  const rt::Dataset& data_;
  const std::vector<lang::Value>& params_;
  RunOptions options_;
  rt::TimeZone zone_;
  int32_t as_of_ = 0;
  std::vector<NodeInfo> info_;
  // Per stage: the nodes an engine evaluates morsel by morsel (neither constant nor population),
  // in id order, which is an order where arguments come first.
  std::vector<std::vector<ir::NodeId>> stage_work_;
  std::vector<Buffer> full_;           // persisted nodes: one value per customer
  // The customers in key order, the tie order of rank-based population functions; computed by
  // the first population node that needs it.
  std::vector<uint32_t> key_order_;
  // Classification nodes: their RunResult bucket array (bucket index, -1 none), written by the
  // stage that computes them; null for every other node.
  std::vector<int32_t*> bucket_out_;
  RunResult result_;

 private:
  void PlanText(ir::NodeId id);
  void PlanWindow(ir::NodeId id, const ir::Window& window, bool clip_to_as_of);
  void AssignOrigins();

  std::mutex error_mutex_;
  ErrorSlot error_;
  ir::NodeId error_node_ = INT32_MAX;
};

}  // namespace seg::exec
