#include "compiler/sema/checker.h"

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
  if (SuggestClosestName(d, name.text, names)) return std::nullopt;
  if (name.text == "string" || name.text == "str") d.help = "text is written `text`";
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

}  // namespace seg::sema
