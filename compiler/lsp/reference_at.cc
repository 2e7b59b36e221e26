#include "compiler/lsp/reference_at.h"

#include "compiler/ast/ast_walk.h"

namespace seg::lsp {

namespace {

using Kind = Reference::Kind;

bool Contains(const SourceSpan& span, uint32_t offset) {
  return span.Valid() && span.begin <= offset && offset <= span.end;
}

std::optional<Reference> Make(Kind kind, const std::string& name, SourceSpan span, SourceSpan expr_span = {},
                              std::string object = "") {
  Reference r;
  r.kind = kind;
  r.name = name;
  r.span = span;
  r.expr_span = expr_span.Valid() ? expr_span : span;
  r.object = std::move(object);
  return r;
}

std::optional<Reference> Named(Kind kind, const ast::Name& name, uint32_t offset, std::string object = "") {
  if (name.text.empty() || !Contains(name.span, offset)) return std::nullopt;
  return Make(kind, name.text, name.span, name.span, std::move(object));
}

// The innermost reference inside `expr` at `offset`.
std::optional<Reference> InExpr(const ast::Expr& expr, uint32_t offset) {
  if (!Contains(expr.span, offset)) return std::nullopt;
  std::optional<Reference> inner;
  ast::ForEachChild(expr, [&](const ast::Expr& child) {
    if (!inner) inner = InExpr(child, offset);
  });
  if (inner) return inner;
  switch (expr.kind) {
    case ast::ExprKind::kName: {
      const auto& n = expr.As<ast::NameExpr>();
      return Make(Kind::kName, n.name, n.span);
    }
    case ast::ExprKind::kMember: {
      const auto& m = expr.As<ast::MemberExpr>();
      if (!Contains(m.member_span, offset)) return std::nullopt;
      std::string object = m.object && m.object->kind == ast::ExprKind::kName ? m.object->As<ast::NameExpr>().name : "";
      return Make(Kind::kMember, m.member, m.member_span, m.span, object);
    }
    case ast::ExprKind::kCall: {
      const auto& c = expr.As<ast::CallExpr>();
      if (Contains(c.callee_span, offset)) return Make(Kind::kCallee, c.callee, c.callee_span);
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

std::optional<Reference> InExprPtr(const ast::ExprPtr& expr, uint32_t offset) {
  return expr ? InExpr(*expr, offset) : std::nullopt;
}

template <typename... Candidates> std::optional<Reference> First(Candidates&&... candidates) {
  std::optional<Reference> found;
  ((found = found ? found : candidates()), ...);
  return found;
}

std::optional<Reference> InColumns(const std::vector<ast::ColumnDecl>& columns, const std::string& owner,
                                   uint32_t offset) {
  for (const ast::ColumnDecl& c : columns) {
    if (auto r = Named(Kind::kColumnDeclaration, c.name, offset, owner)) return r;
  }
  return std::nullopt;
}

std::optional<Reference> InTest(const ast::TestDecl& test, uint32_t offset) {
  for (const ast::TestStmt& s : test.statements) {
    if (!Contains(s.span, offset)) continue;
    if (auto r = InExprPtr(s.value, offset)) return r;
    if (s.kind == ast::TestStmtKind::kGiven) {
      for (const ast::FieldInit& f : s.fields) {
        if (auto r = Named(Kind::kMember, f.name, offset, s.name.text)) return r;
        if (auto r = InExprPtr(f.value, offset)) return r;
      }
    }
    if (auto r = Named(Kind::kName, s.name, offset)) return r;
    if (auto r = Named(Kind::kName, s.classification, offset)) return r;
    if (auto r = Named(Kind::kMember, s.bucket, offset, s.classification.text)) return r;
  }
  return std::nullopt;
}

std::optional<Reference> InDecl(const ast::Decl& decl, uint32_t offset) {
  if (decl.kind == ast::DeclKind::kImport) {
    if (Contains(decl.span, offset) && !decl.name.text.empty())
      return Make(Kind::kImport, decl.name.text, decl.name.span);
    return std::nullopt;
  }
  if (decl.kind != ast::DeclKind::kTest) {
    if (auto r = Named(Kind::kDeclaration, decl.name, offset)) return r;
  }
  switch (decl.kind) {
    case ast::DeclKind::kEntityInput: {
      const auto& d = decl.As<ast::EntityInputDecl>();
      if (auto r = Named(Kind::kColumnDeclaration, d.key, offset, d.name.text)) return r;
      return InColumns(d.columns, decl.name.text, offset);
    }
    case ast::DeclKind::kEventInput: {
      const auto& d = decl.As<ast::EventInputDecl>();
      return First([&] { return Named(Kind::kName, d.parent, offset); },
                   [&] { return Named(Kind::kColumnDeclaration, d.by_column, offset, d.name.text); },
                   [&] { return Named(Kind::kColumnDeclaration, d.at_column, offset, d.name.text); },
                   [&] { return InColumns(d.columns, d.name.text, offset); });
    }
    case ast::DeclKind::kNeeds: return InColumns(decl.As<ast::NeedsDecl>().columns, decl.name.text, offset);
    case ast::DeclKind::kEvents: {
      const auto& d = decl.As<ast::EventsDecl>();
      if (auto r = Named(Kind::kName, d.source, offset)) return r;
      if (auto r = InExprPtr(d.where, offset)) return r;
      for (const ast::DerivedColumn& c : d.columns) {
        if (auto r = Named(Kind::kColumnDeclaration, c.name, offset, d.name.text)) return r;
        if (auto r = InExprPtr(c.value, offset)) return r;
      }
      return std::nullopt;
    }
    case ast::DeclKind::kParam: return InExprPtr(decl.As<ast::ParamDecl>().default_value, offset);
    case ast::DeclKind::kLet: return InExprPtr(decl.As<ast::LetDecl>().value, offset);
    case ast::DeclKind::kTag: return InExprPtr(decl.As<ast::TagDecl>().condition, offset);
    case ast::DeclKind::kScore: return InExprPtr(decl.As<ast::ScoreDecl>().value, offset);
    case ast::DeclKind::kSegments: {
      const auto& d = decl.As<ast::SegmentsDecl>();
      if (d.parent_class) {
        if (auto r = Named(Kind::kName, *d.parent_class, offset)) return r;
        if (d.parent_bucket) {
          if (auto r = Named(Kind::kMember, *d.parent_bucket, offset, d.parent_class->text)) return r;
        }
      }
      for (const ast::SegmentRule& rule : d.rules) {
        if (auto r = Named(Kind::kMember, rule.label, offset, decl.name.text)) return r;
        if (auto r = InExprPtr(rule.condition, offset)) return r;
      }
      if (d.else_label) return Named(Kind::kMember, *d.else_label, offset, decl.name.text);
      return std::nullopt;
    }
    case ast::DeclKind::kTest: return InTest(decl.As<ast::TestDecl>(), offset);
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<Reference> ReferenceAt(const ast::Module& module, uint32_t offset) {
  for (const ast::DeclPtr& decl : module.decls) {
    if (!decl || !Contains(decl->span, offset)) continue;
    if (std::optional<Reference> r = InDecl(*decl, offset)) return r;
  }
  return std::nullopt;
}

}  // namespace seg::lsp
