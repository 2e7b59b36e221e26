// Model-fit functions: p_alive, expected_purchases (BG/NBD), expected_spend (Gamma-Gamma) and
// fitted_clv (both). Like percent_rank they look at every customer: the model is fitted over the
// whole population, then each customer gets her own prediction (docs/MODELS.md,
// runtime/kernels/clv_models.h).
//   p_alive(repeat, recency, age)                 repeat purchases; last - first purchase; as_of - first
//   expected_purchases(repeat, recency, age, 39 weeks)
//   expected_spend(repeat, average_spend)
//   fitted_clv(repeat, recency, age, average_spend, 360 days, margin: 0.3, discount: 0.01, step: 30 days)
// An optional last positional word `weeks` (the default) or `days` is the period unit the fitted
// BG/NBD parameters are printed in (`seg run --verbose`); the predictions do not depend on it.
#include <cmath>
#include <cstdio>

#include "compiler/sema/checker_internal.h"
#include "runtime/civil_time.h"

namespace seg::sema {

namespace {

const char* Usage(PopFunc f) {
  switch (f) {
    case PopFunc::kPAlive: return "p_alive(repeat, recency, age)";
    case PopFunc::kExpectedPurchases: return "expected_purchases(repeat, recency, age, 39 weeks)";
    case PopFunc::kExpectedSpend: return "expected_spend(repeat, average_spend)";
    default: return "fitted_clv(repeat, recency, age, average_spend, 360 days, margin: 0.3, discount: 0.01)";
  }
}

// The per-customer values each function takes, before its fixed horizon.
size_t ValueCount(PopFunc f) { return f == PopFunc::kExpectedSpend ? 2 : f == PopFunc::kFittedClv ? 4 : 3; }

std::string Days(double days) {
  char text[32];
  std::snprintf(text, sizeof text, "%g days", days);
  return text;
}

bool HasHorizon(PopFunc f) { return f == PopFunc::kExpectedPurchases || f == PopFunc::kFittedClv; }

}  // namespace

TExprPtr Checker::CheckModelFit(const ast::CallExpr& expr, const Scope& scope) {
  const std::string& name = expr.callee;
  if (scope.event_set >= 0) {
    sink_.Report(DiagCode::kPopulationInEvents, expr.span, name + "(...) fits a model over customers, not events")
        .help = "compute it as a `let` and compare with that";
    return Poison(expr.span);
  }
  auto spec = std::make_shared<PopulationSpec>();
  spec->func = name == "p_alive"              ? PopFunc::kPAlive
               : name == "expected_purchases" ? PopFunc::kExpectedPurchases
               : name == "expected_spend"     ? PopFunc::kExpectedSpend
                                              : PopFunc::kFittedClv;
  const std::string usage = Usage(spec->func);
  const SourceFile& file = sources_.Get(expr.span.file);
  LineCol at = file.Locate(expr.span.begin);
  spec->where = file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);

