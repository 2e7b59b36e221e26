// Real-time membership: one customer's record in, that customer's buckets, tags, scores and
// lets out, and what changed since the result the host had before. The customer is run as a
// population of one through the reference interpreter, with each population function ranking
// the customer against a batch's population (population_snapshot.h).
#include <algorithm>
#include <cstdlib>

#include "compiler/api/json_rows.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "runtime/customer_key.h"

namespace seg::v1 {

namespace {

using nlohmann::json;

json ScoreJson(const ScoreValue& s) {
  if (!s.valid) return nullptr;
  switch (s.type) {
    case ValueType::kBool: return s.int_value != 0;
    case ValueType::kInt: return s.int_value;
    case ValueType::kFloat: return s.float_value;
    case ValueType::kMoney: return std::strtod(s.text.c_str(), nullptr);
    default: return s.text;
  }
}

json ResultJson(const CustomerResult& r) {
  json buckets = json::object(), tags = json::object(), scores = json::object(), lets = json::object(),
       status = json::object();
  std::vector<std::string> unavailable;
  for (const auto& [name, s] : r.status) {
    status[name] = s == OutputStatus::kOk ? "ok" : "no_population";
    if (s != OutputStatus::kOk) unavailable.push_back(name);
  }
  auto known = [&](const std::string& name) {
    return std::find(unavailable.begin(), unavailable.end(), name) == unavailable.end();
  };
  for (const auto& [name, label] : r.buckets) buckets[name] = label ? json(*label) : json(nullptr);
  for (const auto& [name, on] : r.tags) tags[name] = known(name) ? json(on) : json(nullptr);
  for (const ScoreValue& s : r.scores) scores[s.name] = ScoreJson(s);
  for (const ScoreValue& s : r.lets) lets[s.name] = ScoreJson(s);
  json out = {{"key", r.key}, {"buckets", buckets}, {"tags", tags}, {"scores", scores}};
  if (!r.lets.empty()) out["lets"] = lets;
  out["status"] = status;
  return out;
}

// Compares each output with the previous result's (`previous` is ResultJson's shape).
std::vector<Change> Diff(const json& now, const json& previous) {
  std::vector<Change> changes;
  for (const auto& [section, kind] : {std::pair{"buckets", "bucket"}, {"tags", "tag"}, {"scores", "score"}}) {
    const json& current = now[section];
    for (auto it = current.begin(); it != current.end(); ++it) {
      json before = nullptr;
      if (previous.is_object() && previous.contains(section) && previous[section].is_object() &&
          previous[section].contains(it.key())) {
        before = previous[section][it.key()];
      }
      if (before != it.value()) changes.push_back({kind, it.key(), before.dump(), it.value().dump()});
    }
  }
  return changes;
}

}  // namespace

Status Program::EvaluateCustomer(std::string_view record_json, const CustomerOptions& options,
                                 CustomerResult* out) const {
  if (out == nullptr) return {StatusCode::kInvalidArgument, "EvaluateCustomer: null result"};
  const ir::Program& ir = *impl_->ir;
  json record = json::parse(record_json, nullptr, false);
  if (record.is_discarded() || !record.is_object() || !record.contains("customer") || !record["customer"].is_object()) {
    return {StatusCode::kInvalidArgument,
            "the customer record must be a JSON object {\"customer\": {...}, \"events\": {\"orders\": [...]}}"};
  }
  json previous;
  if (!options.previous_json.empty()) {
    previous = json::parse(options.previous_json, nullptr, false);
    if (previous.is_discarded() || !previous.is_object()) {
      return {StatusCode::kInvalidArgument, "the previous result is not a JSON object"};
    }
  }
  std::shared_ptr<const PopulationSnapshot> population = options.population;
  if (!population && !options.population_cuts_json.empty()) {
    if (Status s = PopulationSnapshot::FromJson(*this, options.population_cuts_json, &population); !s.ok()) return s;
  }
  if (population && population->impl().program != impl_.get()) {
    return {StatusCode::kInvalidArgument, "the population was made by a different program"};
  }
  std::vector<std::pair<std::string, ir::NodeId>> lets;
  for (const std::string& name : options.lets) {
    ir::NodeId node = api::LetOrScoreNode(ir, name);
    if (node < 0)
      return {StatusCode::kInvalidArgument, "EvaluateCustomer: the program has no let or score named '" + name + "'"};
    lets.emplace_back(name, node);
  }
  std::vector<lang::Value> params;
  if (Status s = api::BindParamValues(ir, options.params, options.as_of, &params); !s.ok()) return s;
  const rt::TimeZone* zone = &ir.zone;

  const ir::InputSchema& entity = ir.inputs[ir.entity_input];
  const std::string& key_name = entity.columns[entity.key_column].name;
  const json& customer = record["customer"];
  std::string key;
  if (!customer.contains(key_name) || !api::JsonCellText(customer[key_name], &key) || key.empty()) {
    return {StatusCode::kInvalidArgument, "customer." + key_name + ": the customer's key is missing"};
  }
  std::vector<std::optional<rt::Table>> tables(ir.inputs.size());
  tables[ir.entity_input] = api::EmptyTable(entity);
  if (Status s = api::AppendJsonRow(entity, customer, *zone, nullptr, "customer", &*tables[ir.entity_input]); !s.ok()) {
    return s;
  }
  json events = record.contains("events") ? record["events"] : json::object();
  if (!events.is_object()) return {StatusCode::kInvalidArgument, "events: expected an object of event lists"};
  for (auto it = events.begin(); it != events.end(); ++it) {
    int32_t index = -1;
    for (size_t i = 0; i < ir.inputs.size(); ++i) {
      if (ir.inputs[i].is_event && ir.inputs[i].name == it.key()) index = static_cast<int32_t>(i);
    }
    if (index < 0) {
      std::string names;
      for (const ir::InputSchema& in : ir.inputs) names += in.is_event ? " " + in.name : "";
      return {StatusCode::kInvalidArgument, "events." + it.key() + ": the program has no input of events named '" +
                                                it.key() + "'; they are:" + names};
    }
    if (!it.value().is_array()) return {StatusCode::kInvalidArgument, "events." + it.key() + ": expected a list"};
    rt::Table table = api::EmptyTable(ir.inputs[index]);
    size_t row = 0;
    for (const json& event : it.value()) {
      std::string where = "events." + it.key() + "[" + std::to_string(row++) + "]";
      if (Status s = api::AppendJsonRow(ir.inputs[index], event, *zone, &key, where, &table); !s.ok()) return s;
    }
    tables[index] = std::move(table);
  }
  driver::LoadedData loaded = driver::IndexTables(ir, std::move(tables), 1);
  if (!loaded.ok()) return {StatusCode::kBindError, loaded.status.message()};
  // The key as the batch writes it (an int key's digits as the loader read them), to find the
  // customer in the batch's population.
  const rt::Column& loaded_key = loaded.data.customers.column(loaded.data.key_column);
  key = rt::CustomerKeyText(loaded_key, 0);  // int keys: "0042" is 42
  driver::OneCustomerAgainst ranking(ir, population ? population->impl().data.get() : nullptr, key);
  exec::RunOptions run_options;
  run_options.population = &ranking;
  for (const auto& [name, node] : lets) run_options.keep.push_back(node);
  driver::ExecuteOptions reference;  // one customer: the interpreter, which the real-time path is defined by
  reference.engine = driver::EngineChoice::kInterp;
  exec::RunResult run = driver::Execute(ir, loaded.data, params, run_options, reference, nullptr);
  if (!run.ok()) return {StatusCode::kRunError, run.status.message()};

  // An output that needs a population value this call could not have is missing, and says so.
  std::vector<uint8_t> unknown = driver::DependsOn(ir, ranking.unavailable());
  CustomerResult result;
  result.key = key;
  auto status = [&](const std::string& name, ir::NodeId node) {
    result.status.emplace_back(name, unknown[node] ? OutputStatus::kNoPopulation : OutputStatus::kOk);
    return !unknown[node];
  };
  for (size_t c = 0; c < ir.classifications.size(); ++c) {
    const ir::Classification& classification = ir.classifications[c];
    int32_t b = status(classification.name, classification.node) ? run.buckets[c][0] : -1;
    result.buckets.emplace_back(classification.name,
                                b < 0 ? std::nullopt : std::optional<std::string>(classification.buckets[b]));
  }
  for (const ir::Named& t : ir.tags) {
    const exec::ResultColumn& col = *run.nodes[t.node];
    result.tags.emplace_back(t.name, status(t.name, t.node) && col.Holds(0));
  }
  auto value = [&](const std::string& name, ir::NodeId node, OutputKind kind) {
    OutputColumn col = api::ConvertColumn(*run.nodes[node], name, kind);
    bool known = status(name, node);
    return ScoreValue{name, col.type, known && col.IsValid(0), col.Int(0), col.Float(0), known ? col.Format(0) : ""};
  };
  for (const ir::Named& s : ir.scores) result.scores.push_back(value(s.name, s.node, OutputKind::kScore));
  for (const auto& [name, node] : lets) result.lets.push_back(value(name, node, OutputKind::kLet));
  json now = ResultJson(result);
  if (!options.previous_json.empty()) {
    result.changes = Diff(now, previous);
    json list = json::array();
    for (const Change& c : result.changes) {
      list.push_back(
          {{"kind", c.kind}, {"name", c.name}, {"before", json::parse(c.before)}, {"after", json::parse(c.after)}});
    }
    now["changes"] = std::move(list);
  }
  result.json = now.dump();
  *out = std::move(result);
  return {};
}

}  // namespace seg::v1
