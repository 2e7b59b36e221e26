#include "compiler/sema/rule_conditions.h"

#include <map>
#include <utility>

#include "compiler/sema/typed_printer.h"

namespace seg::sema {

uint64_t ConditionTable::Bit(uint32_t id) {
  // Fibonacci hashing spreads consecutive ids over the 64 bits.
  return uint64_t{1} << ((uint64_t{id} * 0x9E3779B97F4A7C15ull) >> 58);
}

uint32_t ConditionTable::Intern(std::string text) {
  auto [it, added] = ids_.try_emplace(std::move(text), static_cast<uint32_t>(leaves_.size()));
  if (added) leaves_.emplace_back();
  return it->second;
}

std::optional<ConditionTable::Atom> ConditionTable::AsAtom(const TExpr& e) {
  if (e.kind != TExprKind::kCompare) return std::nullopt;
  const TExpr* lhs = e.args[0].get();
  const TExpr* rhs = e.args[1].get();
  CompareOp op = static_cast<CompareOp>(e.op);
  if (lhs->kind == TExprKind::kConst && rhs->kind != TExprKind::kConst) {
    std::swap(lhs, rhs);
    switch (op) {  // mirror: 3 < x is x > 3
      case CompareOp::kLt: op = CompareOp::kGt; break;
      case CompareOp::kLe: op = CompareOp::kGe; break;
      case CompareOp::kGt: op = CompareOp::kLt; break;
      case CompareOp::kGe: op = CompareOp::kLe; break;
      default: break;
    }
  }
  if (rhs->kind != TExprKind::kConst || rhs->constant.missing) return std::nullopt;
  const Value& c = rhs->constant;
  double bound;
  switch (c.type.kind) {
    case TypeKind::kFloat: bound = c.f; break;
    case TypeKind::kInt:
    case TypeKind::kMoney:
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
    case TypeKind::kDuration:
    case TypeKind::kBool: bound = static_cast<double>(c.i); break;
    default: return std::nullopt;
  }
  if (c.type.kind != TypeKind::kFloat) {
    if (op == CompareOp::kGt) {
      op = CompareOp::kGe;
      bound += 1;
    }
    if (op == CompareOp::kLt) {
      op = CompareOp::kLe;
      bound -= 1;
    }
  }
  return Atom{Intern(PrintTExpr(program_, *lhs)), op, bound};
}

ConditionTable::Ref ConditionTable::Add(const TExpr& condition) { return AddNode(condition); }

ConditionTable::Ref ConditionTable::AddNode(const TExpr& e) {
  Node node;
  if (e.kind == TExprKind::kAnd || e.kind == TExprKind::kOr) {
    node.kind = e.kind == TExprKind::kAnd ? Kind::kAnd : Kind::kOr;
    node.left = AddNode(*e.args[0]);
    node.right = AddNode(*e.args[1]);
    const Node& l = nodes_[node.left];
    const Node& r = nodes_[node.right];
    node.present = l.present | r.present;
    node.required = node.kind == Kind::kAnd ? l.required | r.required : l.required & r.required;
  } else {
    node.kind = Kind::kLeaf;
    node.leaf = Intern(PrintTExpr(program_, e));
    if (!leaves_[node.leaf].is_leaf) {
      std::optional<Atom> atom = AsAtom(e);  // may intern the key: leaves_ may grow
      leaves_[node.leaf].is_leaf = true;
      leaves_[node.leaf].atom = atom;
    }
    const std::optional<Atom>& atom = leaves_[node.leaf].atom;
    node.is_true = e.kind == TExprKind::kConst && e.type.Is(TypeKind::kBool) && !e.constant.missing && e.constant.i;
    node.present = Bit(node.leaf) | (atom ? Bit(atom->key) : 0);
    // A leaf implies another when both are atoms on the same key, or when their texts match.
    node.required = node.is_true ? 0 : atom ? Bit(atom->key) : Bit(node.leaf);
  }
  nodes_.push_back(node);
  return static_cast<Ref>(nodes_.size() - 1);
}

namespace {

bool AtomBoundImplies(CompareOp a_op, double a_bound, CompareOp b_op, double b_bound) {
  auto lower = [](CompareOp op) { return op == CompareOp::kGe || op == CompareOp::kGt || op == CompareOp::kEq; };
  auto upper = [](CompareOp op) { return op == CompareOp::kLe || op == CompareOp::kLt || op == CompareOp::kEq; };
  switch (b_op) {
    case CompareOp::kGe: return lower(a_op) && a_bound >= b_bound;
    case CompareOp::kGt: return lower(a_op) && (a_bound > b_bound || (a_op == CompareOp::kGt && a_bound >= b_bound));
    case CompareOp::kLe: return upper(a_op) && a_bound <= b_bound;
    case CompareOp::kLt: return upper(a_op) && (a_bound < b_bound || (a_op == CompareOp::kLt && a_bound <= b_bound));
    case CompareOp::kEq: return a_op == CompareOp::kEq && a_bound == b_bound;
    case CompareOp::kNe:
      return (a_op == CompareOp::kEq && a_bound != b_bound) || (a_op == CompareOp::kNe && a_bound == b_bound) ||
             (a_op == CompareOp::kGt && a_bound >= b_bound) || (a_op == CompareOp::kGe && a_bound > b_bound) ||
             (a_op == CompareOp::kLt && a_bound <= b_bound) || (a_op == CompareOp::kLe && a_bound < b_bound);
  }
  return false;
}

}  // namespace

bool ConditionTable::LeafImplies(const Node& a, const Node& b) const {
  const std::optional<Atom>& atom_a = leaves_[a.leaf].atom;
  const std::optional<Atom>& atom_b = leaves_[b.leaf].atom;
  if (atom_a && atom_b)
    return atom_a->key == atom_b->key && AtomBoundImplies(atom_a->op, atom_a->bound, atom_b->op, atom_b->bound);
  return a.leaf == b.leaf;
}

bool ConditionTable::Implies(Ref a_ref, Ref b_ref) const {
  const Node& a = nodes_[a_ref];
  const Node& b = nodes_[b_ref];
  ++steps_;
  if (b.is_true) return true;
  if (b.kind == Kind::kAnd) return Implies(a_ref, b.left) && Implies(a_ref, b.right);
  if (a.kind == Kind::kOr) return Implies(a.left, b_ref) && Implies(a.right, b_ref);
  if (b.kind == Kind::kOr) return Implies(a_ref, b.left) || Implies(a_ref, b.right);
  if (a.kind == Kind::kAnd) return Implies(a.left, b_ref) || Implies(a.right, b_ref);
  return LeafImplies(a, b);
}

bool ConditionTable::Contradicts(Ref condition) const {
  struct Range {
    double lo = -1e300, hi = 1e300;
    bool lo_open = false, hi_open = false;
  };
  std::map<uint32_t, Range> ranges;  // by key
  // The conjuncts, looking through nested `and`s only.
  std::vector<Ref> pending{condition};
  while (!pending.empty()) {
    const Node& n = nodes_[pending.back()];
    pending.pop_back();
    if (n.kind == Kind::kAnd) {
      pending.push_back(n.left);
      pending.push_back(n.right);
      continue;
    }
    if (n.kind != Kind::kLeaf || !leaves_[n.leaf].atom) continue;
    const Atom& atom = *leaves_[n.leaf].atom;
    Range& r = ranges[atom.key];
    auto raise = [&](double v, bool open) {
      if (v > r.lo || (v == r.lo && open)) {
        r.lo = v;
        r.lo_open = open;
      }
    };
    auto lower = [&](double v, bool open) {
      if (v < r.hi || (v == r.hi && open)) {
        r.hi = v;
        r.hi_open = open;
      }
    };
    switch (atom.op) {
      case CompareOp::kGe: raise(atom.bound, false); break;
      case CompareOp::kGt: raise(atom.bound, true); break;
      case CompareOp::kLe: lower(atom.bound, false); break;
      case CompareOp::kLt: lower(atom.bound, true); break;
      case CompareOp::kEq:
        raise(atom.bound, false);
        lower(atom.bound, false);
        break;
      case CompareOp::kNe: break;
    }
    // Ranges only narrow, so the order the conjuncts come in does not matter.
    if (r.lo > r.hi || (r.lo == r.hi && (r.lo_open || r.hi_open))) return true;
  }
  return false;
}

}  // namespace seg::sema
