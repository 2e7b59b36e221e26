// Aggregates over a customer's events (count, sum, avg, percentile, streaks, ...): what each takes
// and gives, its filter and window, and percentile's fraction.
#include "compiler/lang/aggregate_traits.h"
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

TExprPtr Checker::CheckAggregate(const ast::CallExpr& expr, AggFunc func, const Scope& scope) {
  std::string name = expr.callee;
  const lang::AggTraits& traits = lang::Traits(func);
  if (scope.event_set >= 0) {
    sink_.Report(DiagCode::kNestedAggregate, expr.span, name + "(...) cannot be used per event")
        .help = "compute it as a `let` first and use that name here";
    return Poison(expr.span);
  }
  // percentile(orders.amount where ... during ..., 0.9): the fraction comes after the events.
  size_t wanted = traits.takes_fraction ? 2 : 1;
  if (expr.args.size() != wanted || !expr.args[0].name.empty()) {
    if (traits.takes_fraction) {
      sink_.Report(DiagCode::kArgumentCount, expr.span, "percentile(...) takes a set of event values and a fraction")
          .help = "e.g. percentile(orders.amount during last 90 days, 0.9)";
      return Poison(expr.span);
    }
    Diagnostic& d = sink_.Report(DiagCode::kArgumentCount, expr.span, name + "(...) takes one set of events");
    d.help = "e.g. " + name +
             (func == AggFunc::kCount ? "(orders where discounted during last 30 days)"
                                      : "(orders.amount during last 90 days)");
    return Poison(expr.span);
  }
  const ast::CallArg& arg = expr.args[0];
  std::optional<double> fraction;
  if (traits.takes_fraction && !(fraction = CheckFraction(expr.args[1]))) return Poison(expr.span);
  int32_t events = FindEventSet(*arg.value);
  if (events < 0) {
    if (arg.value->kind == ast::ExprKind::kName && unparsed_.count(arg.value->As<ast::NameExpr>().name))
      return Poison(expr.span);
    // An unknown name deserves its own error with a did-you-mean.
    TExprPtr probe = CheckExpr(*arg.value, Scope{});
    if (probe->type.IsError()) return Poison(expr.span);
    Diagnostic& d = sink_.Report(DiagCode::kNotAnEventSet, arg.value->span,
                                 name + "(...) aggregates events, but this is " + ATypeName(probe->type) +
                                     " per customer");
    std::string example = program_->event_sets.empty() ? "orders" : program_->event_sets.front().name;
    d.help = "aggregate an input of events, e.g. " + name + "(" + example + ")";
    return Poison(expr.span);
  }
  Scope event_scope;
  event_scope.event_set = events;
  auto spec = std::make_shared<AggregateSpec>();
  spec->func = func;
  spec->events = events;
  bool whole_set = arg.value->kind == ast::ExprKind::kName;  // count(orders), not count(orders.x)
  const EventSetSymbol& set = program_->event_sets[events];
  Type result = Type::Of(TypeKind::kInt);
  if (!whole_set) {
    TExprPtr value = RequireValue(CheckExpr(*arg.value, event_scope));
    if (value->type.IsError()) return Poison(expr.span);
    spec->value = value;
  }
  // avg_gap takes a date or timestamp or, without one, the event time.
  bool needs_value = traits.values != lang::AggValues::kNone && traits.values != lang::AggValues::kTimes;
  if (fraction) spec->fraction = *fraction;
  if (whole_set && needs_value) {
    Diagnostic& d = sink_.Report(DiagCode::kArgumentType, arg.value->span,
                                 name + "(...) needs a column of " + set.name);
    std::string column = set.columns.size() > 2 ? set.columns.front().name : "amount";
    for (const ColumnSymbol& c : set.columns) {
      if (c.type.IsNumeric()) {
        column = c.name;
        break;
      }
    }
    d.help = "e.g. " + name + "(" + set.name + "." + column + ")";
    return Poison(expr.span);
  }
  const Type vt = spec->value ? spec->value->type : Type::Error();
  auto bad_value = [&](const std::string& wants) {
    sink_.Report(DiagCode::kArgumentType, spec->value->span,
                 name + "(...) needs " + wants + ", but this is " + ATypeName(vt));
    return Poison(expr.span);
  };
  switch (traits.values) {
    case lang::AggValues::kNone:
      if (spec->value && !traits.period) {
        Diagnostic& d = sink_.Report(DiagCode::kArgumentType, arg.value->span, "count(...) counts events, not values");
        d.help = "count(" + set.name + " where ...) counts events; count_distinct(" + set.name +
                 ".x) counts distinct values";
        return Poison(expr.span);
      }
      if (spec->value) {
        const char* periods = *traits.period == rt::PeriodUnit::kWeek    ? "weeks"
                              : *traits.period == rt::PeriodUnit::kMonth ? "months"
                                                                         : "days";
        sink_
            .Report(DiagCode::kArgumentType, arg.value->span,
                    name + "(...) counts " + periods + " with events: give it the events")
            .help = "e.g. " + name + "(" + set.name + " where ...)";
        return Poison(expr.span);
      }
      break;
    case lang::AggValues::kNumbers:
      if (!vt.IsNumeric() && !vt.Is(TypeKind::kDuration)) return bad_value("numbers, money or durations");
      break;
    case lang::AggValues::kOrdered:
      if (!vt.IsNumeric() && !vt.Is(TypeKind::kDuration) && !vt.Is(TypeKind::kDate) && !vt.Is(TypeKind::kTimestamp) &&
          !vt.IsTextLike())
        return bad_value("values that can be ordered");
      break;
    case lang::AggValues::kSingle:
      if (vt.Is(TypeKind::kTags)) return bad_value("a single value per event");
      break;
    case lang::AggValues::kDiscrete:
      // Floats are left out: equal-looking floats differ in their last bits, so "most frequent"
      // (and "distinct") misleads.
      if (vt.Is(TypeKind::kTags) || vt.Is(TypeKind::kFloat))
        return bad_value("text, ids, whole numbers, dates or money");
      break;
    case lang::AggValues::kTimes:
      if (spec->value && !vt.Is(TypeKind::kDate) && !vt.Is(TypeKind::kTimestamp))
        return bad_value("dates or timestamps");
      break;
  }
  switch (traits.result) {
    case lang::AggResult::kInt: result = Type::Of(TypeKind::kInt); break;
    case lang::AggResult::kValue: result = vt; break;
    // As avg: ints give a float, money and durations keep their unit (rounded to it).
    case lang::AggResult::kFloatForInt: result = vt.Is(TypeKind::kInt) ? Type::Of(TypeKind::kFloat) : vt; break;
    case lang::AggResult::kDuration: result = Type::Of(TypeKind::kDuration); break;
  }
  if (arg.where) {
    TExprPtr filter = CheckCondition(*arg.where, event_scope, "a `where` filter");
    if (filter->type.IsError()) return Poison(expr.span);
    spec->filter = filter;
  }
  if (arg.during) {
    std::optional<WindowSpec> window = CheckWindow(*arg.during);
    if (!window) return Poison(expr.span);
    spec->window = std::move(*window);
  }
  auto e = MakeNode(TExprKind::kAggregate, result, expr.span);
  e->aggregate = spec;
  return e;
}

