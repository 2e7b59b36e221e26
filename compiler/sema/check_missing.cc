// `missing` written as a value. A missing value still has a type (a missing money is not a
// missing date), so the literal takes the type of what stands beside it: the other branch of an
// `if`, the other side of `??` or of an arithmetic operator, a param's declared type, a test
// row's column. Where nothing gives it one (`let x = missing`) it is E0220. Comparing with it
// (`x == missing`) is E0221: a comparison with a missing value is false, so the user meant
// `x is missing`.
#include "compiler/ast/ast_printer.h"
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

bool IsMissingLiteral(const ast::Expr& expr) { return expr.kind == ast::ExprKind::kMissing; }

TExprPtr Checker::ReportUntypedMissing(const ast::Expr& literal) {
  Diagnostic& d = sink_.Report(DiagCode::kUntypedMissing, literal.span, "`missing` has no type here");
  d.label = "missing of which type?";
  d.help =
      "write it beside a value that gives it one, e.g. `if active then spend else missing` or `x ?? missing`; "
      "to test a value, write `x is missing`";
  return Poison(literal.span);
}

TExprPtr Checker::MissingBeside(const ast::Expr& literal, const TExprPtr& beside) {
  // The other side failed and said why (or is a set of events, reported by RequireValue).
  if (beside->type.IsError() || !beside->type.IsValue()) return Poison(literal.span);
  return MakeConst(Value::Missing(beside->type), literal.span);
}

std::pair<TExprPtr, TExprPtr> Checker::CheckSides(const ast::Expr& lhs, const ast::Expr& rhs, const Scope& scope) {
  if (IsMissingLiteral(lhs) && !IsMissingLiteral(rhs)) {
    TExprPtr r = RequireValue(CheckExpr(rhs, scope));
    return {MissingBeside(lhs, r), r};
  }
  TExprPtr l = RequireValue(CheckExpr(lhs, scope));
  // Both `missing`: one report, at the first, is enough.
  if (IsMissingLiteral(rhs)) return {l, IsMissingLiteral(lhs) ? Poison(rhs.span) : MissingBeside(rhs, l)};
  return {l, RequireValue(CheckExpr(rhs, scope))};
}

namespace {
Type MissingOperandType(ast::BinaryOp op, const Type& other, bool missing_on_left) {
  bool time = other.Is(TypeKind::kDate) || other.Is(TypeKind::kTimestamp);
  // date + missing, date - missing, missing + date: a duration moves a date.
  if (time && (op == ast::BinaryOp::kAdd || (op == ast::BinaryOp::kSub && !missing_on_left)))
    return Type::Of(TypeKind::kDuration);
  // money * missing, duration * missing: a factor.
  if (op == ast::BinaryOp::kMul && (other.Is(TypeKind::kMoney) || other.Is(TypeKind::kDuration)))
    return Type::Of(TypeKind::kFloat);
  return other;
}
}  // namespace

void Checker::RetypeMissingOperands(const ast::BinaryExpr& expr, TExprPtr& lhs, TExprPtr& rhs) {
  if (IsMissingLiteral(*expr.lhs) && lhs->type.IsValue() && rhs->type.IsValue())
    lhs = MakeConst(Value::Missing(MissingOperandType(expr.op, rhs->type, true)), lhs->span);
  if (IsMissingLiteral(*expr.rhs) && lhs->type.IsValue() && rhs->type.IsValue())
    rhs = MakeConst(Value::Missing(MissingOperandType(expr.op, lhs->type, false)), rhs->span);
}

TExprPtr Checker::CheckExprAs(const ast::Expr& expr, const Scope& scope, const Type& want) {
  if (IsMissingLiteral(expr) && !want.IsError()) return MakeConst(Value::Missing(want), expr.span);
  return CheckExpr(expr, scope);
}

TExprPtr Checker::CheckCompareWithMissing(const ast::BinaryExpr& expr, const Scope& scope) {
  bool left = IsMissingLiteral(*expr.lhs), right = IsMissingLiteral(*expr.rhs);
  if (!left && !right) return nullptr;
  const ast::Expr& other = left ? *expr.rhs : *expr.lhs;
  // The other side still gets checked: its own mistakes are reported, the lets it names used.
  if (!(left && right)) RequireValue(CheckExpr(other, scope));
  Diagnostic& d = sink_.Report(DiagCode::kCompareWithMissing, expr.span, "a comparison with `missing` is never true");
  d.label = "false for every customer";
  std::string subject = left && right ? "x" : ast::FormatExpr(other);
  if (expr.op == ast::BinaryOp::kNe) d.help = "to ask whether a value is there, write `" + subject + " is not missing`";
  else d.help = "to ask whether a value is missing, write `" + subject + " is missing`";
  return Poison(expr.span);
}

}  // namespace seg::sema
