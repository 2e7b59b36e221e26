// Model-fit functions: p_alive, expected_purchases (BG/NBD) and expected_spend (Gamma-Gamma).
// Like percent_rank they look at every customer: the model is fitted over the whole population,
// then each customer gets her own prediction (docs/MODELS.md, runtime/kernels/clv_models.h).
//   p_alive(repeat, recency, age)                 repeat purchases; last - first purchase; as_of - first
//   expected_purchases(repeat, recency, age, 39 weeks)
//   expected_spend(repeat, average_spend)
// An optional last word `weeks` (the default) or `days` is the period unit the fitted parameters
// are printed in (`seg run --verbose`); the predictions do not depend on it.
#include "compiler/sema/checker_internal.h"
#include "runtime/civil_time.h"

namespace seg::sema {

TExprPtr Checker::CheckModelFit(const ast::CallExpr& expr, const Scope& scope) {
  const std::string& name = expr.callee;
  if (scope.event_set >= 0) {
    sink_.Report(DiagCode::kPopulationInEvents, expr.span, name + "(...) fits a model over customers, not events")
        .help = "compute it as a `let` and compare with that";
    return Poison(expr.span);
  }
  auto spec = std::make_shared<PopulationSpec>();
  spec->func = name == "p_alive" ? PopFunc::kPAlive : name == "expected_purchases" ? PopFunc::kExpectedPurchases
                                                                                   : PopFunc::kExpectedSpend;
  const std::string usage = spec->func == PopFunc::kPAlive ? "p_alive(repeat, recency, age)"
                            : spec->func == PopFunc::kExpectedPurchases
                                ? "expected_purchases(repeat, recency, age, 39 weeks)"
                                : "expected_spend(repeat, average_spend)";
  size_t values = spec->func == PopFunc::kPAlive ? 3 : spec->func == PopFunc::kExpectedPurchases ? 4 : 2;
  // The optional unit word comes last.
  size_t given = expr.args.size();
  if (given == values + 1 && spec->func != PopFunc::kExpectedSpend && expr.args.back().name.empty() &&
      expr.args.back().value->kind == ast::ExprKind::kName) {
    const ast::CallArg& unit = expr.args.back();
    const std::string& word = unit.value->As<ast::NameExpr>().name;
    if (word == "weeks") spec->period_days = 7;
    else if (word == "days") spec->period_days = 1;
    else {
      sink_.Report(DiagCode::kUnknownOption, unit.span, "'" + word + "' is not a period unit of " + name)
          .help = "the unit the fitted parameters are shown in: weeks (the default) or days";
      return Poison(expr.span);
    }
    given -= 1;
  }
  if (given != values) {
    sink_.Report(DiagCode::kArgumentCount, expr.span,
                 name + "(...) takes " + std::to_string(values) + " values, not " + std::to_string(given))
        .help = "e.g. " + usage + "; see docs/MODELS.md";
    return Poison(expr.span);
  }
  std::vector<TExprPtr> args;
  for (size_t i = 0; i < given; ++i) {
    const ast::CallArg& a = expr.args[i];
    if (!a.name.empty() || a.where || a.during) {
      sink_.Report(DiagCode::kUnknownOption, a.span, name + "(...) takes plain values")
          .help = "e.g. " + usage;
      return Poison(expr.span);
    }
    TExprPtr e = RequireValue(CheckExpr(*a.value, scope));
    if (e->type.IsError()) return Poison(expr.span);
    args.push_back(e);
  }
  auto wrong = [&](size_t i, const std::string& wants) {
    sink_.Report(DiagCode::kArgumentType, args[i]->span,
                 name + "(...) needs " + wants + " here, but this is " + ATypeName(args[i]->type))
        .help = "e.g. " + usage + "; see docs/MODELS.md";
    return Poison(expr.span);
  };
  auto is_count = [](const Type& t) { return t.Is(TypeKind::kInt) || t.Is(TypeKind::kFloat); };
  if (!is_count(args[0]->type)) return wrong(0, "the number of repeat purchases (a number)");
  if (spec->func == PopFunc::kExpectedSpend) {
    if (!args[1]->type.IsNumeric()) return wrong(1, "the average spend per repeat purchase (money or a number)");
  } else {
    if (!args[1]->type.Is(TypeKind::kDuration)) return wrong(1, "the recency, last - first purchase (a duration)");
    if (!args[2]->type.Is(TypeKind::kDuration)) return wrong(2, "the age, as_of - first purchase (a duration)");
  }
  if (spec->func == PopFunc::kExpectedPurchases) {
    const TExprPtr& horizon = args[3];
    if (!horizon->type.Is(TypeKind::kDuration) || horizon->kind != TExprKind::kConst || horizon->constant.missing ||
        horizon->constant.i <= 0) {
      sink_.Report(DiagCode::kArgumentType, horizon->span,
                   "the horizon of expected_purchases(...) is a fixed positive duration")
          .help = "e.g. expected_purchases(repeat, recency, age, 39 weeks)";
      return Poison(expr.span);
    }
    spec->horizon_days = static_cast<double>(horizon->constant.i) / static_cast<double>(rt::kMicrosPerDay);
    args.pop_back();  // a setting of the node, not a per-customer value
  }
  auto e = MakeNode(TExprKind::kPopulation, Type::Of(TypeKind::kFloat), expr.span);
  e->population = spec;
  e->args = std::move(args);
  return e;
}

}  // namespace seg::sema
