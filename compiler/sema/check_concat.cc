// Text concatenation: `"Dear " + first_name`, `city + " (" + country + ")"`, concat(a, b).
// Text values are codes into a dictionary the run builds before it reads any row (each column's
// own, or one a text function derives from its argument's, string by string), so that every
// engine compares, matches and prints codes through tables made once. A concatenation with a
// constant side keeps that shape: one new string per string of the other side, made before the
// run (exec::PlanText). Joining two values that both vary per customer would make strings that
// exist only per customer, with no dictionary to hold them, so it is E0244.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

// Whether `e` has one value for every customer: literals, params, and what is computed from them
// alone (through lets too), as the IR's constant level (compiler/lower) decides.
bool Checker::IsConstantLevel(const TExpr& e) const {
  switch (e.kind) {
    case TExprKind::kConst:
    case TExprKind::kParam: return true;
    case TExprKind::kLetRef: {
      const TExprPtr& value = program_->lets[static_cast<size_t>(e.symbol)].value;
      return value != nullptr && IsConstantLevel(*value);
    }
    case TExprKind::kColumn:
    case TExprKind::kEventColumn:
    case TExprKind::kTagRef:
    case TExprKind::kScoreRef:
    case TExprKind::kClassLabel:
    case TExprKind::kInBucket:
    case TExprKind::kAggregate:
    case TExprKind::kPopulation: return false;
    default:
      for (const TExprPtr& a : e.args) {
        if (a != nullptr && !IsConstantLevel(*a)) return false;
      }
      return true;
  }
}

TExprPtr Checker::CheckConcat(SourceSpan span, TExprPtr lhs, TExprPtr rhs) {
  if (!IsConstantLevel(*lhs) && !IsConstantLevel(*rhs)) {
    Diagnostic& d = sink_.Report(DiagCode::kConcatOfTwoValues, span,
                                 "both sides of this text concatenation vary per customer");
    d.label = "joins two per-customer texts";
    d.help =
        "seg joins a text with constants (literals, params): `\"Dear \" + first_name + \"!\"`; joining two columns "
        "or computed texts would make a new text per customer, which seg does not store";
    return Poison(span);
  }
  auto e = MakeNode(TExprKind::kCall, Type::Of(TypeKind::kText), span);
  e->op = static_cast<int32_t>(Builtin::kConcat);
  e->args = {std::move(lhs), std::move(rhs)};
  return e;
}

}  // namespace seg::sema
