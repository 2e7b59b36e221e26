// One run's state, shared by the execution layer and the engine evaluating it: the program,
// data and params; the plan (plan.h) per node; the persisted columns the stages write and later
// stages, population steps and the result read; each classification's bucket array; the first
// run-time error. The executor (execute.h) owns the order of things; an engine (interp, jit)
// reads the plan and writes the columns of the customers it is given.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "compiler/exec/buffer.h"
#include "compiler/exec/plan.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "runtime/dataset.h"
#include "runtime/time_zone.h"

namespace seg::rt {
class ThreadPool;
}

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

  // ---- run_texts.cc: texts row by row, the same code for every engine.
  // A text node over two computed texts, for one row's codes: compare, like or a text function.
  bool TextPair(ir::NodeId id, int64_t a, int64_t b) const;
  // Growing text node `id` (grows_) for one row: the code of its string, interned into its
  // dictionary. concat: x and y are its arguments' codes; lower/upper: x; if and ??: x is the
  // code of the branch taken, y that branch (0 the first, 1 the second). -1 when a joined text
  // would pass kMaxJoinedText: the engine then fails the row with JoinedTextTooLong().
  int64_t MakeText(ir::NodeId id, int64_t x, int64_t y);
  // Node `id` (length, `in` a list of texts) whose text argument grows: what its lookup table
  // would hold for the argument's code `code`.
  int64_t TextEntry(ir::NodeId id, int64_t code) const;
  // After a stage: when the run's growing texts passed RunOptions::text_memory_limit, records the
  // run's error (it overrides any customer's: which rows failed first depends on the threads).
  void CheckTextBudget(int32_t stage);
  // Growing text node `id`'s column as the result hands it back: the strings its valid rows use,
  // sorted, and the codes renumbered to them, so no run-order code leaks out.
  void CanonicalText(ir::NodeId id, ResultColumn* column) const;

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

  // ---- population_step.cc: population node `id` over every customer, between stages, on
  // `pool`'s threads (may be null: the calling thread).
  void RunPopulation(ir::NodeId id, rt::ThreadPool* pool = nullptr);
  // Its ranking of `values` (valid where `valid` is not 0) into `to`, by the caller's
  // population (options_.population) or the kernels.
  void ComputeRanks(ir::NodeId id, const double* values, const uint8_t* valid, const PopulationOut& to,
                    rt::ThreadPool* pool);
  // population_model_step.cc: p_alive, expected_purchases, expected_spend, fitted_clv: fit (or
  // take the batch's fit, in real time), then predict.
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
  std::vector<bool> grows_;  // by node: a text that grows during the run (GrowingTexts)
  // Per stage: the nodes an engine evaluates morsel by morsel (neither constant nor population),
  // in id order, which is an order where arguments come first.
  std::vector<std::vector<ir::NodeId>> stage_work_;
  // Persisted nodes: one value per customer, allocated by Execute before an engine starts and
  // never resized (compiled code points into them); empty for the others.
  FixedArray<PersistedColumn> full_;
  // The customers in key order, the tie order of rank-based population functions; computed by
  // the first population node that needs it.
  std::vector<uint32_t> key_order_;
  // The population step's ranked values, reused by every population node (RunPopulation).
  Values<double> ranked_values_;
  Values<uint8_t> ranked_valid_;
  // Per classification: its bucket index per customer (-1 none), written by the stage that
  // computes it, moved into the result when the run is over. bucket_out_ points into them by node
  // (null for every other node), which FixedArray keeps valid for the whole run.
  FixedArray<FixedArray<int32_t>> buckets_;
  std::vector<int32_t*> bucket_out_;
  RunResult result_;

 private:
  rt::Status PlanText(ir::NodeId id);
  // MakeText without its cache of recent codes.
  int64_t MakeNewText(ir::NodeId id, int64_t x, int64_t y);
  // What node `id`'s lookup table holds for a string of its first argument (compare, like and
  // the text tests against a constant, `in` a list of texts, length): the plan's tables and
  // TextEntry both compute it here.
  int64_t TableEntry(ir::NodeId id, std::string_view s) const;
  // The error of a run whose joined texts passed the budget, naming where they are made.
  rt::Status TextBudgetError(const std::vector<ir::NodeId>& growing) const;
  void PlanWindow(ir::NodeId id, const ir::Window& window, bool clip_to_as_of);
  void AssignOrigins();
  void PlanEarlierEventNodes();
  // population_model_step.cc: the models node `id` predicts with, fitted once per run for the
  // same inputs and period unit; false when a fit failed (the run's error says why).
  bool FitModels(ir::NodeId id, FittedModels* out);
  // A population-level failure (a fit that does not converge): not any one customer's.
  void RecordFitError(ir::NodeId id, const std::string& what);
  // The customers in key order (row order without a key): the order a fit sums its likelihood
  // in, so that the fitted parameters never depend on the order of rows in the input files.
  const std::vector<uint32_t>& KeyOrder();

  std::unique_ptr<TextBudget> text_budget_;  // set by Plan: every string a joined text makes
  std::mutex error_mutex_;
  ErrorSlot error_;
  ir::NodeId error_node_ = INT32_MAX;
  // The fits made so far, by model, input nodes and period unit: an index into
  // result_.model_fits, or -1 when that fit failed.
  std::map<std::string, int> fit_index_;
  std::vector<FittedModels> fit_params_;  // per result_.model_fits entry
};

}  // namespace seg::exec
