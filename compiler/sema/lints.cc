// Warnings on a program that checks: a `let` nothing uses, and a classification rule that can
// never match because an earlier rule takes every customer it would.
#include <functional>

#include "compiler/sema/checker_internal.h"
#include "compiler/sema/rule_conditions.h"

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

// Rules that an earlier rule always takes first. Each rule is compared with the
// kUnreachableRuleWindow rules before it (with all of them in any classification of up to that
// many rules and one), and the comparisons stop when the program's conditions have cost
// kUnreachableRuleSteps steps: so the work grows with the number of rules, not with its square,
// and not with the product of two long conditions either. A note says where either cut it short.
void ReportUnreachableRules(const Program& p, const std::vector<std::vector<ConditionTable::Ref>>& rule_refs,
                            const ConditionTable& conditions, DiagnosticSink& sink) {
  for (size_t ci = 0; ci < p.classifications.size(); ++ci) {
    const ClassificationSymbol& c = p.classifications[ci];
    const std::vector<ConditionTable::Ref>& refs = rule_refs[ci];
    bool spent = false;  // the budget ran out at rule k: it was not compared with all it should be
    size_t k = 1;
    for (; k < c.rules.size(); ++k) {
      if (refs[k] < 0) continue;
      for (size_t j = k > kUnreachableRuleWindow ? k - kUnreachableRuleWindow : 0; j < k; ++j) {
        if ((spent = conditions.steps() > kUnreachableRuleSteps)) break;
        if (refs[j] < 0 || !conditions.MayImply(refs[k], refs[j]) || !conditions.Implies(refs[k], refs[j])) continue;
        Diagnostic& d = sink.Report(DiagCode::kUnreachableRule, c.rules[k].span,
                                    "\"" + c.rules[k].label + "\" can never match: \"" + c.rules[j].label +
                                        "\" comes first and takes every customer it would");
        d.notes.push_back({c.rules[j].span, "\"" + c.rules[j].label + "\" is checked first"});
        d.help = "move \"" + c.rules[k].label + "\" above \"" + c.rules[j].label + "\", or narrow \"" +
                 c.rules[j].label + "\"";
        break;
      }
      if (spent) break;
    }
    if (spent) {
      sink.Report(DiagCode::kCheckCutShort, c.rules[k].span,
                  "the unreachable-rule check stopped at \"" + c.rules[k].label + "\" of '" + c.name +
                      "': the program's rule conditions took the " + std::to_string(kUnreachableRuleSteps) +
                      " steps it may spend")
          .help = "this rule and the " + std::to_string(c.rules.size() - k - 1) +
                  " after it were not compared with every earlier rule (docs/DIAGNOSTICS.md, N0001)";
    } else if (c.rules.size() > kUnreachableRuleWindow + 1) {
      sink.Report(DiagCode::kCheckCutShort, c.span,
                  "the unreachable-rule check compared each rule of '" + c.name + "' only with the " +
                      std::to_string(kUnreachableRuleWindow) + " rules before it (it has " +
                      std::to_string(c.rules.size()) + " rules)")
          .help = "a rule that only a rule further up could shadow is not reported (docs/DIAGNOSTICS.md, N0001)";
    }
  }
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

  // Conditions that no customer can meet. Each condition is added to the table once: the rules'
  // are compared pairwise below.
  ConditionTable conditions(p);
  auto add = [&](const TExprPtr& condition, const std::string& what) -> ConditionTable::Ref {
    if (condition->type.IsError()) return -1;
    ConditionTable::Ref ref = conditions.Add(*condition);
    if (conditions.Contradicts(ref)) {
      Diagnostic& d = sink_.Report(DiagCode::kAlwaysFalse, condition->span,
                                   what + " can never hold: its bounds leave no value");
      d.help = "check the comparisons: one of them is probably turned the wrong way";
    }
    return ref;
  };
  for (const TagSymbol& tag : p.tags) add(tag.condition, "tag '" + tag.name + "'");
  std::vector<std::vector<ConditionTable::Ref>> rule_refs;  // by classification and rule; -1: not typed
  for (const ClassificationSymbol& c : p.classifications) {
    std::vector<ConditionTable::Ref>& refs = rule_refs.emplace_back();
    for (const RuleSymbol& r : c.rules) refs.push_back(add(r.condition, "the rule for \"" + r.label + "\""));
    if (c.parent < 0 && !c.else_label) {
      Diagnostic& d = sink_.Report(DiagCode::kNoElse, c.span,
                                   "customers that match no rule of '" + c.name + "' get no bucket");
      d.help = "add `else \"Others\"` so that every customer lands in exactly one bucket";
    }
  }

  if (!sink_.IsDisabled(DiagCode::kUnreachableRule)) ReportUnreachableRules(p, rule_refs, conditions, sink_);
}

}  // namespace seg::sema
