#include "compiler/api/fixed_cuts.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "runtime/civil_time.h"

namespace seg::api {

namespace {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using sema::TypeKind;

// The units the interpreter ranks in (money in currency units, times in days): a cut point is
// a double in those units, and the interpreter compares double(value) / unit against it.
double UnitOf(const sema::Type& type) {
  if (type.Is(TypeKind::kMoney)) return 10000.0;
  if (type.Is(TypeKind::kDuration) || type.Is(TypeKind::kTimestamp)) return static_cast<double>(rt::kMicrosPerDay);
  return 1.0;
}

// The smallest integer value v with double(v) / unit >= cut (strict: > cut), or nullopt when
// no int64 value reaches it. Searched from ceil(cut * unit) so the rounding of the division is
// the interpreter's own.
std::optional<int64_t> IntThreshold(double cut, double unit, bool strict) {
  auto reaches = [&](int64_t v) {
    double x = static_cast<double>(v) / unit;
    return strict ? x > cut : x >= cut;
  };
  constexpr double kLimit = 9.0e18;
  double scaled = std::ceil(cut * unit);
  if (!(scaled < kLimit)) return std::nullopt;
  int64_t v = scaled > -kLimit ? static_cast<int64_t>(scaled) : static_cast<int64_t>(-kLimit);
  while (reaches(v - 1) && v > static_cast<int64_t>(-kLimit)) --v;
  while (!reaches(v)) {
    if (v >= static_cast<int64_t>(kLimit)) return std::nullopt;
    ++v;
  }
  return v;
}

class Rewriter {
 public:
  Rewriter(const ir::Program& in, const CutsByNode* cuts) : in_(in), cuts_(cuts) {}

  std::shared_ptr<const ir::Program> Run() {
    auto out = std::make_shared<ir::Program>(in_);
    out->nodes.clear();
    out_ = out.get();
    map_.assign(in_.nodes.size(), -1);
    for (NodeId id = 0; id < static_cast<NodeId>(in_.nodes.size()); ++id) {
      const Node& n = in_.nodes[id];
      map_[id] = n.kind == NodeKind::kPopulation ? EmitPopulation(id) : Emit(Remapped(n));
    }
    for (ir::Named& named : out->lets) named.node = map_[named.node];
    for (ir::Named& named : out->tags) named.node = map_[named.node];
    for (ir::Named& named : out->scores) named.node = map_[named.node];
    for (ir::Classification& c : out->classifications) {
      c.node = map_[c.node];
      for (ir::Rule& r : c.rules) r.condition = map_[r.condition];
    }
    // No population step is left to wait for, so everything runs in one stage.
    for (Node& n : out->nodes) n.stage = 0;
    out->stage_count = 1;
    return out;
  }

 private:
  NodeId Map(NodeId id) const { return id < 0 ? id : map_[id]; }

  Node Remapped(Node n) const {
    for (NodeId& a : n.args) a = Map(a);
    n.aggregate.value = Map(n.aggregate.value);
    n.aggregate.filter = Map(n.aggregate.filter);
    if (n.aggregate.window) {
      n.aggregate.window->from = Map(n.aggregate.window->from);
      n.aggregate.window->to = Map(n.aggregate.window->to);
    }
    if (n.window) {
      n.window->from = Map(n.window->from);
      n.window->to = Map(n.window->to);
    }
    return n;
  }

  NodeId Emit(Node n) {
    out_->nodes.push_back(std::move(n));
    return static_cast<NodeId>(out_->nodes.size() - 1);
  }

  NodeId Const(sema::Value value) {
    Node n;
    n.kind = NodeKind::kConst;
    n.type = value.type;
    n.level = ir::Level::kConstant;
    n.constant = std::move(value);
    return Emit(std::move(n));
  }

  NodeId Op(NodeKind kind, sema::Type type, ir::Level level, std::vector<NodeId> args, int32_t op = 0) {
    Node n;
    n.kind = kind;
    n.type = type;
    n.level = level;
    n.args = std::move(args);
    n.op = op;
    return Emit(std::move(n));
  }

