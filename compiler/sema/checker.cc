#include "compiler/sema/checker.h"

#include <string_view>
#include <unordered_set>

#include "compiler/sema/checker_internal.h"
#include "runtime/time_zone.h"

namespace seg::sema {

std::unique_ptr<Program> Check(const std::vector<ModuleInput>& modules, const SourceSet& sources, DiagnosticSink& sink,
                               const std::set<std::string>& output_lets, size_t stand_in_type) {
  Checker checker(sources, sink);
  checker.output_lets_ = output_lets;
  checker.stand_in_type_ = stand_in_type;
  return checker.Run(modules);
}

const char* SymbolKindWord(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::kInput: return "input";
    case SymbolKind::kEventSet: return "event set";
    case SymbolKind::kParam: return "param";
    case SymbolKind::kLet: return "let";
    case SymbolKind::kTag: return "tag";
    case SymbolKind::kScore: return "score";
    case SymbolKind::kClassification: return "segments";
    case SymbolKind::kTest: return "test";
    case SymbolKind::kUnparsed: return "declaration";
  }
  return "name";
}

TExprPtr Checker::Poison(SourceSpan span) const {
  auto e = std::make_shared<TExpr>();
  e->kind = TExprKind::kConst;
  e->type = Type::Error();
  e->span = span;
  return e;
}

