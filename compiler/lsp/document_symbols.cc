// Document symbols (the outline): every declaration of the file with its name's range, inputs
// and derived event sets with their columns, classifications with their buckets.
#include "compiler/lsp/features.h"

namespace seg::lsp {

namespace {

// The protocol's SymbolKind numbers.
enum SymbolKind : int {
  kModule = 2,
  kClass = 5,
  kMethod = 6,
  kProperty = 7,
  kField = 8,
  kEnum = 10,
  kInterface = 11,
  kVariable = 13,
  kConstant = 14,
  kNumber = 16,
  kBoolean = 17,
  kEnumMember = 22,
  kEvent = 24,
};

Json Symbol(const LineIndex& lines, const std::string& name, int kind, SourceSpan range, SourceSpan selection,
            const std::string& detail = "") {
  if (!selection.Valid() || selection.begin < range.begin || selection.end > range.end) selection = range;
  Json s = {{"name", name.empty() ? "?" : name},
            {"kind", kind},
            {"range", ToRange(lines, range)},
            {"selectionRange", ToRange(lines, selection)}};
  if (!detail.empty()) s["detail"] = detail;
  return s;
}

Json Columns(const LineIndex& lines, const std::vector<ast::ColumnDecl>& columns) {
  Json out = Json::array();
  for (const ast::ColumnDecl& c : columns) {
    SourceSpan range = c.type.span.Valid() ? SourceSpan::Cover(c.name.span, c.type.span) : c.name.span;
    out.push_back(Symbol(lines, c.name.text, kField, range, c.name.span, c.type.text));
  }
  return out;
}

}  // namespace

Json DocumentSymbols(const Document& document) {
  Json out = Json::array();
  if (!document.analysis || !document.analysis->module) return out;
  LineIndex lines = document.Lines();
  for (const ast::DeclPtr& decl : document.analysis->module->decls) {
    if (!decl) continue;
    const ast::Decl& d = *decl;
    switch (d.kind) {
      case ast::DeclKind::kImport: out.push_back(Symbol(lines, d.name.text, kModule, d.span, d.name.span)); break;
      case ast::DeclKind::kTimezone:
        out.push_back(Symbol(lines, "timezone", kProperty, d.span, d.span, d.As<ast::TimezoneDecl>().zone.text));
        break;
      case ast::DeclKind::kEntityInput: {
        Json s = Symbol(lines, d.name.text, kClass, d.span, d.name.span, "customer input");
        s["children"] = Columns(lines, d.As<ast::EntityInputDecl>().columns);
        out.push_back(std::move(s));
        break;
      }
      case ast::DeclKind::kEventInput: {
        Json s = Symbol(lines, d.name.text, kClass, d.span, d.name.span,
                        "events of " + d.As<ast::EventInputDecl>().parent.text);
        s["children"] = Columns(lines, d.As<ast::EventInputDecl>().columns);
        out.push_back(std::move(s));
        break;
      }
      case ast::DeclKind::kNeeds: {
        Json s = Symbol(lines, d.name.text, kInterface, d.span, d.name.span, "events the importing program provides");
        s["children"] = Columns(lines, d.As<ast::NeedsDecl>().columns);
        out.push_back(std::move(s));
        break;
      }
      case ast::DeclKind::kEvents: {
        const auto& e = d.As<ast::EventsDecl>();
        Json s = Symbol(lines, d.name.text, kInterface, d.span, d.name.span, "events from " + e.source.text);
        Json children = Json::array();
        for (const ast::DerivedColumn& c : e.columns) {
          SourceSpan range = c.value ? SourceSpan::Cover(c.name.span, c.value->span) : c.name.span;
          children.push_back(Symbol(lines, c.name.text, kField, range, c.name.span));
        }
        s["children"] = children;
        out.push_back(std::move(s));
        break;
      }
      case ast::DeclKind::kParam:
        out.push_back(Symbol(lines, d.name.text, kConstant, d.span, d.name.span, d.As<ast::ParamDecl>().type.text));
        break;
      case ast::DeclKind::kLet: out.push_back(Symbol(lines, d.name.text, kVariable, d.span, d.name.span)); break;
      case ast::DeclKind::kTag: out.push_back(Symbol(lines, d.name.text, kBoolean, d.span, d.name.span, "tag")); break;
      case ast::DeclKind::kScore:
        out.push_back(Symbol(lines, d.name.text, kNumber, d.span, d.name.span, "score"));
        break;
      case ast::DeclKind::kSegments: {
        const auto& seg = d.As<ast::SegmentsDecl>();
        Json s = Symbol(lines, d.name.text, kEnum, d.span, d.name.span, "segments");
        Json children = Json::array();
        for (const ast::SegmentRule& rule : seg.rules) {
          SourceSpan range = rule.condition ? SourceSpan::Cover(rule.label.span, rule.condition->span)
                                            : rule.label.span;
          children.push_back(Symbol(lines, rule.label.text, kEnumMember, range, rule.label.span));
        }
        if (seg.else_label)
          children.push_back(
              Symbol(lines, seg.else_label->text, kEnumMember, seg.else_label->span, seg.else_label->span, "else"));
        s["children"] = children;
        out.push_back(std::move(s));
        break;
      }
      case ast::DeclKind::kTest: out.push_back(Symbol(lines, d.name.text, kMethod, d.span, d.name.span, "test")); break;
    }
  }
  return out;
}

}  // namespace seg::lsp
