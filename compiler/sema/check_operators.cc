// Operators: arithmetic with units, comparisons, `in`, and/or and `??` — the type rules of
// docs/LANGUAGE.md, with a hint for each mistake a marketer is likely to make.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

TExprPtr Checker::CheckArith(const ast::BinaryExpr& expr, TExprPtr lhs, TExprPtr rhs) {
  const Type a = lhs->type, b = rhs->type;
  if (a.IsError() || b.IsError()) return Poison(expr.span);
  ast::BinaryOp op = expr.op;
  auto make = [&](Type result, TExprPtr l, TExprPtr r) -> TExprPtr {
    auto e = MakeNode(TExprKind::kArith, result, expr.span);
    e->op = static_cast<int32_t>(op == ast::BinaryOp::kAdd   ? ArithOp::kAdd
                                 : op == ast::BinaryOp::kSub ? ArithOp::kSub
                                 : op == ast::BinaryOp::kMul ? ArithOp::kMul
                                 : op == ast::BinaryOp::kDiv ? ArithOp::kDiv
                                                             : ArithOp::kMod);
    e->args = {std::move(l), std::move(r)};
    return e;
  };
  auto is = [](const Type& t, TypeKind k) { return t.Is(k); };
  auto money_or_float = [&](TExprPtr& x) {  // a float literal next to money is money
    if (x->type.Is(TypeKind::kFloat) && x->kind == TExprKind::kConst) x = Convert(x, Type::Of(TypeKind::kMoney));
  };
  bool add_sub = op == ast::BinaryOp::kAdd || op == ast::BinaryOp::kSub;
  if (a.IsNumeric() && b.IsNumeric()) {
    // Only beside + and -: in `amount * 0.8` or `amount / 2.5` the literal is a factor, not money.
    if (add_sub && is(a, TypeKind::kMoney)) money_or_float(rhs);
    if (add_sub && is(b, TypeKind::kMoney)) money_or_float(lhs);
    const Type a2 = lhs->type, b2 = rhs->type;
    if (op == ast::BinaryOp::kMod) {
      if (is(a2, TypeKind::kInt) && is(b2, TypeKind::kInt)) return make(a2, lhs, rhs);
    } else if (add_sub) {
      Type common = *CommonType(a2, b2);
      return make(common, Convert(lhs, common), Convert(rhs, common));
    } else if (op == ast::BinaryOp::kMul) {
      if (is(a2, TypeKind::kMoney) && is(b2, TypeKind::kMoney)) {
        sink_.Report(DiagCode::kTypeMismatch, expr.op_span, "cannot multiply an amount of money by another amount")
            .help = "multiply money by a number: price * quantity";
        return Poison(expr.span);
      }
      if (is(a2, TypeKind::kMoney) || is(b2, TypeKind::kMoney)) return make(Type::Of(TypeKind::kMoney), lhs, rhs);
      Type common = *CommonType(a2, b2);
      return make(common, Convert(lhs, common), Convert(rhs, common));
    } else {  // division
      if (is(a2, TypeKind::kMoney) && !is(b2, TypeKind::kMoney)) return make(Type::Of(TypeKind::kMoney), lhs, rhs);
      if (is(b2, TypeKind::kMoney) && !is(a2, TypeKind::kMoney)) {
        sink_.Report(DiagCode::kTypeMismatch, expr.op_span, "cannot divide a number by an amount of money")
            .help = "divide money by money for a ratio, or money by a number";
        return Poison(expr.span);
      }
      Type f = Type::Of(TypeKind::kFloat);
      return make(f, Convert(lhs, is(a2, TypeKind::kMoney) ? a2 : f), Convert(rhs, is(b2, TypeKind::kMoney) ? b2 : f));
    }
  }
  if (a.IsTextLike() && b.IsTextLike() && op == ast::BinaryOp::kAdd) return CheckConcat(expr.span, lhs, rhs);
  bool a_time = is(a, TypeKind::kDate) || is(a, TypeKind::kTimestamp);
  bool b_time = is(b, TypeKind::kDate) || is(b, TypeKind::kTimestamp);
  if (is(a, TypeKind::kDuration) && is(b, TypeKind::kDuration)) {
    if (add_sub) return make(a, lhs, rhs);
    if (op == ast::BinaryOp::kDiv) return make(Type::Of(TypeKind::kFloat), lhs, rhs);
  }
  if (a_time && is(b, TypeKind::kDuration) && add_sub) return make(a, lhs, rhs);
  if (is(a, TypeKind::kDuration) && b_time && op == ast::BinaryOp::kAdd) return make(b, rhs, lhs);
  if (a_time && b_time && op == ast::BinaryOp::kSub) {
    if (a != b) {
      Type ts = Type::Of(TypeKind::kTimestamp);
      return make(Type::Of(TypeKind::kDuration), Convert(lhs, ts), Convert(rhs, ts));
    }
    return make(Type::Of(TypeKind::kDuration), lhs, rhs);
  }
  if (is(a, TypeKind::kDuration) && b.IsNumeric() && !is(b, TypeKind::kMoney) &&
      (op == ast::BinaryOp::kMul || op == ast::BinaryOp::kDiv))
    return make(a, lhs, Convert(rhs, Type::Of(TypeKind::kFloat)));
  if (a.IsNumeric() && !is(a, TypeKind::kMoney) && is(b, TypeKind::kDuration) && op == ast::BinaryOp::kMul)
    return make(b, rhs, Convert(lhs, Type::Of(TypeKind::kFloat)));

  static const char* kVerb[] = {"add", "subtract", "multiply", "divide", "take the remainder of"};
  int verb = op == ast::BinaryOp::kAdd   ? 0
             : op == ast::BinaryOp::kSub ? 1
             : op == ast::BinaryOp::kMul ? 2
             : op == ast::BinaryOp::kDiv ? 3
                                         : 4;
  std::string message = std::string("cannot ") + kVerb[verb] + " " + QuotedTypeName(a) + " and " + QuotedTypeName(b);
  if ((is(a, TypeKind::kDuration) && b.IsNumeric()) || (a.IsNumeric() && is(b, TypeKind::kDuration))) {
    const ast::Expr& number_side = is(a, TypeKind::kDuration) ? *expr.rhs : *expr.lhs;
    Diagnostic& d = sink_.Report(DiagCode::kMissingInNumber, number_side.span,
                                 message + ": a duration is not a number");
    d.label = "a plain number";
    d.help = "give the number a unit, e.g. `30 days`, or turn the duration into days with days(...)";
    return Poison(expr.span);
  }
  Diagnostic& d = sink_.Report(DiagCode::kTypeMismatch, expr.span, message);
  d.label = TypeName(a) + " " + ast::BinaryOpText(op) + " " + TypeName(b);
  if (a_time && b.IsNumeric())
    d.help = "add a duration to a date: `" +
             std::string(op == ast::BinaryOp::kSub ? "as_of - 30 days" : "signup + 30 days") + "`";
  else if (a_time && b_time) d.help = "subtract two dates to get a duration: `as_of - signup`";
  return Poison(expr.span);
}

