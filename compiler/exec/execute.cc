// Stages and morsels: population statistics between stages, an engine's morsels within them,
// then the result columns handed back.
#include "compiler/exec/execute.h"

#include <algorithm>
#include <atomic>

#include "runtime/assert.h"
#include "runtime/thread_pool.h"

namespace seg::exec {

using ir::NodeId;
using ir::NodeKind;

namespace {

// Hands back whole columns: outputs and what the caller asked to keep. A persisted column is
// moved, not copied: full_ is not read again.
void GiveBack(RunState& run) {
  const ir::Program& p = run.p_;
  RunResult& result = run.result_;
  size_t count = run.data_.num_customers();
  size_t node_count = p.nodes.size();
  auto give = [&](NodeId id) {
    if (id < 0 || result.nodes[id]) return;
    const NodeInfo& info = run.info_[id];
    ResultColumn column;
    column.type = p.nodes[id].type;
    if (info.scalar) {
      column.Fill(count, info.scalar_valid, info.scalar_i, info.scalar_f);
    } else if (PersistedColumn& full = run.full_[id]; full.packed) {
      column.bool_rows = full.rows;
      column.bool_values = std::move(full.bits).Release();
      column.bool_valid = std::move(full.valid_bits).Release();
    } else {
      column.valid = std::move(full.v).Release();
      if (info.is_float) column.floats = std::move(full.f).Release();
      else column.ints = std::move(full.i).Release();
    }
    if (info.is_text && run.grows_[id]) {
      run.CanonicalText(id, &column);
    } else if (info.is_text) {
      for (size_t k = 0; k < info.domain->size(); ++k)
        column.text.emplace_back(info.domain->At(static_cast<int64_t>(k)));
    }
    result.nodes[id] = std::move(column);
  };
  for (const ir::Named& t : p.tags) give(t.node);
  for (const ir::Named& s : p.scores) give(s.node);
  for (NodeId k : run.options_.keep) give(k);
  if (run.options_.keep_population) {
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      if (p.nodes[id].kind == NodeKind::kPopulation) give(id);
    }
  }
  if (result.explain) {
    // The customer's value of the nodes no stage evaluated: population and constant nodes.
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      if (p.nodes[id].kind == NodeKind::kPopulation || run.info_[id].scalar) {
        give(id);
        result.explain->values[id] = FormatResult(*result.nodes[id], *run.options_.explain_customer);
      }
    }
  }
}

}  // namespace

RunResult Execute(RunState& run, ReferenceEvaluator& reference, StageEvaluator* compiled) {
  StageClock clock;
  RunResult::Times times;
  if (rt::Status planned = run.Plan(reference); !planned.ok()) {
    run.result_.status = std::move(planned);
    return std::move(run.result_);
  }
  times.plan = clock.Lap();
  const ir::Program& p = run.p_;
  size_t count = run.data_.num_customers();
  size_t node_count = p.nodes.size();
  for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
    if (run.info_[id].persist) run.full_[id] = PersistedColumn(count, p.nodes[id].type);
  }
  // Each classification's bucket array, filled by the stage that computes it (every engine).
  run.bucket_out_.assign(node_count, nullptr);
  run.buckets_ = FixedArray<FixedArray<int32_t>>(p.classifications.size());
  for (size_t k = 0; k < p.classifications.size(); ++k) {
    run.buckets_[k] = FixedArray<int32_t>(count);  // every row written by the stages
    run.bucket_out_[p.classifications[k].node] = run.buckets_[k].data();
  }
  if (run.options_.explain_customer) run.result_.explain = ExplainRecord{std::vector<std::string>(node_count)};
  StageEvaluator* engine = &reference;
  rt::Status prepared = compiled != nullptr ? compiled->Prepare() : rt::Status::Ok();
  if (compiled != nullptr && prepared.ok()) {
    engine = compiled;
  } else {
    run.result_.fallback = std::move(prepared);
    rt::Status reference_prepared = reference.Prepare();
    SEG_ASSERT(reference_prepared.ok(), "the reference engine accepts every run");
  }
  times.prepare = clock.Lap();
  rt::ThreadPool pool(std::max<size_t>(1, run.options_.threads));
  const std::atomic<bool>* cancel = run.options_.cancel;
  auto cancelled = [cancel] { return cancel != nullptr && cancel->load(std::memory_order_relaxed); };

  // Data whose checks were left to the run (a snapshot's values, rt::DeferredChecks): each morsel
  // is checked on its thread just before it is evaluated, and none is evaluated after damage.
  rt::DeferredChecks* checks = run.data_.deferred_checks.get();
  std::atomic<bool> damaged{false};
  for (int32_t stage = 0; stage < p.stage_count && !cancelled() && !damaged; ++stage) {
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      if (p.nodes[id].kind == NodeKind::kPopulation && p.nodes[id].stage == stage) run.RunPopulation(id, &pool);
    }
    if (run.stage_work_[static_cast<size_t>(stage)].empty() || count == 0) continue;
    // A morsel is the unit of cancellation: the engine's code (interpreted or compiled) runs
    // whole morsels, and the check between them costs one relaxed load per morsel.
    pool.ParallelFor(count, run.options_.morsel, [&](size_t begin, size_t end) {
      if (cancelled() || damaged.load(std::memory_order_relaxed)) return;
      if (checks != nullptr && !checks->CheckCustomers(begin, end).ok()) {
        damaged = true;
        return;
      }
      engine->RunMorsel(stage, begin, end);
    });
    if (damaged) break;
    run.CheckTextBudget(stage);
    if (!run.first_error().empty()) break;
  }
  // What no morsel read is checked too (and after damage, the first in the file is named).
  rt::Status intact = checks != nullptr && !cancelled() ? checks->CheckRest() : rt::Status::Ok();
  times.evaluate = clock.Lap();
  run.result_.times = times;
  if (cancelled()) {
    run.result_ = {};
    run.result_.status = rt::Status::Error("interrupted");
    run.result_.cancelled = true;
    return std::move(run.result_);
  }
  if (!intact.ok()) {
    run.result_ = {};
    run.result_.status = std::move(intact);
    return std::move(run.result_);
  }
  // The run is over: nothing points into the bucket arrays any more.
  for (FixedArray<int32_t>& buckets : run.buckets_) run.result_.buckets.push_back(std::move(buckets).Release());
  if (!run.first_error().empty()) {
    run.result_.status = rt::Status::Error(run.first_error());
    return std::move(run.result_);
  }
  GiveBack(run);
  return std::move(run.result_);
}

}  // namespace seg::exec