  // Positional values (and the optional unit word after them); fitted_clv's named settings.
  std::vector<const ast::CallArg*> positional;
  const ast::CallArg *margin = nullptr, *discount = nullptr, *step = nullptr;
  for (const ast::CallArg& a : expr.args) {
    if (a.where || a.during) {
      sink_.Report(DiagCode::kUnknownOption, a.span, name + "(...) takes plain values").help = "e.g. " + usage;
      return Poison(expr.span);
    }
    if (a.name.empty()) {
      positional.push_back(&a);
      continue;
    }
    const ast::CallArg** slot = spec->func != PopFunc::kFittedClv ? nullptr
                                : a.name == "margin"              ? &margin
                                : a.name == "discount"            ? &discount
                                : a.name == "step"                ? &step
                                                                  : nullptr;
    if (slot == nullptr || *slot != nullptr) {
      sink_
          .Report(DiagCode::kUnknownOption, a.name_span,
                  slot == nullptr ? name + "(...) has no setting '" + a.name + "'" : "'" + a.name + "' is given twice")
          .help = spec->func == PopFunc::kFittedClv ? "its settings are margin:, discount: and step:; e.g. " + usage
                                                    : "e.g. " + usage;
      return Poison(expr.span);
    }
    *slot = &a;
  }
  size_t values = ValueCount(spec->func) + (HasHorizon(spec->func) ? 1 : 0);
  if (positional.size() == values + 1 && spec->func != PopFunc::kExpectedSpend &&
      positional.back()->value->kind == ast::ExprKind::kName) {
    const ast::CallArg& unit = *positional.back();
    const std::string& word = unit.value->As<ast::NameExpr>().name;
    if (word == "weeks") spec->period_days = 7;
    else if (word == "days") spec->period_days = 1;
    else {
      sink_.Report(DiagCode::kUnknownOption, unit.span, "'" + word + "' is not a period unit of " + name)
          .help = "the unit the fitted parameters are shown in: weeks (the default) or days";
      return Poison(expr.span);
    }
    positional.pop_back();
  }
  if (positional.size() != values) {
    sink_
        .Report(DiagCode::kArgumentCount, expr.span,
                name + "(...) takes " + std::to_string(values) + " values, not " + std::to_string(positional.size()))
        .help = "e.g. " + usage + "; see docs/MODELS.md";
    return Poison(expr.span);
  }
  std::vector<TExprPtr> args;
  for (const ast::CallArg* a : positional) {
    TExprPtr e = RequireValue(CheckExpr(*a->value, scope));
    if (e->type.IsError()) return Poison(expr.span);
    args.push_back(e);
  }
  auto wrong = [&](const TExprPtr& arg, const std::string& wants) {
    sink_
        .Report(DiagCode::kArgumentType, arg->span,
                name + "(...) needs " + wants + " here, but this is " + ATypeName(arg->type))
        .help = "e.g. " + usage + "; see docs/MODELS.md";
    return Poison(expr.span);
  };
  auto is_number = [](const Type& t) { return t.Is(TypeKind::kInt) || t.Is(TypeKind::kFloat); };
  if (!is_number(args[0]->type)) return wrong(args[0], "the number of repeat purchases (a number)");
  if (spec->func != PopFunc::kExpectedSpend) {
    if (!args[1]->type.Is(TypeKind::kDuration))
      return wrong(args[1], "the recency, last - first purchase (a duration)");
    if (!args[2]->type.Is(TypeKind::kDuration)) return wrong(args[2], "the age, as_of - first purchase (a duration)");
  }
  size_t spend = spec->func == PopFunc::kExpectedSpend ? 1 : spec->func == PopFunc::kFittedClv ? 3 : 0;
  if (spend > 0 && !args[spend]->type.IsNumeric()) {
    return wrong(args[spend], "the average spend per repeat purchase (money or a number)");
  }
  // A fixed positive duration: the horizon, or fitted_clv's step.
  auto fixed_days = [&](const TExprPtr& e, const std::string& what, double* days) {
    if (!e->type.Is(TypeKind::kDuration) || e->kind != TExprKind::kConst || e->constant.missing || e->constant.i <= 0) {
      sink_
          .Report(DiagCode::kArgumentType, e->span,
                  "the " + what + " of " + name + "(...) is a fixed positive duration")
          .help = "e.g. " + usage;
      return false;
    }
    *days = static_cast<double>(e->constant.i) / static_cast<double>(rt::kMicrosPerDay);
    return true;
  };
  if (HasHorizon(spec->func)) {
    if (!fixed_days(args.back(), "horizon", &spec->horizon_days)) return Poison(expr.span);
    args.pop_back();  // a setting of the node, not a per-customer value
  }
  if (spec->func == PopFunc::kFittedClv) {
    // margin and discount are per-customer values (a param, a constant or a let); step is fixed.
    auto setting = [&](const ast::CallArg* given, double fallback, const std::string& what) -> TExprPtr {
      if (given == nullptr) return MakeConst(Value::Float(fallback), expr.span);
      TExprPtr e = RequireValue(CheckExpr(*given->value, scope));
      if (e->type.IsError()) return nullptr;
      if (!is_number(e->type)) {
        wrong(e, what);
        return nullptr;
      }
      return e;
    };
    TExprPtr m = setting(margin, 1.0, "the margin, the share of spend that is profit (a number)");
    if (!m) return Poison(expr.span);
    TExprPtr d = setting(discount, 0.01, "the discount rate per step (a number)");
    if (!d) return Poison(expr.span);
    args.push_back(m);
    args.push_back(d);
    spec->step_days = 30;
    if (step != nullptr) {
      TExprPtr s = RequireValue(CheckExpr(*step->value, scope));
      if (s->type.IsError() || !fixed_days(s, "step", &spec->step_days)) return Poison(expr.span);
    }
    double steps = spec->horizon_days / spec->step_days;
    if (std::fabs(steps - std::round(steps)) > 1e-9) {
      sink_
          .Report(DiagCode::kArgumentType, positional[4]->span,
                  "the horizon of fitted_clv(...) is not a whole number of steps of " + Days(spec->step_days))
          .help = "make the horizon a multiple of the step (30 days unless step: says otherwise), e.g. 360 days";
      return Poison(expr.span);
    }
  }
  auto e = MakeNode(TExprKind::kPopulation, Type::Of(TypeKind::kFloat), expr.span);
  e->population = spec;
  e->args = std::move(args);
  return e;
}

}  // namespace seg::sema
