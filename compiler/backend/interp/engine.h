// The interpreter's engine, shared by its files: plan.cc (before the run), eval_scalar.cc
// (operators on batches), eval_aggregate.cc (aggregates over events), interpreter.cc (stages,
// morsels, population statistics, classifications).
#pragma once
#include <mutex>

#include "compiler/backend/interp/state.h"

namespace seg::interp {

class StageRunner;

// cmp (< 0, 0, > 0) as decided by a comparison operator. Inline: the compare loops call it per row.
inline bool Decide(sema::CompareOp op, int cmp) {
  switch (op) {
    case sema::CompareOp::kEq: return cmp == 0;
    case sema::CompareOp::kNe: return cmp != 0;
    case sema::CompareOp::kLt: return cmp < 0;
    case sema::CompareOp::kLe: return cmp <= 0;
    case sema::CompareOp::kGt: return cmp > 0;
    case sema::CompareOp::kGe: return cmp >= 0;
  }
  return false;
}
// Whether the plan gives node `id` (a text compare, like, contains, starts_with or ends_with) a
// lookup table over its first argument's strings: when the second is a constant or param.
// Otherwise both engines evaluate it per row with Engine::TextPair. Decided from the IR alone.
bool HasTextTable(const ir::Program& p, ir::NodeId id);
// Text node `n` (compare, like or a text function) on two strings: what a lookup-table entry
// and a per-row test both compute.
bool TextTest(const ir::Node& n, std::string_view x, std::string_view y);

class Engine {
 public:
  Engine(const ir::Program& program, const rt::Dataset& data, const std::vector<sema::Value>& params,
         const RunOptions& options);
  // `runner`, when given, evaluates each stage's morsels instead of the batch code below (the JIT);
  // planning, population statistics and the result stay here, shared by both engines.
  RunResult Run(StageRunner* runner = nullptr);

  // ---- plan.cc
  bool Plan(std::string* error);
  void PlanText(ir::NodeId id);
  void PlanWindow(ir::NodeId id, const ir::Window& window, bool clip_to_as_of);
  void AssignOrigins();
  // A text node over two computed texts, for one row's codes: compare, like or a text function.
  bool TextPair(ir::NodeId id, int64_t a, int64_t b) const;

  // ---- eval_scalar.cc
  void EvalNode(Batch& b, ir::NodeId id);
  void EvalCall(Batch& b, ir::NodeId id);
  View ArgView(Batch& b, ir::NodeId arg, const ir::Node& user);
  size_t LengthFor(const Batch& b, const ir::Node& node) const;
  void Fail(Batch& b, size_t local_row, const ir::Node& node, ir::NodeId id, const std::string& what);
  // The run-time error text: what went wrong, in which let/tag/score/rule, for which customer.
  std::string FailMessage(size_t customer, ir::NodeId id, const std::string& what) const;
  // Records an error from a StageRunner: the lowest customer wins, then the lowest node, which is
  // the one the batch code would have reported first.
  void RecordError(size_t customer, ir::NodeId id, const std::string& what);
  size_t CustomerOfRow(const Batch& b, const ir::Node& node, size_t row) const;

  // ---- eval_aggregate.cc
  void EvalAggregate(Batch& b, ir::NodeId id);

  // ---- interpreter.cc
  void RunPopulation(ir::NodeId id);
  void EvalClassify(Batch& b, ir::NodeId id);
  int32_t LocalDayOf(const sema::Type& type, int64_t value) const;

  const ir::Program& p_;
  const rt::Dataset& data_;
  const std::vector<sema::Value>& params_;
  RunOptions options_;
  rt::TimeZone zone_;
  int32_t as_of_ = 0;
  std::vector<NodeInfo> info_;
  std::vector<Buffer> full_;           // persisted nodes: one value per customer
  // The customers in key order, the tie order of rank-based population functions; computed by
  // the first population node that needs it.
  std::vector<uint32_t> key_order_;
  // Classification nodes: their RunResult bucket array (bucket index, -1 none), written by the
  // stage that computes them; null for every other node.
  std::vector<int32_t*> bucket_out_;
  RunResult result_;
  std::mutex error_mutex_;
  ErrorSlot error_;
  ir::NodeId error_node_ = INT32_MAX;
};

}  // namespace seg::interp