TExprPtr Checker::CheckCompare(SourceSpan span, SourceSpan op_span, CompareOp op, TExprPtr lhs, TExprPtr rhs) {
  const Type a = lhs->type, b = rhs->type;
  if (a.IsError() || b.IsError()) return Poison(span);
  auto make = [&](TExprPtr l, TExprPtr r) -> TExprPtr {
    auto e = MakeNode(TExprKind::kCompare, kBoolType, span);
    e->op = static_cast<int32_t>(op);
    e->args = {std::move(l), std::move(r)};
    return e;
  };
  bool ordering = op != CompareOp::kEq && op != CompareOp::kNe;
  if (a.Is(TypeKind::kMoney) && b.Is(TypeKind::kFloat) && rhs->kind == TExprKind::kConst) rhs = Convert(rhs, a);
  if (b.Is(TypeKind::kMoney) && a.Is(TypeKind::kFloat) && lhs->kind == TExprKind::kConst) lhs = Convert(lhs, b);
  std::optional<Type> common = CommonType(lhs->type, rhs->type);
  if (common && !common->Is(TypeKind::kTags)) {
    if (common->Is(TypeKind::kBool) && ordering) {
      sink_.Report(DiagCode::kCompareMismatch, op_span, "true/false values can only be compared with == or !=");
      return Poison(span);
    }
    return make(Convert(lhs, *common), Convert(rhs, *common));
  }
  if (const TExpr* tag = lhs->kind == TExprKind::kTagRef   ? lhs.get()
                         : rhs->kind == TExprKind::kTagRef ? rhs.get()
                                                           : nullptr;
      tag != nullptr && (a.IsTextLike() || b.IsTextLike())) {
    const TExpr& text = tag == lhs.get() ? *rhs : *lhs;
    ReportTagUsedAsText(DiagCode::kCompareMismatch, *tag, text, "it cannot be compared with text", span);
    return Poison(span);
  }
  std::string message = "cannot compare " + QuotedTypeName(a) + " with " + QuotedTypeName(b);
  if ((a.Is(TypeKind::kDuration) && b.IsNumeric()) || (a.IsNumeric() && b.Is(TypeKind::kDuration))) {
    const TExprPtr& number = a.Is(TypeKind::kDuration) ? rhs : lhs;
    Diagnostic& d = sink_.Report(DiagCode::kMissingInNumber, number->span, message + ": a duration is not a number");
    d.label = "a plain number";
    d.help = number->kind == TExprKind::kConst && number->type.Is(TypeKind::kInt)
                 ? "give it a unit: `" + FormatValue(number->constant) + " days`"
                 : "give the number a unit, e.g. `30 days`, or compare days(...) with a number";
    return Poison(span);
  }
  Diagnostic& d = sink_.Report(DiagCode::kCompareMismatch, span, message);
  d.label = TypeName(a) + " vs " + TypeName(b);
  bool a_time = a.Is(TypeKind::kDate) || a.Is(TypeKind::kTimestamp);
  bool b_time = b.Is(TypeKind::kDate) || b.Is(TypeKind::kTimestamp);
  if ((a_time && b.IsNumeric()) || (a.IsNumeric() && b_time))
    d.help =
        "to ask how long ago something was, compare days_since(...) with a duration, e.g. `days_since(last_order) > 30 "
        "days`";
  else if (a.Is(TypeKind::kTags) || b.Is(TypeKind::kTags))
    d.help = "ask whether a tag is present with `\"vip\" in tags`";
  else if ((a.IsTextLike() && rhs->kind == TExprKind::kConst && b.IsNumeric()) ||
           (b.IsTextLike() && lhs->kind == TExprKind::kConst && a.IsNumeric()))
    d.help = "text compares with text: put the value in double quotes";
  else if ((a.IsTextLike() && rhs->kind != TExprKind::kConst && lhs->kind == TExprKind::kConst && b.IsNumeric()) ||
           (b.IsTextLike() && lhs->kind != TExprKind::kConst && rhs->kind == TExprKind::kConst && a.IsNumeric()))
    d.help = "a value in double quotes is text: write a number without quotes";
  else if (a.IsTextLike() || b.IsTextLike()) d.help = "text compares only with text";
  return Poison(span);
}