  NodeId EmitPopulation(NodeId id) {
    const Node& n = in_.nodes[id];
    const rt::BinCuts* cuts = nullptr;
    if (cuts_ != nullptr && static_cast<size_t>(id) < cuts_->size() && (*cuts_)[id]) cuts = &*(*cuts_)[id];
    if (n.population.func != sema::PopFunc::kQuantileBin || cuts == nullptr || cuts->bins < 1) {
      return Const(sema::Value::Missing(n.type));
    }
    NodeId x = map_[n.args[0]];
    const sema::Type& x_type = in_.nodes[n.args[0]].type;
    ir::Level level = in_.nodes[n.args[0]].level;
    bool strict = n.population.method == sema::BinMethod::kQcut;
    int bins = cuts->bins;
    auto score_of = [&](int bin) {
      sema::Value v;
      v.type = n.type;
      v.i = n.population.descending ? bins + 1 - bin : bin;
      return v;
    };
    sema::Type bool_type = sema::Type::Of(TypeKind::kBool);
    NodeId chain = Const(score_of(1));
    // Ascending cut points: the outermost test is the highest one, so the first that holds wins.
    for (int k = 1; k < bins && k < static_cast<int>(cuts->edges.size()); ++k) {
      double cut = cuts->edges[k];
      NodeId threshold;
      if (x_type.Is(TypeKind::kFloat)) {
        threshold = Const(sema::Value::Float(cut));
      } else {
        std::optional<int64_t> v = IntThreshold(cut, UnitOf(x_type), strict);
        if (!v) continue;  // no value reaches this cut
        threshold = Const(sema::Value::Of(x_type.kind, *v));
      }
      auto op = static_cast<int32_t>(x_type.Is(TypeKind::kFloat) && strict ? sema::CompareOp::kGt : sema::CompareOp::kGe);
      NodeId test = Op(NodeKind::kCompare, bool_type, level, {x, threshold}, op);
      chain = Op(NodeKind::kIf, n.type, level, {test, Const(score_of(k + 1)), chain});
    }
    NodeId missing = Op(NodeKind::kIsMissing, bool_type, level, {x}, 0);
    return Op(NodeKind::kIf, n.type, level, {missing, Const(sema::Value::Missing(n.type)), chain});
  }

  const ir::Program& in_;
  const CutsByNode* cuts_;
  ir::Program* out_ = nullptr;
  std::vector<NodeId> map_;
};

}  // namespace

std::shared_ptr<const ir::Program> WithFixedPopulation(const ir::Program& program, const CutsByNode* cuts) {
  return Rewriter(program, cuts).Run();
}

std::string CutsToJson(const ir::Program& program, const interp::RunResult& run) {
  nlohmann::json list = nlohmann::json::array();
  for (NodeId id = 0; id < static_cast<NodeId>(program.nodes.size()); ++id) {
    const Node& n = program.nodes[id];
    if (n.kind != NodeKind::kPopulation || n.population.func != sema::PopFunc::kQuantileBin) continue;
    if (static_cast<size_t>(id) >= run.cuts.size()) continue;
    nlohmann::json entry = {{"node", id}, {"bins", run.cuts[id].bins}, {"edges", run.cuts[id].edges}};
    for (const ir::Named& let : program.lets) {
      if (let.node == id) entry["name"] = let.name;
    }
    list.push_back(std::move(entry));
  }
  return nlohmann::json{{"version", 1}, {"cuts", std::move(list)}}.dump();
}

bool CutsFromJson(const ir::Program& program, std::string_view json, CutsByNode* out, std::string* error) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("cuts") || !doc["cuts"].is_array()) {
    *error = "population cuts: expected {\"version\": 1, \"cuts\": [...]} as written by a batch run";
    return false;
  }
  out->assign(program.nodes.size(), std::nullopt);
  for (const nlohmann::json& entry : doc["cuts"]) {
    if (!entry.is_object() || !entry.contains("node") || !entry["node"].is_number_integer() ||
        !entry.contains("bins") || !entry["bins"].is_number_integer() || !entry.contains("edges") ||
        !entry["edges"].is_array()) {
      *error = "population cuts: each entry needs integer \"node\" and \"bins\" and an \"edges\" array";
      return false;
    }
    int64_t id = entry["node"].get<int64_t>();
    if (id < 0 || id >= static_cast<int64_t>(program.nodes.size()) || program.nodes[id].kind != NodeKind::kPopulation ||
        program.nodes[id].population.func != sema::PopFunc::kQuantileBin) {
      *error = "population cuts: node " + std::to_string(id) + " is not a quantile of this program (cut points "
               "from a different program?)";
      return false;
    }
    rt::BinCuts cuts;
    cuts.bins = entry["bins"].get<int>();
    for (const nlohmann::json& e : entry["edges"]) {
      if (!e.is_number()) {
        *error = "population cuts: node " + std::to_string(id) + ": edges must be numbers";
        return false;
      }
      cuts.edges.push_back(e.get<double>());
    }
    if (cuts.bins < 0 || cuts.bins > program.nodes[id].population.bins ||
        (cuts.bins > 0 && cuts.edges.size() != static_cast<size_t>(cuts.bins) + 1)) {
      *error = "population cuts: node " + std::to_string(id) + ": " + std::to_string(cuts.bins) + " bins do not fit " +
               std::to_string(cuts.edges.size()) + " edges and the program's " +
               std::to_string(program.nodes[id].population.bins) + " bins";
      return false;
    }
    (*out)[id] = std::move(cuts);
  }
  return true;
}

}  // namespace seg::api
