#include "compiler/driver/population_snapshot.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>

namespace seg::driver {

namespace {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using nlohmann::json;

bool IsPopulation(const ir::Program& program, NodeId id) {
  return id >= 0 && static_cast<size_t>(id) < program.nodes.size() && program.nodes[id].kind == NodeKind::kPopulation;
}

bool IsFloatNode(const Node& n) { return n.type.Is(lang::TypeKind::kFloat); }

constexpr size_t kNoRow = static_cast<size_t>(-1);

// How the program ranks a node, so that a snapshot from a different program is refused.
std::string SpecText(const lang::PopulationSpec& spec) {
  std::string text = spec.func == lang::PopFunc::kPercentRank ? "percent_rank"
                     : spec.func == lang::PopFunc::kCumulativeShare
                         ? "cumulative_share"
                         : std::string(lang::BinMethodName(spec.method)) + "(" + std::to_string(spec.bins) + ")";
  return spec.descending ? text + " descending" : text;
}

// The let or score that holds a node, for people reading the JSON.
std::string NameOf(const ir::Program& program, NodeId id) {
  for (const ir::Named& let : program.lets) {
    if (let.node == id) return let.name;
  }
  for (const ir::Named& score : program.scores) {
    if (score.node == id) return score.name;
  }
  return "";
}

// JSON has no infinities: they travel as strings, and read back exactly.
json NumberJson(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;
}
bool ReadNumber(const json& j, double* out) {
  if (j.is_number()) {
    *out = j.get<double>();
    return true;
  }
  if (j == "inf" || j == "-inf") {
    *out = j == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    return true;
  }
  return false;
}

RankedNode Describe(const ir::Program& program, NodeId id) {
  RankedNode node;
  node.function = SpecText(program.nodes[id].population);
  node.name = NameOf(program, id);
  node.is_float = IsFloatNode(program.nodes[id]);
  return node;
}

bool IntKeys(const ir::Program& program) {
  const ir::InputSchema& entity = program.inputs[program.entity_input];
  return entity.columns[entity.key_column].type.Is(lang::TypeKind::kInt);
}

int64_t KeyNumber(const std::string& key) {
  int64_t v = 0;
  std::from_chars(key.data(), key.data() + key.size(), v);
  return v;
}

// Fills what every population needs besides its nodes: the key index and the key order.
void IndexKeys(const ir::Program& program, PopulationData* data) {
  data->int_keys = IntKeys(program);
  data->row_of.clear();
  data->row_of.reserve(data->keys.size());
  for (size_t r = 0; r < data->keys.size(); ++r) data->row_of.emplace(data->keys[r], r);
  data->rows_by_key.resize(data->keys.size());
  for (size_t r = 0; r < data->keys.size(); ++r) data->rows_by_key[r] = r;
  std::stable_sort(data->rows_by_key.begin(), data->rows_by_key.end(),
                   [&](size_t a, size_t b) { return data->KeyLess(data->keys[a], data->keys[b]); });
}

// Sorts each node's valid values (equal ones in key order) for Compute's searches.
void SortNodes(PopulationData* data) {
  std::vector<size_t> key_rank(data->keys.size());
  for (size_t k = 0; k < data->rows_by_key.size(); ++k) key_rank[data->rows_by_key[k]] = k;
  for (std::optional<RankedNode>& node : data->nodes) {
    if (!node) continue;
    node->sorted_rows.clear();
    for (size_t r = 0; r < node->values.size(); ++r) {
      if (node->valid[r] && !std::isnan(node->values[r])) node->sorted_rows.push_back(r);
    }
    std::sort(node->sorted_rows.begin(), node->sorted_rows.end(), [&](size_t a, size_t b) {
      if (node->values[a] != node->values[b]) return node->values[a] < node->values[b];
      return key_rank[a] < key_rank[b];
    });
    node->sorted.clear();
    node->position_of.assign(node->values.size(), kNoRow);
    for (size_t j = 0; j < node->sorted_rows.size(); ++j) {
      node->sorted.push_back(node->values[node->sorted_rows[j]]);
      node->position_of[node->sorted_rows[j]] = j;
    }
  }
}

// How the program calls a model-fit node, so that a snapshot from a different program is refused.
std::string ModelText(const lang::PopulationSpec& spec) {
  char settings[96];
  std::snprintf(settings, sizeof settings, "(period %g days, horizon %g days, step %g days)", spec.period_days,
                spec.horizon_days, spec.step_days);
  return lang::ModelFitName(spec.func) + std::string(settings);
}

// The batch's fitted parameters of each model-fit node, from the run's fit records.
std::vector<std::optional<FittedNode>> ModelsFromRun(const ir::Program& program, const exec::RunResult& run) {
  std::vector<std::optional<FittedNode>> models(program.nodes.size());
  for (const exec::ModelFitRecord& fit : run.model_fits) {
    auto value = [&](size_t i) { return fit.parameters[i].second; };
    for (int32_t id : fit.nodes) {
      if (!IsPopulation(program, id)) continue;
      if (!models[id]) models[id] = FittedNode{ModelText(program.nodes[id].population), {}};
      exec::FittedModels& m = models[id]->params;
      if (fit.model == "BG/NBD") m.bg_nbd = rt::BgNbdParams{value(0), value(1), value(2), value(3)};
      else m.gamma_gamma = rt::GammaGammaParams{value(0), value(1), value(2)};
    }
  }
  return models;
}

}  // namespace

bool PopulationData::KeyLess(const std::string& a, const std::string& b) const {
  return int_keys ? KeyNumber(a) < KeyNumber(b) : a < b;
}

std::shared_ptr<const PopulationData> PopulationData::FromRun(const ir::Program& program, std::vector<std::string> keys,
                                                              const exec::RunResult& run) {
  auto out = std::make_shared<PopulationData>();
  out->keys = std::move(keys);
  IndexKeys(program, out.get());
  out->nodes.resize(program.nodes.size());
  for (NodeId id = 0; id < static_cast<NodeId>(program.nodes.size()); ++id) {
    if (!IsPopulation(program, id) || static_cast<size_t>(id) >= run.ranked.size() || !run.ranked[id] ||
        !run.nodes[id]) {
      continue;
    }
    const exec::RankedColumn& ranked = *run.ranked[id];
    const exec::ResultColumn& output = *run.nodes[id];
    RankedNode node = Describe(program, id);
    node.values.assign(ranked.values.begin(), ranked.values.end());
    node.valid.assign(ranked.valid.begin(), ranked.valid.end());
    node.out_valid.assign(output.valid.begin(), output.valid.end());
    size_t n = node.values.size();
    node.ints.assign(n, 0);
    node.floats.assign(n, 0);
    for (size_t r = 0; r < n && r < output.valid.size(); ++r) {
      if (node.is_float) node.floats[r] = output.floats[r];
      else node.ints[r] = output.ints[r];
    }
    if (static_cast<size_t>(id) < run.cuts.size()) node.cuts = run.cuts[id];
    out->nodes[id] = std::move(node);
  }
  out->models = ModelsFromRun(program, run);
  SortNodes(out.get());
  return out;
}

std::string PopulationData::ToJson() const {
  json cuts = json::array(), populations = json::array();
  for (NodeId id = 0; id < static_cast<NodeId>(nodes.size()); ++id) {
    if (!nodes[id]) continue;
    const RankedNode& node = *nodes[id];
    const std::string& name = node.name;
    if (!node.is_float) {
      json entry = {{"node", id}, {"bins", node.cuts.bins}, {"edges", node.cuts.edges}};
      if (!name.empty()) entry["name"] = name;
      cuts.push_back(std::move(entry));
    }
    json values = json::array(), outputs = json::array();
    for (size_t r = 0; r < node.values.size(); ++r) {
      values.push_back(node.valid[r] ? NumberJson(node.values[r]) : json(nullptr));
      if (!node.out_valid[r]) outputs.push_back(nullptr);
      else if (node.is_float) outputs.push_back(NumberJson(node.floats[r]));
      else outputs.push_back(node.ints[r]);
    }
    json entry = {{"node", id},
                  {"function", node.function},
                  {"values", std::move(values)},
                  {"outputs", std::move(outputs)}};
    if (!name.empty()) entry["name"] = name;
    populations.push_back(std::move(entry));
  }
  // Model fits: the parameters, which JSON numbers carry exactly (shortest round trip).
  json fitted = json::array();
  for (NodeId id = 0; id < static_cast<NodeId>(models.size()); ++id) {
    if (!models[id]) continue;
    json entry = {{"node", id}, {"function", models[id]->function}};
    if (const std::optional<rt::BgNbdParams>& p = models[id]->params.bg_nbd) {
      entry["bg_nbd"] = {{"r", p->r}, {"alpha", p->alpha}, {"a", p->a}, {"b", p->b}};
    }
    if (const std::optional<rt::GammaGammaParams>& g = models[id]->params.gamma_gamma) {
      entry["gamma_gamma"] = {{"p", g->p}, {"q", g->q}, {"gamma", g->gamma}};
    }
    fitted.push_back(std::move(entry));
  }
  return json{{"version", 2},
              {"keys", keys},
              {"cuts", std::move(cuts)},
              {"populations", std::move(populations)},
              {"models", std::move(fitted)}}
      .dump();
}

rt::Result<std::shared_ptr<const PopulationData>> PopulationData::FromJson(const ir::Program& program,
                                                                           std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("version")) {
    return rt::Status::Error("population cuts: expected the JSON object that Result::PopulationCutsJson() writes");
  }
  if (doc["version"] != 2 || !doc.contains("keys") || !doc["keys"].is_array() || !doc.contains("populations") ||
      !doc["populations"].is_array()) {
    return rt::Status::Error(
        "population cuts: version " + doc["version"].dump() +
        " is not this library's (2); cut points alone "
        "cannot rank ties or percent_rank exactly, so pass the PopulationCutsJson() of a batch run of this version");
  }
  auto out = std::make_shared<PopulationData>();
  for (const json& key : doc["keys"]) {
    if (!key.is_string()) {
      return rt::Status::Error("population cuts: \"keys\" must be strings");
    }
    out->keys.push_back(key.get<std::string>());
  }
  IndexKeys(program, out.get());
  size_t n = out->keys.size();
  out->nodes.resize(program.nodes.size());
  for (const json& entry : doc["populations"]) {
    if (!entry.is_object() || !entry.contains("node") || !entry["node"].is_number_integer() ||
        !entry.contains("values") || !entry["values"].is_array() || !entry.contains("outputs") ||
        !entry["outputs"].is_array()) {
      return rt::Status::Error(
          "population cuts: each population needs an integer \"node\" and \"values\" and \"outputs\" arrays");
    }
    int64_t id = entry["node"].get<int64_t>();
    if (!IsPopulation(program, static_cast<NodeId>(id)) ||
        entry.value("function", "") != SpecText(program.nodes[id].population)) {
      return rt::Status::Error("population cuts: node " + std::to_string(id) + " is not " +
                               entry.value("function", "?") +
                               " in this program (a population from a different program?)");
    }
    const json& values = entry["values"];
    const json& outputs = entry["outputs"];
    if (values.size() != n || outputs.size() != n) {
      return rt::Status::Error("population cuts: node " + std::to_string(id) + " has " + std::to_string(values.size()) +
                               " values and " + std::to_string(outputs.size()) + " outputs for " + std::to_string(n) +
                               " keys");
    }
    RankedNode node = Describe(program, static_cast<NodeId>(id));
    node.values.assign(n, 0);
    node.valid.assign(n, 0);
    node.ints.assign(n, 0);
    node.floats.assign(n, 0);
    node.out_valid.assign(n, 0);
    bool is_float = node.is_float;
    for (size_t r = 0; r < n; ++r) {
      bool ok = values[r].is_null() || ReadNumber(values[r], &node.values[r]);
      node.valid[r] = !values[r].is_null();
      if (outputs[r].is_null()) {
        // missing
      } else if (is_float) {
        ok = ok && ReadNumber(outputs[r], &node.floats[r]);
        node.out_valid[r] = 1;
      } else {
        ok = ok && outputs[r].is_number_integer();
        if (ok) node.ints[r] = outputs[r].get<int64_t>();
        node.out_valid[r] = 1;
      }
      if (!ok) {
        return rt::Status::Error("population cuts: node " + std::to_string(id) + ", customer " + out->keys[r] +
                                 ": values and outputs must be numbers or null");
      }
    }
    out->nodes[id] = std::move(node);
  }
  for (const json& entry : doc.value("cuts", json::array())) {
    if (!entry.is_object() || !entry.contains("node") || !entry["node"].is_number_integer()) continue;
    int64_t id = entry["node"].get<int64_t>();
    if (id < 0 || static_cast<size_t>(id) >= out->nodes.size() || !out->nodes[id]) continue;
    rt::BinCuts& cuts = out->nodes[id]->cuts;
    cuts.bins = entry.value("bins", 0);
    for (const json& e : entry.value("edges", json::array())) {
      if (e.is_number()) cuts.edges.push_back(e.get<double>());
    }
  }
  out->models.resize(program.nodes.size());
  for (const json& entry : doc.value("models", json::array())) {
    int64_t id = entry.is_object() && entry.contains("node") && entry["node"].is_number_integer()
                     ? entry["node"].get<int64_t>()
                     : -1;
    if (!IsPopulation(program, static_cast<NodeId>(id)) || !lang::IsModelFit(program.nodes[id].population.func) ||
        entry.value("function", "") != ModelText(program.nodes[id].population)) {
      return rt::Status::Error("population cuts: model " + (entry.is_object() ? entry.value("function", "?") : "?") +
                               " (node " + std::to_string(id) +
                               ") is not in this program (a population from a different program?)");
    }
    FittedNode node{ModelText(program.nodes[id].population), {}};
    // Each parameter a positive finite number, as a fit that converged gives.
    std::string bad;
    auto read = [&](const char* model, std::initializer_list<std::pair<const char*, double*>> parameters) {
      if (!entry.contains(model)) return true;
      for (const auto& [name, slot] : parameters) {
        const json& v = entry[model].is_object() && entry[model].contains(name) ? entry[model][name] : json();
        if (!v.is_number() || !std::isfinite(v.get<double>()) || !(v.get<double>() > 0)) {
          bad = "population cuts: model node " + std::to_string(id) + ": " + model + "." + name +
                " must be a positive number";
          return false;
        }
        *slot = v.get<double>();
      }
      return true;
    };
    rt::BgNbdParams bg;
    rt::GammaGammaParams gg;
    if (!read("bg_nbd", {{"r", &bg.r}, {"alpha", &bg.alpha}, {"a", &bg.a}, {"b", &bg.b}}) ||
        !read("gamma_gamma", {{"p", &gg.p}, {"q", &gg.q}, {"gamma", &gg.gamma}})) {
      return rt::Status::Error(bad);
    }
    if (entry.contains("bg_nbd")) node.params.bg_nbd = bg;
    if (entry.contains("gamma_gamma")) node.params.gamma_gamma = gg;
    out->models[id] = std::move(node);
  }
  SortNodes(out.get());
  return out;
}

