// The interpreter's side of a run: a stage's morsels evaluated as batches, node by node, and
// the plan's constants on a one-row batch.
#include "compiler/backend/interp/interpreter.h"

#include "compiler/backend/interp/engine.h"
#include "compiler/exec/bits.h"
#include "compiler/exec/execute.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;

Engine::Engine(exec::RunState& run)
    : run_(run),
      p_(run.p_),
      data_(run.data_),
      info_(run.info_),
      full_(run.full_),
      zone_(run.zone_),
      as_of_(run.as_of_) {
  size_t count = p_.nodes.size();
  constants_.begin = 0;
  constants_.end = 1;
  constants_.values.resize(count);
  constants_.broadcast.resize(count);
  constants_.broadcast_input.assign(count, -1);
}

rt::Status Engine::EvaluateConstant(NodeId id, NodeInfo& info) {
  EvalNode(constants_, id);
  const Buffer& out = constants_.values[id];
  info.scalar_valid = out.v[0] != 0;
  if (info.is_float) info.scalar_f = out.f[0];
  else info.scalar_i = out.i[0];
  if (!constants_.error.message.empty()) return rt::Status::Error(constants_.error.message);
  return rt::Status::Ok();
}

void Engine::RunMorsel(int32_t stage, size_t begin, size_t end) {
  const std::vector<NodeId>& work = run_.stage_work_[static_cast<size_t>(stage)];
  const exec::RunOptions& options = run_.options_;
  size_t node_count = p_.nodes.size();
  Batch b;
  b.stage = stage;
  b.begin = begin;
  b.end = end;
  b.values.resize(node_count);
  b.broadcast.resize(node_count);
  b.broadcast_input.assign(node_count, -1);
  size_t inputs = data_.events.size();
  b.event_begin.assign(inputs, 0);
  b.event_count.assign(inputs, 0);
  b.event_customer.resize(inputs);
  for (size_t k = 0; k < inputs; ++k) {
    const rt::EventData& ev = data_.events[k];
    if (ev.offsets.empty()) continue;
    b.event_begin[k] = ev.offsets[begin];
    b.event_count[k] = ev.offsets[end] - ev.offsets[begin];
    b.event_customer[k].resize(b.event_count[k]);
    for (size_t c = begin; c < end; ++c) {
      for (uint32_t e = ev.offsets[c]; e < ev.offsets[c + 1]; ++e)
        b.event_customer[k][e - b.event_begin[k]] = static_cast<uint32_t>(c - begin);
    }
  }
  for (NodeId id : work) {
    EvalNode(b, id);
    if (int32_t* buckets = run_.bucket_out_[id]) {
      const Buffer& v = b.values[id];
      for (size_t r = 0; r < v.v.size(); ++r) buckets[begin + r] = v.v[r] ? static_cast<int32_t>(v.i[r]) : -1;
    }
    if (!info_[id].persist) continue;
    const Buffer& v = b.values[id];
    PersistedColumn& full = full_[id];
    if (full.packed) {
      exec::PackBits(v.i.data(), v.i.size(), full.bits.data(), begin);
      exec::PackBits(v.v.data(), v.v.size(), full.valid_bits.data(), begin);
      continue;
    }
    std::copy(v.v.begin(), v.v.end(), full.v.begin() + begin);
    if (info_[id].is_float) std::copy(v.f.begin(), v.f.end(), full.f.begin() + begin);
    else std::copy(v.i.begin(), v.i.end(), full.i.begin() + begin);
  }
  if (options.explain_customer && *options.explain_customer >= begin && *options.explain_customer < end) {
    std::lock_guard<std::mutex> lock(explain_mutex_);
    size_t row = *options.explain_customer - begin;
    for (NodeId id : work) {
      if (p_.nodes[id].level != ir::Level::kCustomer) continue;
      exec::ResultColumn one;
      one.type = p_.nodes[id].type;
      const Buffer& v = b.values[id];
      one.Fill(1, v.v[row] != 0, info_[id].is_float ? 0 : v.i[row], info_[id].is_float ? v.f[row] : 0);
      if (info_[id].is_text)
        for (size_t k = 0; k < info_[id].domain->size(); ++k)
          one.text.emplace_back(info_[id].domain->At(static_cast<int64_t>(k)));
      run_.result_.explain->values[id] = exec::FormatResult(one, 0);
    }
  }
  if (!b.error.message.empty()) run_.RecordBatchError(b.error);
}

std::unique_ptr<exec::ReferenceEvaluator> NewEvaluator(exec::RunState& run) { return std::make_unique<Engine>(run); }

exec::RunResult Run(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                    const exec::RunOptions& options) {
  exec::RunState run(program, data, params, options);
  Engine engine(run);
  return exec::Execute(run, engine);
}

}  // namespace seg::interp
