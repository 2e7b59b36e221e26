#include "compiler/cli/repl_cache.h"

#include <bit>
#include <cstring>

namespace seg::cli {

namespace {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;

// More columns than this and the cache starts over: each one is a full column of customers.
constexpr size_t kMaxCachedColumns = 256;

uint64_t Mix(uint64_t h, uint64_t x) {
  // splitmix64's finaliser over the running value: order-sensitive and well spread.
  uint64_t z = h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t MixText(uint64_t h, const std::string& s) {
  uint64_t f = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : s) f = (f ^ c) * 0x100000001b3ULL;
  return Mix(Mix(h, f), s.size());
}

uint64_t MixType(uint64_t h, const lang::Type& t) {
  return Mix(Mix(Mix(h, static_cast<uint64_t>(t.kind)), static_cast<uint64_t>(t.element)),
             static_cast<uint64_t>(t.events));
}

uint64_t MixValue(uint64_t h, const lang::Value& v) {
  h = MixType(h, v.type);
  h = Mix(Mix(h, v.missing), static_cast<uint64_t>(v.i));
  h = Mix(h, std::bit_cast<uint64_t>(v.f));
  h = MixText(h, v.s);
  for (const lang::Value& item : v.items) h = MixValue(h, item);
  return Mix(h, v.items.size());
}

bool Cacheable(const Node& n, bool named) {
  if (n.level != ir::Level::kCustomer || !n.type.IsValue() || n.type.Is(lang::TypeKind::kTags)) return false;
  if (n.kind == NodeKind::kClassify || n.kind == NodeKind::kColumn) return false;
  return named || n.kind == NodeKind::kAggregate || n.kind == NodeKind::kPopulation;
}

std::vector<char> NamedNodes(const ir::Program& p) {
  std::vector<char> named(p.nodes.size(), 0);
  for (const auto* list : {&p.lets, &p.tags, &p.scores}) {
    for (const ir::Named& n : *list) named[n.node] = 1;
  }
  return named;
}

// The nodes a node reads: its arguments, and for aggregates and windows the nodes they hold.
std::vector<NodeId> Uses(const Node& n) {
  std::vector<NodeId> uses = n.args;
  auto window = [&](const std::optional<ir::Window>& w) {
    if (w) uses.insert(uses.end(), {w->from, w->to});
  };
  if (n.kind == NodeKind::kAggregate) {
    uses.insert(uses.end(), {n.aggregate.value, n.aggregate.filter});
    window(n.aggregate.window);
  }
  window(n.window);
  return uses;
}

rt::Column ToColumn(const exec::ResultColumn& r) {
  rt::ValueType vt = r.type.ToValueType();
  rt::Column column(vt);
  size_t rows = r.size();
  column.Reserve(rows);
  std::vector<int32_t> codes;
  if (r.type.IsTextLike()) {
    for (const std::string& s : r.text) codes.push_back(column.mutable_dictionary().Intern(s));
  }
  for (size_t row = 0; row < rows; ++row) {
    if (!r.Valid(row)) {
      column.AppendNull();
      continue;
    }
    switch (vt) {
      case rt::ValueType::kBool: column.AppendBool(r.Int(row) != 0); break;
      case rt::ValueType::kFloat: column.AppendDouble(r.floats[row]); break;
      case rt::ValueType::kDate: column.AppendInt32(static_cast<int32_t>(r.Int(row))); break;
      case rt::ValueType::kText:
      case rt::ValueType::kId: column.AppendInt32(codes[static_cast<size_t>(r.Int(row))]); break;
      default: column.AppendInt64(r.Int(row)); break;
    }
  }
  return column;
}

}  // namespace

std::vector<uint64_t> HashNodes(const ir::Program& p, const std::vector<lang::Value>& params) {
  // Windows and days_since read as_of without a param node, and local days need the zone.
  uint64_t seed = MixText(0x5e9, p.timezone);
  if (p.as_of_param >= 0 && static_cast<size_t>(p.as_of_param) < params.size())
    seed = MixValue(seed, params[p.as_of_param]);
  std::vector<uint64_t> h(p.nodes.size());
  auto of = [&](NodeId id) { return id < 0 ? uint64_t{0x77} : h[id]; };
  auto window = [&](uint64_t x, const std::optional<ir::Window>& w) {
    if (!w) return Mix(x, 1);
    x = Mix(Mix(Mix(x, static_cast<uint64_t>(w->kind)), static_cast<uint64_t>(w->count)),
            static_cast<uint64_t>(w->count_to));
    return Mix(Mix(Mix(x, static_cast<uint64_t>(w->unit)), of(w->from)), of(w->to));
  };
  for (size_t id = 0; id < p.nodes.size(); ++id) {
    const Node& n = p.nodes[id];
    uint64_t x = Mix(seed, static_cast<uint64_t>(n.kind));
    x = MixType(x, n.type);
    x = Mix(Mix(x, static_cast<uint64_t>(n.operator_code())), static_cast<uint64_t>(n.level));
    switch (n.kind) {
      case NodeKind::kConst: x = MixValue(x, n.constant); break;
      case NodeKind::kParam:
        x = MixText(x, p.params[n.symbol].name);
        if (static_cast<size_t>(n.symbol) < params.size()) x = MixValue(x, params[n.symbol]);
        break;
      case NodeKind::kColumn:
        x = MixText(MixText(x, p.inputs[p.entity_input].name), p.inputs[p.entity_input].columns[n.symbol].name);
        break;
      case NodeKind::kEventColumn:
        x = MixText(MixText(x, p.inputs[n.input].name), p.inputs[n.input].columns[n.symbol].name);
        break;
      case NodeKind::kEventDay: x = MixText(x, p.inputs[n.input].name); break;
      case NodeKind::kClassify: {
        const ir::Classification& c = p.classifications[n.symbol];
        for (const std::string& b : c.buckets) x = MixText(x, b);
        for (const ir::Rule& r : c.rules) x = Mix(x, static_cast<uint64_t>(r.bucket));
        x = Mix(Mix(x, static_cast<uint64_t>(c.else_bucket)), static_cast<uint64_t>(c.parent_bucket));
        break;
      }
      default: x = Mix(x, static_cast<uint64_t>(n.symbol)); break;
    }
    if (n.input >= 0) x = MixText(x, p.inputs[n.input].name);
    if (n.kind == NodeKind::kAggregate) {
      x = Mix(Mix(Mix(x, static_cast<uint64_t>(n.aggregate.func)), of(n.aggregate.value)), of(n.aggregate.filter));
      x = window(x, n.aggregate.window);
      x = Mix(x, std::bit_cast<uint64_t>(n.aggregate.fraction));  // percentile(x, 0.9) is not percentile(x, 0.5)
      x = Mix(x, static_cast<uint64_t>(n.aggregate.min_stage));
    }
    if (n.kind == NodeKind::kSequence) {  // what it measures, and which step each limit belongs to
      x = Mix(Mix(x, static_cast<uint64_t>(n.sequence.measure)), n.sequence.last_negated);
      for (NodeId limit : n.sequence.limits) x = Mix(x, of(limit));
    }
    if (n.kind == NodeKind::kPopulation) {
      const lang::PopulationSpec& s = n.population;
      x = Mix(Mix(Mix(Mix(x, static_cast<uint64_t>(s.func)), static_cast<uint64_t>(s.bins)),
                  static_cast<uint64_t>(s.method)),
              s.descending);
      x = Mix(Mix(x, std::bit_cast<uint64_t>(s.period_days)), std::bit_cast<uint64_t>(s.horizon_days));
      x = Mix(x, std::bit_cast<uint64_t>(s.step_days));
    }
    x = window(x, n.window);
    for (NodeId a : n.args) x = Mix(x, of(a));
    h[id] = Mix(x, n.args.size());
  }
  return h;
}

void ResultCache::Reset(rt::Dataset* data) {
  data_ = data;
  base_columns_ = data ? data->customers.num_columns() : 0;
  column_of_.clear();
  labels_.clear();
}

void ResultCache::Clear() {
  if (data_ == nullptr || column_of_.empty()) return;
  // Tables only grow, so start a new one from the loaded columns.
  const rt::Table& old = data_->customers;
  rt::Table fresh(old.name());
  for (size_t c = 0; c < base_columns_; ++c) fresh.AddColumn(old.column_name(c), old.column(c));
  data_->customers = std::move(fresh);
  column_of_.clear();
  labels_.clear();
}

SpecializedProgram ResultCache::Specialize(const ir::Program& full, const std::vector<uint64_t>& hashes,
                                           const std::vector<NodeId>& roots, bool aggregates_only) const {
  SpecializedProgram out;
  ir::Program& p = out.program;
  p = full;
  size_t count = p.nodes.size();
  std::vector<char> named = NamedNodes(full);
  std::vector<char> live(count, 0), cached(count, 0);
  bool can_cache = data_ != nullptr && full.entity_input >= 0;
  std::vector<NodeId> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id < 0 || live[id]) continue;
    live[id] = 1;
    const Node& n = full.nodes[id];
    if (can_cache && Cacheable(n, named[id] && !aggregates_only) && column_of_.count(hashes[id])) {
      cached[id] = 1;
      continue;
    }
    for (NodeId a : Uses(n)) stack.push_back(a);
  }
  for (size_t id = 0; id < count; ++id) {
    Node& n = p.nodes[id];
    if (cached[id]) {
      Node column;
      column.kind = NodeKind::kColumn;
      column.type = n.type;
      column.level = ir::Level::kCustomer;
      column.stage = n.stage;
      column.symbol = column_of_.at(hashes[id]);
      n = std::move(column);
      ++out.reused;
    } else if (!live[id] && n.kind == NodeKind::kClassify) {
      // Every classification yields a bucket column; one that no root needs gets no rules.
      n.args.clear();
      ir::Classification& c = p.classifications[n.symbol];
      c.rules.clear();
      c.else_bucket = -1;
      c.parent = -1;
    } else if (!live[id]) {
      Node constant;
      constant.type = n.type;
      constant.constant = lang::Value::Missing(n.type);
      n = std::move(constant);
    } else if (can_cache && Cacheable(n, named[id])) {
      out.fresh.push_back(static_cast<NodeId>(id));
    }
  }
  auto keep_live = [&](std::vector<ir::Named>& list) {
    std::erase_if(list, [&](const ir::Named& x) { return !live[x.node] || p.nodes[x.node].kind == NodeKind::kConst; });
  };
  keep_live(p.lets);
  keep_live(p.tags);
  keep_live(p.scores);
  if (can_cache) {
    // Explanations name a cached column the way they named the node it replaces.
    std::vector<ir::ColumnSchema>& columns = p.inputs[p.entity_input].columns;
    while (columns.size() < base_columns_) columns.push_back({"(unused)", lang::Type::Of(lang::TypeKind::kInt)});
    columns.resize(base_columns_);
    columns.insert(columns.end(), labels_.begin(), labels_.end());
  }
  hits_ += out.reused;
  return out;
}

