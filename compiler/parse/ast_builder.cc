// AstBuilder's expressions, windows and sequence steps, and the values of single tokens (names,
// quoted labels, integers); the declarations that hold them are built in ast_builder_decls.cc.
#include "compiler/parse/ast_builder.h"

#include <cstdint>

#include "compiler/parse/date_literal.h"
#include "runtime/written_number.h"

namespace seg::parse {

using namespace seg::ast;
using P = grammar::SegParser;

Name AstBuilder::NameOf(antlr4::Token* token) const { return {token->getText(), lexed_.SpanOf(token)}; }

Name AstBuilder::StringNameOf(antlr4::Token* token) { return {Unescape(token), lexed_.SpanOf(token)}; }

bool AstBuilder::ParseInt(antlr4::Token* token, int64_t& out) {
  std::string text = token->getText();
  rt::WrittenNumberError error;
  if (!rt::ParseWrittenInt(text, &out, &error)) {
    sink_.Report(DiagCode::kInvalidLiteral, Span(token), "'" + text + "' " + error.problem).help = error.limits;
    failed_ = true;
    return false;
  }
  return true;
}

std::string AstBuilder::Unescape(antlr4::Token* token) {
  std::string text = token->getText();
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    char next = text[++i];
    switch (next) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      default: {
        uint32_t at = Span(token).begin + static_cast<uint32_t>(i - 1);
        sink_
            .Report(DiagCode::kInvalidLiteral, {lexed_.file_id(), at, at + 2},
                    std::string("unknown escape '\\") + next + "' in a text")
            .help = "the escapes are \\\" \\\\ \\n and \\t";
        failed_ = true;
        out += next;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- expressions

ExprPtr AstBuilder::BuildBinary(P::ExprContext* ctx, BinaryOp op, antlr4::Token* op_token, size_t depth) {
  ExprPtr lhs = BuildExpr(ctx->children[0] ? dynamic_cast<P::ExprContext*>(ctx->children[0]) : nullptr, depth + 1);
  ExprPtr rhs = BuildExpr(dynamic_cast<P::ExprContext*>(ctx->children.back()), depth + 1);
  if (!lhs || !rhs) return nullptr;
  return std::make_unique<BinaryExpr>(Span(ctx), op, Span(op_token), std::move(lhs), std::move(rhs));
}

ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx, size_t depth) {
  if (ctx == nullptr || failed_) return nullptr;
  if (depth > max_expr_depth_) {
    sink_
        .Report(DiagCode::kNestingTooDeep, Span(ctx),
                "this expression is nested too deeply or is too long (more than " + std::to_string(max_expr_depth_) +
                    " levels)")
        .help = "split it into several `let` definitions";
    failed_ = true;
    return nullptr;
  }
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return BuildPrimary(c->primary(), depth);
  if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) {
    ExprPtr object = BuildExpr(c->expr(), depth + 1);
    if (!object) return nullptr;
    if (c->member != nullptr)
      return std::make_unique<MemberExpr>(Span(ctx), std::move(object), c->member->getText(), false, Span(c->member));
    return std::make_unique<MemberExpr>(Span(ctx), std::move(object), Unescape(c->bucket), true, Span(c->bucket));
  }
  if (auto* c = dynamic_cast<P::NegateExprContext*>(ctx)) {
    // The smallest whole number is written with its sign, though its digits alone are out of range.
    if (auto* primary = dynamic_cast<P::PrimaryExprContext*>(c->expr())) {
      auto* digits = dynamic_cast<P::IntLiteralContext*>(primary->primary());
      if (digits != nullptr && digits->getText() == "9223372036854775808")
        return std::make_unique<IntLit>(Span(ctx), INT64_MIN, "-9223372036854775808");
    }
    ExprPtr operand = BuildExpr(c->expr(), depth + 1);
    if (!operand) return nullptr;
    return std::make_unique<UnaryExpr>(Span(ctx), UnaryOp::kNegate, std::move(operand));
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    ExprPtr operand = BuildExpr(c->expr(), depth + 1);
    if (!operand) return nullptr;
    return std::make_unique<UnaryExpr>(Span(ctx), UnaryOp::kNot, std::move(operand));
  }
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) {
    BinaryOp op = c->op->getType() == P::STAR    ? BinaryOp::kMul
                  : c->op->getType() == P::SLASH ? BinaryOp::kDiv
                                                 : BinaryOp::kMod;
    return BuildBinary(ctx, op, c->op, depth);
  }
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx))
    return BuildBinary(ctx, c->op->getType() == P::PLUS ? BinaryOp::kAdd : BinaryOp::kSub, c->op, depth);
  if (auto* c = dynamic_cast<P::DefaultExprContext*>(ctx))
    return BuildBinary(ctx, BinaryOp::kDefault, c->DEFAULT_OP()->getSymbol(), depth);
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx))
    return BuildBinary(ctx, BinaryOp::kAnd, c->AND()->getSymbol(), depth);
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx))
    return BuildBinary(ctx, BinaryOp::kOr, c->OR()->getSymbol(), depth);
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
    antlr4::Token* op = c->compareOp()->getStart();
    BinaryOp kind = BinaryOp::kEq;
    switch (op->getType()) {
      case P::EQ: kind = BinaryOp::kEq; break;
      case P::NE: kind = BinaryOp::kNe; break;
      case P::LT: kind = BinaryOp::kLt; break;
      case P::LE: kind = BinaryOp::kLe; break;
      case P::GT: kind = BinaryOp::kGt; break;
      default: kind = BinaryOp::kGe; break;
    }
    return BuildBinary(ctx, kind, op, depth);
  }
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    ExprPtr needle = BuildExpr(c->expr(0), depth + 1);
    ExprPtr haystack = BuildExpr(c->expr(1), depth + 1);
    if (!needle || !haystack) return nullptr;
    return std::make_unique<InExpr>(Span(ctx), std::move(needle), std::move(haystack), c->NOT() != nullptr);
  }
  if (auto* c = dynamic_cast<P::LikeExprContext*>(ctx)) {
    ExprPtr text = BuildExpr(c->expr(0), depth + 1);
    ExprPtr pattern = BuildExpr(c->expr(1), depth + 1);
    if (!text || !pattern) return nullptr;
    return std::make_unique<LikeExpr>(Span(ctx), std::move(text), std::move(pattern), c->NOT() != nullptr);
  }
  if (auto* c = dynamic_cast<P::IsMissingExprContext*>(ctx)) {
    ExprPtr operand = BuildExpr(c->expr(), depth + 1);
    if (!operand) return nullptr;
    return std::make_unique<IsMissingExpr>(Span(ctx), std::move(operand), c->NOT() != nullptr);
  }
  if (auto* c = dynamic_cast<P::WithinExprContext*>(ctx)) {
    ExprPtr operand = BuildExpr(c->expr(), depth + 1);
    std::unique_ptr<Window> window = BuildWindow(c->window(), depth + 1);
    if (!operand || !window) return nullptr;
    return std::make_unique<WithinExpr>(Span(ctx), std::move(operand), std::move(*window));
  }
  if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    ExprPtr cond = BuildExpr(c->expr(0), depth + 1);
    ExprPtr then_value = BuildExpr(c->expr(1), depth + 1);
    ExprPtr else_value = BuildExpr(c->expr(2), depth + 1);
    if (!cond || !then_value || !else_value) return nullptr;
    return std::make_unique<IfExpr>(Span(ctx), std::move(cond), std::move(then_value), std::move(else_value));
  }
  failed_ = true;  // unreachable with the grammar as written
  return nullptr;
}

ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx, size_t depth) {
  if (auto* c = dynamic_cast<P::IntLiteralContext*>(ctx)) {
    int64_t value = 0;
    if (!ParseInt(c->INT()->getSymbol(), value)) return nullptr;
    return std::make_unique<IntLit>(Span(ctx), value, c->getText());
  }
  if (auto* c = dynamic_cast<P::DecimalLiteralContext*>(ctx))
    return std::make_unique<DecimalLit>(Span(ctx), c->getText());
  if (auto* c = dynamic_cast<P::DurationLiteralContext*>(ctx)) {
    antlr4::Token* amount = c->getStart();
    return std::make_unique<DurationLit>(Span(ctx), amount->getText(), c->unit->getText(), Span(c->unit));
  }
  if (auto* c = dynamic_cast<P::StringLiteralContext*>(ctx))
    return std::make_unique<StringLit>(Span(ctx), Unescape(c->STRING()->getSymbol()));
  if (auto* c = dynamic_cast<P::DateLiteralContext*>(ctx)) {
    std::string text = c->getText();
    std::optional<int32_t> days = ParseDateLiteral(text);
    if (!days) {
      sink_.Report(DiagCode::kInvalidLiteral, Span(ctx), "'" + text + "' is not a calendar date")
          .help = "dates are written YYYY-MM-DD with a real month and day, e.g. 2024-02-29";
      failed_ = true;
      return nullptr;
    }
    return std::make_unique<DateLit>(Span(ctx), *days, text);
  }
  if (auto* c = dynamic_cast<P::TimestampLiteralContext*>(ctx)) {
    std::string text = c->getText();
    if (!ValidTimestampLiteral(text)) {
      sink_.Report(DiagCode::kInvalidLiteral, Span(ctx), "'" + text + "' is not a valid timestamp")
          .help = "timestamps are written YYYY-MM-DDTHH:MM:SS, optionally with Z or an offset like +02:00";
      failed_ = true;
      return nullptr;
    }
    return std::make_unique<TimestampLit>(Span(ctx), text);
  }
  if (auto* c = dynamic_cast<P::BoolLiteralContext*>(ctx))
    return std::make_unique<BoolLit>(Span(ctx), c->TRUE() != nullptr);
  if (dynamic_cast<P::MissingLiteralContext*>(ctx)) return std::make_unique<MissingLit>(Span(ctx));
  if (auto* c = dynamic_cast<P::ListLiteralContext*>(ctx)) {
    auto list = std::make_unique<ListExpr>(Span(ctx));
    for (P::ExprContext* item : c->expr()) {
      ExprPtr e = BuildExpr(item, depth + 1);
      if (!e) return nullptr;
      list->items.push_back(std::move(e));
    }
    return list;
  }
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
    auto call = std::make_unique<CallExpr>(Span(ctx), c->callee->getText(), Span(c->callee));
    for (P::CallArgContext* a : c->callArg()) {
      CallArg arg;
      arg.span = Span(a);
      if (a->argName != nullptr) {
        arg.name = a->argName->getText();
        arg.name_span = Span(a->argName);
      }
      arg.value = BuildExpr(a->expr(0), depth + 1);
      if (!arg.value) return nullptr;
      if (a->filter != nullptr) {
        arg.where = BuildExpr(a->filter, depth + 1);
        if (!arg.where) return nullptr;
      }
      if (a->window() != nullptr) {
        arg.during = BuildWindow(a->window(), depth + 1);
        if (!arg.during) return nullptr;
      }
      for (P::SequenceStepContext* s : a->sequenceStep()) {
        std::optional<SequenceStep> step = BuildSequenceStep(s, depth + 1);
        if (!step) return nullptr;
        arg.then.push_back(std::move(*step));
      }
      call->args.push_back(std::move(arg));
    }
    return call;
  }
  if (auto* c = dynamic_cast<P::NameExprContext*>(ctx)) return std::make_unique<NameExpr>(Span(ctx), c->getText());
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
    ExprPtr inner = BuildExpr(c->expr(), depth + 1);
    if (inner) inner->span = Span(ctx);  // the parentheses belong to the operand's extent
    return inner;
  }
  failed_ = true;
  return nullptr;
}