void Checker::ReportTagUsedAsText(DiagCode code, const TExpr& tag, const TExpr& other, const std::string& why,
                                  SourceSpan span) {
  const std::string& name = program_->tags[tag.symbol].name;
  Diagnostic& d = sink_.Report(code, span, "'" + name + "' is a tag, true or false: " + why);
  d.help = "test a tag by its name: `when " + name + "` or `when not " + name + "`";
  // Perhaps they meant a label of the customers' tags column: the text they wrote, else the tag's name.
  std::string label = other.kind == TExprKind::kConst && other.type.IsTextLike() ? other.constant.s : name;
  if (program_->entity_input >= 0) {
    for (const ColumnSymbol& column : program_->inputs[program_->entity_input].columns) {
      if (!column.type.Is(TypeKind::kTags)) continue;
      d.help += "; to look for a label in the " + column.name + " column write `" + FormatValue(Value::Text(label)) +
                " in " + column.name + "`";
      break;
    }
  }
}

TExprPtr Checker::CheckIn(const ast::InExpr& expr, const Scope& scope) {
  TExprPtr needle = RequireValue(CheckExpr(*expr.needle, scope));
  TExprPtr haystack = CheckExpr(*expr.haystack, scope);
  if (needle->type.IsError() || haystack->type.IsError()) return Poison(expr.span);
  auto make = [&](TExprPtr n, TExprPtr h) -> TExprPtr {
    auto e = MakeNode(TExprKind::kIn, kBoolType, expr.span);
    e->args = {std::move(n), std::move(h)};
    e->op = expr.negated ? 1 : 0;
    return e;
  };
  if (haystack->type.Is(TypeKind::kTags)) {
    if (!needle->type.IsTextLike()) {
      sink_.Report(DiagCode::kTypeMismatch, needle->span, "tags hold text labels; this is " + ATypeName(needle->type))
          .help = "write the label in double quotes: \"vip\" in tags";
      return Poison(expr.span);
    }
    return make(needle, haystack);
  }
  if (haystack->type.Is(TypeKind::kList)) {
    if (haystack->type.element == TypeKind::kError) return make(needle, haystack);  // empty list
    std::optional<Type> common = CommonType(needle->type, Type::Of(haystack->type.element));
    TExprPtr list = common ? Convert(haystack, Type::List(common->kind)) : nullptr;
    if (!common && needle->kind == TExprKind::kTagRef) {
      ReportTagUsedAsText(DiagCode::kListMismatch, *needle, *haystack, "it cannot be looked for in a list", expr.span);
      return Poison(expr.span);
    }
    if (!common || !list) {
      sink_.Report(DiagCode::kListMismatch, expr.span,
                   "cannot look for " + ATypeName(needle->type) + " in " + ATypeName(haystack->type));
      return Poison(expr.span);
    }
    return make(Convert(needle, *common), list);
  }
  if (haystack->kind == TExprKind::kTagRef) {
    ReportTagUsedAsText(DiagCode::kTypeMismatch, *haystack, *needle, "not a list or a tags column", haystack->span);
    return Poison(expr.span);
  }
  Diagnostic& d = sink_.Report(DiagCode::kTypeMismatch, haystack->span,
                               "`in` needs a list or tags, but this is " + ATypeName(haystack->type));
  d.help = "write a list: city in [\"Paris\", \"Lyon\"]";
  return Poison(expr.span);
}

