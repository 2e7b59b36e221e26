// Names and members: what a bare name means where it stands (a column of the events aggregated, a
// customer column, a let, a tag, a param, ...), `input.column`, `classification."bucket"`, and the
// event set an aggregate's value ranges over.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

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
  if (!SuggestClosestName(d, name, VisibleNames(scope)) && scope.constant_only)
    d.help = "only literals and params can be used here";
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
    return ColumnMember(expr, set.name, set.columns, TExprKind::kEventColumn);
  }
  if (ref != nullptr && ref->kind == SymbolKind::kInput && ref->index == program_->entity_input &&
      !expr.member_is_bucket) {
    const InputSymbol& entity = program_->inputs[ref->index];
    return ColumnMember(expr, entity.name, entity.columns, TExprKind::kColumn);
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

TExprPtr Checker::ColumnMember(const ast::MemberExpr& expr, const std::string& owner,
                               const std::vector<ColumnSymbol>& columns, TExprKind kind) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name != expr.member) continue;
    auto e = MakeNode(kind, columns[i].type, expr.span);
    e->symbol = static_cast<int32_t>(i);
    return e;
  }
  Diagnostic& d = sink_.Report(DiagCode::kUnknownColumn, expr.member_span,
                               owner + " has no column '" + expr.member + "'");
  SuggestClosestName(d, expr.member, NamesOf(columns));
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

}  // namespace seg::sema
