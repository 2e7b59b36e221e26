// Expressions: literals, names, members and the implicit conversions between types; operators
// are in check_operators.cc.
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
        else if (auto close = ClosestName(d.unit, {"seconds", "minutes", "hours", "days", "weeks"}))
          diag.help = "did you mean '" + *close + "'?";
        else diag.help = "durations are written with seconds, minutes, hours, days or weeks: `30 days`";
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

std::vector<std::string> Checker::VisibleNames(const Scope& scope) const {
  std::vector<std::string> names;
  for (const auto& [name, ref] : globals_) {
    if (scope.constant_only && ref.kind != SymbolKind::kParam) continue;
    names.push_back(name);
  }
  if (!scope.constant_only && program_->entity_input >= 0) {
    for (const ColumnSymbol& c : program_->inputs[program_->entity_input].columns) names.push_back(c.name);
  }
  if (scope.event_set >= 0) {
    for (const ColumnSymbol& c : program_->event_sets[scope.event_set].columns) names.push_back(c.name);
  }
  return names;
}

TExprPtr Checker::CheckName(const ast::NameExpr& expr, const Scope& scope) {
  const std::string& name = expr.name;
  if (scope.event_set >= 0) {
    const EventSetSymbol& set = program_->event_sets[scope.event_set];
    for (size_t i = 0; i < set.columns.size(); ++i) {
      if (set.columns[i].name != name) continue;
      auto e = MakeNode(TExprKind::kEventColumn, set.columns[i].type, expr.span);
      e->symbol = static_cast<int32_t>(i);
      return e;
    }
  }
  if (unparsed_.count(name)) return Poison(expr.span);
  const SymbolRef* ref = Lookup(name);
  if (ref != nullptr && scope.constant_only && ref->kind != SymbolKind::kParam) {
    sink_.Report(DiagCode::kNotConstant, expr.span, "'" + name + "' is not known before the data is read")
        .help = "only literals and params can be used here";
    return Poison(expr.span);
  }
  if (ref != nullptr) {
    switch (ref->kind) {
      case SymbolKind::kParam: {
        auto e = MakeNode(TExprKind::kParam, program_->params[ref->index].type, expr.span);
        e->symbol = ref->index;
        return e;
      }
      case SymbolKind::kLet: {
        let_referenced_[ref->index] = true;
        EnsureLet(ref->index);
        auto e = MakeNode(TExprKind::kLetRef, program_->lets[ref->index].value->type, expr.span);
        e->symbol = ref->index;
        return e;
      }
      case SymbolKind::kTag: {
        EnsureTag(ref->index);
        auto e = MakeNode(TExprKind::kTagRef, kBoolType, expr.span);
        e->symbol = ref->index;
        return e;
      }
      case SymbolKind::kScore: {
        EnsureScore(ref->index);
        auto e = MakeNode(TExprKind::kScoreRef, program_->scores[ref->index].value->type, expr.span);
        e->symbol = ref->index;
        return e;
      }
      case SymbolKind::kClassification: {
        EnsureClassification(ref->index);
        auto e = MakeNode(TExprKind::kClassLabel, Type::Of(TypeKind::kText), expr.span);
        e->symbol = ref->index;
        return e;
      }
      case SymbolKind::kEventSet: {
        if (ref->index < 0) return Poison(expr.span);
        auto e = MakeNode(TExprKind::kEventColumn, Type::Events(ref->index), expr.span);
        return e;
      }
      case SymbolKind::kInput: {
        Diagnostic& d = sink_.Report(DiagCode::kTypeMismatch, expr.span,
                                     "'" + name + "' is the customer input, not a value");
        d.help = "use one of its columns, e.g. " + name + ".<column>";
        return Poison(expr.span);
      }
      default: break;
    }
  }
  if (!scope.constant_only && program_->entity_input >= 0) {
    const InputSymbol& entity = program_->inputs[program_->entity_input];
    for (size_t i = 0; i < entity.columns.size(); ++i) {
      if (entity.columns[i].name != name) continue;
      auto e = MakeNode(TExprKind::kColumn, entity.columns[i].type, expr.span);
      e->symbol = static_cast<int32_t>(i);
      return e;
    }
  }
  if (scope.constant_only && program_->entity_input >= 0) {
    // A customer column where a plain value is needed: the name exists, it is just not known yet.
    const InputSymbol& entity = program_->inputs[program_->entity_input];
    for (const ColumnSymbol& column : entity.columns) {
      if (column.name != name) continue;
      sink_
          .Report(DiagCode::kNotConstant, expr.span,
                  "'" + name + "' is a column of " + entity.name + ", not known before the data is read")
          .help = "only literals and params can be used here";
      return Poison(expr.span);
    }
  }
  Diagnostic& d = sink_.Report(DiagCode::kUnknownName, expr.span, "unknown name '" + name + "'");
  // A column of an event set, used bare outside its aggregate: say where it lives.
  for (const EventSetSymbol& set : program_->event_sets) {
    for (const ColumnSymbol& c : set.columns) {
      if (c.name == name && scope.event_set < 0) {
        d.help = "'" + name + "' is a column of " + set.name + ": aggregate it, e.g. sum(" + set.name + "." + name +
                 ") or last(" + set.name + "." + name + ")";
        return Poison(expr.span);
      }
    }
  }
  // Every visible name is a candidate: worth it only for a diagnostic that is shown.
  if (!sink_.Kept(d)) return Poison(expr.span);
  if (auto close = ClosestName(name, VisibleNames(scope))) d.help = "did you mean '" + *close + "'?";
  else if (scope.constant_only) d.help = "only literals and params can be used here";
  return Poison(expr.span);
}

