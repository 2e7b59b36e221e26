// The symbols checked lazily, when first used or in declaration order, whichever comes first: lets,
// tags, scores and classifications (segments). A symbol being checked is in progress (state 1);
// meeting it again is a dependency cycle.
#include <string_view>
#include <unordered_set>

#include "compiler/sema/checker_internal.h"

namespace seg::sema {

namespace {
// Starts checking symbol `index` of `symbols` (whose checking states are `state`): its name and
// span set, or null when it is checked already or in progress, a dependency cycle, reported once
// at the symbol where it closed.
template <class Symbol>
Symbol* EnterLazy(std::vector<int>& state, std::vector<Symbol>& symbols, int32_t index, const ast::Name& name,
                  DiagnosticSink& sink, bool& reported) {
  if (state[index] == 2) return nullptr;
  if (state[index] == 1) {
    if (!reported) {
      sink.Report(DiagCode::kCyclicDefinition, name.span, "'" + name.text + "' depends on itself")
          .help = "break the circle: a definition cannot use itself, directly or through others";
      reported = true;
    }
    return nullptr;
  }
  state[index] = 1;
  Symbol& symbol = symbols[index];
  symbol.name = name.text;
  symbol.span = name.span;
  return &symbol;
}
}  // namespace

void Checker::EnsureLet(int32_t index) {
  const ast::LetDecl& decl = *let_decls_[index];
  LetSymbol* let = EnterLazy(let_state_, program_->lets, index, decl.name, sink_, reported_cycle_);
  if (let == nullptr) return;
  let->module_file = decl.span.file;
  let->value = Poison(decl.span);  // visible as poison while in progress (cycles)
  TExprPtr value = CheckExpr(*decl.value, Scope{});
  if (!value->type.IsError() && !value->type.IsValue()) {
    Diagnostic& d = sink_.Report(DiagCode::kNotAnEventSet, value->span,
                                 "'" + decl.name.text + "' would be a set of events, not a value per customer");
    d.help = "derive event sets with `events " + decl.name.text + " = ...`, or aggregate them: count(...)";
    value = Poison(value->span);
  }
  program_->lets[index].value = value;
  let_state_[index] = 2;
}

void Checker::EnsureTag(int32_t index) {
  const ast::TagDecl& decl = *tag_decls_[index];
  TagSymbol* tag = EnterLazy(tag_state_, program_->tags, index, decl.name, sink_, reported_cycle_);
  if (tag == nullptr) return;
  tag->condition = Poison(decl.span);
  TExprPtr condition = CheckCondition(*decl.condition, Scope{}, "a tag's condition");
  program_->tags[index].condition = condition;
  tag_state_[index] = 2;
}

void Checker::EnsureScore(int32_t index) {
  const ast::ScoreDecl& decl = *score_decls_[index];
  ScoreSymbol* score = EnterLazy(score_state_, program_->scores, index, decl.name, sink_, reported_cycle_);
  if (score == nullptr) return;
  score->value = Poison(decl.span);
  TExprPtr value = CheckExpr(*decl.value, Scope{});
  if (!value->type.IsError() && !value->type.IsNumeric()) {
    Diagnostic& d = sink_.Report(DiagCode::kTypeMismatch, value->span,
                                 "a score is a number, but this is " + ATypeName(value->type));
    if (value->type.Is(TypeKind::kDuration)) d.help = "turn a duration into a number with days(...)";
    value = Poison(value->span);
  }
  program_->scores[index].value = value;
  score_state_[index] = 2;
}

void Checker::EnsureClassification(int32_t index) {
  const ast::SegmentsDecl& decl = *class_decls_[index];
  ClassificationSymbol* cls = EnterLazy(class_state_, program_->classifications, index, decl.name, sink_,
                                        reported_cycle_);
  if (cls == nullptr) return;
  if (decl.parent_class) {
    const SymbolRef* parent = Lookup(decl.parent_class->text);
    if (parent == nullptr || parent->kind != SymbolKind::kClassification) {
      if (!unparsed_.count(decl.parent_class->text)) {
        Diagnostic& d = sink_.Report(DiagCode::kBadRefinement, decl.parent_class->span,
                                     "'" + decl.parent_class->text + "' is not a classification");
        std::vector<std::string> candidates;
        for (const ast::SegmentsDecl* c : class_decls_) candidates.push_back(c->name.text);
        SuggestClosestName(d, decl.parent_class->text, candidates);
      }
    } else {
      EnsureClassification(parent->index);
      const ClassificationSymbol& p = program_->classifications[parent->index];
      if (class_state_[parent->index] == 2 && !HasBucket(parent->index, decl.parent_bucket->text)) {
        Diagnostic& d = sink_.Report(DiagCode::kUnknownBucket, decl.parent_bucket->span,
                                     "'" + p.name + "' has no bucket \"" + decl.parent_bucket->text + "\"");
        if (auto close = ClosestName(decl.parent_bucket->text, p.Buckets()))
          d.help = "did you mean \"" + *close + "\"?";
      }
      program_->classifications[index].parent = parent->index;
      program_->classifications[index].parent_bucket = decl.parent_bucket->text;
    }
  }
  std::map<std::string, SourceSpan> seen;
  for (const ast::SegmentRule& rule : decl.rules) {
    TExprPtr condition = CheckCondition(*rule.condition, Scope{}, "a segment rule");
    auto [it, inserted] = seen.emplace(rule.label.text, rule.label.span);
    if (!inserted) {
      Diagnostic& d = sink_.Report(DiagCode::kDuplicateBucket, rule.label.span,
                                   "\"" + rule.label.text + "\" is already a bucket of '" + decl.name.text + "'");
      d.notes.push_back({it->second, "first rule for it"});
      d.help = "merge the two conditions with `or`, or give the bucket another name";
    }
    program_->classifications[index].rules.push_back({rule.label.text, rule.label.span, condition});
  }
  if (decl.else_label) program_->classifications[index].else_label = decl.else_label->text;
  class_state_[index] = 2;
}

std::vector<std::string> ClassificationSymbol::Buckets() const {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;  // views into rules and else_label, which outlive it
  for (const RuleSymbol& r : rules) {
    if (seen.insert(r.label).second) out.push_back(r.label);
  }
  if (else_label && seen.insert(*else_label).second) out.push_back(*else_label);
  return out;
}

bool Checker::HasBucket(int32_t index, const std::string& label) {
  const ClassificationSymbol& c = program_->classifications[index];
  // Still being checked (a cycle through it): its buckets so far, the same answer Buckets() gives.
  if (class_state_[index] != 2) {
    for (const RuleSymbol& r : c.rules)
      if (r.label == label) return true;
    return c.else_label == label;
  }
  auto [it, added] = bucket_sets_.try_emplace(index);
  if (added) {
    for (const RuleSymbol& r : c.rules) it->second.insert(r.label);
    if (c.else_label) it->second.insert(*c.else_label);
  }
  return it->second.count(label) > 0;
}

}  // namespace seg::sema
