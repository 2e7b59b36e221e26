// See watcher.h.
#include "compiler/driver/watch/watcher.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/driver/load_data.h"
#include "runtime/customer_key.h"

namespace seg::driver::watch {

namespace {

// Rows `rows` of `from`'s column `name`, or none of them when `from` lacks it.
rt::Column GatherColumn(const rt::Table& from, const std::string& name, const rt::Column& like,
                        const std::vector<uint32_t>& rows) {
  int index = from.FindColumnIndex(name);
  if (index < 0) {
    rt::Column missing = like.Gather({});
    missing.AppendNulls(rows.size());
    return missing;
  }
  return from.column(static_cast<size_t>(index)).Gather(rows);
}

std::vector<uint32_t> Range(uint32_t begin, uint32_t end) {
  std::vector<uint32_t> rows;
  rows.reserve(end - begin);
  for (uint32_t r = begin; r < end; ++r) rows.push_back(r);
  return rows;
}

}  // namespace

Watcher::Watcher(const ir::Program& program, rt::Dataset data, bool customers_derived, std::vector<lang::Value> params)
    : program_(program),
      base_(std::move(data)),
      customers_derived_(customers_derived),
      params_(std::move(params)),
      appended_(program.inputs.size()) {}

rt::Result<std::unique_ptr<Watcher>> Watcher::Start(const ir::Program& program, rt::Dataset data,
                                                    bool customers_derived, std::vector<lang::Value> params,
                                                    const ExecuteOptions& execute) {
  std::unique_ptr<Watcher> w(new Watcher(program, std::move(data), customers_derived, std::move(params)));
  exec::RunOptions options;
  options.keep_population = true;
  exec::RunResult run = Execute(program, w->base_, w->params_, options, execute, nullptr);
  if (!run.ok()) return run.status;
  const rt::Column& keys = w->base_.customers.column(static_cast<size_t>(w->base_.key_column));
  std::vector<std::string> key_texts;
  for (size_t r = 0; r < w->base_.num_customers(); ++r) {
    key_texts.push_back(rt::CustomerKeyText(keys, r));
    w->base_row_.emplace(key_texts.back(), r);
    w->order_.push_back(key_texts.back());
    w->memberships_.emplace(key_texts.back(), w->FromRun(run, r));
  }
  w->population_ = PopulationData::FromRun(program, std::move(key_texts), run);
  return w;
}

Membership Watcher::FromRun(const exec::RunResult& run, size_t row) const {
  Membership m;
  for (size_t c = 0; c < program_.classifications.size(); ++c) m.buckets.push_back(run.buckets[c][row]);
  for (const ir::Named& t : program_.tags) {
    const exec::ResultColumn& col = *run.nodes[t.node];
    m.tags.push_back(col.Holds(row) ? 1 : 0);
  }
  return m;
}

std::vector<Membership> Watcher::EvaluateTogether(const std::vector<std::string>& keys) const {
  // One run over all of them: each customer's record (its stored row and events, then its
  // appended events) side by side. Only population nodes
  // compare customers, and OneCustomerAgainst ranks each row against the pinned batch alone, so
  // every customer gets what a run of its own gives.
  std::vector<std::optional<rt::Table>> tables(program_.inputs.size());
  size_t entity = static_cast<size_t>(program_.entity_input);
  if (!customers_derived_) {
    std::vector<uint32_t> rows;
    for (const std::string& key : keys) rows.push_back(static_cast<uint32_t>(base_row_.at(key)));
    const rt::Table& from = base_.customers;
    rt::Table some(from.name());
    for (size_t c = 0; c < from.num_columns(); ++c) some.AddColumn(from.column_name(c), from.column(c).Gather(rows));
    tables[entity] = std::move(some);
  }
  for (size_t i = 0; i < program_.inputs.size(); ++i) {
    if (!program_.inputs[i].is_event) continue;
    const rt::EventData& events = base_.events[i];
    // Stored events first, then appended ones: per customer the order a run of its own gives
    // (the index orders by customer, time, tie columns, then this order).
    std::vector<uint32_t> stored, added;
    for (const std::string& key : keys) {
      if (auto base = base_row_.find(key); base != base_row_.end()) {
        for (uint32_t r = events.offsets[base->second]; r < events.offsets[base->second + 1]; ++r) stored.push_back(r);
      }
      auto more = appended_rows_.find(key);
      if (more != appended_rows_.end() && appended_[i])
        added.insert(added.end(), more->second[i].begin(), more->second[i].end());
    }
    rt::Table some(events.table.name());
    for (size_t c = 0; c < events.table.num_columns(); ++c) {
      rt::Column column = events.table.column(c).Gather(stored);
      if (!added.empty()) column.AppendColumn(GatherColumn(*appended_[i], events.table.column_name(c), column, added));
      some.AddColumn(events.table.column_name(c), std::move(column));
    }
    tables[i] = std::move(some);
  }
  LoadedData loaded = IndexTables(program_, std::move(tables), 1);
  if (!loaded.ok() || loaded.data.num_customers() != keys.size()) return {};
  const rt::Column& loaded_keys = loaded.data.customers.column(loaded.data.key_column);
  std::vector<std::string> row_keys;
  std::unordered_map<std::string, size_t> row_of;
  for (size_t r = 0; r < keys.size(); ++r) {
    row_keys.push_back(rt::CustomerKeyText(loaded_keys, r));
    row_of.emplace(row_keys.back(), r);
  }
  OneCustomerAgainst ranking(program_, population_.get(), row_keys);
  exec::RunOptions options;
  options.population = &ranking;
  ExecuteOptions reference;  // the interpreter, as the API's real-time path
  reference.engine = EngineChoice::kInterp;
  reference.warn = false;
  exec::RunResult run = Execute(program_, loaded.data, params_, options, reference, nullptr);
  if (!run.ok()) return {};
  std::vector<Membership> out;
  for (const std::string& key : keys) {
    auto row = row_of.find(key);
    if (row == row_of.end()) return {};
    Membership m = FromRun(run, row->second);
    MaskUnavailable(ranking.unavailable(row->second), &m);
    out.push_back(std::move(m));
  }
  return out;
}

void Watcher::MaskUnavailable(const std::vector<uint8_t>& unavailable, Membership* m) const {
  // An output that needs a population value this customer could not have is no membership.
  if (std::find(unavailable.begin(), unavailable.end(), 1) == unavailable.end()) return;
  std::vector<uint8_t> unknown = DependsOn(program_, unavailable);
  for (size_t c = 0; c < program_.classifications.size(); ++c) {
    if (unknown[program_.classifications[c].node]) m->buckets[c] = -1;
  }
  for (size_t t = 0; t < program_.tags.size(); ++t) {
    if (unknown[program_.tags[t].node]) m->tags[t] = 0;
  }
}

rt::Result<std::vector<Change>> Watcher::Apply(std::vector<std::optional<rt::Table>> batch) {
  std::vector<std::string> touched;
  std::unordered_map<std::string, bool> seen;
  for (size_t i = 0; i < batch.size() && i < program_.inputs.size(); ++i) {
    if (!batch[i] || !program_.inputs[i].is_event) continue;
    rt::Table& rows = *batch[i];
    const rt::Column& keys = rows.column(static_cast<size_t>(program_.inputs[i].key_column));
    size_t offset = appended_[i] ? appended_[i]->num_rows() : 0;
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      std::string key = rt::CustomerKeyText(keys, r);
      if (key.empty()) continue;                                   // no customer: the batch leaves such rows out too
      if (!customers_derived_ && !base_row_.count(key)) continue;  // an unknown customer: left out
      auto& per_input = appended_rows_[key];
      per_input.resize(program_.inputs.size());
      per_input[i].push_back(static_cast<uint32_t>(offset + r));
      if (seen.emplace(key, true).second) touched.push_back(key);
    }
    if (!appended_[i]) {
      appended_[i] = std::move(rows);
    } else {
      for (size_t c = 0; c < appended_[i]->num_columns(); ++c) {
        appended_[i]->mutable_column(c).AppendColumn(
            GatherColumn(rows, appended_[i]->column_name(c), appended_[i]->column(c), Range(0, rows.num_rows())));
      }
    }
  }
  // The batch's customers in one run; should that run not give each of them (a record the
  // index or the run refuses), each is run alone, and one that fails alone too is in nothing.
  std::vector<Membership> evaluated = EvaluateTogether(touched);
  if (evaluated.size() != touched.size()) {
    evaluated.clear();
    for (const std::string& key : touched) {
      std::vector<Membership> alone = EvaluateTogether({key});
      evaluated.push_back(alone.size() == 1 ? std::move(alone[0])
                                            : Membership{std::vector<int32_t>(program_.classifications.size(), -1),
                                                         std::vector<uint8_t>(program_.tags.size(), 0)});
    }
  }
  std::vector<Change> changes;
  for (size_t k = 0; k < touched.size(); ++k) {
    const std::string& key = touched[k];
    Membership& now = evaluated[k];
    auto it = memberships_.find(key);
    if (it == memberships_.end()) {
      order_.push_back(key);
      it = memberships_
               .emplace(key, Membership{std::vector<int32_t>(program_.classifications.size(), -1),
                                        std::vector<uint8_t>(program_.tags.size(), 0)})
               .first;
    }
    Membership& before = it->second;
    for (size_t c = 0; c < program_.classifications.size(); ++c) {
      if (before.buckets[c] == now.buckets[c]) continue;
      const ir::Classification& cl = program_.classifications[c];
      if (before.buckets[c] >= 0) changes.push_back({key, false, false, cl.name, cl.buckets[before.buckets[c]]});
      if (now.buckets[c] >= 0) changes.push_back({key, true, false, cl.name, cl.buckets[now.buckets[c]]});
    }
    for (size_t t = 0; t < program_.tags.size(); ++t) {
      if (before.tags[t] != now.tags[t]) changes.push_back({key, now.tags[t] != 0, true, program_.tags[t].name, ""});
    }
    before = std::move(now);
  }
  return changes;
}

std::string Watcher::MembershipsJsonl() const {
  std::string out;
  for (const std::string& key : order_) {
    const Membership& m = memberships_.at(key);
    nlohmann::json buckets = nlohmann::json::object(), tags = nlohmann::json::array();
    for (size_t c = 0; c < program_.classifications.size(); ++c) {
      const ir::Classification& cl = program_.classifications[c];
      buckets[cl.name] = m.buckets[c] >= 0 ? nlohmann::json(cl.buckets[m.buckets[c]]) : nlohmann::json(nullptr);
    }
    for (size_t t = 0; t < program_.tags.size(); ++t) {
      if (m.tags[t]) tags.push_back(program_.tags[t].name);
    }
    out += nlohmann::json{{"key", key}, {"buckets", buckets}, {"tags", tags}}.dump() + "\n";
  }
  return out;
}

}  // namespace seg::driver::watch
