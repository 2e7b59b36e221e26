// Before the run: each node's representation, text domain, lookup tables, window and whether
// its full column must be kept; constant-level nodes are evaluated once.
#include <algorithm>
#include <map>

#include "compiler/exec/run_state.h"
#include "compiler/exec/stage_evaluator.h"
#include "compiler/lang/functions.h"
#include "runtime/assert.h"
#include "runtime/civil_time.h"
#include "runtime/kernels/functions.h"

namespace seg::exec {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

namespace {

std::shared_ptr<TextDomain> OwnDomain(std::vector<std::string> strings) {
  auto d = std::make_shared<TextDomain>();
  d->own = std::move(strings);
  return d;
}

}  // namespace

std::vector<bool> GrowingTexts(const ir::Program& p) {
  std::vector<bool> grows(p.nodes.size(), false);
  for (size_t id = 0; id < p.nodes.size(); ++id) {
    const Node& n = p.nodes[id];
    if (!n.type.IsTextLike()) continue;
    auto arg_grows = [&](size_t k) { return k < n.args.size() && grows[static_cast<size_t>(n.args[k])]; };
    auto varies = [&](size_t k) { return p.nodes[n.args[k]].level != ir::Level::kConstant; };
    switch (n.kind) {
      case NodeKind::kCall:
        if (n.builtin() == lang::Builtin::kConcat) grows[id] = (varies(0) && varies(1)) || arg_grows(0) || arg_grows(1);
        else grows[id] = rt::fn::InfoOf(n.builtin()).signature == lang::Signature::kTextToText && arg_grows(0);
        break;
      case NodeKind::kIf: grows[id] = arg_grows(1) || arg_grows(2); break;
      case NodeKind::kDefault: grows[id] = arg_grows(0) || arg_grows(1); break;
      case NodeKind::kConvert: grows[id] = arg_grows(0); break;
      case NodeKind::kAggregate:
        grows[id] = n.aggregate.value >= 0 && grows[static_cast<size_t>(n.aggregate.value)];
        break;
      default: break;
    }
  }
  return grows;
}

bool HasTextTable(const ir::Program& p, const std::vector<bool>& growing, NodeId id) {
  const Node& n = p.nodes[id];
  bool text_fn = n.kind == NodeKind::kLike ||
                 (n.kind == NodeKind::kCall &&
                  rt::fn::InfoOf(n.builtin()).signature == lang::Signature::kTextTextToBool) ||
                 (n.kind == NodeKind::kCompare && p.nodes[n.args[0]].type.IsTextLike());
  if (!text_fn) return false;
  NodeKind pattern = p.nodes[n.args[1]].kind;
  return (pattern == NodeKind::kConst || pattern == NodeKind::kParam) &&
         p.nodes[n.args[0]].level != ir::Level::kConstant && !growing[static_cast<size_t>(n.args[0])];
}

size_t ConcatSource(const ir::Program& p, NodeId id) {
  const Node& n = p.nodes[id];
  SEG_ASSERT(p.nodes[n.args[0]].level == ir::Level::kConstant || p.nodes[n.args[1]].level == ir::Level::kConstant,
             "a text concatenation of two varying texts has no source to map (it grows during the run)");
  return p.nodes[n.args[0]].level == ir::Level::kConstant && p.nodes[n.args[1]].level != ir::Level::kConstant ? 1 : 0;
}

bool TextTest(const Node& n, std::string_view x, std::string_view y) {
  switch (n.kind) {
    case NodeKind::kCompare: return Decide(n.compare_op(), x.compare(y));
    case NodeKind::kLike: return rt::fn::LikeMatch(x, y);
    default: return rt::fn::TextKernel<rt::fn::TextText>(n.builtin())(x, y);
  }
}

void WindowDays(const ir::Window& w, int32_t as_of, std::optional<int64_t> from, std::optional<int64_t> to,
                bool clip_to_as_of, int32_t* day_lo, int32_t* day_hi) {
  auto back = [&](int64_t count, lang::WindowUnit unit) -> int64_t {  // as_of moved back by count units
    switch (unit) {
      case lang::WindowUnit::kDay: return as_of - count;
      case lang::WindowUnit::kWeek: return as_of - 7 * count;
      case lang::WindowUnit::kMonth: return rt::AddMonths(as_of, static_cast<int32_t>(-count));
      case lang::WindowUnit::kQuarter: return rt::AddMonths(as_of, static_cast<int32_t>(-3 * count));
      case lang::WindowUnit::kYear: return rt::AddMonths(as_of, static_cast<int32_t>(-12 * count));
    }
    return as_of;
  };
  auto period_start = [&](int32_t day, lang::WindowUnit unit) -> int32_t {
    switch (unit) {
      case lang::WindowUnit::kWeek: return rt::StartOfWeek(day);
      case lang::WindowUnit::kMonth: return rt::StartOfMonth(day);
      case lang::WindowUnit::kQuarter: return rt::StartOfQuarter(day);
      case lang::WindowUnit::kYear: return rt::StartOfYear(day);
      default: return day;
    }
  };
  int64_t lo = INT32_MIN, hi = INT32_MAX;
  switch (w.kind) {
    case lang::WindowKind::kRolling:
      lo = back(w.count, w.unit) + 1;
      hi = as_of;
      break;
    case lang::WindowKind::kAgo:
      lo = back(w.count, w.unit) + 1;
      hi = back(w.count_to, w.unit);
      break;
    case lang::WindowKind::kCurrentPeriod:
      lo = period_start(as_of, w.unit);
      hi = as_of;
      break;
    case lang::WindowKind::kPreviousPeriod: {
      int32_t this_start = period_start(as_of, w.unit);
      lo = period_start(this_start - 1, w.unit);
      hi = this_start - 1;
      break;
    }
    case lang::WindowKind::kBetween:
      lo = from ? *from : INT32_MAX;  // a missing bound selects nothing
      hi = to ? *to : INT32_MIN;
      break;
  }
  if (clip_to_as_of) hi = std::min<int64_t>(hi, as_of);
  *day_lo = static_cast<int32_t>(std::clamp<int64_t>(lo, INT32_MIN, INT32_MAX));
  *day_hi = static_cast<int32_t>(std::clamp<int64_t>(hi, INT32_MIN, INT32_MAX));
}

void RunState::PlanWindow(NodeId id, const ir::Window& w, bool clip_to_as_of) {
  NodeInfo& info = info_[id];
  std::optional<int64_t> from, to;
  if (w.kind == lang::WindowKind::kBetween) {
    if (info_[w.from].scalar_valid) from = info_[w.from].scalar_i;
    if (info_[w.to].scalar_valid) to = info_[w.to].scalar_i;
  }
  WindowDays(w, as_of_, from, to, clip_to_as_of, &info.day_lo, &info.day_hi);
}

rt::Status RunState::PlanText(NodeId id) {
  const Node& n = p_.nodes[id];
  NodeInfo& info = info_[id];
  auto arg_domain = [&](size_t k) { return info_[n.args[k]].domain; };
  if (grows_[id] && n.kind != NodeKind::kConvert && n.kind != NodeKind::kAggregate) {
    auto d = std::make_shared<TextDomain>();
    d->growing = std::make_unique<GrowingDictionary>(text_budget_.get());
    info.domain = std::move(d);
    return rt::Status::Ok();
  }
  switch (n.kind) {
    case NodeKind::kConst: info.domain = OwnDomain({n.constant.s}); break;
    case NodeKind::kParam: info.domain = OwnDomain({params_[n.symbol].s}); break;
    case NodeKind::kColumn: {
      auto d = std::make_shared<TextDomain>();
      d->dict = &data_.customers.column(n.symbol).dictionary();
      info.domain = d;
      break;
    }
    case NodeKind::kEventColumn: {
      auto d = std::make_shared<TextDomain>();
      d->dict = &data_.events[n.input].table.column(n.symbol).dictionary();
      info.domain = d;
      break;
    }
    case NodeKind::kConvert: info.domain = arg_domain(0); break;
    case NodeKind::kAggregate: info.domain = info_[n.aggregate.value].domain; break;
    case NodeKind::kBucketLabel: info.domain = OwnDomain(p_.classifications[p_.nodes[n.args[0]].symbol].buckets); break;
    case NodeKind::kCall: {  // lower / upper / concat: map each string of the argument's domain once
      bool concat = n.builtin() == lang::Builtin::kConcat;
      size_t source = concat ? ConcatSource(p_, id) : 0;
      const TextDomain& from = *arg_domain(source);
      // concat: the constant side's string (a missing one makes every row missing: EvalCall).
      std::string other;
      if (concat) {
        const NodeInfo& c = info_[n.args[1 - source]];
        if (c.scalar_valid && c.domain->size() > 0) other = std::string(c.domain->At(c.scalar_i));
      }
      std::vector<std::string> strings;
      std::map<std::string, int64_t> seen;
      info.remap[0].resize(from.size());
      for (size_t c = 0; c < from.size(); ++c) {
        std::string_view x = from.At(static_cast<int64_t>(c));
        // A joined text is bounded as the run's are (growing_dictionary.h): a chain of constant
        // `x + x` doubles it each time.
        if (concat && x.size() + other.size() > kMaxJoinedText)
          return rt::Status::Error(std::string(JoinedTextTooLong()) + " in " + info.origin);
        std::string s = !concat       ? rt::fn::TextKernel<rt::fn::TextToText>(n.builtin())(x)
                        : source == 0 ? rt::fn::TextKernel<rt::fn::TextTextToText>(n.builtin())(x, other)
                                      : rt::fn::TextKernel<rt::fn::TextTextToText>(n.builtin())(other, x);
        auto [it, inserted] = seen.emplace(s, static_cast<int64_t>(strings.size()));
        if (inserted) {
          if (concat && !text_budget_->Charge(s.size() + kTextEntryBytes)) return TextBudgetError({id});
          strings.push_back(s);
        }
        info.remap[0][c] = it->second;
      }
      info.domain = OwnDomain(std::move(strings));
      break;
    }
    case NodeKind::kIf:
    case NodeKind::kDefault: {  // union of the branches' domains
      size_t first = n.kind == NodeKind::kIf ? 1 : 0;
      std::vector<std::string> strings;
      std::map<std::string, int64_t> seen;
      for (size_t k = 0; k < 2; ++k) {
        const TextDomain& from = *arg_domain(first + k);
        info.remap[k].resize(from.size());
        for (size_t c = 0; c < from.size(); ++c) {
          std::string s(from.At(static_cast<int64_t>(c)));
          auto [it, inserted] = seen.emplace(s, static_cast<int64_t>(strings.size()));
          if (inserted) strings.push_back(s);
          info.remap[k][c] = it->second;
        }
      }
      info.domain = OwnDomain(std::move(strings));
      break;
    }
    default: info.domain = OwnDomain({}); break;
  }
  return rt::Status::Ok();
}

rt::Status RunState::Plan(ReferenceEvaluator& constants) {
  zone_ = p_.zone;
  const lang::Value& as_of = params_[p_.as_of_param];
  if (as_of.missing) return rt::Status::Error("as_of is not set").About(rt::Setting::kAsOf);
  as_of_ = static_cast<int32_t>(as_of.i);
  size_t count = p_.nodes.size();
  info_.assign(count, NodeInfo{});
  full_ = FixedArray<PersistedColumn>(count);  // each persisted one allocated by Execute
  result_.nodes.assign(count, std::nullopt);
  result_.cuts.assign(count, rt::BinCuts{});
  if (options_.keep_population) result_.ranked.assign(count, std::nullopt);
  grows_ = GrowingTexts(p_);
  text_budget_ = std::make_unique<TextBudget>(options_.text_memory_limit);
  AssignOrigins();  // the plan's own errors name them

  for (NodeId id = 0; id < static_cast<NodeId>(count); ++id) {
    const Node& n = p_.nodes[id];
    NodeInfo& info = info_[id];
    info.is_float = n.type.Is(TypeKind::kFloat);
    info.is_text = n.type.IsTextLike();
    if (info.is_text) SEG_RETURN_IF_ERROR(PlanText(id));
    if (n.kind == NodeKind::kAggregate && n.aggregate.window) PlanWindow(id, *n.aggregate.window, true);
    if (n.kind == NodeKind::kAggregate && !n.aggregate.window) info.day_hi = as_of_;
    if (n.kind == NodeKind::kWithin) PlanWindow(id, *n.window, false);
    // Lookup tables: the entry of each string of the first argument's domain (TableEntry),
    // unless that domain grows during the run (then engines ask TextEntry row by row).
    auto fill_table = [&] {
      const TextDomain& d = *info_[n.args[0]].domain;
      info.table.resize(d.size());
      for (size_t code = 0; code < d.size(); ++code)
        info.table[code] = TableEntry(id, d.At(static_cast<int64_t>(code)));
    };
    bool text_arg = !n.args.empty() && p_.nodes[n.args[0]].type.IsTextLike() && !grows_[n.args[0]];
    if (HasTextTable(p_, grows_, id)) fill_table();  // compare, like, contains... against a constant
    if (n.kind == NodeKind::kIn && p_.nodes[n.args[1]].type.Is(TypeKind::kList)) {
      const lang::Value& list = p_.nodes[n.args[1]].constant;
      if (p_.nodes[n.args[0]].type.IsTextLike()) {
        if (text_arg) fill_table();
      } else {
        for (const lang::Value& item : list.items) {
          info.list_i.push_back(item.i);
          info.list_f.push_back(item.f);
        }
        std::sort(info.list_i.begin(), info.list_i.end());
        std::sort(info.list_f.begin(), info.list_f.end());
      }
    }
    if (n.kind == NodeKind::kCall && n.builtin() == lang::Builtin::kLength && text_arg) fill_table();
    // Constant-level nodes: one value for every customer, computed now.
    if (n.level == ir::Level::kConstant) {
      info.scalar = true;
      if (n.kind == NodeKind::kConst || n.kind == NodeKind::kParam) {
        const lang::Value& v = n.kind == NodeKind::kConst ? n.constant : params_[n.symbol];
        info.scalar_valid = !v.missing;
        info.scalar_i = info.is_text ? 0 : v.i;
        info.scalar_f = v.f;
      } else if (!n.type.Is(TypeKind::kList)) {
        SEG_RETURN_IF_ERROR(constants.EvaluateConstant(id, info));
      }
    }
  }
  // Keep whole columns of what later stages, outputs and the caller read.
  auto persist = [&](NodeId id) {
    if (id >= 0 && p_.nodes[id].level == ir::Level::kCustomer) info_[id].persist = true;
  };
  for (NodeId id = 0; id < static_cast<NodeId>(count); ++id) {
    const Node& n = p_.nodes[id];
    std::vector<NodeId> uses = n.args;
    if (n.kind == NodeKind::kAggregate) uses.insert(uses.end(), {n.aggregate.value, n.aggregate.filter});
    for (NodeId a : uses) {
      if (a >= 0 && (p_.nodes[a].stage < n.stage || n.kind == NodeKind::kPopulation)) persist(a);
    }
    // A classification's answer goes straight into its bucket array (bucket_out_), so its
    // column is kept only when a later stage or the caller reads it.
    if (n.kind == NodeKind::kPopulation) persist(id);
  }
  for (const ir::Named& t : p_.tags) persist(t.node);
  for (const ir::Named& s : p_.scores) persist(s.node);
  for (NodeId k : options_.keep) persist(k);
  stage_work_.assign(static_cast<size_t>(std::max(p_.stage_count, 0)), {});
  for (NodeId id = 0; id < static_cast<NodeId>(count); ++id) {
    const Node& n = p_.nodes[id];
    if (n.level == ir::Level::kConstant || n.kind == NodeKind::kPopulation || n.stage >= p_.stage_count) continue;
    stage_work_[static_cast<size_t>(n.stage)].push_back(id);
  }
  PlanEarlierEventNodes();
  return rt::Status::Ok();
}

// Event values are never kept from one stage to the next, yet a later stage can read an event
// node of an earlier one: `count(visits where page == "x" and q >= 3)` with q ranked between the
// stages reads `page == "x"` (stage 0) through an `and` of stage 1, and a sequence's steps are all
// computed in the sequence's stage. Such a node is evaluated again in every stage that reads it
// (an engine evaluates a stage's event nodes in its batch), and the customer values it reads from
// earlier stages are kept for it.
void RunState::PlanEarlierEventNodes() {
  for (int32_t stage = 1; stage < p_.stage_count; ++stage) {
    std::vector<NodeId>& work = stage_work_[static_cast<size_t>(stage)];
    std::vector<bool> added(p_.nodes.size(), false);
    std::vector<NodeId> stack;
    for (NodeId id : work) {
      const Node& n = p_.nodes[id];
      stack.insert(stack.end(), n.args.begin(), n.args.end());
      if (n.kind == NodeKind::kAggregate) stack.insert(stack.end(), {n.aggregate.value, n.aggregate.filter});
    }
    std::vector<NodeId> earlier;
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      if (id < 0 || added[id]) continue;
      const Node& n = p_.nodes[id];
      if (n.level != ir::Level::kEvent || n.stage >= stage) continue;
      added[id] = true;
      earlier.push_back(id);
      for (NodeId a : n.args) {
        if (a >= 0 && p_.nodes[a].level == ir::Level::kCustomer) info_[a].persist = true;
        stack.push_back(a);
      }
    }
    if (earlier.empty()) continue;
    work.insert(work.end(), earlier.begin(), earlier.end());
    std::sort(work.begin(), work.end());  // ids are a valid order: arguments first
  }
}

void RunState::AssignOrigins() {
  std::vector<std::pair<std::string, NodeId>> roots;
  for (const ir::Named& l : p_.lets) roots.push_back({"let '" + l.name + "'", l.node});
  for (const ir::Named& t : p_.tags) roots.push_back({"tag '" + t.name + "'", t.node});
  for (const ir::Named& s : p_.scores) roots.push_back({"score '" + s.name + "'", s.node});
  for (const ir::Classification& c : p_.classifications) {
    for (const ir::Rule& r : c.rules) roots.push_back({"rule \"" + r.label + "\" of '" + c.name + "'", r.condition});
  }
  for (const auto& [name, root] : roots) {
    std::vector<NodeId> stack = {root};
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      if (id < 0 || !info_[id].origin.empty()) continue;
      info_[id].origin = name;
      const Node& n = p_.nodes[id];
      for (NodeId a : n.args) stack.push_back(a);
      if (n.kind == NodeKind::kAggregate) stack.insert(stack.end(), {n.aggregate.value, n.aggregate.filter});
    }
  }
}

}  // namespace seg::exec