OneCustomerAgainst::OneCustomerAgainst(const ir::Program& program, const PopulationData* population, std::string key)
    : OneCustomerAgainst(program, population, std::vector<std::string>{std::move(key)}) {}

OneCustomerAgainst::OneCustomerAgainst(const ir::Program& program, const PopulationData* population,
                                       std::vector<std::string> keys)
    : program_(program),
      population_(population),
      keys_(std::move(keys)),
      unavailable_(keys_.size(), std::vector<uint8_t>(program.nodes.size(), 0)),
      fit_unavailable_(program.nodes.size(), 0) {}

const std::vector<uint8_t>& OneCustomerAgainst::unavailable(size_t row) const {
  // A model fit the batch lacks is unavailable to every row.
  for (size_t id = 0; id < fit_unavailable_.size(); ++id) unavailable_[row][id] |= fit_unavailable_[id];
  return unavailable_[row];
}

void OneCustomerAgainst::Compute(ir::NodeId id, const double* values, const uint8_t* valid, size_t n,
                                 const exec::PopulationOut& out) const {
  const Node& spec = program_.nodes[id];
  bool is_float = IsFloatNode(spec);
  for (size_t c = 0; c < n; ++c) {
    out.valid[c] = 0;
    if (is_float) out.floats[c] = 0;
    else out.ints[c] = 0;
  }
  // Model fits never come here (Fitted below), and a run has the rows it was made for only.
  if (n != keys_.size() || lang::IsModelFit(spec.population.func)) {
    for (std::vector<uint8_t>& row : unavailable_) row[id] = 1;
    return;
  }
  // Each row on its own, as if it were the only customer of its run: nobody in the run is
  // ranked against another, only against the batch.
  for (size_t c = 0; c < n; ++c) {
    exec::PopulationOut one{is_float ? nullptr : out.ints + c, is_float ? out.floats + c : nullptr, out.valid + c};
    ComputeRow(spec, id, c, values[c], valid[c], one);
  }
}