TExprPtr Checker::CheckMember(const ast::MemberExpr& expr, const Scope& scope) {
  const SymbolRef* ref = nullptr;
  if (expr.object->kind == ast::ExprKind::kName) {
    const std::string& object = expr.object->As<ast::NameExpr>().name;
    if (unparsed_.count(object)) return Poison(expr.span);
    ref = Lookup(object);
    bool shadowed = false;  // a column of the current events with that name wins
    if (scope.event_set >= 0) {
      for (const ColumnSymbol& c : program_->event_sets[scope.event_set].columns) shadowed |= c.name == object;
    }
    if (shadowed) ref = nullptr;
  }
  if (ref != nullptr && ref->kind == SymbolKind::kEventSet && ref->index >= 0 && !expr.member_is_bucket) {
    const EventSetSymbol& set = program_->event_sets[ref->index];
    if (scope.constant_only) {
      sink_.Report(DiagCode::kNotConstant, expr.span, "event columns are not known before the data is read");
      return Poison(expr.span);
    }
    if (scope.event_set < 0) {
      Diagnostic& d = sink_.Report(DiagCode::kEventOutsideAggregate, expr.span,
                                   "'" + set.name + "." + expr.member +
                                       "' has one value per event, not one per customer");
      d.help = "aggregate it, e.g. sum(" + set.name + "." + expr.member + ") or last(" + set.name + "." + expr.member +
               ")";
      return Poison(expr.span);
    }
    if (scope.event_set != ref->index) {
      Diagnostic& d = sink_.Report(DiagCode::kMixedEventSets, expr.span,
                                   "this aggregate ranges over " + EventsName(scope.event_set) + ", not " + set.name);
      d.help = "aggregate each event set separately and combine the results";
      return Poison(expr.span);
    }
    for (size_t i = 0; i < set.columns.size(); ++i) {
      if (set.columns[i].name != expr.member) continue;
      auto e = MakeNode(TExprKind::kEventColumn, set.columns[i].type, expr.span);
      e->symbol = static_cast<int32_t>(i);
      return e;
    }
    Diagnostic& d = sink_.Report(DiagCode::kUnknownColumn, expr.member_span,
                                 set.name + " has no column '" + expr.member + "'");
    std::vector<std::string> names;
    for (const ColumnSymbol& c : set.columns) names.push_back(c.name);
    if (auto close = ClosestName(expr.member, names)) d.help = "did you mean '" + *close + "'?";
    return Poison(expr.span);
  }
  if (ref != nullptr && ref->kind == SymbolKind::kInput && ref->index == program_->entity_input &&
      !expr.member_is_bucket) {
    const InputSymbol& entity = program_->inputs[ref->index];
    for (size_t i = 0; i < entity.columns.size(); ++i) {
      if (entity.columns[i].name != expr.member) continue;
      auto e = MakeNode(TExprKind::kColumn, entity.columns[i].type, expr.span);
      e->symbol = static_cast<int32_t>(i);
      return e;
    }
    Diagnostic& d = sink_.Report(DiagCode::kUnknownColumn, expr.member_span,
                                 entity.name + " has no column '" + expr.member + "'");
    std::vector<std::string> names;
    for (const ColumnSymbol& c : entity.columns) names.push_back(c.name);
    if (auto close = ClosestName(expr.member, names)) d.help = "did you mean '" + *close + "'?";
    return Poison(expr.span);
  }
  if (ref != nullptr && ref->kind == SymbolKind::kClassification) {
    EnsureClassification(ref->index);
    const ClassificationSymbol& cls = program_->classifications[ref->index];
    if (!HasBucket(ref->index, expr.member)) {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownBucket, expr.member_span,
                                   "'" + cls.name + "' has no bucket \"" + expr.member + "\"");
      if (auto close = ClosestName(expr.member, cls.Buckets())) d.help = "did you mean \"" + *close + "\"?";
      else if (!expr.member_is_bucket) d.help = "bucket names are quoted: " + cls.name + ".\"" + expr.member + "\"";
      return Poison(expr.span);
    }
    auto e = MakeNode(TExprKind::kInBucket, kBoolType, expr.span);
    e->symbol = ref->index;
    e->label = expr.member;
    return e;
  }
  TExprPtr object = CheckExpr(*expr.object, scope);
  if (object->type.IsError()) return Poison(expr.span);
  Diagnostic& d = sink_.Report(DiagCode::kTypeMismatch, expr.member_span,
                               ATypeName(object->type) + " has no member '" + expr.member + "'");
  d.help = "`.` follows an input (orders.amount) or a classification (value.\"Champions\")";
  return Poison(expr.span);
}

