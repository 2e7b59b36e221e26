// Parse tree -> syntax tree. The only place that reads the generated parser's contexts:
// ast_builder.cc builds expressions, windows and tokens' values, ast_builder_decls.cc the
// declarations around them.
#pragma once
#include <optional>

#include "SegParser.h"
#include "compiler/ast/ast.h"
#include "compiler/base/diagnostic.h"
#include "compiler/parse/lexed_file.h"

namespace seg::parse {

class AstBuilder {
 public:
  AstBuilder(const LexedFile& lexed, DiagnosticSink& sink, size_t max_expr_depth)
      : lexed_(lexed), sink_(sink), max_expr_depth_(max_expr_depth) {}

  // Returns null when the declaration holds a mistake the builder reported (a bad literal, an
  // expression nested too deeply).
  ast::DeclPtr BuildDecl(grammar::SegParser::TopDeclContext* ctx);

 private:
  using P = grammar::SegParser;

  ast::ExprPtr BuildExpr(P::ExprContext* ctx, size_t depth);
  ast::ExprPtr BuildPrimary(P::PrimaryContext* ctx, size_t depth);
  ast::ExprPtr BuildBinary(P::ExprContext* ctx, ast::BinaryOp op, antlr4::Token* op_token, size_t depth);
  ast::ExprPtr BuildWindowBound(P::WindowBoundContext* ctx, size_t depth);
  std::unique_ptr<ast::Window> BuildWindow(P::WindowContext* ctx, size_t depth);
  std::optional<ast::SequenceStep> BuildSequenceStep(P::SequenceStepContext* ctx, size_t depth);
  bool BuildTestStmt(P::TestStmtContext* ctx, ast::TestStmt& out);
  void BuildColumns(P::ColumnBlockContext* ctx, std::vector<ast::ColumnDecl>& out);

  ast::Name NameOf(antlr4::Token* token) const;
  ast::Name StringNameOf(antlr4::Token* token);  // a quoted label, unescaped
  bool ParseInt(antlr4::Token* token, int64_t& out);
  std::string Unescape(antlr4::Token* token);
  SourceSpan Span(antlr4::ParserRuleContext* ctx) const { return lexed_.SpanOf(ctx); }
  SourceSpan Span(antlr4::Token* token) const { return lexed_.SpanOf(token); }

  const LexedFile& lexed_;
  DiagnosticSink& sink_;
  size_t max_expr_depth_;
  bool failed_ = false;  // a mistake was reported inside the current declaration
};

}  // namespace seg::parse
