// The interpreter's engine, shared by its files: plan.cc (before the run), eval_scalar.cc
// (operators on batches), eval_aggregate.cc (aggregates over events), interpreter.cc (stages,
// morsels, population statistics, classifications).
#pragma once
#include <mutex>

#include "compiler/backend/interp/state.h"

namespace seg::interp {

class Engine {
 public:
  Engine(const ir::Program& program, const rt::Dataset& data, const std::vector<sema::Value>& params,
         const RunOptions& options);
  RunResult Run();

  // ---- plan.cc
  bool Plan(std::string* error);
  void PlanText(ir::NodeId id);
  void PlanWindow(ir::NodeId id, const ir::Window& window, bool clip_to_as_of);
  void AssignOrigins();

  // ---- eval_scalar.cc
  void EvalNode(Batch& b, ir::NodeId id);
  View ArgView(Batch& b, ir::NodeId arg, const ir::Node& user);
  size_t LengthFor(const Batch& b, const ir::Node& node) const;
  void Fail(Batch& b, size_t local_row, const ir::Node& node, ir::NodeId id, const std::string& what);
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
  RunResult result_;
  std::mutex error_mutex_;
  ErrorSlot error_;
};

}  // namespace seg::interp
