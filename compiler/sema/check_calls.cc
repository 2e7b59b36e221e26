// Calls: aggregates over a customer's events, population-wide functions, scalar builtins; and
// the time windows that aggregates and `within` use.
#include "compiler/sema/checker_internal.h"
#include "runtime/kernels/regex.h"

namespace seg::sema {

namespace {

bool IsPopulation(const std::string& name) {
  return name == "quantile_bin" || name == "quintile" || name == "quartile" || name == "decile" || name == "ntile" ||
         name == "percent_rank" || name == "cumulative_share";
}

bool IsModelFitName(const std::string& name) {
  return name == "p_alive" || name == "expected_purchases" || name == "expected_spend" || name == "fitted_clv";
}

}  // namespace

TExprPtr Checker::CheckCall(const ast::CallExpr& expr, const Scope& scope) {
  if (TExprPtr sequence = CheckSequenceCall(expr, scope)) return sequence;
  if (std::optional<AggFunc> aggregate = lang::FindAggFunc(expr.callee)) return CheckAggregate(expr, *aggregate, scope);
  if (IsPopulation(expr.callee)) return CheckPopulation(expr, scope);
  if (IsModelFitName(expr.callee)) return CheckModelFit(expr, scope);
  if (const BuiltinInfo* info = FindBuiltin(expr.callee)) return CheckBuiltin(expr, *info, scope);
  Diagnostic& d = sink_.Report(DiagCode::kUnknownFunction, expr.callee_span, "unknown function '" + expr.callee + "'");
  if (auto close = ClosestName(expr.callee, AllFunctionNames())) d.help = "did you mean '" + *close + "'?";
  else d.help = "docs/LANGUAGE.md lists the functions";
  return Poison(expr.span);
}

TExprPtr Checker::CheckAggregate(const ast::CallExpr& expr, AggFunc func, const Scope& scope) {
  std::string name = expr.callee;
  if (scope.event_set >= 0) {
    sink_.Report(DiagCode::kNestedAggregate, expr.span, name + "(...) cannot be used per event")
        .help = "compute it as a `let` first and use that name here";
    return Poison(expr.span);
  }
  // percentile(orders.amount where ... during ..., 0.9): the fraction comes after the events.
  size_t wanted = func == AggFunc::kPercentile ? 2 : 1;
  if (expr.args.size() != wanted || !expr.args[0].name.empty()) {
    if (func == AggFunc::kPercentile) {
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
  if (func == AggFunc::kPercentile && !(fraction = CheckFraction(expr.args[1]))) return Poison(expr.span);
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
  bool needs_value = func == AggFunc::kSum || func == AggFunc::kAvg || func == AggFunc::kMin || func == AggFunc::kMax ||
                     func == AggFunc::kFirst || func == AggFunc::kLast || func == AggFunc::kCountDistinct ||
                     func == AggFunc::kMedian || func == AggFunc::kPercentile || func == AggFunc::kStdDev ||
                     func == AggFunc::kMode;
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
  switch (func) {
    case AggFunc::kCount:
      if (spec->value) {
        Diagnostic& d = sink_.Report(DiagCode::kArgumentType, arg.value->span, "count(...) counts events, not values");
        d.help = "count(" + set.name + " where ...) counts events; count_distinct(" + set.name +
                 ".x) counts distinct values";
        return Poison(expr.span);
      }
      break;
    case AggFunc::kSum:
      if (!vt.IsNumeric() && !vt.Is(TypeKind::kDuration)) return bad_value("numbers, money or durations");
      result = vt;
      break;
    case AggFunc::kAvg:
      if (!vt.IsNumeric() && !vt.Is(TypeKind::kDuration)) return bad_value("numbers, money or durations");
      result = vt.Is(TypeKind::kInt) ? Type::Of(TypeKind::kFloat) : vt;
      break;
    case AggFunc::kMin:
    case AggFunc::kMax:
      if (!vt.IsNumeric() && !vt.Is(TypeKind::kDuration) && !vt.Is(TypeKind::kDate) && !vt.Is(TypeKind::kTimestamp) &&
          !vt.IsTextLike())
        return bad_value("values that can be ordered");
      result = vt;
      break;
    case AggFunc::kFirst:
    case AggFunc::kLast:
      if (vt.Is(TypeKind::kTags)) return bad_value("a single value per event");
      result = vt;
      break;
    case AggFunc::kCountDistinct:
      if (vt.Is(TypeKind::kTags) || vt.Is(TypeKind::kFloat))
        return bad_value("text, ids, whole numbers, dates or money");
      break;
    case AggFunc::kActiveDays:
    case AggFunc::kStreakDays:
    case AggFunc::kCurrentStreakDays:
    case AggFunc::kStreakWeeks:
    case AggFunc::kStreakMonths:
    case AggFunc::kCurrentStreakWeeks:
    case AggFunc::kCurrentStreakMonths:
      if (spec->value) {
        const char* periods = *lang::StreakPeriod(func) == rt::PeriodUnit::kWeek    ? "weeks"
                              : *lang::StreakPeriod(func) == rt::PeriodUnit::kMonth ? "months"
                                                                                    : "days";
        sink_
            .Report(DiagCode::kArgumentType, arg.value->span,
                    name + "(...) counts " + periods + " with events: give it the events")
            .help = "e.g. " + name + "(" + set.name + " where ...)";
        return Poison(expr.span);
      }
      break;
    case AggFunc::kMedian:
    case AggFunc::kPercentile:
    case AggFunc::kStdDev:
      // As avg: ints give a float, money and durations keep their unit (rounded to it).
      if (!vt.IsNumeric() && !vt.Is(TypeKind::kDuration)) return bad_value("numbers, money or durations");
      result = vt.Is(TypeKind::kInt) ? Type::Of(TypeKind::kFloat) : vt;
      break;
    case AggFunc::kMode:
      // Floats are left out: equal-looking floats differ in their last bits, so "most frequent" misleads.
      if (vt.Is(TypeKind::kTags) || vt.Is(TypeKind::kFloat))
        return bad_value("text, ids, whole numbers, dates or money");
      result = vt;
      break;
    case AggFunc::kAvgGap:
      if (spec->value && !vt.Is(TypeKind::kDate) && !vt.Is(TypeKind::kTimestamp))
        return bad_value("dates or timestamps");
      result = Type::Of(TypeKind::kDuration);
      break;
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

TExprPtr Checker::CheckPopulation(const ast::CallExpr& expr, const Scope& scope) {
  if (scope.event_set >= 0) {
    sink_.Report(DiagCode::kPopulationInEvents, expr.span, expr.callee + "(...) ranks customers, not events")
        .help = "compute it as a `let` and compare with that";
    return Poison(expr.span);
  }
  auto spec = std::make_shared<PopulationSpec>();
  const std::string& name = expr.callee;
  spec->func = name == "percent_rank"       ? PopFunc::kPercentRank
               : name == "cumulative_share" ? PopFunc::kCumulativeShare
                                            : PopFunc::kQuantileBin;
  spec->bins = name == "quartile" ? 4 : name == "decile" ? 10 : 5;
  if (name == "ntile") spec->method = BinMethod::kNtile;
  bool needs_bins = name == "quantile_bin" || name == "ntile";
  bool has_bins = false;
  if (expr.args.empty()) {
    sink_.Report(DiagCode::kArgumentCount, expr.span, name + "(...) needs the value to rank customers by");
    return Poison(expr.span);
  }
  if (spec->func == PopFunc::kCumulativeShare && expr.args.size() > 1) {
    sink_.Report(DiagCode::kArgumentCount, expr.args[1].span, "cumulative_share(...) takes one value")
        .help = "e.g. cumulative_share(monetary) <= 0.8: the customers making 80% of it";
    return Poison(expr.span);
  }
  TExprPtr value = RequireValue(CheckExpr(*expr.args[0].value, scope));
  if (value->type.IsError()) return Poison(expr.span);
  if (!value->type.IsNumeric() && !value->type.Is(TypeKind::kDuration) && !value->type.Is(TypeKind::kDate) &&
      !value->type.Is(TypeKind::kTimestamp)) {
    sink_.Report(DiagCode::kArgumentType, value->span,
                 name + "(...) ranks numbers, money, durations or dates; this is " + ATypeName(value->type));
    return Poison(expr.span);
  }
  auto option_word = [&](const std::string& word, SourceSpan span) {
    if (word == "descending") spec->descending = true;
    else if (word == "ascending") spec->descending = false;
    else if (word == "rfm") spec->method = BinMethod::kRfm;
    else if (word == "qcut") spec->method = BinMethod::kQcut;
    else if (word == "qcut_rank") spec->method = BinMethod::kQcutRank;
    else if (word == "ntile") spec->method = BinMethod::kNtile;
    else {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownOption, span, "'" + word + "' is not an option of " + name);
      if (auto close = ClosestName(word, {"descending", "ascending", "rfm", "qcut", "qcut_rank", "ntile"}))
        d.help = "did you mean '" + *close + "'?";
      else d.help = "options: ascending, descending, and a method: rfm, qcut, qcut_rank, ntile";
      return false;
    }
    return true;
  };
  for (size_t i = 1; i < expr.args.size(); ++i) {
    const ast::CallArg& arg = expr.args[i];
    if (arg.where || arg.during) {
      sink_.Report(DiagCode::kArgumentType, arg.span, "`where` and `during` belong to aggregates");
      return Poison(expr.span);
    }
    std::string key = arg.name;
    if (key.empty() && arg.value->kind == ast::ExprKind::kName) {
      if (!option_word(arg.value->As<ast::NameExpr>().name, arg.value->span)) return Poison(expr.span);
      continue;
    }
    if (key.empty() && arg.value->kind == ast::ExprKind::kInt && needs_bins && !has_bins) key = "bins";
    if (key == "bins" && spec->func == PopFunc::kQuantileBin) {
      if (arg.value->kind != ast::ExprKind::kInt || arg.value->As<ast::IntLit>().value < 2 ||
          arg.value->As<ast::IntLit>().value > 1000) {
        sink_.Report(DiagCode::kArgumentType, arg.value->span, "the number of bins is a whole number from 2 to 1000");
        return Poison(expr.span);
      }
      spec->bins = static_cast<int32_t>(arg.value->As<ast::IntLit>().value);
      has_bins = true;
    } else if ((key == "method" || key == "order") && arg.value->kind == ast::ExprKind::kName) {
      if (!option_word(arg.value->As<ast::NameExpr>().name, arg.value->span)) return Poison(expr.span);
    } else {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownOption, arg.span, "this argument is not understood by " + name);
      d.help = name == "percent_rank" ? "percent_rank(x) or percent_rank(x, descending)"
                                      : name + "(x, bins: 5, method: rfm|qcut|qcut_rank|ntile, descending)";
      return Poison(expr.span);
    }
  }
  if (needs_bins && !has_bins) {
    sink_.Report(DiagCode::kArgumentCount, expr.span, name + "(...) needs the number of bins").help = "e.g. " + name +
                                                                                                      "(monetary, 10)";
    return Poison(expr.span);
  }
  auto e = MakeNode(TExprKind::kPopulation,
                    spec->func == PopFunc::kQuantileBin ? Type::Of(TypeKind::kInt) : Type::Of(TypeKind::kFloat),
                    expr.span);
  e->population = spec;
  e->args = {value};
  return e;
}

// matches(text, pattern): the pattern is a text constant, so that it is compiled (and refused,
// located) once at check time and never per row or per run.
bool Checker::CheckRegexPattern(const TExpr& pattern) {
  if (pattern.kind != TExprKind::kConst || pattern.constant.missing) {
    sink_.Report(DiagCode::kNotConstant, pattern.span, "matches(...) needs its pattern written out as a text constant")
        .help = "e.g. matches(email, \"@(gmail|googlemail)\\\\.com$\")";
    return false;
  }
  std::string error = rt::fn::RegexError(pattern.constant.s);
  if (error.empty()) return true;
  sink_.Report(DiagCode::kBadPattern, pattern.span, "this regular expression does not compile: " + error).help =
      "matches(...) takes RE2 syntax (no backreferences or lookaround); a literal . ( [ needs a backslash, "
      "written \\\\ in seg text: \"\\\\.\"";
  return false;
}

TExprPtr Checker::CheckBuiltin(const ast::CallExpr& expr, const BuiltinInfo& info, const Scope& scope) {
  int n = static_cast<int>(expr.args.size());
  if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
    std::string count = info.min_args == info.max_args ? std::to_string(info.min_args)
                        : info.max_args < 0            ? "at least " + std::to_string(info.min_args)
                                            : std::to_string(info.min_args) + " to " + std::to_string(info.max_args);
    sink_
        .Report(DiagCode::kArgumentCount, expr.span,
                std::string(info.name) + "(...) takes " + count + " argument" + (count == "1" ? "" : "s") + ", not " +
                    std::to_string(n))
        .help = std::string(info.name) + ": " + std::string(info.doc);
    return Poison(expr.span);
  }
  std::vector<TExprPtr> args;
  for (const ast::CallArg& a : expr.args) {
    if (!a.name.empty() || a.where || a.during) {
      sink_.Report(DiagCode::kUnknownOption, a.span, std::string(info.name) + "(...) takes plain arguments")
          .help = "`where` and `during` belong to aggregates such as count(...) and sum(...)";
      return Poison(expr.span);
    }
    TExprPtr e = RequireValue(CheckExpr(*a.value, scope));
    if (e->type.IsError()) return Poison(expr.span);
    args.push_back(e);
  }
  auto wrong = [&](size_t i, const std::string& wants) {
    Diagnostic& d = sink_.Report(DiagCode::kArgumentType, args[i]->span,
                                 std::string(info.name) + "(...) needs " + wants + ", but this is " +
                                     ATypeName(args[i]->type));
    if (args[i]->type.Is(TypeKind::kDuration) && wants.find("number") != std::string::npos)
      d.help = "turn a duration into a number with days(...)";
    else d.help = std::string(info.name) + ": " + std::string(info.doc);
    return Poison(expr.span);
  };
  auto is_time = [](const Type& t) { return t.Is(TypeKind::kDate) || t.Is(TypeKind::kTimestamp); };
  Type result;
  switch (info.signature) {
    case Signature::kTimeToDuration:
      if (!is_time(args[0]->type)) return wrong(0, "a date or timestamp");
      result = Type::Of(TypeKind::kDuration);
      break;
    case Signature::kDurationToFloat:
      if (!args[0]->type.Is(TypeKind::kDuration)) return wrong(0, "a duration");
      result = Type::Of(TypeKind::kFloat);
      break;
    case Signature::kNumericSame:
      if (!args[0]->type.IsNumeric() && !args[0]->type.Is(TypeKind::kDuration)) return wrong(0, "a number");
      result = args[0]->type;
      break;
    case Signature::kNumericCommon: {
      Type common = args[0]->type;
      for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i]->type.IsNumeric() && !args[i]->type.Is(TypeKind::kDuration)) return wrong(i, "a number");
        if (common.Is(TypeKind::kMoney) && args[i]->kind == TExprKind::kConst && args[i]->type.Is(TypeKind::kFloat))
          args[i] = Convert(args[i], common);
        std::optional<Type> next = CommonType(common, args[i]->type);
        if (!next) return wrong(i, ATypeName(common));
        common = *next;
      }
      for (TExprPtr& a : args) a = Convert(a, common);
      result = common;
      break;
    }
    case Signature::kNumericToFloat:
      for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i]->type.IsNumeric()) return wrong(i, "a number");
        args[i] = Convert(args[i], Type::Of(TypeKind::kFloat));
      }
      result = Type::Of(TypeKind::kFloat);
      break;
    case Signature::kTextToText:
    case Signature::kTextToInt:
      if (!args[0]->type.IsTextLike()) return wrong(0, "a text");
      result = info.signature == Signature::kTextToText ? Type::Of(TypeKind::kText) : Type::Of(TypeKind::kInt);
      break;
    case Signature::kTextTextToBool:
      for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i]->type.IsTextLike()) return wrong(i, "a text");
      }
      if (info.id == Builtin::kMatches && !CheckRegexPattern(*args[1])) return Poison(expr.span);
      result = Type::Of(TypeKind::kBool);
      break;
    case Signature::kTimeToInt:
      if (!is_time(args[0]->type)) return wrong(0, "a date or timestamp");
      result = Type::Of(TypeKind::kInt);
      break;
    case Signature::kTimestampToDate:
      if (!is_time(args[0]->type)) return wrong(0, "a timestamp");
      result = Type::Of(TypeKind::kDate);
      break;
    case Signature::kTimeIntToTime:
      if (!is_time(args[0]->type)) return wrong(0, "a date or timestamp");
      if (!args[1]->type.Is(TypeKind::kInt)) return wrong(1, "a whole number of months");
      result = args[0]->type;
      break;
    case Signature::kTextTextToText:
      for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i]->type.IsTextLike()) return wrong(i, "a text");
      }
      return CheckConcat(expr.span, args[0], args[1]);
    case Signature::kTimeTimeToInt:
      for (size_t i = 0; i < args.size(); ++i) {
        if (!is_time(args[i]->type)) return wrong(i, "a date or timestamp");
      }
      result = Type::Of(TypeKind::kInt);
      break;
  }
  auto e = MakeNode(TExprKind::kCall, result, expr.span);
  e->op = static_cast<int32_t>(info.id);
  e->args = std::move(args);
  return e;
}