const SymbolRef* Checker::Lookup(const std::string& name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

std::optional<Type> Checker::ResolveTypeName(const ast::Name& name) {
  if (std::optional<rt::ValueType> v = rt::ParseValueType(name.text)) return Type::FromValueType(*v);
  std::vector<std::string> names = {"bool",      "int",      "float", "money", "date",
                                    "timestamp", "duration", "text",  "tags",  "id"};
  Diagnostic& d = sink_.Report(DiagCode::kUnknownType, name.span, "unknown type '" + name.text + "'");
  if (auto close = ClosestName(name.text, names)) d.help = "did you mean '" + *close + "'?";
  else if (name.text == "string" || name.text == "str") d.help = "text is written `text`";
  else if (name.text == "decimal" || name.text == "number" || name.text == "double")
    d.help = "use `float`, or `money` for exact amounts";
  else d.help = "the types are bool, int, float, money, date, timestamp, duration, text, tags and id";
  return std::nullopt;
}

void Checker::Declare(const ast::Decl& decl, bool is_library) {
  SymbolKind kind;
  int32_t index = 0;
  switch (decl.kind) {
    case ast::DeclKind::kImport: return;
    case ast::DeclKind::kNeeds: return;  // collected by Run with its module
    case ast::DeclKind::kTimezone: timezone_decls_.push_back(&decl.As<ast::TimezoneDecl>()); return;
    case ast::DeclKind::kTest: test_decls_.push_back(&decl.As<ast::TestDecl>()); return;
    case ast::DeclKind::kEntityInput:
    case ast::DeclKind::kEventInput:
      kind = SymbolKind::kInput;
      index = static_cast<int32_t>(program_->inputs.size());
      program_->inputs.push_back({});
      program_->inputs.back().name = decl.name.text;
      program_->inputs.back().span = decl.name.span;
      input_decls_.push_back({&decl, index});
      break;
    case ast::DeclKind::kEvents:
      kind = SymbolKind::kEventSet;
      index = -1;  // becomes the event set's index once checked; -1 means "not usable yet"
      events_decls_.push_back({&decl.As<ast::EventsDecl>(), -1});
      break;
    case ast::DeclKind::kParam:
      kind = SymbolKind::kParam;
      index = static_cast<int32_t>(program_->params.size());
      program_->params.push_back({decl.name.text, decl.name.span, Type::Error(), std::nullopt, false});
      param_decls_.push_back({&decl.As<ast::ParamDecl>(), index});
      break;
    case ast::DeclKind::kLet:
      kind = SymbolKind::kLet;
      index = static_cast<int32_t>(let_decls_.size());
      let_decls_.push_back(&decl.As<ast::LetDecl>());
      let_in_library_.push_back(is_library);
      break;
    case ast::DeclKind::kTag:
      kind = SymbolKind::kTag;
      index = static_cast<int32_t>(tag_decls_.size());
      tag_decls_.push_back(&decl.As<ast::TagDecl>());
      break;
    case ast::DeclKind::kScore:
      kind = SymbolKind::kScore;
      index = static_cast<int32_t>(score_decls_.size());
      score_decls_.push_back(&decl.As<ast::ScoreDecl>());
      break;
    case ast::DeclKind::kSegments:
      kind = SymbolKind::kClassification;
      index = static_cast<int32_t>(class_decls_.size());
      class_decls_.push_back(&decl.As<ast::SegmentsDecl>());
      break;
    default: return;
  }
  if (decl.name.text == "as_of" && decl.kind != ast::DeclKind::kParam) {
    sink_.Report(DiagCode::kReservedName, decl.name.span, "'as_of' is the date every window is measured from")
        .help = "choose another name; as_of itself is bound by the host (seg run --as-of)";
    return;  // one mistake, one error: not also a duplicate of the as_of param, nor an unused let
  }
  auto [it, inserted] = globals_.emplace(decl.name.text, SymbolRef{kind, index, decl.name.span});
  if (!inserted) {
    Diagnostic& d = sink_.Report(DiagCode::kDuplicateDefinition, decl.name.span,
                                 "'" + decl.name.text + "' is already defined");
    d.label = "defined again here";
    d.notes.push_back({it->second.span, "first defined here as a " + std::string(SymbolKindWord(it->second.kind))});
    d.help = "rename one of them; names are shared by inputs, params, lets, tags, scores and segments";
  }
}

void Checker::CheckTimezone(const ast::TimezoneDecl& decl) {
  rt::Result<rt::TimeZone> zone = rt::TimeZone::Load(decl.zone.text);
  if (!zone.ok()) {
    Diagnostic& d = sink_.Report(DiagCode::kBadTimezone, decl.zone.span,
                                 "unknown time zone \"" + decl.zone.text + "\"");
    d.help =
        "use an IANA name such as \"Europe/Berlin\" or \"America/New_York\", \"UTC\", or an offset such as \"+02:00\"";
    return;
  }
  program_->timezone = decl.zone.text;
  program_->zone = *zone;
  program_->timezone_span = decl.zone.span;
}

std::unique_ptr<Program> Checker::Run(const std::vector<ModuleInput>& modules) {
  for (const ModuleInput& m : modules) {
    for (const std::string& name : m.unparsed_names) unparsed_.insert(name);
    // A file that declares what it needs is a module (checked here on its own when it is not a
    // std module): its lets are for the programs that import it, so none is "unused".
    bool is_module = m.is_library;
    for (const ast::DeclPtr& decl : m.module->decls) {
      if (decl->kind != ast::DeclKind::kNeeds) continue;
      needs_decls_.push_back({&decl->As<ast::NeedsDecl>(), &m});
      is_module = true;
    }
    if (is_module) module_files_.insert(m.module->file);
    for (const ast::DeclPtr& decl : m.module->decls) Declare(*decl, is_module);
  }
  let_state_.assign(let_decls_.size(), 0);
  let_referenced_.assign(let_decls_.size(), false);
  tag_state_.assign(tag_decls_.size(), 0);
  score_state_.assign(score_decls_.size(), 0);
  class_state_.assign(class_decls_.size(), 0);
  program_->lets.resize(let_decls_.size());
  program_->tags.resize(tag_decls_.size());
  program_->scores.resize(score_decls_.size());
  program_->classifications.resize(class_decls_.size());

  for (size_t i = 0; i < timezone_decls_.size(); ++i) {
    if (i > 0) {
      Diagnostic& d = sink_.Report(DiagCode::kDuplicateDefinition, timezone_decls_[i]->span,
                                   "the time zone is declared twice");
      d.notes.push_back({timezone_decls_[0]->span, "first declared here"});
      continue;
    }
    CheckTimezone(*timezone_decls_[i]);
  }

  // as_of exists in every program: declared, or implicit.
  if (const SymbolRef* ref = Lookup("as_of"); ref == nullptr) {
    program_->as_of_param = static_cast<int32_t>(program_->params.size());
    program_->params.push_back({"as_of", {}, Type::Of(TypeKind::kDate), std::nullopt, true});
    globals_.emplace("as_of", SymbolRef{SymbolKind::kParam, program_->as_of_param, {}});
  } else if (ref->kind == SymbolKind::kParam) {
    program_->as_of_param = ref->index;
  }

  // Entity input first (event inputs name it), then event inputs, then derived sets in order.
  for (auto& [decl, index] : input_decls_) {
    if (decl->kind == ast::DeclKind::kEntityInput) CheckEntityInput(decl->As<ast::EntityInputDecl>(), index);
  }
  if (program_->entity_input < 0 && !input_decls_.empty()) {
    sink_.Report(DiagCode::kNoEntityInput, input_decls_.front().first->span, "the program declares no customer input")
        .help = "declare one, e.g. `input customers key id { }`: event inputs refer to it";
  }
  for (auto& [decl, index] : input_decls_) {
    if (decl->kind == ast::DeclKind::kEventInput) CheckEventInput(decl->As<ast::EventInputDecl>(), index);
  }
  // Params before anything that may use them: a derived set's filter and columns read params,
  // and a param checked after them would still have no type there (an error type, which hides
  // every diagnostic and silently made the filter false for every event). After the inputs, so
  // a default naming a column is told it is a column.
  for (auto& [decl, index] : param_decls_) CheckParam(*decl, index);
  // The program's derived sets before the modules' needs are matched (`events orders = sales`
  // meets std.rfm's need), and the modules' own derived sets after (they may derive from a need).
  for (size_t i = 0; i < events_decls_.size(); ++i) {
    if (!module_files_.count(events_decls_[i].first->span.file))
      CheckEventsDecl(*events_decls_[i].first, static_cast<int32_t>(i));
  }
  ResolveNeeds();
  for (size_t i = 0; i < events_decls_.size(); ++i) {
    if (module_files_.count(events_decls_[i].first->span.file))
      CheckEventsDecl(*events_decls_[i].first, static_cast<int32_t>(i));
  }

  // Past the error cap nothing more is reported, so the walk stops there: a file with a hundred
  // thousand mistakes is checked in the time of its first few (DiagnosticSink::kMaxErrors).
  for (size_t i = 0; i < let_decls_.size() && !sink_.capped(); ++i) EnsureLet(static_cast<int32_t>(i));
  for (size_t i = 0; i < tag_decls_.size() && !sink_.capped(); ++i) EnsureTag(static_cast<int32_t>(i));
  for (size_t i = 0; i < score_decls_.size() && !sink_.capped(); ++i) EnsureScore(static_cast<int32_t>(i));
  for (size_t i = 0; i < class_decls_.size() && !sink_.capped(); ++i) EnsureClassification(static_cast<int32_t>(i));

  // Output order follows the declarations: classifications, tags and scores as written.
  for (const ModuleInput& m : modules) {
    for (const ast::DeclPtr& decl : m.module->decls) {
      const SymbolRef* ref = Lookup(decl->name.text);
      if (ref == nullptr || ref->span.begin != decl->name.span.begin || ref->span.file != decl->name.span.file)
        continue;
      if (ref->kind == SymbolKind::kClassification)
        program_->outputs.push_back({OutputKind::kClassification, ref->index});
      if (ref->kind == SymbolKind::kTag) program_->outputs.push_back({OutputKind::kTag, ref->index});
      if (ref->kind == SymbolKind::kScore) program_->outputs.push_back({OutputKind::kScore, ref->index});
    }
  }
  // Capped: no tests are checked, and no lints run over a program half checked.
  if (sink_.capped()) return std::move(program_);
  for (const ast::TestDecl* test : test_decls_) CheckTest(*test);
  RunLints();
  return std::move(program_);
}

// ---------------------------------------------------------------- inputs

void Checker::CheckEntityInput(const ast::EntityInputDecl& decl, int32_t index) {
  InputSymbol& input = program_->inputs[index];
  if (program_->entity_input >= 0) {
    Diagnostic& d = sink_.Report(DiagCode::kDuplicateDefinition, decl.name.span, "a second customer input");
    d.notes.push_back({program_->inputs[program_->entity_input].span, "the customer input is declared here"});
    d.help = "a program segments one kind of entity; declare other tables as events: input X of customers by ...";
    return;
  }
  program_->entity_input = index;
  std::set<std::string> seen;
  for (const ast::ColumnDecl& c : decl.columns) {
    if (!seen.insert(c.name.text).second) {
      sink_.Report(DiagCode::kDuplicateDefinition, c.name.span, "column '" + c.name.text + "' is declared twice");
      continue;
    }
    std::optional<Type> type = ResolveTypeName(c.type);
    input.columns.push_back(
        {c.name.text, type ? *type : Type::Error(), c.name.span, nullptr, static_cast<int32_t>(input.columns.size())});
  }
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
  std::set<std::string> seen;
  for (const ast::ColumnDecl& c : decl.columns) {
    if (!seen.insert(c.name.text).second) {
      sink_.Report(DiagCode::kDuplicateDefinition, c.name.span, "column '" + c.name.text + "' is declared twice");
      continue;
    }
    std::optional<Type> type = ResolveTypeName(c.type);
    input.columns.push_back(
        {c.name.text, type ? *type : Type::Error(), c.name.span, nullptr, static_cast<int32_t>(input.columns.size())});
  }
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
      std::vector<std::string> candidates;
      for (const EventSetSymbol& s : program_->event_sets) candidates.push_back(s.name);
      if (auto close = ClosestName(decl.source.text, candidates)) d.help = "did you mean '" + *close + "'?";
      else d.help = "derive events from an `input ... of ...` or an `events` set declared before this one";
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

// ---------------------------------------------------------------- lazily checked symbols

namespace {
// Reports a dependency cycle once, at the symbol where it closed.
bool EnterLazy(std::vector<int>& state, int32_t index, DiagnosticSink& sink, const ast::Name& name, bool& reported) {
  if (state[index] == 2) return false;
  if (state[index] == 1) {
    if (!reported) {
      sink.Report(DiagCode::kCyclicDefinition, name.span, "'" + name.text + "' depends on itself")
          .help = "break the circle: a definition cannot use itself, directly or through others";
      reported = true;
    }
    return false;
  }
  state[index] = 1;
  return true;
}
}  // namespace

void Checker::EnsureLet(int32_t index) {
  const ast::LetDecl& decl = *let_decls_[index];
  if (!EnterLazy(let_state_, index, sink_, decl.name, reported_cycle_)) return;
  LetSymbol& let = program_->lets[index];
  let.name = decl.name.text;
  let.span = decl.name.span;
  let.module_file = decl.span.file;
  let.value = Poison(decl.span);  // visible as poison while in progress (cycles)
  TExprPtr value = CheckExpr(*decl.value, Scope{});
  if (!value->type.IsError() && !value->type.IsValue()) {
    Diagnostic& d = sink_.Report(DiagCode::kNotAnEventSet, value->span,
                                 "'" + decl.name.text + "' would be a set of events, not a value per customer");
    d.help = "derive event sets with `events " + decl.name.text + " = ...`, or aggregate them: count(...)";
    value = Poison(value->span);
  }
  program_->lets[index].value = value;
  let_state_[index] = 2;
}

void Checker::EnsureTag(int32_t index) {
  const ast::TagDecl& decl = *tag_decls_[index];
  if (!EnterLazy(tag_state_, index, sink_, decl.name, reported_cycle_)) return;
  TagSymbol& tag = program_->tags[index];
  tag.name = decl.name.text;
  tag.span = decl.name.span;
  tag.condition = Poison(decl.span);
  TExprPtr condition = CheckCondition(*decl.condition, Scope{}, "a tag's condition");
  program_->tags[index].condition = condition;
  tag_state_[index] = 2;
}

void Checker::EnsureScore(int32_t index) {
  const ast::ScoreDecl& decl = *score_decls_[index];
  if (!EnterLazy(score_state_, index, sink_, decl.name, reported_cycle_)) return;
  ScoreSymbol& score = program_->scores[index];
  score.name = decl.name.text;
  score.span = decl.name.span;
  score.value = Poison(decl.span);
  TExprPtr value = CheckExpr(*decl.value, Scope{});
  if (!value->type.IsError() && !value->type.IsNumeric()) {
    Diagnostic& d = sink_.Report(DiagCode::kTypeMismatch, value->span,
                                 "a score is a number, but this is " + ATypeName(value->type));
    if (value->type.Is(TypeKind::kDuration)) d.help = "turn a duration into a number with days(...)";
    value = Poison(value->span);
  }
  program_->scores[index].value = value;
  score_state_[index] = 2;
}

void Checker::EnsureClassification(int32_t index) {
  const ast::SegmentsDecl& decl = *class_decls_[index];
  if (!EnterLazy(class_state_, index, sink_, decl.name, reported_cycle_)) return;
  ClassificationSymbol& cls = program_->classifications[index];
  cls.name = decl.name.text;
  cls.span = decl.name.span;
  if (decl.parent_class) {
    const SymbolRef* parent = Lookup(decl.parent_class->text);
    if (parent == nullptr || parent->kind != SymbolKind::kClassification) {
      if (!unparsed_.count(decl.parent_class->text)) {
        Diagnostic& d = sink_.Report(DiagCode::kBadRefinement, decl.parent_class->span,
                                     "'" + decl.parent_class->text + "' is not a classification");
        std::vector<std::string> candidates;
        for (const ast::SegmentsDecl* c : class_decls_) candidates.push_back(c->name.text);
        if (auto close = ClosestName(decl.parent_class->text, candidates)) d.help = "did you mean '" + *close + "'?";
      }
    } else {
      EnsureClassification(parent->index);
      const ClassificationSymbol& p = program_->classifications[parent->index];
      if (class_state_[parent->index] == 2 && !HasBucket(parent->index, decl.parent_bucket->text)) {
        Diagnostic& d = sink_.Report(DiagCode::kUnknownBucket, decl.parent_bucket->span,
                                     "'" + p.name + "' has no bucket \"" + decl.parent_bucket->text + "\"");
        if (auto close = ClosestName(decl.parent_bucket->text, p.Buckets()))
          d.help = "did you mean \"" + *close + "\"?";
      }
      program_->classifications[index].parent = parent->index;
      program_->classifications[index].parent_bucket = decl.parent_bucket->text;
    }
  }
  std::map<std::string, SourceSpan> seen;
  for (const ast::SegmentRule& rule : decl.rules) {
    TExprPtr condition = CheckCondition(*rule.condition, Scope{}, "a segment rule");
    auto [it, inserted] = seen.emplace(rule.label.text, rule.label.span);
    if (!inserted) {
      Diagnostic& d = sink_.Report(DiagCode::kDuplicateBucket, rule.label.span,
                                   "\"" + rule.label.text + "\" is already a bucket of '" + decl.name.text + "'");
      d.notes.push_back({it->second, "first rule for it"});
      d.help = "merge the two conditions with `or`, or give the bucket another name";
    }
    program_->classifications[index].rules.push_back({rule.label.text, rule.label.span, condition});
  }
  if (decl.else_label) program_->classifications[index].else_label = decl.else_label->text;
  class_state_[index] = 2;
}

std::vector<std::string> ClassificationSymbol::Buckets() const {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;  // views into rules and else_label, which outlive it
  for (const RuleSymbol& r : rules) {
    if (seen.insert(r.label).second) out.push_back(r.label);
  }
  if (else_label && seen.insert(*else_label).second) out.push_back(*else_label);
  return out;
}

bool Checker::HasBucket(int32_t index, const std::string& label) {
  const ClassificationSymbol& c = program_->classifications[index];
  // Still being checked (a cycle through it): its buckets so far, the same answer Buckets() gives.
  if (class_state_[index] != 2) {
    for (const RuleSymbol& r : c.rules)
      if (r.label == label) return true;
    return c.else_label == label;
  }
  auto [it, added] = bucket_sets_.try_emplace(index);
  if (added) {
    for (const RuleSymbol& r : c.rules) it->second.insert(r.label);
    if (c.else_label) it->second.insert(*c.else_label);
  }
  return it->second.count(label) > 0;
}

}  // namespace seg::sema
