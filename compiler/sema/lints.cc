// Warnings on a program that checks: a `let` nothing uses, and a classification rule that can
// never match because an earlier rule takes every customer it would.
#include <functional>
#include <map>

#include "compiler/sema/checker_internal.h"
#include "compiler/sema/typed_printer.h"

namespace seg::sema {

namespace {

void VisitExpr(const TExpr& e, const std::function<void(const TExpr&)>& visit) {
  visit(e);
  for (const TExprPtr& a : e.args) VisitExpr(*a, visit);
  if (e.aggregate) {
    if (e.aggregate->value) VisitExpr(*e.aggregate->value, visit);
    if (e.aggregate->filter) VisitExpr(*e.aggregate->filter, visit);
  }
}

// A condition `key op constant`, with the constant on the right.
struct Atom {
  std::string key;
  CompareOp op;
  double bound;
};

std::optional<Atom> AsAtom(const Program& program, const TExpr& e) {
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
  // On whole numbers, x > 3 is x >= 4: normalise so thresholds compare directly.
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
  return Atom{PrintTExpr(program, *lhs), op, bound};
}

bool AtomImplies(const Atom& a, const Atom& b) {
  if (a.key != b.key) return false;
  auto lower = [](CompareOp op) { return op == CompareOp::kGe || op == CompareOp::kGt || op == CompareOp::kEq; };
  auto upper = [](CompareOp op) { return op == CompareOp::kLe || op == CompareOp::kLt || op == CompareOp::kEq; };
  switch (b.op) {
    case CompareOp::kGe: return lower(a.op) && a.bound >= b.bound;
    case CompareOp::kGt: return lower(a.op) && (a.bound > b.bound || (a.op == CompareOp::kGt && a.bound >= b.bound));
    case CompareOp::kLe: return upper(a.op) && a.bound <= b.bound;
    case CompareOp::kLt: return upper(a.op) && (a.bound < b.bound || (a.op == CompareOp::kLt && a.bound <= b.bound));
    case CompareOp::kEq: return a.op == CompareOp::kEq && a.bound == b.bound;
    case CompareOp::kNe:
      return (a.op == CompareOp::kEq && a.bound != b.bound) || (a.op == CompareOp::kNe && a.bound == b.bound) ||
             (a.op == CompareOp::kGt && a.bound >= b.bound) || (a.op == CompareOp::kGe && a.bound > b.bound) ||
             (a.op == CompareOp::kLt && a.bound <= b.bound) || (a.op == CompareOp::kLe && a.bound < b.bound);
  }
  return false;
}

// Does every customer that satisfies `a` also satisfy `b`? Sound but not complete: false when
// the conditions do not show it.
bool Implies(const Program& program, const TExpr& a, const TExpr& b) {
  if (b.kind == TExprKind::kConst && b.type.Is(TypeKind::kBool) && !b.constant.missing && b.constant.i) return true;
  if (b.kind == TExprKind::kAnd) return Implies(program, a, *b.args[0]) && Implies(program, a, *b.args[1]);
  if (a.kind == TExprKind::kOr) return Implies(program, *a.args[0], b) && Implies(program, *a.args[1], b);
  if (b.kind == TExprKind::kOr) return Implies(program, a, *b.args[0]) || Implies(program, a, *b.args[1]);
  if (a.kind == TExprKind::kAnd) return Implies(program, *a.args[0], b) || Implies(program, *a.args[1], b);
  std::optional<Atom> atom_a = AsAtom(program, a), atom_b = AsAtom(program, b);
  if (atom_a && atom_b) return AtomImplies(*atom_a, *atom_b);
  return PrintTExpr(program, a) == PrintTExpr(program, b);
}

// The atoms of a conjunction: `a and b and c`, looking through nested `and`s only.
void Conjuncts(const TExpr& e, std::vector<const TExpr*>& out) {
  if (e.kind == TExprKind::kAnd) {
    Conjuncts(*e.args[0], out);
    Conjuncts(*e.args[1], out);
  } else {
    out.push_back(&e);
  }
}

// True when the conjunction bounds one value into an empty range: `age > 65 and age < 18`.
bool Contradicts(const Program& program, const TExpr& condition) {
  std::vector<const TExpr*> parts;
  Conjuncts(condition, parts);
  struct Range {
    double lo = -1e300, hi = 1e300;
    bool lo_open = false, hi_open = false;
  };
  std::map<std::string, Range> ranges;
  for (const TExpr* part : parts) {
    std::optional<Atom> atom = AsAtom(program, *part);
    if (!atom) continue;
    Range& r = ranges[atom->key];
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
    switch (atom->op) {
      case CompareOp::kGe: raise(atom->bound, false); break;
      case CompareOp::kGt: raise(atom->bound, true); break;
      case CompareOp::kLe: lower(atom->bound, false); break;
      case CompareOp::kLt: lower(atom->bound, true); break;
      case CompareOp::kEq:
        raise(atom->bound, false);
        lower(atom->bound, false);
        break;
      case CompareOp::kNe: break;
    }
    if (r.lo > r.hi || (r.lo == r.hi && (r.lo_open || r.hi_open))) return true;
  }
  return false;
}

}  // namespace

void Checker::RunLints() {
  const Program& p = *program_;
  // Unused lets: referenced from nowhere (tests count as a use).
  std::vector<bool> used(p.lets.size(), false);
  auto mark = [&](const TExpr& e) {
    if (e.kind == TExprKind::kLetRef) used[e.symbol] = true;
  };
  for (const LetSymbol& let : p.lets) VisitExpr(*let.value, mark);
  for (const TagSymbol& tag : p.tags) VisitExpr(*tag.condition, mark);
  for (const ScoreSymbol& score : p.scores) VisitExpr(*score.value, mark);
  for (const ClassificationSymbol& c : p.classifications) {
    for (const RuleSymbol& r : c.rules) VisitExpr(*r.condition, mark);
  }
  for (const EventSetSymbol& set : p.event_sets) {
    for (const TExprPtr& f : set.filters) VisitExpr(*f, mark);
    for (const ColumnSymbol& c : set.columns) {
      if (c.definition) VisitExpr(*c.definition, mark);
    }
  }
  for (const TestSymbol& t : p.tests) {
    for (const Expectation& e : t.expectations) {
      if (e.metric_kind == TExprKind::kLetRef && e.symbol >= 0 &&
          (e.kind == ast::TestStmtKind::kExpectValue || e.kind == ast::TestStmtKind::kExpectMissing))
        used[e.symbol] = true;
    }
  }
  for (size_t i = 0; i < p.lets.size(); ++i) {
    // A let named as_of was reported as a reserved name already.
    if (used[i] || let_referenced_[i] || let_in_library_[i] || p.lets[i].name == "as_of" ||
        output_lets_.count(p.lets[i].name) || IsReportRevenue(p.lets[i].name, p.lets[i].value->type))
      continue;
    Diagnostic& d = sink_.Report(DiagCode::kUnusedLet, p.lets[i].span, "'" + p.lets[i].name + "' is never used");
    d.help = "remove it, or use it in a tag, segment or score (seg run --with " + p.lets[i].name + " prints it)";
  }

  // Conditions that no customer can meet.
  auto always_false = [&](const TExprPtr& condition, const std::string& what) {
    if (condition->type.IsError() || !Contradicts(p, *condition)) return;
    Diagnostic& d = sink_.Report(DiagCode::kAlwaysFalse, condition->span,
                                 what + " can never hold: its bounds leave no value");
    d.help = "check the comparisons: one of them is probably turned the wrong way";
  };
  for (const TagSymbol& tag : p.tags) always_false(tag.condition, "tag '" + tag.name + "'");
  for (const ClassificationSymbol& c : p.classifications) {
    for (const RuleSymbol& r : c.rules) always_false(r.condition, "the rule for \"" + r.label + "\"");
    if (c.parent < 0 && !c.else_label) {
      Diagnostic& d = sink_.Report(DiagCode::kNoElse, c.span,
                                   "customers that match no rule of '" + c.name + "' get no bucket");
      d.help = "add `else \"Others\"` so that every customer lands in exactly one bucket";
    }
  }

  // Rules that an earlier rule always takes first.
  for (const ClassificationSymbol& c : p.classifications) {
    for (size_t k = 1; k < c.rules.size(); ++k) {
      for (size_t j = 0; j < k; ++j) {
        if (c.rules[j].condition->type.IsError() || c.rules[k].condition->type.IsError()) continue;
        if (!Implies(p, *c.rules[k].condition, *c.rules[j].condition)) continue;
        Diagnostic& d = sink_.Report(DiagCode::kUnreachableRule, c.rules[k].span,
                                     "\"" + c.rules[k].label + "\" can never match: \"" + c.rules[j].label +
                                         "\" comes first and takes every customer it would");
        d.notes.push_back({c.rules[j].span, "\"" + c.rules[j].label + "\" is checked first"});
        d.help = "move \"" + c.rules[k].label + "\" above \"" + c.rules[j].label + "\", or narrow \"" +
                 c.rules[j].label + "\"";
        break;
      }
    }
  }
}

}  // namespace seg::sema
