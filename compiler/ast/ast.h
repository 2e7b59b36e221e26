// The syntax tree of a rule file, as the user wrote it: untyped, every node with its span.
// The parser builds it (compiler/parse), `seg fmt` prints it back (ast_printer), and the checker
// (compiler/sema) turns it into the typed tree. Nothing here knows about types or data.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source_file.h"
#include "compiler/lang/window.h"

namespace seg::ast {

// ---------------------------------------------------------------- expressions

enum class ExprKind : uint8_t {
  kInt,
  kDecimal,
  kString,
  kBool,
  kDate,
  kTimestamp,
  kDuration,
  kMissing,
  kList,
  kName,
  kMember,
  kCall,
  kUnary,
  kBinary,
  kIn,
  kLike,
  kIsMissing,
  kWithin,
  kIf,
};

struct Expr {
  explicit Expr(ExprKind k, SourceSpan s) : kind(k), span(s) {}
  virtual ~Expr() = default;
  template <typename T> const T& As() const { return static_cast<const T&>(*this); }
  template <typename T> T& As() { return static_cast<T&>(*this); }

  const ExprKind kind;
  SourceSpan span;
};
using ExprPtr = std::unique_ptr<Expr>;

struct IntLit : Expr {
  IntLit(SourceSpan s, int64_t v, std::string t) : Expr(ExprKind::kInt, s), value(v), text(std::move(t)) {}
  int64_t value;
  std::string text;
};

// Kept as text so money stays exact: the checker decides between float and money.
struct DecimalLit : Expr {
  DecimalLit(SourceSpan s, std::string t) : Expr(ExprKind::kDecimal, s), text(std::move(t)) {}
  std::string text;
};

struct StringLit : Expr {
  StringLit(SourceSpan s, std::string v) : Expr(ExprKind::kString, s), value(std::move(v)) {}
  std::string value;  // unescaped
};

struct BoolLit : Expr {
  BoolLit(SourceSpan s, bool v) : Expr(ExprKind::kBool, s), value(v) {}
  bool value;
};

// `missing` written as a value: the checker gives it a type from where it stands
// (`if c then spend else missing`), since a missing value of no type cannot be computed with.
struct MissingLit : Expr {
  explicit MissingLit(SourceSpan s) : Expr(ExprKind::kMissing, s) {}
};

struct DateLit : Expr {
  DateLit(SourceSpan s, int32_t d, std::string t) : Expr(ExprKind::kDate, s), days(d), text(std::move(t)) {}
  int32_t days;      // since 1970-01-01
  std::string text;  // as written, for printing
};

struct TimestampLit : Expr {
  TimestampLit(SourceSpan s, std::string t) : Expr(ExprKind::kTimestamp, s), text(std::move(t)) {}
  std::string text;  // ISO 8601 as written; the checker resolves it in the program's time zone
};

// `30 days`, `1.5 weeks`; the unit is validated by the checker.
struct DurationLit : Expr {
  DurationLit(SourceSpan s, std::string amount_text, std::string u, SourceSpan us)
      : Expr(ExprKind::kDuration, s), amount(std::move(amount_text)), unit(std::move(u)), unit_span(us) {}
  std::string amount;
  std::string unit;
  SourceSpan unit_span;
};

struct ListExpr : Expr {
  explicit ListExpr(SourceSpan s) : Expr(ExprKind::kList, s) {}
  std::vector<ExprPtr> items;
};

struct NameExpr : Expr {
  NameExpr(SourceSpan s, std::string n) : Expr(ExprKind::kName, s), name(std::move(n)) {}
  std::string name;
};

// `orders.amount` (member is a name) or `value."Champions"` (member is a bucket label).
struct MemberExpr : Expr {
  MemberExpr(SourceSpan s, ExprPtr o, std::string m, bool is_bucket, SourceSpan ms)
      : Expr(ExprKind::kMember, s),
        object(std::move(o)),
        member(std::move(m)),
        member_is_bucket(is_bucket),
        member_span(ms) {}
  ExprPtr object;
  std::string member;
  bool member_is_bucket;
  SourceSpan member_span;
};

using WindowKind = lang::WindowKind;  // last 30 days, previous month, ...: compiler/lang/window.h

struct Window {
  WindowKind kind = WindowKind::kRolling;
  SourceSpan span;
  int64_t count = 0;     // kRolling: N; kAgo: the far end ("180")
  int64_t count_to = 0;  // kAgo: the near end ("90")
  std::string unit;      // days, weeks, months, quarters, years (singular accepted)
  SourceSpan unit_span;
  ExprPtr from, to;  // kBetween
};

// A later step of a sequence of events (`count(cart_adds then not paid within 3 days)`):
// `then [not] EVENTS [where C] [during W] [within LIMIT]`; the first step is the CallArg itself.
struct SequenceStep {
  bool negated = false;            // `then not`: no such event followed
  ExprPtr value;                   // the events
  ExprPtr where;                   // may be null
  std::unique_ptr<Window> during;  // may be null
  ExprPtr limit;                   // `within`: the most time after the step before; may be null
  SourceSpan span;                 // from `then` to the end of the step
};

// One argument of a call. Aggregates take an event expression with optional filter and window:
// `sum(orders.amount where discounted during last 30 days)`. Named arguments: `quantile(x, bins: 5)`.
struct CallArg {
  std::string name;  // empty when positional
  SourceSpan name_span;
  ExprPtr value;
  ExprPtr where;                   // may be null
  std::unique_ptr<Window> during;  // may be null
  std::vector<SequenceStep> then;  // sequences: the steps after the first (empty otherwise)
  SourceSpan span;                 // the whole argument
};

struct CallExpr : Expr {
  CallExpr(SourceSpan s, std::string c, SourceSpan cs)
      : Expr(ExprKind::kCall, s), callee(std::move(c)), callee_span(cs) {}
  std::string callee;
  SourceSpan callee_span;
  std::vector<CallArg> args;
};

enum class UnaryOp : uint8_t { kNegate, kNot };

struct UnaryExpr : Expr {
  UnaryExpr(SourceSpan s, UnaryOp o, ExprPtr e) : Expr(ExprKind::kUnary, s), op(o), operand(std::move(e)) {}
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kDefault,  // a ?? b: a, or b where a is missing
};
const char* BinaryOpText(BinaryOp op);
bool IsComparison(BinaryOp op);

struct BinaryExpr : Expr {
  BinaryExpr(SourceSpan s, BinaryOp o, SourceSpan os, ExprPtr l, ExprPtr r)
      : Expr(ExprKind::kBinary, s), op(o), op_span(os), lhs(std::move(l)), rhs(std::move(r)) {}
  BinaryOp op;
  SourceSpan op_span;
  ExprPtr lhs, rhs;
};

// `x in ["a", "b"]`, `"vip" in tags`, `x not in [...]`.
struct InExpr : Expr {
  InExpr(SourceSpan s, ExprPtr n, ExprPtr h, bool neg)
      : Expr(ExprKind::kIn, s), needle(std::move(n)), haystack(std::move(h)), negated(neg) {}
  ExprPtr needle, haystack;
  bool negated;
};

// `email like "%@example.com"`: % any run of characters, _ one character.
struct LikeExpr : Expr {
  LikeExpr(SourceSpan s, ExprPtr t, ExprPtr p, bool neg)
      : Expr(ExprKind::kLike, s), text(std::move(t)), pattern(std::move(p)), negated(neg) {}
  ExprPtr text, pattern;
  bool negated;
};

struct IsMissingExpr : Expr {
  IsMissingExpr(SourceSpan s, ExprPtr e, bool neg)
      : Expr(ExprKind::kIsMissing, s), operand(std::move(e)), negated(neg) {}
  ExprPtr operand;
  bool negated;  // `is not missing`
};

// `first(orders.ts) within last 30 days`: is a date or timestamp inside a window.
struct WithinExpr : Expr {
  WithinExpr(SourceSpan s, ExprPtr e, Window w)
      : Expr(ExprKind::kWithin, s), operand(std::move(e)), window(std::move(w)) {}
  ExprPtr operand;
  Window window;
};

struct IfExpr : Expr {
  IfExpr(SourceSpan s, ExprPtr c, ExprPtr t, ExprPtr e)
      : Expr(ExprKind::kIf, s), condition(std::move(c)), then_value(std::move(t)), else_value(std::move(e)) {}
  ExprPtr condition, then_value, else_value;
};

// ---------------------------------------------------------------- declarations

// Comments are kept so that `seg fmt` never loses them: each is attached to the declaration or
// block item it precedes (leading) or ends the line of (trailing).
struct Comments {
  // Full comment texts, `//` or `/* */` included; an empty string stands for a blank line the
  // user left between comment paragraphs or between the comments and the item.
  std::vector<std::string> leading;
  std::string trailing;            // a comment on the same line after the item, or empty
  bool blank_line_before = false;  // the user left a blank line before the item (and its comments)
};

struct Name {
  std::string text;
  SourceSpan span;
};

struct ColumnDecl {
  Name name;
  Name type;
  std::vector<Name> alternatives;  // `needs` only: further types it accepts (`ts: timestamp or date`)
  Comments comments;
};

struct DerivedColumn {
  Name name;
  ExprPtr value;
  Comments comments;
};

struct SegmentRule {
  Name label;  // the bucket, e.g. "Champions"
  ExprPtr condition;
  Comments comments;
};

enum class DeclKind : uint8_t {
  kImport,
  kNeeds,
  kTimezone,
  kEntityInput,
  kEventInput,
  kEvents,
  kParam,
  kLet,
  kTag,
  kSegments,
  kScore,
  kTest,
};

struct Decl {
  Decl(DeclKind k, SourceSpan s) : kind(k), span(s) {}
  virtual ~Decl() = default;
  template <typename T> const T& As() const { return static_cast<const T&>(*this); }
  template <typename T> T& As() { return static_cast<T&>(*this); }

