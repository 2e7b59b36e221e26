// Stages and morsels: population statistics between stages, batches of customers within them.
#include "compiler/backend/interp/interpreter.h"

#include <charconv>

#include "compiler/backend/interp/engine.h"
#include "compiler/backend/interp/stage_runner.h"
#include "runtime/civil_time.h"
#include "runtime/customer_key.h"
#include "runtime/duration.h"
#include "runtime/money.h"
#include "runtime/thread_pool.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using sema::TypeKind;

int32_t Engine::LocalDayOf(const sema::Type& type, int64_t value) const {
  return type.Is(TypeKind::kDate) ? static_cast<int32_t>(value) : zone_.LocalDay(value);
}

void Engine::EvalClassify(Batch& b, NodeId id) {
  const Node& n = p_.nodes[id];
  const ir::Classification& c = p_.classifications[n.symbol];
  Buffer& out = b.values[id];
  size_t len = b.size();
  out.Resize(len, false);
  std::vector<View> conditions;
  for (const ir::Rule& r : c.rules) conditions.push_back(ArgView(b, r.condition, n));
  View parent = c.parent >= 0 ? ArgView(b, n.args.back(), n) : View{};
  for (size_t r = 0; r < len; ++r) {
    int64_t bucket = -1;
    bool eligible = c.parent < 0 || (parent.V(r) && parent.I(r) == c.parent_bucket);
    if (eligible) {
      // First match by priority.
      for (size_t k = 0; k < conditions.size(); ++k) {
        if (conditions[k].V(r) && conditions[k].I(r)) { bucket = c.rules[k].bucket; break; }
      }
      if (bucket < 0) bucket = c.else_bucket;
    }
    out.i[r] = bucket;
    out.v[r] = bucket >= 0;
  }
}

void Engine::RunPopulation(NodeId id) {
  const Node& n = p_.nodes[id];
  size_t count = data_.num_customers();
  NodeId arg = n.args[0];
  const NodeInfo& ai = info_[arg];
  Values<double> values(count);  // every row written below
  Values<uint8_t> valid(count);
  double unit = RankingUnit(p_.nodes[arg].type);
  for (size_t c = 0; c < count; ++c) {
    if (ai.scalar) { valid[c] = ai.scalar_valid; values[c] = ai.is_float ? ai.scalar_f : static_cast<double>(ai.scalar_i) / unit; continue; }
    valid[c] = full_[arg].v[c];
    values[c] = ai.is_float ? full_[arg].f[c] : static_cast<double>(full_[arg].i[c]) / unit;
  }
  Buffer& out = full_[id];
  out.Resize(count, info_[id].is_float);
  PopulationOut to{out.i.data(), out.f.data(), out.v.data()};
  if (options_.population != nullptr) {
    options_.population->Compute(id, values.data(), valid.data(), count, to);
  } else {
    // Ties in a rank method go by customer key, so a result never depends on the order of rows in
    // the input files (the rule is in runtime/customer_key.h).
    bool ranks = n.population.func != sema::PopFunc::kCumulativeShare && n.population.func != sema::PopFunc::kPercentRank &&
                 (n.population.method == sema::BinMethod::kQcutRank || n.population.method == sema::BinMethod::kNtile);
    if (ranks && key_order_.empty() && data_.key_column >= 0) {
      key_order_ = rt::RowsInKeyOrder(data_.customers.column(data_.key_column));
    }
    ComputePopulation(n.population, values.data(), valid.data(), count, to, &result_.cuts[id],
                      ranks ? std::span<const uint32_t>(key_order_) : std::span<const uint32_t>());
  }
  if (options_.keep_population) result_.ranked[id] = RankedColumn{std::move(values), std::move(valid)};
}

