// `seg check --dump=ast`: the tree as S-expressions, without spans or comments, so two trees
// dump alike exactly when they mean the same. Every field that changes meaning is printed,
// including the ones that default (a negation, a repeat count, the `exclusive` keyword).
#include "compiler/ast/ast_printer.h"

namespace seg::ast {

namespace {

void Dump(const Expr& expr, std::string& out);

void DumpWindow(const Window& window, std::string& out) {
  switch (window.kind) {
    case WindowKind::kRolling: out += "(last " + std::to_string(window.count) + " " + window.unit + ")"; return;
    case WindowKind::kPreviousPeriod: out += "(previous " + window.unit + ")"; return;
    case WindowKind::kCurrentPeriod: out += "(this " + window.unit + ")"; return;
    case WindowKind::kAgo:
      out += "(ago " + std::to_string(window.count) + " " + std::to_string(window.count_to) + " " + window.unit + ")";
      return;
    case WindowKind::kBetween:
      out += "(between ";
      if (window.from) Dump(*window.from, out);
      out += ' ';
      if (window.to) Dump(*window.to, out);
      out += ')';
      return;
  }
}

// `EVENTS (where C) (during W)`: an aggregate's argument, or one step of a sequence.
void DumpEvents(const ExprPtr& value, const ExprPtr& where, const Window* during, std::string& out) {
  if (value) Dump(*value, out);
  if (where) {
    out += " (where ";
    Dump(*where, out);
    out += ')';
  }
  if (during) {
    out += " (during ";
    DumpWindow(*during, out);
    out += ')';
  }
}

// A plain positional argument dumps as its value; anything more as (arg name: value (where ..)).
void DumpCallArg(const CallArg& arg, std::string& out) {
  bool plain = arg.name.empty() && !arg.where && !arg.during && arg.then.empty();
  if (!plain) {
    out += "(arg ";
    if (!arg.name.empty()) out += arg.name + ": ";
  }
  DumpEvents(arg.value, arg.where, arg.during.get(), out);
  for (const SequenceStep& step : arg.then) {
    out += step.negated ? " (then not " : " (then ";
    DumpEvents(step.value, step.where, step.during.get(), out);
    if (step.limit) {
      out += " (within ";
      Dump(*step.limit, out);
      out += ')';
    }
    out += ')';
  }
  if (!plain) out += ')';
}

void Node(const char* head, std::initializer_list<const Expr*> children, std::string& out) {
  out += '(';
  out += head;
  for (const Expr* child : children) {
    out += ' ';
    if (child != nullptr) Dump(*child, out);
  }
  out += ')';
}

void Dump(const Expr& expr, std::string& out) {
  switch (expr.kind) {
    case ExprKind::kInt: out += "(int " + expr.As<IntLit>().text + ")"; return;
    case ExprKind::kDecimal: out += "(decimal " + expr.As<DecimalLit>().text + ")"; return;
    case ExprKind::kString: out += "(string " + QuoteString(expr.As<StringLit>().value) + ")"; return;
    case ExprKind::kBool: out += expr.As<BoolLit>().value ? "(bool true)" : "(bool false)"; return;
    case ExprKind::kMissing: out += "(missing)"; return;
    case ExprKind::kDate: out += "(date " + expr.As<DateLit>().text + ")"; return;
    case ExprKind::kTimestamp: out += "(timestamp " + expr.As<TimestampLit>().text + ")"; return;
    case ExprKind::kDuration: {
      const auto& d = expr.As<DurationLit>();
      out += "(duration " + d.amount + " " + d.unit + ")";
      return;
    }
    case ExprKind::kList:
      out += "(list";
      for (const ExprPtr& item : expr.As<ListExpr>().items) {
        out += ' ';
        Dump(*item, out);
      }
      out += ')';
      return;
    case ExprKind::kName: out += "(name " + expr.As<NameExpr>().name + ")"; return;
    case ExprKind::kMember: {
      const auto& m = expr.As<MemberExpr>();
      out += m.member_is_bucket ? "(bucket " : "(member ";
      Dump(*m.object, out);
      out += ' ';
      out += m.member_is_bucket ? QuoteString(m.member) : m.member;
      out += ')';
      return;
    }
    case ExprKind::kCall: {
      const auto& c = expr.As<CallExpr>();
      out += "(call " + c.callee;
      for (const CallArg& arg : c.args) {
        out += ' ';
        DumpCallArg(arg, out);
      }
      out += ')';
      return;
    }
    case ExprKind::kUnary: {
      const auto& u = expr.As<UnaryExpr>();
      Node(u.op == UnaryOp::kNegate ? "neg" : "not", {u.operand.get()}, out);
      return;
    }
    case ExprKind::kBinary: {
      const auto& b = expr.As<BinaryExpr>();
      Node(BinaryOpText(b.op), {b.lhs.get(), b.rhs.get()}, out);
      return;
    }
    case ExprKind::kIn: {
      const auto& i = expr.As<InExpr>();
      Node(i.negated ? "not-in" : "in", {i.needle.get(), i.haystack.get()}, out);
      return;
    }
    case ExprKind::kLike: {
      const auto& l = expr.As<LikeExpr>();
      Node(l.negated ? "not-like" : "like", {l.text.get(), l.pattern.get()}, out);
      return;
    }
    case ExprKind::kIsMissing: {
      const auto& m = expr.As<IsMissingExpr>();
      Node(m.negated ? "is-not-missing" : "is-missing", {m.operand.get()}, out);
      return;
    }
    case ExprKind::kWithin: {
      const auto& w = expr.As<WithinExpr>();
      out += "(within ";
      Dump(*w.operand, out);
      out += ' ';
      DumpWindow(w.window, out);
      out += ')';
      return;
    }
    case ExprKind::kIf: {
      const auto& f = expr.As<IfExpr>();
      Node("if", {f.condition.get(), f.then_value.get(), f.else_value.get()}, out);
      return;
    }
  }
}

void DumpColumns(const std::vector<ColumnDecl>& columns, std::string& out) {
  for (const ColumnDecl& column : columns) {
    out += " (column " + column.name.text + " " + column.type.text;
    for (const Name& alternative : column.alternatives) out += " " + alternative.text;
    out += ")";
  }
}

// One clause `(head value)` of a declaration; a null value prints nothing.
void Clause(const char* head, const ExprPtr& value, std::string& out) {
  if (!value) return;
  out += " (";
  out += head;
  out += ' ';
  Dump(*value, out);
  out += ')';
}

void DumpTestStmt(const TestStmt& stmt, std::string& out) {
  std::string customer = QuoteString(stmt.customer.text);
  std::string negation = stmt.negated ? "-not" : "";
  switch (stmt.kind) {
    case TestStmtKind::kSet:
      out += "(set " + stmt.name.text;
      Clause("value", stmt.value, out);
      out += ')';
      return;
    case TestStmtKind::kGiven:
      out += "(given " + stmt.name.text;
      for (const FieldInit& field : stmt.fields) {
        out += " (field " + field.name.text + " ";
        if (field.value) Dump(*field.value, out);
        out += ')';
      }
      out += " (repeat " + std::to_string(stmt.repeat) + "))";
      return;
    case TestStmtKind::kExpectInBucket:
      out += "(expect" + negation + "-in " + customer + " " + stmt.classification.text + " " +
             QuoteString(stmt.bucket.text) + ")";
      return;
    case TestStmtKind::kExpectTagged:
      out += "(expect" + negation + "-tagged " + customer + " " + stmt.name.text + ")";
      return;
    case TestStmtKind::kExpectMissing:
      out += std::string("(expect-") + (stmt.negated ? "not-missing " : "missing ") + stmt.name.text + " " + customer +
             ")";
      return;
    case TestStmtKind::kExpectValue:
      out += std::string("(expect-value ") + stmt.name.text + " " + customer + " " + BinaryOpText(stmt.compare) + " ";
      if (stmt.value) Dump(*stmt.value, out);
      out += ')';
      return;
  }
}

void DumpDecl(const Decl& decl, std::string& out) {
  switch (decl.kind) {
    case DeclKind::kImport: {
      out += "(import";
      for (const std::string& part : decl.As<ImportDecl>().path) out += " " + part;
      out += ')';
      return;
    }
    case DeclKind::kNeeds: {
      out += "(needs events " + decl.name.text;
      DumpColumns(decl.As<NeedsDecl>().columns, out);
      out += ')';
      return;
    }
    case DeclKind::kTimezone: out += "(timezone " + QuoteString(decl.As<TimezoneDecl>().zone.text) + ")"; return;
    case DeclKind::kEntityInput: {
      const auto& d = decl.As<EntityInputDecl>();
      out += "(input " + d.name.text + " (key " + d.key.text + ")";
      DumpColumns(d.columns, out);
      out += ')';
      return;
    }
    case DeclKind::kEventInput: {
      const auto& d = decl.As<EventInputDecl>();
      out += "(input " + d.name.text + " (of " + d.parent.text + ") (by " + d.by_column.text + ") (at " +
             d.at_column.text + ")";
      if (d.has_block) out += " (block)";
      DumpColumns(d.columns, out);
      out += ')';
      return;
    }
    case DeclKind::kEvents: {
      const auto& d = decl.As<EventsDecl>();
      out += "(events " + d.name.text + " (from " + d.source.text + ")";
      Clause("where", d.where, out);
      if (d.has_block) out += " (block)";
      for (const DerivedColumn& column : d.columns) {
        out += " (column " + column.name.text + " ";
        if (column.value) Dump(*column.value, out);
        out += ')';
      }
      out += ')';
      return;
    }
    case DeclKind::kParam: {
      const auto& d = decl.As<ParamDecl>();
      out += "(param " + d.name.text + " " + d.type.text;
      Clause("default", d.default_value, out);
      out += ')';
      return;
    }
    case DeclKind::kLet:
      out += "(let " + decl.name.text + " ";
      if (const auto& value = decl.As<LetDecl>().value) Dump(*value, out);
      out += ')';
      return;
    case DeclKind::kTag:
      out += "(tag " + decl.name.text + " ";
      if (const auto& condition = decl.As<TagDecl>().condition) Dump(*condition, out);
      out += ')';
      return;
    case DeclKind::kSegments: {
      const auto& d = decl.As<SegmentsDecl>();
      out += "(segments " + d.name.text;
      if (d.exclusive_keyword) out += " exclusive";
      if (d.parent_class && d.parent_bucket)
        out += " (within " + d.parent_class->text + " " + QuoteString(d.parent_bucket->text) + ")";
      for (const SegmentRule& rule : d.rules) {
        out += "\n  (rule " + QuoteString(rule.label.text) + " ";
        if (rule.condition) Dump(*rule.condition, out);
        out += ')';
      }
      if (d.else_label) out += "\n  (else " + QuoteString(d.else_label->text) + ")";
      out += ')';
      return;
    }
    case DeclKind::kScore:
      out += "(score " + decl.name.text + " ";
      if (const auto& value = decl.As<ScoreDecl>().value) Dump(*value, out);
      out += ')';
      return;
    case DeclKind::kTest: {
      const auto& d = decl.As<TestDecl>();
      out += "(test " + QuoteString(d.name.text);
      for (const TestStmt& stmt : d.statements) {
        out += "\n  ";
        DumpTestStmt(stmt, out);
      }
      out += ')';
      return;
    }
  }
}

}  // namespace

std::string DumpExpr(const Expr& expr) {
  std::string out;
  Dump(expr, out);
  return out;
}

std::string DumpAst(const Module& module) {
  std::string out;
  for (const DeclPtr& decl : module.decls) {
    DumpDecl(*decl, out);
    out += '\n';
  }
  return out;
}

}  // namespace seg::ast