std::optional<WindowSpec> Checker::CheckWindow(const ast::Window& window) {
  WindowSpec spec;
  spec.kind = window.kind;
  spec.count = window.count;
  spec.count_to = window.count_to;
  if (window.kind == lang::WindowKind::kBetween) {
    Scope constant;
    constant.constant_only = true;
    TExprPtr from = CheckExpr(*window.from, constant);
    TExprPtr to = CheckExpr(*window.to, constant);
    if (from->type.IsError() || to->type.IsError()) return std::nullopt;
    for (const TExprPtr& bound : {from, to}) {
      if (!bound->type.Is(TypeKind::kDate)) {
        sink_
            .Report(DiagCode::kBadWindow, bound->span, "a window's bounds are dates; this is " + ATypeName(bound->type))
            .help = "e.g. during between 2024-01-01 and 2024-03-31, or as_of - 90 days";
        return std::nullopt;
      }
    }
    if (from->kind == TExprKind::kConst && to->kind == TExprKind::kConst && from->constant.i > to->constant.i) {
      sink_.Report(DiagCode::kBadWindow, window.span, "this window ends before it starts")
          .help = "write the earlier date first";
      return std::nullopt;
    }
    spec.from = from;
    spec.to = to;
    return spec;
  }
  std::string unit = window.unit;
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  if (unit == "day") spec.unit = WindowUnit::kDay;
  else if (unit == "week") spec.unit = WindowUnit::kWeek;
  else if (unit == "month") spec.unit = WindowUnit::kMonth;
  else if (unit == "quarter") spec.unit = WindowUnit::kQuarter;
  else if (unit == "year") spec.unit = WindowUnit::kYear;
  else {
    Diagnostic& d = sink_.Report(DiagCode::kUnknownUnit, window.unit_span,
                                 "'" + window.unit + "' is not a calendar unit");
    if (auto close = ClosestName(window.unit, {"days", "weeks", "months", "quarters", "years"}))
      d.help = "did you mean '" + *close + "'?";
    else d.help = "windows count days, weeks, months, quarters or years";
    return std::nullopt;
  }
  if ((window.kind == lang::WindowKind::kPreviousPeriod || window.kind == lang::WindowKind::kCurrentPeriod) &&
      spec.unit == WindowUnit::kDay) {
    Diagnostic& d = sink_.Report(DiagCode::kBadWindow, window.unit_span,
                                 "a calendar period is a week, month, quarter or year");
    d.help = "for single days use a rolling window: `last 1 days` is the as_of day, `2 to 1 days ago` the day before";
    return std::nullopt;
  }
  // Quote the window as the user wrote it; the limit keeps window arithmetic far from overflow.
  constexpr int64_t kMaxWindowCount = 100000;
  std::string limit = "a window reaches back at most " + std::to_string(kMaxWindowCount) + " " + window.unit;
  if (window.kind == lang::WindowKind::kRolling) {
    std::string written = "`last " + std::to_string(window.count) + " " + window.unit + "`";
    if (window.count < 1) {
      sink_.Report(DiagCode::kBadWindow, window.span, written + " covers nothing: a window covers at least 1 " + unit)
          .help = "e.g. during last 30 days";
      return std::nullopt;
    }
    if (window.count > kMaxWindowCount) {
      sink_.Report(DiagCode::kBadWindow, window.span, written + " is too long: " + limit)
          .help = "to count every event up to as_of, leave out `during`";
      return std::nullopt;
    }
  }
  if (window.kind == lang::WindowKind::kAgo) {
    std::string written = "`" + std::to_string(window.count) + " to " + std::to_string(window.count_to) + " " +
                          window.unit + " ago`";
    if (window.count > kMaxWindowCount) {
      sink_.Report(DiagCode::kBadWindow, window.span, written + " reaches too far back: " + limit)
          .help = "for a longer span write the dates: `during between 1990-01-01 and as_of - 90 days`";
      return std::nullopt;
    }
    if (window.count == window.count_to) {
      sink_.Report(DiagCode::kBadWindow, window.span, written + " covers nothing: it ends where it starts")
          .help = "for the single " + unit + " " + std::to_string(window.count) + " " + window.unit + " ago write `" +
                  std::to_string(window.count + 1) + " to " + std::to_string(window.count) + " " + window.unit +
                  " ago`";
      return std::nullopt;
    }
    if (window.count < window.count_to) {
      sink_.Report(DiagCode::kBadWindow, window.span, written + " is the wrong way round: the far end comes first")
          .help = "write `" + std::to_string(window.count_to) + " to " + std::to_string(window.count) + " " +
                  window.unit + " ago`";
      return std::nullopt;
    }
  }
  return spec;
}

}  // namespace seg::sema