ExprPtr AstBuilder::BuildWindowBound(P::WindowBoundContext* ctx, size_t depth) {
  std::vector<P::PrimaryContext*> operands = ctx->primary();
  ExprPtr result = BuildPrimary(operands[0], depth + 1);
  if (!result) return nullptr;
  // Operators sit between the operands among the children: primary op primary op primary.
  for (size_t i = 1; i < operands.size(); ++i) {
    // A loop in the grammar but a left-deep tree here: bound it as BuildExpr bounds nesting.
    if (depth + i > max_expr_depth_) {
      sink_
          .Report(DiagCode::kNestingTooDeep, Span(ctx),
                  "this window bound is too long (more than " + std::to_string(max_expr_depth_) + " terms)")
          .help = "split it into several `let` definitions";
      failed_ = true;
      return nullptr;
    }
    auto* op_node = dynamic_cast<antlr4::tree::TerminalNode*>(ctx->children[2 * i - 1]);
    ExprPtr rhs = BuildPrimary(operands[i], depth + 1);
    if (!rhs || op_node == nullptr) return nullptr;
    antlr4::Token* op = op_node->getSymbol();
    SourceSpan span = SourceSpan::Cover(result->span, rhs->span);
    result = std::make_unique<BinaryExpr>(span, op->getType() == P::PLUS ? BinaryOp::kAdd : BinaryOp::kSub, Span(op),
                                          std::move(result), std::move(rhs));
  }
  return result;
}

