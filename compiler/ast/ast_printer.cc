// Expressions and windows in their canonical text, with the fewest parentheses that reparse to
// the same tree (FormatExpr), and text literals quoted; a module's layout around them is
// module_formatter.cc's.
#include "compiler/ast/ast_printer.h"

namespace seg::ast {

namespace {

// Binding strength of each expression form, tightest highest. Mirrors the order of the
// alternatives of `expr` in grammar/SegParser.g4; a change there must be made here too.
enum Strength : int {
  kIfStrength = 1,
  kOrStrength,
  kAndStrength,
  kNotStrength,
  kWithinStrength,
  kIsMissingStrength,
  kLikeStrength,
  kInStrength,
  kCompareStrength,
  kDefaultStrength,
  kAddStrength,
  kMulStrength,
  kNegateStrength,
  kMemberStrength,
  kPrimaryStrength,
};

int BinaryStrength(BinaryOp op) {
  switch (op) {
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod: return kMulStrength;
    case BinaryOp::kAdd:
    case BinaryOp::kSub: return kAddStrength;
    case BinaryOp::kDefault: return kDefaultStrength;
    case BinaryOp::kAnd: return kAndStrength;
    case BinaryOp::kOr: return kOrStrength;
    default: return kCompareStrength;
  }
}

int StrengthOf(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kMember: return kMemberStrength;
    case ExprKind::kUnary: return expr.As<UnaryExpr>().op == UnaryOp::kNegate ? kNegateStrength : kNotStrength;
    case ExprKind::kBinary: return BinaryStrength(expr.As<BinaryExpr>().op);
    case ExprKind::kIn: return kInStrength;
    case ExprKind::kLike: return kLikeStrength;
    case ExprKind::kIsMissing: return kIsMissingStrength;
    case ExprKind::kWithin: return kWithinStrength;
    case ExprKind::kIf: return kIfStrength;
    default: return kPrimaryStrength;
  }
}

void PrintExpr(const Expr& expr, std::string& out);
void PrintWindow(const Window& window, std::string& out);

// Prints `expr` where the grammar needs at least `min_strength`, adding parentheses otherwise.
// An `if` never appears bare as an operand: its else branch would swallow what follows.
void PrintOperand(const Expr& expr, int min_strength, std::string& out) {
  if (StrengthOf(expr) < min_strength || (expr.kind == ExprKind::kIf && min_strength > kIfStrength)) {
    out += '(';
    PrintExpr(expr, out);
    out += ')';
  } else {
    PrintExpr(expr, out);
  }
}

// A `between` bound is `primary ((+|-) primary)*`: no member access, no unary minus, so
// anything but a primary or a +/- chain of primaries goes in parentheses.
void PrintWindowBound(const Expr& expr, std::string& out) {
  if (expr.kind == ExprKind::kBinary) {
    const auto& b = expr.As<BinaryExpr>();
    if (b.op == BinaryOp::kAdd || b.op == BinaryOp::kSub) {
      PrintWindowBound(*b.lhs, out);
      out += b.op == BinaryOp::kAdd ? " + " : " - ";
      PrintOperand(*b.rhs, kPrimaryStrength, out);
      return;
    }
  }
  PrintOperand(expr, kPrimaryStrength, out);
}

// `EVENTS [where C] [during W]`: an aggregate's argument, or one step of a sequence.
void PrintEvents(const ExprPtr& value, const ExprPtr& where, const Window* during, std::string& out) {
  if (value) PrintExpr(*value, out);
  if (where) {
    out += " where ";
    PrintExpr(*where, out);
  }
  if (during) {
    out += " during ";
    PrintWindow(*during, out);
  }
}

void PrintCallArg(const CallArg& arg, std::string& out) {
  if (!arg.name.empty()) out += arg.name + ": ";
  PrintEvents(arg.value, arg.where, arg.during.get(), out);
  for (const SequenceStep& step : arg.then) {
    out += step.negated ? " then not " : " then ";
    PrintEvents(step.value, step.where, step.during.get(), out);
    if (step.limit) {
      out += " within ";
      PrintOperand(*step.limit, kPrimaryStrength, out);
    }
  }
}

void PrintExpr(const Expr& expr, std::string& out) {
  switch (expr.kind) {
    case ExprKind::kInt: out += expr.As<IntLit>().text; return;
    case ExprKind::kDecimal: out += expr.As<DecimalLit>().text; return;
    case ExprKind::kString: out += QuoteString(expr.As<StringLit>().value); return;
    case ExprKind::kBool: out += expr.As<BoolLit>().value ? "true" : "false"; return;
    case ExprKind::kMissing: out += "missing"; return;
    case ExprKind::kDate: out += expr.As<DateLit>().text; return;
    case ExprKind::kTimestamp: out += expr.As<TimestampLit>().text; return;
    case ExprKind::kDuration: {
      const auto& d = expr.As<DurationLit>();
      out += d.amount + " " + d.unit;
      return;
    }
    case ExprKind::kList: {
      out += '[';
      const auto& items = expr.As<ListExpr>().items;
      for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
        if (item_idx > 0) out += ", ";
        PrintExpr(*items[item_idx], out);
      }
      out += ']';
      return;
    }
    case ExprKind::kName: out += expr.As<NameExpr>().name; return;
    case ExprKind::kMember: {
      const auto& m = expr.As<MemberExpr>();
      PrintOperand(*m.object, kMemberStrength, out);
      out += '.';
      out += m.member_is_bucket ? QuoteString(m.member) : m.member;
      return;
    }
    case ExprKind::kCall: {
      const auto& c = expr.As<CallExpr>();
      out += c.callee + "(";
      for (size_t arg_idx = 0; arg_idx < c.args.size(); ++arg_idx) {
        if (arg_idx > 0) out += ", ";
        PrintCallArg(c.args[arg_idx], out);
      }
      out += ')';
      return;
    }
    case ExprKind::kUnary: {
      const auto& u = expr.As<UnaryExpr>();
      bool negate = u.op == UnaryOp::kNegate;
      out += negate ? "-" : "not ";
      PrintOperand(*u.operand, negate ? kNegateStrength : kNotStrength, out);
      return;
    }
    case ExprKind::kBinary: {
      const auto& b = expr.As<BinaryExpr>();
      int strength = BinaryStrength(b.op);
      // Left-associative: an equally strong right operand needs parentheses, a left one does not.
      PrintOperand(*b.lhs, strength, out);
      out += ' ';
      out += BinaryOpText(b.op);
      out += ' ';
      PrintOperand(*b.rhs, strength + 1, out);
      return;
    }
    case ExprKind::kIn: {
      const auto& i = expr.As<InExpr>();
      PrintOperand(*i.needle, kInStrength, out);
      out += i.negated ? " not in " : " in ";
      PrintOperand(*i.haystack, kInStrength + 1, out);
      return;
    }
    case ExprKind::kLike: {
      const auto& l = expr.As<LikeExpr>();
      PrintOperand(*l.text, kLikeStrength, out);
      out += l.negated ? " not like " : " like ";
      PrintOperand(*l.pattern, kLikeStrength + 1, out);
      return;
    }
    case ExprKind::kIsMissing: {
      const auto& m = expr.As<IsMissingExpr>();
      PrintOperand(*m.operand, kIsMissingStrength, out);
      out += m.negated ? " is not missing" : " is missing";
      return;
    }
    case ExprKind::kWithin: {
      const auto& w = expr.As<WithinExpr>();
      PrintOperand(*w.operand, kWithinStrength, out);
      out += " within ";
      PrintWindow(w.window, out);
      return;
    }
    case ExprKind::kIf: {
      const auto& f = expr.As<IfExpr>();
      out += "if ";
      PrintExpr(*f.condition, out);
      out += " then ";
      PrintExpr(*f.then_value, out);
      out += " else ";
      PrintExpr(*f.else_value, out);
      return;
    }
  }
}

void PrintWindow(const Window& window, std::string& out) {
  switch (window.kind) {
    case WindowKind::kRolling: out += "last " + std::to_string(window.count) + " " + window.unit; return;
    case WindowKind::kPreviousPeriod: out += "last " + window.unit; return;
    case WindowKind::kCurrentPeriod: out += "this " + window.unit; return;
    case WindowKind::kAgo:
      out += std::to_string(window.count) + " to " + std::to_string(window.count_to) + " " + window.unit + " ago";
      return;
    case WindowKind::kBetween:
      out += "between ";
      if (window.from) PrintWindowBound(*window.from, out);
      out += " and ";
      if (window.to) PrintWindowBound(*window.to, out);
      return;
  }
}

}  // namespace

std::string QuoteString(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string FormatExpr(const Expr& expr) {
  std::string out;
  PrintExpr(expr, out);
  return out;
}

}  // namespace seg::ast