int32_t Checker::FindEventSet(const ast::Expr& expr) const {
  // Depth is bounded by the parser's expression limit.
  switch (expr.kind) {
    case ast::ExprKind::kName: {
      const SymbolRef* ref = Lookup(expr.As<ast::NameExpr>().name);
      return ref != nullptr && ref->kind == SymbolKind::kEventSet ? ref->index : -1;
    }
    case ast::ExprKind::kMember: return FindEventSet(*expr.As<ast::MemberExpr>().object);
    case ast::ExprKind::kUnary: return FindEventSet(*expr.As<ast::UnaryExpr>().operand);
    case ast::ExprKind::kBinary: {
      const auto& b = expr.As<ast::BinaryExpr>();
      int32_t l = FindEventSet(*b.lhs);
      return l >= 0 ? l : FindEventSet(*b.rhs);
    }
    case ast::ExprKind::kIf: {
      const auto& i = expr.As<ast::IfExpr>();
      for (const ast::Expr* part : {i.condition.get(), i.then_value.get(), i.else_value.get()}) {
        if (int32_t s = FindEventSet(*part); s >= 0) return s;
      }
      return -1;
    }
    case ast::ExprKind::kCall: {
      for (const ast::CallArg& a : expr.As<ast::CallExpr>().args) {
        if (int32_t s = FindEventSet(*a.value); s >= 0) return s;
      }
      return -1;
    }
    case ast::ExprKind::kIsMissing: return FindEventSet(*expr.As<ast::IsMissingExpr>().operand);
    case ast::ExprKind::kIn: return FindEventSet(*expr.As<ast::InExpr>().needle);
    case ast::ExprKind::kLike: return FindEventSet(*expr.As<ast::LikeExpr>().text);
    default: return -1;
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
