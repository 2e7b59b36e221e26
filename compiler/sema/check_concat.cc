// Text concatenation: `"Dear " + first_name`, `first_name + " " + last_name`, concat(a, b).
// Any two texts join, whatever their level: with a constant side every engine maps the other
// side's dictionary once before the run (exec::PlanText); with two varying sides the strings are
// made row by row into a dictionary that grows during the run (exec/growing_dictionary.h).
// E0244 (concat-of-two-values), which refused the second kind, is no longer reported.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

TExprPtr Checker::CheckConcat(SourceSpan span, TExprPtr lhs, TExprPtr rhs) {
  auto e = MakeNode(TExprKind::kCall, Type::Of(TypeKind::kText), span);
  e->op = static_cast<int32_t>(Builtin::kConcat);
  e->args = {std::move(lhs), std::move(rhs)};
  return e;
}

}  // namespace seg::sema
