// `seg fmt`: the canonical layout of a module. The tree is printed, not the source re-spaced, so
// the output depends only on the tree and the comments attached to it; that is what makes
// formatting idempotent and lets the round-trip test compare trees rather than text. Expressions
// are printed by FormatExpr (ast_printer.cc).
#include <algorithm>

#include "compiler/ast/ast_printer.h"

namespace seg::ast {

namespace {

// Display width for aligning labels: code points, not bytes.
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Builds the text of a module line by line.
class Formatter {
 public:
  std::string Run(const Module& module) {
    const Decl* previous = nullptr;
    for (const DeclPtr& decl : module.decls) {
      if (previous != nullptr && NeedsBlankLine(*previous, *decl)) out_ += '\n';
      PrintDecl(*decl);
      previous = decl.get();
    }
    if (!module.trailing_comments.empty() && previous != nullptr) out_ += '\n';
    for (const std::string& comment : module.trailing_comments) out_ += comment + "\n";
    return std::move(out_);
  }

 private:
  static bool HasBlock(const Decl& decl) {
    switch (decl.kind) {
      case DeclKind::kEntityInput:
      case DeclKind::kNeeds:
      case DeclKind::kSegments:
      case DeclKind::kTest: return true;
      case DeclKind::kEventInput: return decl.As<EventInputDecl>().has_block;
      case DeclKind::kEvents: return decl.As<EventsDecl>().has_block;
      default: return false;
    }
  }

  // Declarations of one kind stay together; blocks and commented declarations get air around them.
  static bool NeedsBlankLine(const Decl& previous, const Decl& decl) {
    return previous.kind != decl.kind || HasBlock(previous) || HasBlock(decl) || !decl.comments.leading.empty() ||
           decl.comments.blank_line_before;
  }

  // Leading comments; an empty entry is a blank line the user left, kept (one at most).
  void Leading(const Comments& comments, const char* indent) {
    for (const std::string& comment : comments.leading) {
      if (comment.empty()) out_ += "\n";
      else out_ += indent + comment + "\n";
    }
  }

  // Inside a block, a blank line the user left before an item (not the first) stays.
  void BlankBefore(const Comments& comments, bool first) {
    if (comments.blank_line_before && !first) out_ += "\n";
  }

  // Ends the current line, with the item's trailing comment if it has one.
  void EndLine(const Comments& comments) {
    if (!comments.trailing.empty()) out_ += "  " + comments.trailing;
    out_ += '\n';
  }

  // Opens a declaration's block; returns false (having printed `{}`) when it is empty.
  bool OpenBlock(const Decl& decl, bool empty) {
    if (empty && decl.closing_comments.empty()) {
      out_ += " {}";
      EndLine(decl.comments);
      return false;
    }
    out_ += " {\n";
    return true;
  }

  void CloseBlock(const Decl& decl) {
    for (const std::string& comment : decl.closing_comments) out_ += "  " + comment + "\n";
    out_ += '}';
    EndLine(decl.comments);
  }

  void Columns(const Decl& decl, const std::vector<ColumnDecl>& columns) {
    if (!OpenBlock(decl, columns.empty())) return;
    for (const ColumnDecl& column : columns) {
      BlankBefore(column.comments, &column == &columns.front());
      Leading(column.comments, "  ");
      out_ += "  " + column.name.text + ": " + column.type.text;
      for (const Name& alternative : column.alternatives) out_ += " or " + alternative.text;
      EndLine(column.comments);
    }
    CloseBlock(decl);
  }

  void Expression(const ExprPtr& expr) {
    if (expr) out_ += FormatExpr(*expr);
  }

  void PrintDecl(const Decl& decl) {
    Leading(decl.comments, "");
    switch (decl.kind) {
      case DeclKind::kImport: {
        out_ += "import ";
        const auto& path = decl.As<ImportDecl>().path;
        for (size_t part_idx = 0; part_idx < path.size(); ++part_idx) {
          if (part_idx > 0) out_ += '.';
          out_ += path[part_idx];
        }
        EndLine(decl.comments);
        return;
      }
      case DeclKind::kNeeds:
        out_ += "needs events " + decl.name.text;
        Columns(decl, decl.As<NeedsDecl>().columns);
        return;
      case DeclKind::kTimezone:
        out_ += "timezone " + QuoteString(decl.As<TimezoneDecl>().zone.text);
        EndLine(decl.comments);
        return;
      case DeclKind::kEntityInput: {
        const auto& d = decl.As<EntityInputDecl>();
        out_ += "input " + d.name.text + " key " + d.key.text;
        Columns(decl, d.columns);
        return;
      }
      case DeclKind::kEventInput: {
        const auto& d = decl.As<EventInputDecl>();
        out_ += "input " + d.name.text + " of " + d.parent.text + " by " + d.by_column.text + " at " + d.at_column.text;
        if (d.has_block) {
          Columns(decl, d.columns);
        } else {
          EndLine(decl.comments);
        }
        return;
      }
      case DeclKind::kEvents: PrintEvents(decl.As<EventsDecl>()); return;
      case DeclKind::kParam: {
        const auto& d = decl.As<ParamDecl>();
        out_ += "param " + d.name.text + ": " + d.type.text;
        if (d.default_value) {
          out_ += " = ";
          Expression(d.default_value);
        }
        EndLine(decl.comments);
        return;
      }
      case DeclKind::kLet:
        out_ += "let " + decl.name.text + " = ";
        Expression(decl.As<LetDecl>().value);
        EndLine(decl.comments);
        return;
      case DeclKind::kTag:
        out_ += "tag " + decl.name.text + " when ";
        Expression(decl.As<TagDecl>().condition);
        EndLine(decl.comments);
        return;
      case DeclKind::kSegments: PrintSegments(decl.As<SegmentsDecl>()); return;
      case DeclKind::kScore:
        out_ += "score " + decl.name.text + " = ";
        Expression(decl.As<ScoreDecl>().value);
        EndLine(decl.comments);
        return;
      case DeclKind::kTest: PrintTest(decl.As<TestDecl>()); return;
    }
  }

