// Expressions: literals, the dispatch over expression kinds and the implicit conversions between
// types; names and members are in check_names.cc, operators in check_operators.cc.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "compiler/sema/checker_internal.h"
#include "runtime/civil_time.h"
#include "runtime/money.h"
#include "runtime/time_zone.h"
#include "runtime/written_number.h"

namespace seg::sema {

TExprPtr Checker::RequireValue(TExprPtr e) {
  if (e->type.Is(TypeKind::kEventSet)) {
    std::string name = EventsName(e->type.events);
    Diagnostic& d = sink_.Report(DiagCode::kNotAnEventSet, e->span, "'" + name + "' is a set of events, not a value");
    d.help = "aggregate it, e.g. count(" + name + ") or last(" + name + ".<column>)";
    return Poison(e->span);
  }
  if (e->type.Is(TypeKind::kList)) {
    sink_.Report(DiagCode::kTypeMismatch, e->span, "a list can only follow `in`").help = "write `x in [\"a\", \"b\"]`";
    return Poison(e->span);
  }
  return e;
}

TExprPtr Checker::Convert(TExprPtr e, Type to) {
  const Type& from = e->type;
  if (from == to || from.IsError() || to.IsError()) return e;
  if (from.Is(TypeKind::kList) && to.Is(TypeKind::kList)) {
    if (e->kind != TExprKind::kConst) return nullptr;
    Value list = e->constant;
    list.type = to;
    for (Value& item : list.items) {
      TExprPtr converted = Convert(MakeConst(item, e->span), Type::Of(to.element));
      if (!converted) return nullptr;
      item = converted->constant;
    }
    return MakeConst(list, e->span);
  }
  bool allowed = (from.Is(TypeKind::kInt) && (to.Is(TypeKind::kFloat) || to.Is(TypeKind::kMoney))) ||
                 (from.Is(TypeKind::kMoney) && to.Is(TypeKind::kFloat)) ||
                 (from.Is(TypeKind::kDate) && to.Is(TypeKind::kTimestamp)) || (from.IsTextLike() && to.IsTextLike()) ||
                 // A written decimal is exact money: 19.99 means 19.99, not the nearest double.
                 (from.Is(TypeKind::kFloat) && to.Is(TypeKind::kMoney) && e->kind == TExprKind::kConst);
  if (!allowed) return nullptr;
  if (e->kind == TExprKind::kConst) {
    Value v = e->constant;
    v.type = to;
    if (!v.missing) {
      if (from.Is(TypeKind::kInt) && to.Is(TypeKind::kFloat)) v.f = static_cast<double>(v.i);
      else if (to.Is(TypeKind::kMoney) && (from.Is(TypeKind::kInt) || from.Is(TypeKind::kFloat))) {
        if (!ConstantAsMoney(e->constant, e->span, &v.i)) return MakeConst(Value::Missing(to), e->span);
      } else if (from.Is(TypeKind::kMoney) && to.Is(TypeKind::kFloat)) v.f = static_cast<double>(v.i) / 10000.0;
      else if (from.Is(TypeKind::kDate) && to.Is(TypeKind::kTimestamp)) {
        v.i = program_->zone.StartOfLocalDay(static_cast<int32_t>(v.i));
      }
    }
    return MakeConst(v, e->span);
  }
  auto c = MakeNode(TExprKind::kConvert, to, e->span);
  c->args.push_back(e);
  return c;
}

bool Checker::ConstantAsMoney(const Value& number, SourceSpan span, int64_t* out) {
  rt::WrittenNumberError error;
  std::string text;
  bool ok = false;
  if (number.type.Is(TypeKind::kInt)) {
    text = FormatValue(number);
    ok = rt::CheckedMulMoneyByInt(number.i, rt::kMoneyScale, out);
    if (!ok) error = rt::MoneyRangeError();
  } else if (!number.decimal_text.empty()) {  // a written decimal: exact, and as strict as a --param
    text = number.decimal_text;
    ok = rt::ParseWrittenMoney(text, out, &error);
  } else {
    text = FormatValue(number);
    ok = rt::MoneyFromDouble(number.f, out);
    if (!ok) error = rt::MoneyRangeError();
  }
  // Reported here, where the number becomes money: the caller goes on with a missing amount so
  // that one bad literal gives one error, not a cascade of type errors.
  if (!ok) sink_.Report(DiagCode::kInvalidLiteral, span, "'" + text + "' " + error.problem).help = error.limits;
  return ok;
}

std::optional<Type> Checker::CommonType(const Type& a, const Type& b) {
  if (a == b) return a;
  auto is = [&](TypeKind x, TypeKind y) { return (a.Is(x) && b.Is(y)) || (a.Is(y) && b.Is(x)); };
  if (is(TypeKind::kInt, TypeKind::kFloat)) return Type::Of(TypeKind::kFloat);
  if (is(TypeKind::kInt, TypeKind::kMoney)) return Type::Of(TypeKind::kMoney);
  if (is(TypeKind::kMoney, TypeKind::kFloat)) return Type::Of(TypeKind::kFloat);
  if (is(TypeKind::kDate, TypeKind::kTimestamp)) return Type::Of(TypeKind::kTimestamp);
  if (is(TypeKind::kText, TypeKind::kId)) return Type::Of(TypeKind::kText);
  return std::nullopt;
}

TExprPtr Checker::CheckCondition(const ast::Expr& expr, const Scope& scope, const char* what) {
  TExprPtr e = RequireValue(CheckExpr(expr, scope));
  if (e->type.IsError() || e->type.Is(TypeKind::kBool)) return e;
  Diagnostic& d = sink_.Report(DiagCode::kConditionNotBool, e->span,
                               std::string(what) + " must be true or false, but this is " + ATypeName(e->type));
  if (e->type.IsNumeric()) d.help = "compare it with something, e.g. `... > 0`";
  else if (e->type.Is(TypeKind::kDuration)) d.help = "compare it with a duration, e.g. `... > 30 days`";
  else if (e->type.Is(TypeKind::kDate) || e->type.Is(TypeKind::kTimestamp))
    d.help = "ask whether it falls in a window, e.g. `... within last 30 days`";
  else if (e->type.IsTextLike()) d.help = "compare it with a text, e.g. `... == \"Paris\"`";
  return Poison(e->span);
}

namespace {

// `1000 EUR` parses as a duration with the unit EUR: a currency code (three capital letters) or a
// currency word is someone writing money, not a duration with a mistyped unit.
bool IsCurrencyWord(const std::string& word) {
  if (word.size() == 3 && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return true;
  static const char* const kWords[] = {"eur",   "euro",   "euros", "usd",   "dollar", "dollars", "gbp",
                                       "pound", "pounds", "chf",   "franc", "francs", "jpy",     "yen"};
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

}  // namespace

TExprPtr Checker::CheckLiteral(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kInt: return MakeConst(Value::Int(expr.As<ast::IntLit>().value), expr.span);
    case ast::ExprKind::kDecimal: {
      const std::string& text = expr.As<ast::DecimalLit>().text;
      Value v = Value::Float(0);
      rt::WrittenNumberError error;
      if (!rt::ParseWrittenFloat(text, &v.f, &error)) {
        sink_.Report(DiagCode::kInvalidLiteral, expr.span, "'" + text + "' " + error.problem).help = error.limits;
        return Poison(expr.span);
      }
      v.decimal_text = text;
      return MakeConst(v, expr.span);
    }
    case ast::ExprKind::kString: return MakeConst(Value::Text(expr.As<ast::StringLit>().value), expr.span);
    case ast::ExprKind::kBool: return MakeConst(Value::Bool(expr.As<ast::BoolLit>().value), expr.span);
    case ast::ExprKind::kDate: return MakeConst(Value::Of(TypeKind::kDate, expr.As<ast::DateLit>().days), expr.span);
    case ast::ExprKind::kTimestamp: {
      rt::ParsedTimestamp parsed;
      if (!rt::ParseTimestamp(expr.As<ast::TimestampLit>().text, &parsed)) return Poison(expr.span);
      return MakeConst(Value::Of(TypeKind::kTimestamp, program_->zone.ToUtc(parsed)), expr.span);
    }
    case ast::ExprKind::kDuration: {
      const auto& d = expr.As<ast::DurationLit>();
      std::string unit = d.unit;
      if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
      int64_t micros_per_unit = 0;
      if (unit == "second") micros_per_unit = rt::kMicrosPerSecond;
      else if (unit == "minute") micros_per_unit = 60 * rt::kMicrosPerSecond;
      else if (unit == "hour") micros_per_unit = 3600 * rt::kMicrosPerSecond;
      else if (unit == "day") micros_per_unit = rt::kMicrosPerDay;
      else if (unit == "week") micros_per_unit = 7 * rt::kMicrosPerDay;
      if (micros_per_unit == 0 && IsCurrencyWord(d.unit)) {
        sink_.Report(DiagCode::kUnknownUnit, d.unit_span, "money has no currency unit: '" + d.unit + "' is not needed")
            .help = "write the amount alone, `" + d.amount + "`: amounts are in the currency of your data";
        return Poison(expr.span);
      }
      if (micros_per_unit == 0) {
        Diagnostic& diag = sink_.Report(DiagCode::kUnknownUnit, d.unit_span, "'" + d.unit + "' is not a unit of time");
        if (unit == "month" || unit == "year" || unit == "quarter")
          diag.help =
              "months and years vary in length: add them to a date (`signup + 3 months`), use a window (`during last "
              "3 months`) or days (`90 days`)";
        else if (!SuggestClosestName(diag, d.unit, {"seconds", "minutes", "hours", "days", "weeks"}))
          diag.help = "durations are written with seconds, minutes, hours, days or weeks: `30 days`";
        return Poison(expr.span);
      }
      double amount = 0;
      rt::WrittenNumberError error;
      if (!rt::ParseWrittenFloat(d.amount, &amount, &error) ||
          !(std::fabs(amount) * static_cast<double>(micros_per_unit) < 9.0e18)) {
        error = rt::DurationRangeError();  // an amount beyond a float is beyond a duration too
        sink_.Report(DiagCode::kInvalidLiteral, expr.span, "'" + d.amount + " " + d.unit + "' " + error.problem)
            .help = error.limits;
        return Poison(expr.span);
      }
      return MakeConst(Value::Of(TypeKind::kDuration, std::llround(amount * static_cast<double>(micros_per_unit))),
                       expr.span);
    }
    default: return Poison(expr.span);
  }
}

TExprPtr Checker::CheckExpr(const ast::Expr& expr, const Scope& scope) {
  switch (expr.kind) {
    case ast::ExprKind::kInt:
    case ast::ExprKind::kDecimal:
    case ast::ExprKind::kString:
    case ast::ExprKind::kBool:
    case ast::ExprKind::kDate:
    case ast::ExprKind::kTimestamp:
    case ast::ExprKind::kDuration: return CheckLiteral(expr);
    case ast::ExprKind::kMissing: return ReportUntypedMissing(expr);
    case ast::ExprKind::kList: {
      const auto& list = expr.As<ast::ListExpr>();
      Value v;
      v.type = Type::List(TypeKind::kError);
      for (const ast::ExprPtr& item : list.items) {
        TExprPtr e = CheckExpr(*item, scope);
        if (e->type.IsError()) return Poison(expr.span);
        if (e->kind != TExprKind::kConst || !e->type.IsValue()) {
          sink_.Report(DiagCode::kNotConstant, e->span, "list items must be plain values")
              .help = "write literals: [\"Paris\", \"Lyon\"] or [1, 2, 3]";
          return Poison(expr.span);
        }
        if (v.items.empty()) {
          v.type.element = e->type.kind;
        } else if (std::optional<Type> common = CommonType(Type::Of(v.type.element), e->type)) {
          v.type.element = common->kind;
        } else {
          sink_.Report(DiagCode::kListMismatch, e->span,
                       "this list mixes " + TypeName(v.type.element) + " and " + TypeName(e->type));
          return Poison(expr.span);
        }
        v.items.push_back(e->constant);
      }
      TExprPtr result = MakeConst(v, expr.span);
      if (v.type.element != TypeKind::kError) result = Convert(result, v.type);  // align item types
      return result;
    }
    case ast::ExprKind::kName: return CheckName(expr.As<ast::NameExpr>(), scope);
    case ast::ExprKind::kMember: return CheckMember(expr.As<ast::MemberExpr>(), scope);
    case ast::ExprKind::kCall:
      if (scope.constant_only) {
        sink_.Report(DiagCode::kNotConstant, expr.span, "a function call is not allowed here")
            .help = "only literals and params can be used here";
        return Poison(expr.span);
      }
      return CheckCall(expr.As<ast::CallExpr>(), scope);
    case ast::ExprKind::kUnary: {
      const auto& u = expr.As<ast::UnaryExpr>();
      if (u.op == ast::UnaryOp::kNot) {
        TExprPtr operand = CheckCondition(*u.operand, scope, "the operand of `not`");
        if (operand->type.IsError()) return Poison(expr.span);
        auto e = MakeNode(TExprKind::kNot, kBoolType, expr.span);
        e->args = {operand};
        return e;
      }
      TExprPtr operand = RequireValue(CheckExpr(*u.operand, scope));
      if (operand->type.IsError()) return Poison(expr.span);
      if (!operand->type.IsNumeric() && !operand->type.Is(TypeKind::kDuration)) {
        sink_.Report(DiagCode::kTypeMismatch, expr.span, "cannot negate " + ATypeName(operand->type));
        return Poison(expr.span);
      }
      if (operand->kind == TExprKind::kConst && !operand->constant.missing) {  // -5 is a literal
        Value v = operand->constant;
        if (!v.type.Is(TypeKind::kFloat) && v.i == INT64_MIN) {  // - -9223372036854775808
          rt::WrittenNumberError error = rt::IntRangeError();
          sink_.Report(DiagCode::kConstantOverflow, expr.span, "`-(" + FormatValue(v) + ")` " + error.problem)
              .help = error.limits;
          return Poison(expr.span);
        }
        if (v.type.Is(TypeKind::kFloat)) v.f = -v.f;
        else v.i = -v.i;
        if (!v.decimal_text.empty())
          v.decimal_text = v.decimal_text[0] == '-' ? v.decimal_text.substr(1) : "-" + v.decimal_text;
        return MakeConst(v, expr.span);
      }
      auto e = MakeNode(TExprKind::kNegate, operand->type, expr.span);
      e->args = {operand};
      return e;
    }
    case ast::ExprKind::kBinary: return CheckBinary(expr.As<ast::BinaryExpr>(), scope);
    case ast::ExprKind::kIn: return CheckIn(expr.As<ast::InExpr>(), scope);
    case ast::ExprKind::kLike: {
      const auto& l = expr.As<ast::LikeExpr>();
      TExprPtr text = RequireValue(CheckExpr(*l.text, scope));
      TExprPtr pattern = RequireValue(CheckExpr(*l.pattern, scope));
      if (text->type.IsError() || pattern->type.IsError()) return Poison(expr.span);
      if (!text->type.IsTextLike() || !pattern->type.IsTextLike()) {
        sink_.Report(DiagCode::kTypeMismatch, expr.span, "`like` matches text against a text pattern")
            .help = "e.g. email like \"%@example.com\"";
        return Poison(expr.span);
      }
      auto e = MakeNode(TExprKind::kLike, kBoolType, expr.span);
      e->args = {text, pattern};
      e->op = l.negated ? 1 : 0;
      return e;
    }
    case ast::ExprKind::kIsMissing: {
      const auto& m = expr.As<ast::IsMissingExpr>();
      TExprPtr operand = RequireValue(CheckExpr(*m.operand, scope));
      if (operand->type.IsError()) return Poison(expr.span);
      auto e = MakeNode(TExprKind::kIsMissing, kBoolType, expr.span);
      e->args = {operand};
      e->op = m.negated ? 1 : 0;
      return e;
    }
    case ast::ExprKind::kWithin: {
      const auto& w = expr.As<ast::WithinExpr>();
      TExprPtr operand = RequireValue(CheckExpr(*w.operand, scope));
      std::optional<WindowSpec> window = CheckWindow(w.window);
      if (operand->type.IsError() || !window) return Poison(expr.span);
      if (!operand->type.Is(TypeKind::kDate) && !operand->type.Is(TypeKind::kTimestamp)) {
        sink_
            .Report(DiagCode::kTypeMismatch, operand->span,
                    "`within` asks whether a date falls in a window; this is " + ATypeName(operand->type))
            .help = "e.g. first(orders.ts) within last 30 days";
        return Poison(expr.span);
      }
      auto e = MakeNode(TExprKind::kWithin, kBoolType, expr.span);
      e->args = {operand};
      e->window = std::make_shared<WindowSpec>(std::move(*window));
      return e;
    }
    case ast::ExprKind::kIf: {
      const auto& i = expr.As<ast::IfExpr>();
      TExprPtr condition = CheckCondition(*i.condition, scope, "the condition of `if`");
      auto [then_value, else_value] = CheckSides(*i.then_value, *i.else_value, scope);
      if (condition->type.IsError() || then_value->type.IsError() || else_value->type.IsError())
        return Poison(expr.span);
      // A literal beside money becomes money (19.99 exactly) where it converts; otherwise it stays.
      auto literal_as_money = [&](TExprPtr& literal, const Type& money) {
        if (TExprPtr converted = Convert(literal, money)) literal = converted;
      };
      if (then_value->type.Is(TypeKind::kMoney) && else_value->kind == TExprKind::kConst)
        literal_as_money(else_value, then_value->type);
      if (else_value->type.Is(TypeKind::kMoney) && then_value->kind == TExprKind::kConst)
        literal_as_money(then_value, else_value->type);
      std::optional<Type> common = CommonType(then_value->type, else_value->type);
      if (!common) {
        sink_
            .Report(DiagCode::kTypeMismatch, expr.span,
                    "the two branches differ: " + TypeName(then_value->type) + " and " + TypeName(else_value->type))
            .help = "both branches of `if` must give the same kind of value";
        return Poison(expr.span);
      }
      auto e = MakeNode(TExprKind::kIf, *common, expr.span);
      e->args = {condition, Convert(then_value, *common), Convert(else_value, *common)};
      return e;
    }
  }
  return Poison(expr.span);
}

}  // namespace seg::sema
