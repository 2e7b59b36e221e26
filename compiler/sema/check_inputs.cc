// The declarations checked in order, as they come: inputs of customers and of events, derived
// event sets and params.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

void Checker::DeclareColumns(const std::vector<ast::ColumnDecl>& columns, InputSymbol* input) {
  std::set<std::string> seen;
  for (const ast::ColumnDecl& c : columns) {
    if (!seen.insert(c.name.text).second) {
      sink_.Report(DiagCode::kDuplicateDefinition, c.name.span, "column '" + c.name.text + "' is declared twice");
      continue;
    }
    std::optional<Type> type = ResolveTypeName(c.type);
    input->columns.push_back(
        {c.name.text, type ? *type : Type::Error(), c.name.span, nullptr, static_cast<int32_t>(input->columns.size())});
  }
}

void Checker::CheckEntityInput(const ast::EntityInputDecl& decl, int32_t index) {
  InputSymbol& input = program_->inputs[index];
  if (program_->entity_input >= 0) {
    Diagnostic& d = sink_.Report(DiagCode::kDuplicateDefinition, decl.name.span, "a second customer input");
    d.notes.push_back({program_->inputs[program_->entity_input].span, "the customer input is declared here"});
    d.help = "a program segments one kind of entity; declare other tables as events: input X of customers by ...";
    return;
  }
  program_->entity_input = index;
  DeclareColumns(decl.columns, &input);
  // The key is a declared column, or an implicit column of type id.
  for (size_t i = 0; i < input.columns.size(); ++i) {
    if (input.columns[i].name == decl.key.text) input.key_column = static_cast<int32_t>(i);
  }
  if (input.key_column < 0) {
    input.key_column = static_cast<int32_t>(input.columns.size());
    input.columns.push_back({decl.key.text, Type::Of(TypeKind::kId), decl.key.span, nullptr, input.key_column});
  } else {
    const Type& t = input.columns[input.key_column].type;
    if (!t.IsError() && !t.IsTextLike() && !t.Is(TypeKind::kInt)) {
      sink_.Report(DiagCode::kBadKeyColumn, decl.key.span, "the key '" + decl.key.text + "' is " + ATypeName(t))
          .help = "declare keys as `id` (matched as text, so \"0042\" stays \"0042\") or `int` (numbers)";
    }
  }
}

void Checker::CheckEventInput(const ast::EventInputDecl& decl, int32_t index) {
  InputSymbol& input = program_->inputs[index];
  input.is_event = true;
  const SymbolRef* parent = Lookup(decl.parent.text);
  if (parent == nullptr || parent->kind != SymbolKind::kInput || parent->index != program_->entity_input) {
    if (!unparsed_.count(decl.parent.text)) {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownInput, decl.parent.span,
                                   "'" + decl.parent.text + "' is not the customer input");
      if (program_->entity_input >= 0)
        d.help = "events belong to the customer input: `of " + program_->inputs[program_->entity_input].name + "`";
    }
  }
  DeclareColumns(decl.columns, &input);
  auto find_or_add = [&](const ast::Name& name, TypeKind implicit) {
    for (size_t i = 0; i < input.columns.size(); ++i) {
      if (input.columns[i].name == name.text) return static_cast<int32_t>(i);
    }
    input.columns.push_back(
        {name.text, Type::Of(implicit), name.span, nullptr, static_cast<int32_t>(input.columns.size())});
    return static_cast<int32_t>(input.columns.size() - 1);
  };
  // The customer column holds customer keys, so it is of the key's kind: an int key is matched as
  // a number (007 is 7), a text-like one as text; an undeclared customer column takes the key's type.
  const Type* customer_key = nullptr;
  if (program_->entity_input >= 0) {
    const InputSymbol& entity = program_->inputs[program_->entity_input];
    if (entity.key_column >= 0) customer_key = &entity.columns[entity.key_column].type;
  }
  bool int_keys = customer_key != nullptr && customer_key->Is(TypeKind::kInt);
  input.key_column = find_or_add(decl.by_column, int_keys ? TypeKind::kInt : TypeKind::kId);
  input.time_column = find_or_add(decl.at_column, TypeKind::kTimestamp);
  const Type& key_type = input.columns[input.key_column].type;
  if (!key_type.IsError() && !(int_keys ? key_type.Is(TypeKind::kInt) : key_type.IsTextLike())) {
    std::string key_name = program_->inputs[program_->entity_input >= 0 ? program_->entity_input : index].name;
    sink_
        .Report(DiagCode::kBadKeyColumn, decl.by_column.span,
                "the customer column '" + decl.by_column.text + "' is " + ATypeName(key_type) +
                    (int_keys ? ", but the keys of '" + key_name + "' are int" : ""))
        .help = int_keys ? "it holds the customer's key: declare it as `int`, like the key"
                         : "it holds the customer's key: declare it as `id`";
  }
  const Type& time_type = input.columns[input.time_column].type;
  if (!time_type.IsError() && !time_type.Is(TypeKind::kTimestamp) && !time_type.Is(TypeKind::kDate)) {
    sink_
        .Report(DiagCode::kBadKeyColumn, decl.at_column.span,
                "the time column '" + decl.at_column.text + "' is " + ATypeName(time_type))
        .help = "events are placed in time by a date or timestamp column";
  }
  EventSetSymbol set;
  set.name = input.name;
  set.span = input.span;
  set.input = index;
  set.columns = input.columns;
  set.time_column = input.time_column;
  const SymbolRef* ref = Lookup(input.name);
  int32_t set_index = static_cast<int32_t>(program_->event_sets.size());
  program_->event_sets.push_back(std::move(set));
  // Event inputs are usable wherever an event set is: `count(orders)`.
  if (ref != nullptr && ref->kind == SymbolKind::kInput && ref->index == index) {
    globals_[input.name] = SymbolRef{SymbolKind::kEventSet, set_index, ref->span};
  }
}

