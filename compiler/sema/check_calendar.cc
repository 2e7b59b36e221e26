// Calendar arithmetic: `signup + 3 months`, `as_of - 1 year`. A month has no fixed length, so a
// count of months, quarters or years is not a duration value: it only moves a date or timestamp,
// and the checker turns `x ± N months` into add_months(x, ±N) (runtime/kernels/calendar.h), whose
// end-of-month clamping is the windows' (`last 3 months`). Anything else is E0243 here, or E0105
// where the count stands alone.
#include <charconv>

#include "compiler/sema/checker_internal.h"

namespace seg::sema {

namespace {

// Months in one `unit` ("month", "quarters", ...), 0 for any other word.
int MonthsPerUnit(std::string unit) {
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  return unit == "month" ? 1 : unit == "quarter" ? 3 : unit == "year" ? 12 : 0;
}

const ast::DurationLit* CalendarCount(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::kDuration) return nullptr;
  const auto& d = e.As<ast::DurationLit>();
  return MonthsPerUnit(d.unit) != 0 ? &d : nullptr;
}

}  // namespace

TExprPtr Checker::CheckCalendarArith(const ast::BinaryExpr& expr, const Scope& scope) {
  if (expr.op != ast::BinaryOp::kAdd && expr.op != ast::BinaryOp::kSub) return nullptr;
  const ast::DurationLit* left = CalendarCount(*expr.lhs);
  const ast::DurationLit* right = CalendarCount(*expr.rhs);
  if (left == nullptr && right == nullptr) return nullptr;
  auto refuse = [&](SourceSpan span, const std::string& message, const std::string& help) {
    sink_.Report(DiagCode::kCalendarArithmetic, span, message).help = help;
    return Poison(expr.span);
  };
  if (left != nullptr && right != nullptr)
    return refuse(expr.span, "months, quarters and years cannot be added together on their own",
                  "add each to the date: `signup + 1 years + 6 months`");
  if (left != nullptr && expr.op == ast::BinaryOp::kSub)
    return refuse(expr.span,
                  "a date cannot be subtracted from a number of " +
                      (left->unit.back() == 's' ? left->unit : left->unit + "s"),
                  "write the date first: `as_of - " + left->amount + " " + left->unit + "`");
  const ast::DurationLit& count = left != nullptr ? *left : *right;
  std::string units = count.unit.back() == 's' ? count.unit : count.unit + "s";  // "months" in messages
  const ast::Expr& moved = left != nullptr ? *expr.rhs : *expr.lhs;
  int64_t amount = 0;
  const char* end = count.amount.data() + count.amount.size();
  auto parsed = std::from_chars(count.amount.data(), end, amount);
  // More than a million years of months is beyond every date (the kernel would report it per row).
  if (parsed.ec != std::errc() || parsed.ptr != end || amount > 12'000'000)
    return refuse(count.span, "'" + count.amount + " " + count.unit + "' is not a whole number of " + units,
                  "months, quarters and years are counted whole: `" + count.amount.substr(0, count.amount.find('.')) +
                      " " + count.unit + "`, or use days: `45 days`");
  TExprPtr value = RequireValue(CheckExpr(moved, scope));
  if (value->type.IsError()) return Poison(expr.span);
  if (!value->type.Is(TypeKind::kDate) && !value->type.Is(TypeKind::kTimestamp)) {
    Diagnostic& d = sink_.Report(DiagCode::kCalendarArithmetic, moved.span,
                                 "only a date or timestamp moves by " + units + ", but this is " +
                                     ATypeName(value->type));
    d.label = "not a date";
    d.help = value->type.Is(TypeKind::kDuration)
                 ? "a duration is a fixed length: write it in days, e.g. `30 days`"
                 : "add " + count.unit + " to a date: `signup + " + count.amount + " " + count.unit + "`";
    return Poison(expr.span);
  }
  int64_t months = amount * MonthsPerUnit(count.unit) * (expr.op == ast::BinaryOp::kSub ? -1 : 1);
  auto call = MakeNode(TExprKind::kCall, value->type, expr.span);
  call->op = static_cast<int32_t>(Builtin::kAddMonths);
  call->args = {value, MakeConst(Value::Int(months), count.span)};
  return call;
}

}  // namespace seg::sema
