// Sequences of events: `sequence(views then paid within 7 days)`, `count(cart_adds then not paid
// within 3 days)`, `time_to(views then paid)`. Each step is a set of events with its own `where`
// and `during`, checked as count(...) checks its argument; each later step may have a limit, a
// positive duration known before the data is read. What they compute: runtime/kernels/sequence.h.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

namespace {

const char* kSequenceExample = "e.g. count(cart_adds then not paid within 3 days)";

bool HasSteps(const ast::CallExpr& expr) {
  for (const ast::CallArg& a : expr.args)
    if (!a.then.empty()) return true;
  return false;
}

}  // namespace

TExprPtr Checker::CheckSequenceCall(const ast::CallExpr& expr, const Scope& scope) {
  std::optional<SequenceMeasure> measure = lang::FindSequenceMeasure(expr.callee);
  if (!HasSteps(expr)) {
    if (!measure || *measure == SequenceMeasure::kCount) return nullptr;  // not a sequence at all
    sink_.Report(DiagCode::kMisplacedSequence, expr.span, expr.callee + "(...) needs a sequence of events: A then B")
        .help = expr.callee == "time_to" ? "e.g. time_to(product_views then paid)"
                                         : "e.g. sequence(product_views then paid within 7 days)";
    return Poison(expr.span);
  }
  if (!measure) {
    for (const ast::CallArg& a : expr.args) {
      if (a.then.empty()) continue;
      sink_
          .Report(DiagCode::kMisplacedSequence, a.then.front().span,
                  expr.callee + "(...) does not take a sequence of events")
          .help = std::string("count, sequence and time_to take one, ") + kSequenceExample;
      break;
    }
    return Poison(expr.span);
  }
  if (scope.event_set >= 0) {
    sink_.Report(DiagCode::kNestedAggregate, expr.span, expr.callee + "(...) cannot be used per event")
        .help = "compute it as a `let` first and use that name here";
    return Poison(expr.span);
  }
  if (expr.args.size() != 1 || !expr.args[0].name.empty()) {
    sink_.Report(DiagCode::kArgumentCount, expr.span, expr.callee + "(...) takes one sequence of events")
        .help = kSequenceExample;
    return Poison(expr.span);
  }
  const ast::CallArg& arg = expr.args[0];
  auto spec = std::make_shared<SequenceSpec>();
  spec->measure = *measure;
  spec->steps = arg.then.size() + 1;
  std::vector<TExprPtr> steps, limits;
  bool ok = true;
  auto add_step = [&](TExprPtr step) {
    ok &= !step->type.IsError();
    steps.push_back(std::move(step));
  };
  add_step(CheckSequenceStep(*arg.value, arg.where.get(), arg.during.get()));
  for (size_t i = 0; i < arg.then.size(); ++i) {
    const ast::SequenceStep& step = arg.then[i];
    add_step(CheckSequenceStep(*step.value, step.where.get(), step.during.get()));
    bool last = i + 1 == arg.then.size();
    if (step.negated && !last) {
      sink_.Report(DiagCode::kBadNegatedStep, step.span, "only the last step of a sequence can be `then not`")
          .help = "e.g. count(views then cart_adds within 1 days then not paid within 3 days)";
      ok = false;
    } else if (step.negated && *measure == SequenceMeasure::kTimeTo) {
      sink_.Report(DiagCode::kBadNegatedStep, step.span, "time_to(...) measures a sequence that happened")
          .help = "count(...) or sequence(...) ask for events that did not follow";
      ok = false;
    }
    spec->last_negated = step.negated && last;
    spec->has_limit.push_back(step.limit != nullptr);
    if (step.limit) {
      TExprPtr limit = CheckSequenceLimit(*step.limit);
      ok &= !limit->type.IsError();
      limits.push_back(std::move(limit));
    }
  }
  if (!ok) return Poison(expr.span);
  Type result = *measure == SequenceMeasure::kHappened ? kBoolType
                : *measure == SequenceMeasure::kCount  ? Type::Of(TypeKind::kInt)
                                                       : Type::Of(TypeKind::kDuration);
  auto e = MakeNode(TExprKind::kSequence, result, expr.span);
  e->sequence = spec;
  e->args = std::move(steps);
  e->args.insert(e->args.end(), limits.begin(), limits.end());
  return e;
}

// One step: a whole set of events (not a column of one), with its own `where` and `during`.
TExprPtr Checker::CheckSequenceStep(const ast::Expr& value, const ast::Expr* where, const ast::Window* during) {
  SourceSpan span = value.span;
  if (where != nullptr) span = SourceSpan::Cover(span, where->span);
  if (during != nullptr) span = SourceSpan::Cover(span, during->span);
  int32_t events = FindEventSet(value);
  if (events < 0 || value.kind != ast::ExprKind::kName) {
    if (value.kind == ast::ExprKind::kName && unparsed_.count(value.As<ast::NameExpr>().name)) return Poison(span);
    std::string example = program_->event_sets.empty() ? "orders" : program_->event_sets.front().name;
    if (events >= 0) {
      sink_.Report(DiagCode::kNotAnEventSet, value.span, "a step of a sequence is a set of events, not a column")
          .help = "filter the events instead, e.g. " + EventsName(events) + " where ...";
      return Poison(span);
    }
    TExprPtr probe = CheckExpr(value, Scope{});  // an unknown name gets its own error
    if (probe->type.IsError()) return Poison(span);
    sink_
        .Report(DiagCode::kNotAnEventSet, value.span,
                "a step of a sequence is a set of events, but this is " + ATypeName(probe->type) + " per customer")
        .help = "name an input of events or a derived set, e.g. " + example;
    return Poison(span);
  }
  auto agg = std::make_shared<AggregateSpec>();
  agg->func = AggFunc::kCount;
  agg->events = events;
  Scope event_scope;
  event_scope.event_set = events;
  if (where != nullptr) {
    TExprPtr filter = CheckCondition(*where, event_scope, "a `where` filter");
    if (filter->type.IsError()) return Poison(span);
    agg->filter = filter;
  }
  if (during != nullptr) {
    std::optional<WindowSpec> window = CheckWindow(*during);
    if (!window) return Poison(span);
    agg->window = std::move(*window);
  }
  auto e = MakeNode(TExprKind::kAggregate, Type::Of(TypeKind::kInt), span);
  e->aggregate = agg;
  return e;
}

// `within LIMIT`: a duration from literals and params; written out, it must be longer than 0.
TExprPtr Checker::CheckSequenceLimit(const ast::Expr& limit) {
  Scope constant;
  constant.constant_only = true;
  TExprPtr e = CheckExpr(limit, constant);
  if (e->type.IsError()) return e;
  if (!e->type.Is(TypeKind::kDuration)) {
    sink_
        .Report(DiagCode::kBadSequenceLimit, limit.span,
                "a step's `within` limit is a duration, but this is " + ATypeName(e->type))
        .help = "e.g. within 3 days, within 12 hours";
    return Poison(limit.span);
  }
  if (e->kind == TExprKind::kConst && (e->constant.missing || e->constant.i <= 0)) {
    sink_.Report(DiagCode::kBadSequenceLimit, limit.span, "a step's `within` limit must be longer than 0")
        .help = "e.g. within 3 days; leave `within` out for any time later";
    return Poison(limit.span);
  }
  return e;
}

}  // namespace seg::sema