  const DeclKind kind;
  SourceSpan span;
  Name name;  // the defined name; for imports the dotted path, for tests the title
  Comments comments;
  std::vector<std::string> closing_comments;  // comments just before the block's closing brace
};
using DeclPtr = std::unique_ptr<Decl>;

struct ImportDecl : Decl {
  explicit ImportDecl(SourceSpan s) : Decl(DeclKind::kImport, s) {}
  std::vector<std::string> path;  // {"std", "rfm"}
};

// needs events orders { amount: money; ts: timestamp or date }: an event set that the program
// importing this module must declare (an input or a derived set), with at least these columns.
struct NeedsDecl : Decl {
  explicit NeedsDecl(SourceSpan s) : Decl(DeclKind::kNeeds, s) {}
  std::vector<ColumnDecl> columns;
};

struct TimezoneDecl : Decl {
  explicit TimezoneDecl(SourceSpan s) : Decl(DeclKind::kTimezone, s) {}
  Name zone;  // "Europe/Berlin", "UTC", "+02:00"
};

// input customers key id { signup: date; city: text }
struct EntityInputDecl : Decl {
  explicit EntityInputDecl(SourceSpan s) : Decl(DeclKind::kEntityInput, s) {}
  Name key;
  std::vector<ColumnDecl> columns;
};

// input orders of customers by customer at ts { amount: money }
struct EventInputDecl : Decl {
  explicit EventInputDecl(SourceSpan s) : Decl(DeclKind::kEventInput, s) {}
  Name parent;     // the entity input
  Name by_column;  // the column holding the customer's key
  Name at_column;  // the event's time
  std::vector<ColumnDecl> columns;
  bool has_block = false;
};

// events paid = orders where status == "paid" { amount = quantity * unit_price }
struct EventsDecl : Decl {
  explicit EventsDecl(SourceSpan s) : Decl(DeclKind::kEvents, s) {}
  Name source;
  ExprPtr where;  // may be null
  std::vector<DerivedColumn> columns;
  bool has_block = false;
};

struct ParamDecl : Decl {
  explicit ParamDecl(SourceSpan s) : Decl(DeclKind::kParam, s) {}
  Name type;
  ExprPtr default_value;  // may be null: then the host must bind it
};

struct LetDecl : Decl {
  explicit LetDecl(SourceSpan s) : Decl(DeclKind::kLet, s) {}
  ExprPtr value;
};

struct TagDecl : Decl {
  explicit TagDecl(SourceSpan s) : Decl(DeclKind::kTag, s) {}
  ExprPtr condition;
};

struct SegmentsDecl : Decl {
  explicit SegmentsDecl(SourceSpan s) : Decl(DeclKind::kSegments, s) {}
  bool exclusive_keyword = false;    // written for readability; classifications are always exclusive
  std::optional<Name> parent_class;  // within value."Champions"
  std::optional<Name> parent_bucket;
  std::vector<SegmentRule> rules;
  std::optional<Name> else_label;
  Comments else_comments;
};

struct ScoreDecl : Decl {
  explicit ScoreDecl(SourceSpan s) : Decl(DeclKind::kScore, s) {}
  ExprPtr value;
};

// ---------------------------------------------------------------- tests

struct FieldInit {
  Name name;
  ExprPtr value;
};

enum class TestStmtKind : uint8_t {
  kSet,             // set as_of = 2024-06-30 / set vip_spend = 100
  kGiven,           // given orders { customer: "c1", amount: 900 } x 12
  kExpectInBucket,  // expect "c1" in value."Champions" / not in
  kExpectTagged,    // expect "c1" tagged vip / not tagged
  kExpectMissing,   // expect recency of "c1" is missing / is not missing
  kExpectValue,     // expect monetary of "c1" == 10800
};

struct TestStmt {
  TestStmtKind kind = TestStmtKind::kSet;
  SourceSpan span;
  Comments comments;
  Name name;                      // kSet: param; kGiven: table; kExpectTagged: tag; kExpectValue/Missing: metric
  ExprPtr value;                  // kSet value; kExpectValue expected value
  std::vector<FieldInit> fields;  // kGiven
  int64_t repeat = 1;             // kGiven: `x N`
  Name customer;                  // expectations: the customer's key
  bool negated = false;
  Name classification, bucket;       // kExpectInBucket
  BinaryOp compare = BinaryOp::kEq;  // kExpectValue
};

struct TestDecl : Decl {
  explicit TestDecl(SourceSpan s) : Decl(DeclKind::kTest, s) {}
  std::vector<TestStmt> statements;
};

// ---------------------------------------------------------------- module

struct Module {
  uint32_t file = 0;  // index into the SourceSet
  std::vector<DeclPtr> decls;
  std::vector<std::string> trailing_comments;  // comments after the last declaration
};

}  // namespace seg::ast
