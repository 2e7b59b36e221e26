// Calls: which kind of function a call names, population-wide functions, scalar builtins; and
// the time windows that aggregates and `within` use. Aggregates are in check_aggregates.cc.
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
  if (!SuggestClosestName(d, expr.callee, AllFunctionNames())) d.help = "docs/LANGUAGE.md lists the functions";
  return Poison(expr.span);
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
      if (!SuggestClosestName(d, word, {"descending", "ascending", "rfm", "qcut", "qcut_rank", "ntile"}))
        d.help = "options: ascending, descending, and a method: rfm, qcut, qcut_rank, ntile";
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
    if (!SuggestClosestName(d, window.unit, {"days", "weeks", "months", "quarters", "years"}))
      d.help = "windows count days, weeks, months, quarters or years";
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
