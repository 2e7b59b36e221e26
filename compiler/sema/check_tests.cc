// Test blocks: given rows must fit the inputs, expectations must name real buckets, tags and
// metrics, and every value must be known before any data is read.
#include "compiler/sema/checker_internal.h"

namespace seg::sema {

void Checker::CheckTest(const ast::TestDecl& decl) {
  TestSymbol test;
  test.title = decl.name.text;
  test.span = decl.name.span;
  Scope constant;
  constant.constant_only = true;
  for (const ast::TestStmt& stmt : decl.statements) {
    switch (stmt.kind) {
      case ast::TestStmtKind::kSet: CheckTestSet(stmt, constant, test); break;
      case ast::TestStmtKind::kGiven: CheckTestGiven(stmt, constant, test); break;
      case ast::TestStmtKind::kExpectInBucket:
      case ast::TestStmtKind::kExpectTagged:
      case ast::TestStmtKind::kExpectMissing:
      case ast::TestStmtKind::kExpectValue: CheckTestExpectation(stmt, constant, test); break;
    }
  }
  program_->tests.push_back(std::move(test));
}

// `set NAME = VALUE`: a param's value for this test.
void Checker::CheckTestSet(const ast::TestStmt& stmt, const Scope& constant, TestSymbol& test) {
  const SymbolRef* ref = Lookup(stmt.name.text);
  if (ref == nullptr || ref->kind != SymbolKind::kParam) {
    Diagnostic& d = sink_.Report(DiagCode::kBadTestStatement, stmt.name.span,
                                 "'" + stmt.name.text + "' is not a param");
    if (!SuggestClosestName(d, stmt.name.text, NamesOf(program_->params)))
      d.help = "`set` changes a param for this test, e.g. set as_of = 2024-06-30";
    return;
  }
  TExprPtr value = CheckExprAs(*stmt.value, constant, program_->params[ref->index].type);
  if (value->type.IsError()) return;
  TExprPtr converted = Convert(value, program_->params[ref->index].type);
  if (!converted) {
    sink_.Report(DiagCode::kTypeMismatch, value->span,
                 "'" + stmt.name.text + "' is " + ATypeName(program_->params[ref->index].type) + ", not " +
                     ATypeName(value->type));
    return;
  }
  test.params.push_back({ref->index, converted});
}

// `given INPUT { column: value, ... }`: a row of an input, with its customer (and time).
void Checker::CheckTestGiven(const ast::TestStmt& stmt, const Scope& constant, TestSymbol& test) {
  int32_t input = -1;
  for (size_t i = 0; i < program_->inputs.size(); ++i) {
    if (program_->inputs[i].name == stmt.name.text) input = static_cast<int32_t>(i);
  }
  if (input < 0) {
    Diagnostic& d = sink_.Report(DiagCode::kUnknownInput, stmt.name.span, "'" + stmt.name.text + "' is not an input");
    if (!SuggestClosestName(d, stmt.name.text, NamesOf(program_->inputs)))
      d.help = "rows are given for inputs, not for derived event sets";
    return;
  }
  const InputSymbol& in = program_->inputs[input];
  GivenRow row;
  row.input = input;
  row.repeat = stmt.repeat;
  row.span = stmt.span;
  bool ok = true, has_key = false, has_time = false;
  for (const ast::FieldInit& field : stmt.fields) {
    int32_t column = -1;
    for (size_t i = 0; i < in.columns.size(); ++i) {
      if (in.columns[i].name == field.name.text) column = static_cast<int32_t>(i);
    }
    if (column < 0) {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownColumn, field.name.span,
                                   in.name + " has no column '" + field.name.text + "'");
      SuggestClosestName(d, field.name.text, NamesOf(in.columns));
      ok = false;
      continue;
    }
    const Type& want = in.columns[column].type;
    TExprPtr value = CheckExprAs(*field.value, constant, want);
    if (value->type.IsError()) {
      ok = false;
      continue;
    }
    TExprPtr converted = want.Is(TypeKind::kTags) && value->type.Is(TypeKind::kList) &&
                                 (value->type.element == TypeKind::kText || value->type.element == TypeKind::kError)
                             ? value
                             : Convert(value, want);
    if (!converted) {
      sink_
          .Report(DiagCode::kTypeMismatch, value->span,
                  "column '" + field.name.text + "' holds " + TypeName(want) + ", not " + TypeName(value->type))
          .help = want.Is(TypeKind::kTags) ? "tags are a list of texts: [\"vip\", \"newsletter\"]" : "";
      ok = false;
      continue;
    }
    has_key |= column == in.key_column;
    has_time |= column == in.time_column;
    row.fields.push_back({column, converted});
  }
  if (ok && !has_key) {
    sink_.Report(DiagCode::kBadTestStatement, stmt.span, "this row does not say which customer it belongs to")
        .help = "add `" + in.columns[in.key_column].name + ": \"c1\"`";
    ok = false;
  }
  if (ok && in.is_event && !has_time) {
    sink_.Report(DiagCode::kBadTestStatement, stmt.span, "this event has no time")
        .help = "add `" + in.columns[in.time_column].name + ": as_of - 3 days`";
    ok = false;
  }
  if (ok) test.rows.push_back(std::move(row));
}