RunResult Engine::Run(StageRunner* runner) {
  std::string error;
  if (!Plan(&error)) {
    result_.error = error;
    return std::move(result_);
  }
  size_t count = data_.num_customers();
  size_t node_count = p_.nodes.size();
  for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
    if (info_[id].persist) full_[id].Resize(count, info_[id].is_float);
  }
  // Each classification's bucket array, filled by the stage that computes it (both engines).
  bucket_out_.assign(node_count, nullptr);
  for (const ir::Classification& c : p_.classifications) {
    result_.buckets.emplace_back(count);  // every row written by the stages
    bucket_out_[c.node] = result_.buckets.back().data();
  }
  if (options_.explain_customer) result_.explain = ExplainRecord{std::vector<std::string>(node_count)};
  if (runner != nullptr && !runner->Prepare(*this)) runner = nullptr;
  rt::ThreadPool pool(std::max<size_t>(1, options_.threads));
  std::mutex explain_mutex;

  for (int32_t stage = 0; stage < p_.stage_count; ++stage) {
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      if (p_.nodes[id].kind == NodeKind::kPopulation && p_.nodes[id].stage == stage) RunPopulation(id);
    }
    std::vector<NodeId> work;
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      const Node& n = p_.nodes[id];
      if (n.stage == stage && n.level != ir::Level::kConstant && n.kind != NodeKind::kPopulation) work.push_back(id);
    }
    if (work.empty() || count == 0) continue;
    pool.ParallelFor(count, options_.morsel, [&](size_t begin, size_t end) {
      if (runner != nullptr) {
        runner->RunMorsel(stage, begin, end);
        return;
      }
      Batch b;
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
          for (uint32_t e = ev.offsets[c]; e < ev.offsets[c + 1]; ++e) b.event_customer[k][e - b.event_begin[k]] = static_cast<uint32_t>(c - begin);
        }
      }
      for (NodeId id : work) {
        EvalNode(b, id);
        if (int32_t* buckets = bucket_out_[id]) {
          const Buffer& v = b.values[id];
          for (size_t r = 0; r < v.v.size(); ++r) buckets[begin + r] = v.v[r] ? static_cast<int32_t>(v.i[r]) : -1;
        }
        if (!info_[id].persist) continue;
        const Buffer& v = b.values[id];
        Buffer& full = full_[id];
        std::copy(v.v.begin(), v.v.end(), full.v.begin() + begin);
        if (info_[id].is_float) std::copy(v.f.begin(), v.f.end(), full.f.begin() + begin);
        else std::copy(v.i.begin(), v.i.end(), full.i.begin() + begin);
      }
      if (options_.explain_customer && *options_.explain_customer >= begin && *options_.explain_customer < end) {
        std::lock_guard<std::mutex> lock(explain_mutex);
        size_t row = *options_.explain_customer - begin;
        for (NodeId id : work) {
          if (p_.nodes[id].level != ir::Level::kCustomer) continue;
          ResultColumn one;
          one.type = p_.nodes[id].type;
          const Buffer& v = b.values[id];
          one.valid = {v.v[row]};
          if (info_[id].is_float) one.floats = {v.f[row]}; else one.ints = {v.i[row]};
          if (info_[id].is_text) for (size_t k = 0; k < info_[id].domain->size(); ++k) one.text.emplace_back(info_[id].domain->At(static_cast<int64_t>(k)));
          result_.explain->values[id] = FormatResult(one, 0);
        }
      }
      if (!b.error.message.empty()) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (b.error.customer < error_.customer) error_ = b.error;
      }
    });
    if (!error_.message.empty()) break;
  }
  if (!error_.message.empty()) {
    result_.error = error_.message;
    return std::move(result_);
  }

  // Hand back whole columns: outputs and what the caller asked to keep. A persisted column is
  // moved, not copied: full_ is not read again.
  auto give = [&](NodeId id) {
    if (id < 0 || result_.nodes[id]) return;
    const NodeInfo& info = info_[id];
    ResultColumn column;
    column.type = p_.nodes[id].type;
    if (info.scalar) {
      column.valid.assign(count, info.scalar_valid);
      if (info.is_float) column.floats.assign(count, info.scalar_f); else column.ints.assign(count, info.scalar_i);
    } else {
      Buffer& full = full_[id];
      column.valid = std::move(full.v);
      if (info.is_float) column.floats = std::move(full.f); else column.ints = std::move(full.i);
    }
    if (info.is_text) for (size_t k = 0; k < info.domain->size(); ++k) column.text.emplace_back(info.domain->At(static_cast<int64_t>(k)));
    result_.nodes[id] = std::move(column);
  };
  for (const ir::Named& t : p_.tags) give(t.node);
  for (const ir::Named& s : p_.scores) give(s.node);
  for (NodeId k : options_.keep) give(k);
  if (options_.keep_population) {
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      if (p_.nodes[id].kind == NodeKind::kPopulation) give(id);
    }
  }
  if (result_.explain) {
    for (NodeId id = 0; id < static_cast<NodeId>(node_count); ++id) {
      if (p_.nodes[id].kind == NodeKind::kPopulation || info_[id].scalar) {
        give(id);
        result_.explain->values[id] = FormatResult(*result_.nodes[id], *options_.explain_customer);
      }
    }
  }
  return std::move(result_);
}

RunResult Run(const ir::Program& program, const rt::Dataset& data, const std::vector<sema::Value>& params,
              const RunOptions& options) {
  return Engine(program, data, params, options).Run();
}

std::string FormatResult(const ResultColumn& column, size_t row) {
  if (!column.valid[row]) return "";
  switch (column.type.kind) {
    case TypeKind::kBool: return column.ints[row] ? "true" : "false";
    case TypeKind::kInt: return std::to_string(column.ints[row]);
    case TypeKind::kFloat: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), column.floats[row]);
      return std::string(buffer, end);
    }
    case TypeKind::kMoney: return rt::FormatMoney(column.ints[row]);
    case TypeKind::kDate: return rt::FormatDate(static_cast<int32_t>(column.ints[row]));
    case TypeKind::kTimestamp: return rt::FormatTimestamp(column.ints[row]);
    case TypeKind::kDuration: return rt::FormatDuration(column.ints[row]);
    case TypeKind::kText: case TypeKind::kId: return column.text[static_cast<size_t>(column.ints[row])];
    default: return "";
  }
}

}  // namespace seg::interp