  void PrintEvents(const EventsDecl& d) {
    out_ += "events " + d.name.text + " = " + d.source.text;
    if (d.where) {
      out_ += " where ";
      Expression(d.where);
    }
    if (!d.has_block) {
      EndLine(d.comments);
      return;
    }
    if (!OpenBlock(d, d.columns.empty())) return;
    for (const DerivedColumn& column : d.columns) {
      BlankBefore(column.comments, &column == &d.columns.front());
      Leading(column.comments, "  ");
      out_ += "  " + column.name.text + " = ";
      Expression(column.value);
      EndLine(column.comments);
    }
    CloseBlock(d);
  }

  void PrintSegments(const SegmentsDecl& d) {
    out_ += "segments " + d.name.text;
    if (d.exclusive_keyword) out_ += " exclusive";
    if (d.parent_class && d.parent_bucket)
      out_ += " within " + d.parent_class->text + "." + QuoteString(d.parent_bucket->text);
    if (!OpenBlock(d, d.rules.empty() && !d.else_label)) return;
    size_t width = 0;
    for (const SegmentRule& rule : d.rules) width = std::max(width, DisplayWidth(QuoteString(rule.label.text)));
    for (const SegmentRule& rule : d.rules) {
      BlankBefore(rule.comments, &rule == &d.rules.front());
      Leading(rule.comments, "  ");
      std::string label = QuoteString(rule.label.text);
      out_ += "  " + label + std::string(width - DisplayWidth(label) + 1, ' ') + "when ";
      Expression(rule.condition);
      EndLine(rule.comments);
    }
    if (d.else_label) {
      BlankBefore(d.else_comments, d.rules.empty());
      Leading(d.else_comments, "  ");
      out_ += "  else " + QuoteString(d.else_label->text);
      EndLine(d.else_comments);
    }
    CloseBlock(d);
  }

  void PrintTest(const TestDecl& d) {
    out_ += "test " + QuoteString(d.name.text);
    if (!OpenBlock(d, d.statements.empty())) return;
    for (const TestStmt& stmt : d.statements) {
      BlankBefore(stmt.comments, &stmt == &d.statements.front());
      Leading(stmt.comments, "  ");
      out_ += "  ";
      PrintTestStmt(stmt);
      EndLine(stmt.comments);
    }
    CloseBlock(d);
  }

  void PrintTestStmt(const TestStmt& stmt) {
    std::string customer = QuoteString(stmt.customer.text);
    const char* negation = stmt.negated ? "not " : "";
    switch (stmt.kind) {
      case TestStmtKind::kSet:
        out_ += "set " + stmt.name.text + " = ";
        Expression(stmt.value);
        return;
      case TestStmtKind::kGiven:
        out_ += "given " + stmt.name.text + " {";
        for (size_t field_idx = 0; field_idx < stmt.fields.size(); ++field_idx) {
          out_ += field_idx > 0 ? ", " : " ";
          out_ += stmt.fields[field_idx].name.text + ": ";
          Expression(stmt.fields[field_idx].value);
        }
        out_ += stmt.fields.empty() ? "}" : " }";
        if (stmt.repeat != 1) out_ += " x " + std::to_string(stmt.repeat);
        return;
      case TestStmtKind::kExpectInBucket:
        out_ += "expect " + customer + " " + negation + "in " + stmt.classification.text + "." +
                QuoteString(stmt.bucket.text);
        return;
      case TestStmtKind::kExpectTagged:
        out_ += "expect " + customer + " " + negation + "tagged " + stmt.name.text;
        return;
      case TestStmtKind::kExpectMissing:
        out_ += "expect " + stmt.name.text + " of " + customer + " is " + negation + "missing";
        return;
      case TestStmtKind::kExpectValue:
        out_ += "expect " + stmt.name.text + " of " + customer + " " + BinaryOpText(stmt.compare) + " ";
        Expression(stmt.value);
        return;
    }
  }

  std::string out_;
};

}  // namespace

std::string FormatModule(const Module& module) { return Formatter().Run(module); }

}  // namespace seg::ast
