#include "compiler/lsp/targets.h"

#include "compiler/sema/builtins.h"

namespace seg::lsp {

namespace {

template <typename T> const T* At(const std::vector<T>& items, int32_t index) {
  return index >= 0 && static_cast<size_t>(index) < items.size() ? &items[index] : nullptr;
}

std::string TypeText(const sema::Program& program, const lang::Type& type) {
  if (type.IsError()) return "";
  if (type.kind == lang::TypeKind::kEventSet) {
    const sema::EventSetSymbol* set = At(program.event_sets, type.events);
    return set != nullptr ? "events of " + set->name : "events";
  }
  return lang::TypeName(type);
}

std::string TypeOf(const sema::Program& program, const sema::TExprPtr& value) {
  return value ? TypeText(program, value->type) : "";
}

Target Make(TargetKind kind, std::string name, std::string type, SourceSpan definition, std::string owner = "") {
  Target t;
  t.kind = kind;
  t.name = std::move(name);
  t.type = std::move(type);
  t.definition = definition;
  t.owner = std::move(owner);
  return t;
}

Target ColumnTarget(const sema::Program& program, const sema::ColumnSymbol& column, const std::string& owner) {
  return Make(TargetKind::kColumn, column.name, TypeText(program, column.type), column.span, owner);
}

}  // namespace

const char* KindWord(TargetKind kind) {
  switch (kind) {
    case TargetKind::kInput: return "input";
    case TargetKind::kEventSet: return "events";
    case TargetKind::kColumn: return "column";
    case TargetKind::kParam: return "param";
    case TargetKind::kLet: return "let";
    case TargetKind::kTag: return "tag";
    case TargetKind::kScore: return "score";
    case TargetKind::kClassification: return "segments";
    case TargetKind::kBucket: return "bucket";
    case TargetKind::kFunction: return "function";
    case TargetKind::kModule: return "module";
  }
  return "";
}

std::optional<Target> ParamTarget(const sema::Program& program, int32_t index) {
  const sema::ParamSymbol* p = At(program.params, index);
  if (p == nullptr) return std::nullopt;
  return Make(TargetKind::kParam, p->name, TypeText(program, p->type), p->span);
}

std::optional<Target> LetTarget(const sema::Program& program, int32_t index) {
  const sema::LetSymbol* l = At(program.lets, index);
  if (l == nullptr) return std::nullopt;
  return Make(TargetKind::kLet, l->name, TypeOf(program, l->value), l->span);
}

std::optional<Target> TagTarget(const sema::Program& program, int32_t index) {
  const sema::TagSymbol* t = At(program.tags, index);
  if (t == nullptr) return std::nullopt;
  return Make(TargetKind::kTag, t->name, "bool", t->span);
}

std::optional<Target> ScoreTarget(const sema::Program& program, int32_t index) {
  const sema::ScoreSymbol* s = At(program.scores, index);
  if (s == nullptr) return std::nullopt;
  return Make(TargetKind::kScore, s->name, TypeOf(program, s->value), s->span);
}

std::optional<Target> ClassificationTarget(const sema::Program& program, int32_t index) {
  const sema::ClassificationSymbol* c = At(program.classifications, index);
  if (c == nullptr) return std::nullopt;
  return Make(TargetKind::kClassification, c->name, "text", c->span);
}

std::optional<Target> EventSetTarget(const sema::Program& program, int32_t index) {
  const sema::EventSetSymbol* e = At(program.event_sets, index);
  if (e == nullptr) return std::nullopt;
  return Make(TargetKind::kEventSet, e->name, "events of " + e->name, e->span);
}

std::optional<Target> BucketTarget(const sema::Program& program, int32_t classification, const std::string& label) {
  const sema::ClassificationSymbol* c = At(program.classifications, classification);
  if (c == nullptr) return std::nullopt;
  for (const sema::RuleSymbol& rule : c->rules) {
    if (rule.label == label) return Make(TargetKind::kBucket, label, "", rule.span, c->name);
  }
  if (c->else_label && *c->else_label == label) return Make(TargetKind::kBucket, label, "", c->span, c->name);
  return std::nullopt;
}

std::optional<Target> CustomerColumnTarget(const sema::Program& program, int32_t column) {
  const sema::InputSymbol* input = At(program.inputs, program.entity_input);
  if (input == nullptr) return std::nullopt;
  const sema::ColumnSymbol* c = At(input->columns, column);
  if (c == nullptr) return std::nullopt;
  return ColumnTarget(program, *c, input->name);
}

std::optional<Target> EventColumnTarget(const sema::Program& program, int32_t event_set, int32_t column) {
  const sema::EventSetSymbol* set = At(program.event_sets, event_set);
  if (set == nullptr) return std::nullopt;
  const sema::ColumnSymbol* c = At(set->columns, column);
  if (c == nullptr) return std::nullopt;
  return ColumnTarget(program, *c, set->name);
}

std::vector<Target> NamedTargets(const sema::Program& program) {
  std::vector<Target> out;
  for (const sema::InputSymbol& input : program.inputs) {
    out.push_back(Make(TargetKind::kInput, input.name, "", input.span));
  }
  for (size_t i = 0; i < program.event_sets.size(); ++i) {
    bool is_input = false;  // inputs of events are event sets too: listed once, as inputs
    for (const sema::InputSymbol& input : program.inputs) is_input |= input.name == program.event_sets[i].name;
    if (!is_input) out.push_back(*EventSetTarget(program, static_cast<int32_t>(i)));
  }
  auto add_all = [&](size_t n, auto make) {
    for (size_t i = 0; i < n; ++i) {
      if (std::optional<Target> t = make(program, static_cast<int32_t>(i))) out.push_back(*t);
    }
  };
  add_all(program.params.size(), ParamTarget);
  add_all(program.lets.size(), LetTarget);
  add_all(program.tags.size(), TagTarget);
  add_all(program.scores.size(), ScoreTarget);
  add_all(program.classifications.size(), ClassificationTarget);
  return out;
}

std::optional<Target> FindNamed(const sema::Program& program, const std::string& name) {
  for (Target& t : NamedTargets(program)) {
    if (t.name == name) return std::move(t);
  }
  return std::nullopt;
}

std::vector<Target> ColumnsOf(const sema::Program& program, const std::string& owner) {
  std::vector<Target> out;
  for (const sema::InputSymbol& input : program.inputs) {
    if (input.name != owner) continue;
    for (const sema::ColumnSymbol& c : input.columns) out.push_back(ColumnTarget(program, c, owner));
  }
  if (!out.empty()) return out;
  for (const sema::EventSetSymbol& set : program.event_sets) {
    if (set.name != owner) continue;
    for (const sema::ColumnSymbol& c : set.columns) out.push_back(ColumnTarget(program, c, owner));
  }
  return out;
}

std::vector<Target> CustomerColumns(const sema::Program& program) {
  const sema::InputSymbol* input = At(program.inputs, program.entity_input);
  return input != nullptr ? ColumnsOf(program, input->name) : std::vector<Target>{};
}

std::vector<Target> BucketsOf(const sema::Program& program, const std::string& classification) {
  std::vector<Target> out;
  for (size_t i = 0; i < program.classifications.size(); ++i) {
    if (program.classifications[i].name != classification) continue;
    for (const std::string& label : program.classifications[i].Buckets()) {
      if (std::optional<Target> t = BucketTarget(program, static_cast<int32_t>(i), label)) out.push_back(*t);
    }
  }
  return out;
}

std::vector<Target> FunctionTargets() {
  std::vector<Target> out;
  for (const sema::LanguageFunction& f : sema::LanguageFunctions()) {
    Target t = Make(TargetKind::kFunction, std::string(f.name), "", {});
    t.signature = std::string(f.usage);
    t.doc = std::string(f.doc);
    out.push_back(std::move(t));
  }
  for (const lang::BuiltinInfo& info : sema::Builtins()) {
    Target t = Make(TargetKind::kFunction, std::string(info.name), "", {});
    t.signature = sema::SignatureText(info);
    t.doc = std::string(info.doc);
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<Target> FindFunction(const std::string& name) {
  for (Target& t : FunctionTargets()) {
    if (t.name == name) return std::move(t);
  }
  return std::nullopt;
}

}  // namespace seg::lsp
