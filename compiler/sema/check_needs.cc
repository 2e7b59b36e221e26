// What a module needs from the program that imports it: `needs events orders { amount: money;
// ts: timestamp or date }` is met by an event set of that name (an input or a derived set) with
// at least those columns, each of one of the listed types. docs/LANGUAGE.md, "Modules and needs".
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

namespace {

// "timestamp or date"
std::string AcceptedTypes(const ast::ColumnDecl& column) {
  std::string text = column.type.text;
  for (const ast::Name& alternative : column.alternatives) text += " or " + alternative.text;
  return text;
}

// "events 'orders' with amount: money and ts: timestamp or date"
std::string DescribeNeed(const ast::NeedsDecl& need) {
  std::string text = "events '" + need.name.text + "'";
  for (size_t i = 0; i < need.columns.size(); ++i) {
    text += i == 0 ? " with " : i + 1 == need.columns.size() ? " and " : ", ";
    text += need.columns[i].name.text + ": " + AcceptedTypes(need.columns[i]);
  }
  return text;
}

bool Accepts(const ast::ColumnDecl& column, const Type& type) {
  if (std::optional<rt::ValueType> v = rt::ParseValueType(column.type.text); v && Type::FromValueType(*v) == type)
    return true;
  for (const ast::Name& alternative : column.alternatives) {
    if (std::optional<rt::ValueType> v = rt::ParseValueType(alternative.text); v && Type::FromValueType(*v) == type)
      return true;
  }
  return false;
}

}  // namespace

bool Checker::IsStandIn(const SymbolRef* ref) const {
  return ref != nullptr && ref->kind == SymbolKind::kEventSet && ref->index >= 0 &&
         program_->event_sets[ref->index].input < 0;
}

std::string Checker::UnmetBecause(const ast::NeedsDecl& need, const SymbolRef* ref) {
  const std::string& name = need.name.text;
  if (ref == nullptr || IsStandIn(ref)) return "the program declares no '" + name + "'";
  if (ref->kind != SymbolKind::kEventSet)
    return "'" + name + "' is " +
           (ref->kind == SymbolKind::kInput            ? std::string("the customer input")
            : ref->kind == SymbolKind::kClassification ? std::string("a classification")
                                                       : std::string("a ") + SymbolKindWord(ref->kind)) +
           ", not a set of events";
  const EventSetSymbol& set = program_->event_sets[ref->index];
  for (const ast::ColumnDecl& wanted : need.columns) {
    const ColumnSymbol* have = nullptr;
    for (const ColumnSymbol& c : set.columns) {
      if (c.name == wanted.name.text) have = &c;
    }
    if (have == nullptr) return "'" + name + "' has no column '" + wanted.name.text + "'";
    if (!have->type.IsError() && !Accepts(wanted, have->type))
      return "'" + name + "." + wanted.name.text + "' is " + TypeName(have->type) + ", not " + AcceptedTypes(wanted);
  }
  return "";
}

void Checker::DeclareStandIn(const ast::NeedsDecl& need) {
  EventSetSymbol set;
  set.name = need.name.text;
  set.span = need.name.span;
  for (const ast::ColumnDecl& c : need.columns) {
    const ast::Name& listed = stand_in_type_ > 0 && stand_in_type_ <= c.alternatives.size()
                                  ? c.alternatives[stand_in_type_ - 1]
                                  : c.type;
    std::optional<rt::ValueType> type = rt::ParseValueType(listed.text);
    set.columns.push_back({c.name.text, type ? Type::FromValueType(*type) : Type::Error(), c.name.span, nullptr, -1});
  }
  int32_t index = static_cast<int32_t>(program_->event_sets.size());
  program_->event_sets.push_back(std::move(set));
  globals_[need.name.text] = SymbolRef{SymbolKind::kEventSet, index, need.name.span};
}

void Checker::ResolveNeeds() {
  for (const auto& [need, module] : needs_decls_) {
    const std::string& name = need->name.text;
    // The declaration's own mistakes: those are the module's to fix, reported where they are.
    bool well_formed = true;
    std::set<std::string> seen;
    for (const ast::ColumnDecl& c : need->columns) {
      if (!seen.insert(c.name.text).second) {
        sink_.Report(DiagCode::kDuplicateDefinition, c.name.span, "column '" + c.name.text + "' is needed twice");
        well_formed = false;
      }
      well_formed &= ResolveTypeName(c.type).has_value();
      for (const ast::Name& alternative : c.alternatives) well_formed &= ResolveTypeName(alternative).has_value();
    }
    const SymbolRef* ref = Lookup(name);
    // A declaration of that name that did not parse or check was reported already; the module's
    // diagnostics would only repeat it.
    bool already_reported = unparsed_.count(name) > 0 ||
                            (ref != nullptr && ref->kind == SymbolKind::kEventSet && ref->index < 0);
    std::string why = already_reported || !well_formed ? "" : UnmetBecause(*need, ref);
    if (module->is_library && (already_reported || !why.empty())) sink_.MuteFile(need->span.file);
    if (why.empty()) continue;
    if (module->is_library) {
      Diagnostic& d = sink_.Report(DiagCode::kUnmetNeed, module->imported_at,
                                   module->library_name + " needs " + DescribeNeed(*need));
      d.label = why;
      d.notes.push_back({need->name.span, "what " + module->library_name + " needs"});
      d.help = "declare events named '" + name +
               "' with these columns; to adapt other events, derive them, e.g. `events " + name + " = sales" +
               (need->columns.empty() ? "" : " { " + need->columns.front().name.text + " = ... }") + "`";
      if (ref == nullptr) DeclareStandIn(*need);  // the module's names keep their types for the program
    } else if (ref == nullptr || IsStandIn(ref)) {
      // A module checked on its own: nothing here declares what it needs, which is as it should be.
      if (ref == nullptr) DeclareStandIn(*need);
      program_->stand_ins.push_back({name, need->name.span});
    } else {
      Diagnostic& d = sink_.Report(DiagCode::kUnmetNeed, need->name.span, "this file needs " + DescribeNeed(*need));
      d.label = why;
      d.help = "declare '" + name + "' with these columns, or leave the need out of the program";
    }
  }
}

}  // namespace seg::sema