void ResultCache::Store(const SpecializedProgram& plan, const std::vector<uint64_t>& hashes,
                        const exec::RunResult& result) {
  if (data_ == nullptr || !result.ok()) return;
  if (column_of_.size() + plan.fresh.size() > kMaxCachedColumns) Clear();
  for (NodeId id : plan.fresh) {
    if (column_of_.count(hashes[id]) || !result.nodes[id]) continue;
    const Node& n = plan.program.nodes[id];
    std::string label;
    if (n.kind == NodeKind::kAggregate) {
      label = std::string(lang::AggFuncName(n.aggregate.func)) + "(" + plan.program.inputs[n.input].name + " ...)";
    }
    for (const auto* list : {&plan.program.lets, &plan.program.tags, &plan.program.scores}) {
      for (const ir::Named& x : *list)
        if (x.node == id) label = x.name;
    }
    if (label.empty()) label = "rank";
    char name[32];
    std::snprintf(name, sizeof(name), "_cached_%016llx", static_cast<unsigned long long>(hashes[id]));
    column_of_[hashes[id]] = static_cast<int32_t>(data_->customers.num_columns());
    data_->customers.AddColumn(name, ToColumn(*result.nodes[id]));
    labels_.push_back({label, n.type});
  }
}

}  // namespace seg::cli
