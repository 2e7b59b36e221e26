// AstBuilder's declarations: inputs and their columns, events, params, lets, tags, scores,
// segments and test blocks; the expressions they hold are built in ast_builder.cc.
#include "compiler/parse/ast_builder.h"

namespace seg::parse {

using namespace seg::ast;
using P = grammar::SegParser;

void AstBuilder::BuildColumns(P::ColumnBlockContext* ctx, std::vector<ColumnDecl>& out) {
  if (ctx == nullptr) return;
  for (P::ColumnDeclContext* c : ctx->columnDecl()) {
    ColumnDecl column;
    column.name = NameOf(c->name);
    column.type = NameOf(c->typeName);
    out.push_back(std::move(column));
  }
}

bool AstBuilder::BuildTestStmt(P::TestStmtContext* ctx, TestStmt& out) {
  out.span = Span(ctx);
  if (auto* c = dynamic_cast<P::TestSetContext*>(ctx)) {
    out.kind = TestStmtKind::kSet;
    out.name = NameOf(c->name);
    out.value = BuildExpr(c->expr(), 0);
    return out.value != nullptr;
  }
  if (auto* c = dynamic_cast<P::TestGivenContext*>(ctx)) {
    out.kind = TestStmtKind::kGiven;
    out.name = NameOf(c->table);
    for (P::FieldInitContext* f : c->givenRow()->fieldInit()) {
      FieldInit field;
      field.name = NameOf(f->name);
      field.value = BuildExpr(f->expr(), 0);
      if (!field.value) return false;
      out.fields.push_back(std::move(field));
    }
    if (c->times != nullptr) {
      if (c->times->getText() != "x") {
        sink_.Report(DiagCode::kBadRepeat, Span(c->times), "expected 'x' before the repeat count")
            .help = "repeat a row with `x N`, e.g. given orders { ... } x 12";
        failed_ = true;
        return false;
      }
      if (!ParseInt(c->count, out.repeat)) return false;
      if (out.repeat < 1 || out.repeat > 100000) {
        sink_.Report(DiagCode::kBadRepeat, Span(c->count), "a row can be repeated 1 to 100000 times")
            .help = "tests describe a few customers; use real data files for volume";
        failed_ = true;
        return false;
      }
    }
    return true;
  }
  if (auto* c = dynamic_cast<P::ExpectInBucketContext*>(ctx)) {
    out.kind = TestStmtKind::kExpectInBucket;
    out.customer = StringNameOf(c->customer);
    out.negated = c->NOT() != nullptr;
    out.classification = NameOf(c->classification);
    out.bucket = StringNameOf(c->bucket);
    return !failed_;
  }
  if (auto* c = dynamic_cast<P::ExpectTaggedContext*>(ctx)) {
    out.kind = TestStmtKind::kExpectTagged;
    out.customer = StringNameOf(c->customer);
    out.negated = c->NOT() != nullptr;
    out.name = NameOf(c->tagName);
    return !failed_;
  }
  if (auto* c = dynamic_cast<P::ExpectMissingContext*>(ctx)) {
    out.kind = TestStmtKind::kExpectMissing;
    out.name = NameOf(c->metric);
    out.customer = StringNameOf(c->customer);
    out.negated = c->NOT() != nullptr;
    return !failed_;
  }
  if (auto* c = dynamic_cast<P::ExpectValueContext*>(ctx)) {
    out.kind = TestStmtKind::kExpectValue;
    out.name = NameOf(c->metric);
    out.customer = StringNameOf(c->customer);
    switch (c->compareOp()->getStart()->getType()) {
      case P::EQ: out.compare = BinaryOp::kEq; break;
      case P::NE: out.compare = BinaryOp::kNe; break;
      case P::LT: out.compare = BinaryOp::kLt; break;
      case P::LE: out.compare = BinaryOp::kLe; break;
      case P::GT: out.compare = BinaryOp::kGt; break;
      default: out.compare = BinaryOp::kGe; break;
    }
    out.value = BuildExpr(c->expr(), 0);
    return out.value != nullptr;
  }
  return false;
}

DeclPtr AstBuilder::BuildDecl(P::TopDeclContext* ctx) {
  failed_ = false;
  SourceSpan span = Span(ctx);
  DeclPtr result;
  if (auto* c = dynamic_cast<P::ImportDeclContext*>(ctx)) {
    auto d = std::make_unique<ImportDecl>(span);
    for (antlr4::tree::TerminalNode* id : c->qualifiedName()->ID()) d->path.push_back(id->getText());
    d->name = {c->qualifiedName()->getText(), Span(c->qualifiedName())};
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::NeedsDeclContext*>(ctx)) {
    auto d = std::make_unique<NeedsDecl>(span);
    d->name = NameOf(c->name);
    for (P::NeededColumnContext* n : c->neededBlock()->neededColumn()) {
      ColumnDecl column;
      column.name = NameOf(n->name);
      column.type = NameOf(n->typeName);
      for (antlr4::Token* alternative : n->alternatives) column.alternatives.push_back(NameOf(alternative));
      d->columns.push_back(std::move(column));
    }
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::TimezoneDeclContext*>(ctx)) {
    auto d = std::make_unique<TimezoneDecl>(span);
    d->zone = StringNameOf(c->STRING()->getSymbol());
    d->name = {"timezone", Span(c->TIMEZONE()->getSymbol())};
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::EntityInputDeclContext*>(ctx)) {
    auto d = std::make_unique<EntityInputDecl>(span);
    d->name = NameOf(c->name);
    d->key = NameOf(c->keyCol);
    BuildColumns(c->columnBlock(), d->columns);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::EventInputDeclContext*>(ctx)) {
    auto d = std::make_unique<EventInputDecl>(span);
    d->name = NameOf(c->name);
    d->parent = NameOf(c->parent);
    d->by_column = NameOf(c->byCol);
    d->at_column = NameOf(c->atCol);
    d->has_block = c->columnBlock() != nullptr;
    BuildColumns(c->columnBlock(), d->columns);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::EventsDeclContext*>(ctx)) {
    auto d = std::make_unique<EventsDecl>(span);
    d->name = NameOf(c->name);
    d->source = NameOf(c->source);
    if (c->expr() != nullptr) d->where = BuildExpr(c->expr(), 0);
    if (P::DerivedBlockContext* block = c->derivedBlock()) {
      d->has_block = true;
      for (P::DerivedColumnContext* col : block->derivedColumn()) {
        DerivedColumn column;
        column.name = NameOf(col->name);
        column.value = BuildExpr(col->expr(), 0);
        d->columns.push_back(std::move(column));
      }
    }
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::ParamDeclContext*>(ctx)) {
    auto d = std::make_unique<ParamDecl>(span);
    d->name = NameOf(c->name);
    d->type = NameOf(c->typeName);
    if (c->expr() != nullptr) d->default_value = BuildExpr(c->expr(), 0);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::LetDeclContext*>(ctx)) {
    auto d = std::make_unique<LetDecl>(span);
    d->name = NameOf(c->name);
    d->value = BuildExpr(c->expr(), 0);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::TagDeclContext*>(ctx)) {
    auto d = std::make_unique<TagDecl>(span);
    d->name = NameOf(c->name);
    d->condition = BuildExpr(c->expr(), 0);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::SegmentsDeclContext*>(ctx)) {
    auto d = std::make_unique<SegmentsDecl>(span);
    d->name = NameOf(c->name);
    d->exclusive_keyword = c->EXCLUSIVE() != nullptr;
    if (c->parentClass != nullptr) {
      d->parent_class = NameOf(c->parentClass);
      d->parent_bucket = StringNameOf(c->parentBucket);
    }
    for (P::SegmentRuleContext* r : c->segmentRule()) {
      SegmentRule rule;
      rule.label = StringNameOf(r->label);
      rule.condition = BuildExpr(r->expr(), 0);
      d->rules.push_back(std::move(rule));
    }
    if (P::ElseRuleContext* e = c->elseRule()) d->else_label = StringNameOf(e->label);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::ScoreDeclContext*>(ctx)) {
    auto d = std::make_unique<ScoreDecl>(span);
    d->name = NameOf(c->name);
    d->value = BuildExpr(c->expr(), 0);
    result = std::move(d);
  } else if (auto* c = dynamic_cast<P::TestDeclContext*>(ctx)) {
    auto d = std::make_unique<TestDecl>(span);
    d->name = StringNameOf(c->title);
    for (P::TestStmtContext* s : c->testStmt()) {
      TestStmt stmt;
      if (!BuildTestStmt(s, stmt)) failed_ = true;
      d->statements.push_back(std::move(stmt));
    }
    result = std::move(d);
  }
  if (failed_) return nullptr;
  return result;
}

}  // namespace seg::parse