std::unique_ptr<Window> AstBuilder::BuildWindow(P::WindowContext* ctx, size_t depth) {
  auto window = std::make_unique<Window>();
  window->span = Span(ctx);
  if (auto* c = dynamic_cast<P::RollingWindowContext*>(ctx)) {
    window->kind = WindowKind::kRolling;
    if (!ParseInt(c->count, window->count)) return nullptr;
    window->unit = c->unit->getText();
    window->unit_span = Span(c->unit);
  } else if (auto* c = dynamic_cast<P::PreviousPeriodWindowContext*>(ctx)) {
    window->kind = WindowKind::kPreviousPeriod;
    window->unit = c->unit->getText();
    window->unit_span = Span(c->unit);
  } else if (auto* c = dynamic_cast<P::CurrentPeriodWindowContext*>(ctx)) {
    window->kind = WindowKind::kCurrentPeriod;
    window->unit = c->unit->getText();
    window->unit_span = Span(c->unit);
  } else if (auto* c = dynamic_cast<P::AgoWindowContext*>(ctx)) {
    window->kind = WindowKind::kAgo;
    if (!ParseInt(c->from, window->count) || !ParseInt(c->to, window->count_to)) return nullptr;
    window->unit = c->unit->getText();
    window->unit_span = Span(c->unit);
  } else if (auto* c = dynamic_cast<P::BetweenWindowContext*>(ctx)) {
    window->kind = WindowKind::kBetween;
    window->from = BuildWindowBound(c->lo, depth);
    window->to = BuildWindowBound(c->hi, depth);
    if (!window->from || !window->to) return nullptr;
  } else {
    return nullptr;
  }
  return window;
}

// `then [not] EVENTS [where C] [during W] [within LIMIT]`: one step after the first of a sequence.
std::optional<SequenceStep> AstBuilder::BuildSequenceStep(P::SequenceStepContext* ctx, size_t depth) {
  SequenceStep step;
  step.span = Span(ctx);
  step.negated = ctx->NOT() != nullptr;
  step.value = BuildExpr(ctx->expr(0), depth);
  if (!step.value) return std::nullopt;
  if (ctx->filter != nullptr && !(step.where = BuildExpr(ctx->filter, depth))) return std::nullopt;
  if (ctx->window() != nullptr && !(step.during = BuildWindow(ctx->window(), depth))) return std::nullopt;
  if (ctx->limit != nullptr && !(step.limit = BuildPrimary(ctx->limit, depth))) return std::nullopt;
  return step;
}

}  // namespace seg::parse
