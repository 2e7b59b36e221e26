// The interpreter's engine for one run, shared by its files: eval_scalar.cc (operators on
// batches), eval_aggregate.cc (aggregates over events), eval_classify.cc (classifications),
// interpreter.cc (a stage's morsels, constants for the plan). The execution layer (compiler/exec)
// plans the run, ranks populations and assembles the result; the engine evaluates nodes.
#pragma once
#include <mutex>
#include <string>

#include "compiler/backend/interp/batch.h"
#include "compiler/exec/stage_evaluator.h"

namespace seg::interp {

class Engine final : public exec::ReferenceEvaluator {
 public:
  explicit Engine(exec::RunState& run);

  // ---- interpreter.cc: the execution layer's calls
  rt::Status Prepare() override { return rt::Status::Ok(); }  // the reference evaluates every run
  void RunMorsel(int32_t stage, size_t begin, size_t end) override;
  rt::Status EvaluateConstant(ir::NodeId id, NodeInfo& info) override;

  // ---- eval_scalar.cc
  void EvalNode(Batch& b, ir::NodeId id);
  void EvalCall(Batch& b, ir::NodeId id);
  View ArgView(Batch& b, ir::NodeId arg, const ir::Node& user);
  size_t LengthFor(const Batch& b, const ir::Node& node) const;
  void Fail(Batch& b, size_t local_row, const ir::Node& node, ir::NodeId id, const std::string& what);
  size_t CustomerOfRow(const Batch& b, const ir::Node& node, size_t row) const;

  // ---- one operator family each
  // What an operator of node `id` works with in batch `b`: the node, its plan, its row count in
  // the batch and its output (sized by EvalNode).
  struct Operands {
    const ir::Node& n;
    NodeInfo& info;
    size_t len;
    Buffer& out;
  };
  Operands OperandsOf(Batch& b, ir::NodeId id);
  void EvalColumn(Batch& b, ir::NodeId id);    // eval_column.cc
  void EvalEventDay(Batch& b, ir::NodeId id);  // eval_column.cc
  void EvalArith(Batch& b, ir::NodeId id);     // eval_arith.cc
  void EvalLogic(Batch& b, ir::NodeId id);     // eval_logic.cc
  void EvalCompare(Batch& b, ir::NodeId id);   // eval_compare.cc

  // ---- eval_aggregate.cc
  void EvalAggregate(Batch& b, ir::NodeId id);

  // ---- eval_sequence.cc
  void EvalSequence(Batch& b, ir::NodeId id);

  // ---- eval_classify.cc
  void EvalClassify(Batch& b, ir::NodeId id);

  exec::RunState& run_;
  // The run's state, under the short names the operators read it by.
  const ir::Program& p_;
  const rt::Dataset& data_;
  std::vector<NodeInfo>& info_;
  FixedArray<PersistedColumn>& full_;
  const rt::TimeZone& zone_;
  const int32_t& as_of_;  // set by the plan

 private:
  Batch constants_;  // a one-row batch for constant-level nodes
  std::mutex explain_mutex_;
};

}  // namespace seg::interp
