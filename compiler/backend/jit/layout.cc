#include "compiler/backend/jit/layout.h"

#include <algorithm>
#include <unordered_set>

#include "compiler/exec/result.h"

namespace seg::jit {

using ir::Level;
using ir::NodeId;
using ir::NodeKind;

bool IsStageNode(const ir::Node& n) { return n.level == Level::kCustomer && n.kind != NodeKind::kPopulation; }

namespace {

// Walks the event-level expression under `roots`, calling `customer` on each customer-level node
// it reads; returns how many event-level nodes it holds.
template <typename F> size_t WalkEventExpression(const ir::Program& p, std::vector<NodeId> stack, F customer) {
  std::unordered_set<NodeId> seen;
  size_t events = 0;
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id < 0 || !seen.insert(id).second) continue;
    const ir::Node& n = p.nodes[static_cast<size_t>(id)];
    if (n.level == Level::kCustomer) {
      customer(id);
    } else if (n.level == Level::kEvent) {
      ++events;
      for (NodeId arg : n.args) stack.push_back(arg);
    }
  }
  return events;
}

}  // namespace

bool CheckedArithmetic(const ir::Node& n) {
  switch (n.kind) {
    case NodeKind::kArith: return true;  // overflow, a zero divisor, or a result that is not finite
    case NodeKind::kNegate: return !n.type.Is(lang::TypeKind::kFloat);  // the int's minimum overflows
    case NodeKind::kConvert: return n.type.Is(lang::TypeKind::kMoney);  // x 10^4 may overflow
    default: return false;
  }
}

size_t NodeWeight(const ir::Program& p, NodeId id) {
  const ir::Node& n = p.nodes[static_cast<size_t>(id)];
  if (n.kind == NodeKind::kAggregate) {
    return 4 + 2 * WalkEventExpression(p, {n.aggregate.value, n.aggregate.filter}, [](NodeId) {});
  }
  size_t weight = 1 + n.args.size() / 2;  // a classification: its select chain grows with its rules
  return CheckedArithmetic(n) ? weight + kCheckedWeight : weight;
}

void CustomerDependencies(const ir::Program& p, NodeId id, std::vector<NodeId>* out) {
  out->clear();
  const ir::Node& n = p.nodes[static_cast<size_t>(id)];
  std::vector<NodeId> roots = n.args;
  if (n.kind == NodeKind::kAggregate) {
    roots.push_back(n.aggregate.value);
    roots.push_back(n.aggregate.filter);
  }
  for (NodeId root : roots) {
    if (root < 0) continue;
    const ir::Node& r = p.nodes[static_cast<size_t>(root)];
    if (r.level == Level::kCustomer) out->push_back(root);
    else if (r.level == Level::kEvent) WalkEventExpression(p, {root}, [&](NodeId c) { out->push_back(c); });
  }
}

size_t ProgramWeight(const ir::Program& p) {
  size_t weight = 0;
  for (NodeId id = 0; id < static_cast<NodeId>(p.nodes.size()); ++id)
    if (IsStageNode(p.nodes[static_cast<size_t>(id)])) weight += NodeWeight(p, id);
  return weight;
}

ProgramLayout PlanLayout(const ir::Program& p, const std::vector<bool>& persist, size_t part_weight,
                         size_t max_bit_chunk) {
  ProgramLayout layout;
  size_t count = p.nodes.size();
  layout.parts.resize(static_cast<size_t>(p.stage_count));
  layout.spilled.assign(count, false);
  // Cut each stage where the running weight passes part_weight.
  std::vector<int32_t> part_of(count, -1);
  std::vector<size_t> stage_weight(static_cast<size_t>(p.stage_count), 0);
  // A sequence's steps hand their events' times to it within one customer's pass of one
  // function (codegen_sequence.cc), so no cut falls between its first step and itself.
  std::vector<bool> no_cut_before(count, false);
  for (NodeId id = 0; id < static_cast<NodeId>(count); ++id) {
    const ir::Node& n = p.nodes[static_cast<size_t>(id)];
    if (n.kind != NodeKind::kSequence) continue;
    NodeId first_step = id;
    for (size_t s = 0; s <= n.sequence.limits.size(); ++s) first_step = std::min(first_step, n.args[s]);
    for (NodeId k = first_step + 1; k <= id; ++k) no_cut_before[static_cast<size_t>(k)] = true;
  }
  for (NodeId id = 0; id < static_cast<NodeId>(count); ++id) {
    const ir::Node& n = p.nodes[static_cast<size_t>(id)];
    if (!IsStageNode(n)) continue;
    auto stage = static_cast<size_t>(n.stage);
    std::vector<PartRange>& parts = layout.parts[stage];
    size_t w = NodeWeight(p, id);
    if (parts.empty() || (stage_weight[stage] + w > part_weight && !no_cut_before[static_cast<size_t>(id)])) {
      if (!parts.empty()) parts.back().end = id;
      parts.push_back({id, id + 1});
      stage_weight[stage] = 0;
    }
    parts.back().end = id + 1;
    parts.back().weight += w;
    stage_weight[stage] += w;
    layout.weight += w;
    part_of[static_cast<size_t>(id)] = static_cast<int32_t>(parts.size()) - 1;
  }
  // A stage with no customer-level node still has its (empty) function.
  for (std::vector<PartRange>& parts : layout.parts)
    if (parts.empty()) parts.push_back({0, 0});
  // Values read by a later part of their stage, not already kept for the run, are spilled.
  std::vector<NodeId> deps;
  for (NodeId id = 0; id < static_cast<NodeId>(count); ++id) {
    int32_t part = part_of[static_cast<size_t>(id)];
    if (part <= 0) continue;
    CustomerDependencies(p, id, &deps);
    for (NodeId d : deps) {
      auto k = static_cast<size_t>(d);
      if (p.nodes[k].stage == p.nodes[static_cast<size_t>(id)].stage && part_of[k] >= 0 && part_of[k] < part &&
          !persist[k])
        layout.spilled[k] = true;
    }
  }
  layout.bits.resize(static_cast<size_t>(p.stage_count));
  for (size_t k = 0; k < count; ++k) {
    const ir::Node& n = p.nodes[k];
    if (IsStageNode(n) && exec::PackedAsBits(n.type) && (persist[k] || layout.spilled[k]))
      layout.bits[static_cast<size_t>(n.stage)].slots.push_back(static_cast<NodeId>(k));
  }
  for (StageBits& bits : layout.bits) {
    if (bits.slots.empty()) continue;
    size_t fits = kBitScratchBytes / (2 * bits.slots.size()) / 64 * 64;
    bits.chunk = std::min(max_bit_chunk, std::max(std::min(kMinBitChunk, max_bit_chunk), fits));
  }
  return layout;
}

}  // namespace seg::jit