TExprPtr Checker::CheckBinary(const ast::BinaryExpr& expr, const Scope& scope) {
  if (expr.op == ast::BinaryOp::kAnd || expr.op == ast::BinaryOp::kOr) {
    const char* what = expr.op == ast::BinaryOp::kAnd ? "each side of `and`" : "each side of `or`";
    TExprPtr lhs = CheckCondition(*expr.lhs, scope, what);
    TExprPtr rhs = CheckCondition(*expr.rhs, scope, what);
    if (lhs->type.IsError() || rhs->type.IsError()) return Poison(expr.span);
    auto e = MakeNode(expr.op == ast::BinaryOp::kAnd ? TExprKind::kAnd : TExprKind::kOr, kBoolType, expr.span);
    e->args = {lhs, rhs};
    return e;
  }
  if (ast::IsComparison(expr.op)) {
    if (TExprPtr reported = CheckCompareWithMissing(expr, scope)) return reported;
  }
  if (TExprPtr calendar = CheckCalendarArith(expr, scope)) return calendar;
  auto [lhs, rhs] = CheckSides(*expr.lhs, *expr.rhs, scope);
  if (ast::IsComparison(expr.op)) {
    CompareOp op = static_cast<CompareOp>(static_cast<int>(expr.op) - static_cast<int>(ast::BinaryOp::kEq));
    return CheckCompare(expr.span, expr.op_span, op, lhs, rhs);
  }
  if (expr.op == ast::BinaryOp::kDefault) {
    if (lhs->type.IsError() || rhs->type.IsError()) return Poison(expr.span);
    if (lhs->type.Is(TypeKind::kMoney) && rhs->type.Is(TypeKind::kFloat) && rhs->kind == TExprKind::kConst)
      rhs = Convert(rhs, lhs->type);
    std::optional<Type> common = CommonType(lhs->type, rhs->type);
    if (!common) {
      sink_
          .Report(DiagCode::kTypeMismatch, expr.span,
                  "the fallback after ?? is " + ATypeName(rhs->type) + " but the value is " + ATypeName(lhs->type))
          .help = "give a fallback of the same kind, e.g. `last_spend ?? 0`";
      return Poison(expr.span);
    }
    auto e = MakeNode(TExprKind::kDefault, *common, expr.span);
    e->args = {Convert(lhs, *common), Convert(rhs, *common)};
    return e;
  }
  RetypeMissingOperands(expr, lhs, rhs);
  return CheckArith(expr, lhs, rhs);
}

}  // namespace seg::sema
