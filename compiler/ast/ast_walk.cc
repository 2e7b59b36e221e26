#include "compiler/ast/ast_walk.h"

namespace seg::ast {

namespace {
void VisitIf(const ExprPtr& e, const std::function<void(const Expr&)>& visit) {
  if (e) visit(*e);
}
void VisitWindow(const Window* w, const std::function<void(const Expr&)>& visit) {
  if (w == nullptr) return;
  VisitIf(w->from, visit);
  VisitIf(w->to, visit);
}
}  // namespace

void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& visit) {
  switch (expr.kind) {
    case ExprKind::kList:
      for (const ExprPtr& item : expr.As<ListExpr>().items) VisitIf(item, visit);
      break;
    case ExprKind::kMember: VisitIf(expr.As<MemberExpr>().object, visit); break;
    case ExprKind::kCall:
      for (const CallArg& arg : expr.As<CallExpr>().args) {
        VisitIf(arg.value, visit);
        VisitIf(arg.where, visit);
        VisitWindow(arg.during.get(), visit);
        for (const SequenceStep& step : arg.then) {
          VisitIf(step.value, visit);
          VisitIf(step.where, visit);
          VisitWindow(step.during.get(), visit);
          VisitIf(step.limit, visit);
        }
      }
      break;
    case ExprKind::kUnary: VisitIf(expr.As<UnaryExpr>().operand, visit); break;
    case ExprKind::kBinary:
      VisitIf(expr.As<BinaryExpr>().lhs, visit);
      VisitIf(expr.As<BinaryExpr>().rhs, visit);
      break;
    case ExprKind::kIn:
      VisitIf(expr.As<InExpr>().needle, visit);
      VisitIf(expr.As<InExpr>().haystack, visit);
      break;
    case ExprKind::kLike:
      VisitIf(expr.As<LikeExpr>().text, visit);
      VisitIf(expr.As<LikeExpr>().pattern, visit);
      break;
    case ExprKind::kIsMissing: VisitIf(expr.As<IsMissingExpr>().operand, visit); break;
    case ExprKind::kWithin:
      VisitIf(expr.As<WithinExpr>().operand, visit);
      VisitWindow(&expr.As<WithinExpr>().window, visit);
      break;
    case ExprKind::kIf:
      VisitIf(expr.As<IfExpr>().condition, visit);
      VisitIf(expr.As<IfExpr>().then_value, visit);
      VisitIf(expr.As<IfExpr>().else_value, visit);
      break;
    default: break;  // literals and names have no subexpressions
  }
}

}  // namespace seg::ast