// percentile's fraction: a number written out, 0 to 1 (0.9 is the 90th percentile).
std::optional<double> Checker::CheckFraction(const ast::CallArg& arg) {
  if (!arg.name.empty() || arg.where || arg.during) {
    sink_.Report(DiagCode::kUnknownOption, arg.span, "percentile(...)'s fraction is a plain number")
        .help = "put `where` and `during` on the events: percentile(orders.amount during last 90 days, 0.9)";
    return std::nullopt;
  }
  Scope constant;
  constant.constant_only = true;
  TExprPtr p = CheckExpr(*arg.value, constant);
  if (p->type.IsError()) return std::nullopt;
  if (p->kind != TExprKind::kConst || !p->type.IsNumeric() || p->type.Is(TypeKind::kMoney) || p->constant.missing) {
    sink_
        .Report(DiagCode::kNotConstant, p->span,
                "percentile(...) needs its fraction written out as a number from 0 to 1")
        .help = "e.g. percentile(orders.amount, 0.9) for the 90th percentile";
    return std::nullopt;
  }
  double f = p->type.Is(TypeKind::kFloat) ? p->constant.f : static_cast<double>(p->constant.i);
  if (!(f >= 0 && f <= 1)) {
    sink_
        .Report(DiagCode::kArgumentType, p->span,
                "a percentile's fraction is from 0 to 1, not " + FormatValue(p->constant))
        .help = "0.9 is the 90th percentile, 0.5 the median";
    return std::nullopt;
  }
  return f;
}

}  // namespace seg::sema