void OneCustomerAgainst::ComputeRow(const ir::Node& spec, ir::NodeId id, size_t c, double value, uint8_t present,
                                    const exec::PopulationOut& out) const {
  bool is_float = IsFloatNode(spec);
  const std::string& key = keys_[c];
  // A missing value takes no part in any ranking: missing, whatever the population.
  if (!present || std::isnan(value)) return;
  const RankedNode* node = population_ != nullptr && population_->nodes[id] ? &*population_->nodes[id] : nullptr;
  if (node == nullptr) {
    unavailable_[c][id] = 1;
    return;
  }
  auto found = population_->row_of.find(key);
  if (found != population_->row_of.end() && node->valid[found->second] && node->values[found->second] == value) {
    // The value the batch ranked: the batch's answer, with its tie-breaking, exactly.
    size_t r = found->second;
    out.valid[0] = node->out_valid[r];
    if (is_float) out.floats[0] = node->floats[r];
    else out.ints[0] = node->ints[r];
    return;
  }
  double x = value;
  bool in_batch = found != population_->row_of.end();
  size_t row = in_batch ? found->second : kNoRow;
  if (spec.population.func == lang::PopFunc::kCumulativeShare) {
    // A share adds up the others' values: the kernel, over the batch's values with this one
    // replaced (O(n log n)), so that its floating-point sums are the ones a batch would make.
    Rerun(spec, *node, key, row, x, out);
    return;
  }
  // A rank: where x stands among the batch's other customers' values, and those values through
  // the sorted array with this customer's batch value taken out. Ties with x are broken by the
  // customer key, as the batch breaks them (docs/LANGUAGE.md).
  const std::vector<double>& sorted = node->sorted;
  size_t old = in_batch ? node->position_of[row] : kNoRow;  // this customer's place in `sorted`
  size_t first = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
  size_t last = static_cast<size_t>(std::upper_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
  size_t below = first - (old != kNoRow && old < first ? 1 : 0);
  size_t tied = last - first - (old != kNoRow && old >= first && old < last ? 1 : 0);
  size_t tied_before = 0;
  for (size_t j = first; j < last; ++j) {
    size_t other = node->sorted_rows[j];
    tied_before += other != row && population_->KeyLess(population_->keys[other], key);
  }
  size_t m = sorted.size() - (old != kNoRow ? 1 : 0) + 1;
  size_t position = below + tied_before;
  if (spec.population.func == lang::PopFunc::kPercentRank) {
    out.floats[0] = rt::PercentRankOfOne(below, tied + 1, m, spec.population.descending);
    out.valid[0] = 1;
    return;
  }
  auto value_at = [&](size_t j) {
    if (j == position) return x;
    size_t others = j < position ? j : j - 1;                             // among the others
    return sorted[old != kNoRow && others >= old ? others + 1 : others];  // skipping this customer
  };
  int32_t bin = 0;
  if (rt::QuantileBinOfOne(value_at, m, position, x, spec.population.bins, exec::RankingMethod(spec.population.method),
                           spec.population.descending, &bin)) {
    out.ints[0] = bin;
    out.valid[0] = 1;
  }
}

bool OneCustomerAgainst::Fitted(ir::NodeId id, exec::FittedModels* out) const {
  const lang::PopFunc func = program_.nodes[id].population.func;
  const std::optional<FittedNode>* node = population_ != nullptr && static_cast<size_t>(id) < population_->models.size()
                                              ? &population_->models[id]
                                              : nullptr;
  // The models the function predicts with must all be there (a snapshot written before fits
  // were kept has none): otherwise the node is unavailable, as a rank without its population.
  bool ok = node != nullptr && node->has_value();
  if (ok && func != lang::PopFunc::kExpectedSpend) ok = (*node)->params.bg_nbd.has_value();
  if (ok && (func == lang::PopFunc::kExpectedSpend || func == lang::PopFunc::kFittedClv)) {
    ok = (*node)->params.gamma_gamma.has_value();
  }
  if (!ok) {
    fit_unavailable_[id] = 1;
    return false;
  }
  *out = (*node)->params;
  return true;
}

void OneCustomerAgainst::Rerun(const ir::Node& spec, const RankedNode& node, const std::string& key, size_t row,
                               double x, const exec::PopulationOut& out) const {
  // The rows go to the kernel in key order, so ties are broken by the customer key.
  const std::vector<size_t>& order = population_->rows_by_key;
  size_t m = order.size() + (row == kNoRow ? 1 : 0);
  std::vector<double> ranked;
  std::vector<uint8_t> present;
  ranked.reserve(m);
  present.reserve(m);
  size_t position = m;  // where this customer goes in key order
  for (size_t each : order) {
    if (position == m && row == kNoRow && population_->KeyLess(key, population_->keys[each])) {
      position = ranked.size();
      ranked.push_back(x);
      present.push_back(1);
    }
    if (each == row) {
      position = ranked.size();
      ranked.push_back(x);
      present.push_back(1);
      continue;
    }
    ranked.push_back(node.values[each]);
    present.push_back(node.valid[each]);
  }
  if (position == m) {  // a new customer whose key sorts last
    position = ranked.size();
    ranked.push_back(x);
    present.push_back(1);
  }
  std::vector<int64_t> ints(m);
  std::vector<double> floats(m);
  std::vector<uint8_t> ok(m);
  exec::ComputePopulation(spec.population, ranked.data(), present.data(), m, {ints.data(), floats.data(), ok.data()},
                          nullptr);
  out.valid[0] = ok[position];
  out.floats[0] = floats[position];
}

std::vector<uint8_t> DependsOn(const ir::Program& program, std::vector<uint8_t> marked) {
  marked.resize(program.nodes.size(), 0);
  auto any = [&](std::initializer_list<NodeId> ids) {
    for (NodeId a : ids) {
      if (a >= 0 && marked[a]) return true;
    }
    return false;
  };
  // Arguments come before their users in the IR, but a fixed point costs little and assumes nothing.
  for (bool changed = true; changed;) {
    changed = false;
    for (NodeId id = 0; id < static_cast<NodeId>(program.nodes.size()); ++id) {
      if (marked[id]) continue;
      const Node& n = program.nodes[id];
      bool hit = any({n.aggregate.value, n.aggregate.filter});
      for (NodeId a : n.args) hit = hit || any({a});
      if (n.kind == NodeKind::kClassify && n.symbol >= 0) {
        for (const ir::Rule& r : program.classifications[n.symbol].rules) hit = hit || any({r.condition});
      }
      if (hit) {
        marked[id] = 1;
        changed = true;
      }
    }
  }
  return marked;
}

}  // namespace seg::driver