void Checker::CheckEventsDecl(const ast::EventsDecl& decl, int32_t index) {
  const SymbolRef* source = Lookup(decl.source.text);
  const SymbolRef* self = Lookup(decl.name.text);
  bool is_self = self != nullptr && self->kind == SymbolKind::kEventSet && self->span.begin == decl.name.span.begin &&
                 self->span.file == decl.name.span.file;
  if (source == nullptr || source->kind != SymbolKind::kEventSet || source->index < 0) {
    if (!unparsed_.count(decl.source.text)) {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownInput, decl.source.span,
                                   "'" + decl.source.text + "' is not an input of events declared above");
      if (!SuggestClosestName(d, decl.source.text, NamesOf(program_->event_sets)))
        d.help = "derive events from an `input ... of ...` or an `events` set declared before this one";
    }
    if (is_self) globals_[decl.name.text].index = -1;
    return;
  }
  EventSetSymbol set = program_->event_sets[source->index];
  set.name = decl.name.text;
  set.span = decl.name.span;
  int32_t set_index = static_cast<int32_t>(program_->event_sets.size());
  program_->event_sets.push_back(set);
  Scope scope;
  scope.event_set = set_index;
  if (decl.where) {
    TExprPtr filter = CheckCondition(*decl.where, scope, "an event filter");
    program_->event_sets[set_index].filters.push_back(filter);
  }
  for (const ast::DerivedColumn& c : decl.columns) {
    EventSetSymbol& target = program_->event_sets[set_index];
    bool duplicate = false;
    for (const ColumnSymbol& existing : target.columns) duplicate |= existing.name == c.name.text;
    if (duplicate) {
      sink_
          .Report(DiagCode::kDuplicateDefinition, c.name.span,
                  "'" + c.name.text + "' is already a column of " + decl.source.text)
          .help = "give the computed column a new name";
      continue;
    }
    TExprPtr value = c.value ? CheckExpr(*c.value, scope) : Poison(c.name.span);
    if (!value->type.IsError() && !value->type.IsValue()) {
      sink_.Report(DiagCode::kTypeMismatch, value->span, "a computed column must be a single value per event");
      value = Poison(value->span);
    }
    program_->event_sets[set_index].columns.push_back({c.name.text, value->type, c.name.span, value, -1});
  }
  if (is_self) globals_[decl.name.text].index = set_index;
}

void Checker::CheckParam(const ast::ParamDecl& decl, int32_t index) {
  std::optional<Type> type = ResolveTypeName(decl.type);
  ParamSymbol& param = program_->params[index];
  param.type = type ? *type : Type::Error();
  if (decl.name.text == "as_of" && type && !type->Is(TypeKind::kDate)) {
    sink_.Report(DiagCode::kTypeMismatch, decl.type.span, "as_of must be a date").help = "write `param as_of: date`";
    param.type = Type::Of(TypeKind::kDate);
  }
  if (!decl.default_value) return;
  Scope scope;
  scope.constant_only = true;
  TExprPtr value = CheckExprAs(*decl.default_value, scope, param.type);
  if (value->type.IsError() || param.type.IsError()) return;
  TExprPtr converted = Convert(value, param.type);
  if (!converted) {
    sink_.Report(DiagCode::kTypeMismatch, value->span,
                 "the default is " + ATypeName(value->type) + " but '" + decl.name.text + "' is " +
                     ATypeName(param.type));
    return;
  }
  if (converted->kind == TExprKind::kConst) param.default_value = converted->constant;
  else if (value->kind != TExprKind::kConst) {
    sink_.Report(DiagCode::kNotConstant, value->span, "a param default must be a plain value")
        .help = "write a literal such as 5000 or 2024-01-01";
  }
}

}  // namespace seg::sema