// `expect ...`: a bucket, a tag, a missing value or a compared value of one customer.
void Checker::CheckTestExpectation(const ast::TestStmt& stmt, const Scope& constant, TestSymbol& test) {
  Expectation e;
  e.kind = stmt.kind;
  e.span = stmt.span;
  e.customer = stmt.customer.text;
  e.negated = stmt.negated;
  const ast::Name& target = stmt.kind == ast::TestStmtKind::kExpectInBucket ? stmt.classification : stmt.name;
  const SymbolRef* ref = Lookup(target.text);
  if (unparsed_.count(target.text)) return;
  auto unknown = [&](const std::string& what, SymbolKind want) {
    Diagnostic& d = sink_.Report(DiagCode::kUnknownName, target.span, "'" + target.text + "' is not " + what);
    std::vector<std::string> names;
    for (const auto& [name, r] : globals_) {
      if (r.kind == want) names.push_back(name);
    }
    SuggestClosestName(d, target.text, names);
  };
  if (stmt.kind == ast::TestStmtKind::kExpectInBucket) {
    if (ref == nullptr || ref->kind != SymbolKind::kClassification) {
      unknown("a classification", SymbolKind::kClassification);
      return;
    }
    if (!HasBucket(ref->index, stmt.bucket.text)) {
      Diagnostic& d = sink_.Report(DiagCode::kUnknownBucket, stmt.bucket.span,
                                   "'" + target.text + "' has no bucket \"" + stmt.bucket.text + "\"");
      if (auto close = ClosestName(stmt.bucket.text, program_->classifications[ref->index].Buckets()))
        d.help = "did you mean \"" + *close + "\"?";
      return;
    }
    e.symbol = ref->index;
    e.bucket = stmt.bucket.text;
  } else if (stmt.kind == ast::TestStmtKind::kExpectTagged) {
    if (ref == nullptr || ref->kind != SymbolKind::kTag) {
      unknown("a tag", SymbolKind::kTag);
      return;
    }
    e.symbol = ref->index;
  } else {
    Type metric_type;
    if (ref != nullptr && ref->kind == SymbolKind::kLet) {
      e.metric_kind = TExprKind::kLetRef;
      metric_type = program_->lets[ref->index].value->type;
    } else if (ref != nullptr && ref->kind == SymbolKind::kScore) {
      e.metric_kind = TExprKind::kScoreRef;
      metric_type = program_->scores[ref->index].value->type;
    } else if (ref != nullptr && ref->kind == SymbolKind::kTag) {
      e.metric_kind = TExprKind::kTagRef;
      metric_type = Type::Of(TypeKind::kBool);
    } else if (ref != nullptr && ref->kind == SymbolKind::kClassification) {
      e.metric_kind = TExprKind::kClassLabel;
      metric_type = Type::Of(TypeKind::kText);
    } else {
      unknown("a let, score, tag or classification", SymbolKind::kLet);
      return;
    }
    e.symbol = ref->index;
    if (stmt.kind == ast::TestStmtKind::kExpectValue) {
      e.compare = static_cast<CompareOp>(static_cast<int>(stmt.compare) - static_cast<int>(ast::BinaryOp::kEq));
      if (IsMissingLiteral(*stmt.value)) {
        Diagnostic& d = sink_.Report(DiagCode::kCompareWithMissing, stmt.value->span,
                                     "a comparison with `missing` is never true");
        d.help = std::string("write `expect ") + target.text + " of \"" + stmt.customer.text + "\" is " +
                 (stmt.compare == ast::BinaryOp::kNe ? "not " : "") + "missing`";
        return;
      }
      TExprPtr value = CheckExpr(*stmt.value, constant);
      if (value->type.IsError() || metric_type.IsError()) return;
      TExprPtr converted = Convert(value, metric_type);
      if (!converted && metric_type.Is(TypeKind::kFloat) && value->type.IsNumeric()) converted = value;
      if (!converted) {
        sink_.Report(DiagCode::kCompareMismatch, value->span,
                     "'" + target.text + "' is " + ATypeName(metric_type) + ", not " + ATypeName(value->type));
        return;
      }
      e.expected = converted;
    }
  }
  test.expectations.push_back(std::move(e));
}

}  // namespace seg::sema
