// The checker's state, shared by its files (checker.cc: declarations; check_inputs.cc: inputs,
// event sets, params; check_lazy_symbols.cc: lets, tags, scores, segments; check_expr.cc:
// expressions; check_names.cc: names and members; check_calls.cc: functions and windows;
// check_aggregates.cc: aggregates; check_tests.cc: test blocks; lints.cc: warnings). Not part of
// the public interface.
#pragma once
#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "compiler/sema/builtins.h"
#include "compiler/sema/checker.h"

namespace seg::sema {

// A typed node of `kind`; callers fill in its arguments and payload.
inline std::shared_ptr<TExpr> MakeNode(TExprKind kind, Type type, SourceSpan span) {
  auto e = std::make_shared<TExpr>();
  e->kind = kind;
  e->type = type;
  e->span = span;
  return e;
}

inline TExprPtr MakeConst(Value v, SourceSpan span) {
  auto e = MakeNode(TExprKind::kConst, v.type, span);
  e->constant = std::move(v);
  return e;
}

inline const Type kBoolType = Type::Of(TypeKind::kBool);

// The names of `symbols` (anything with a `name`: inputs, columns, event sets, params), as the
// candidates of a "did you mean".
template <class Symbols> std::vector<std::string> NamesOf(const Symbols& symbols) {
  std::vector<std::string> names;
  names.reserve(symbols.size());
  for (const auto& symbol : symbols) names.push_back(symbol.name);
  return names;
}

// A type's name in quotes, for messages: 'money'.
inline std::string QuotedTypeName(const Type& t) { return "'" + TypeName(t) + "'"; }

enum class SymbolKind : uint8_t { kInput, kEventSet, kParam, kLet, kTag, kScore, kClassification, kTest, kUnparsed };

bool IsMissingLiteral(const ast::Expr& expr);
const char* SymbolKindWord(SymbolKind kind);  // "let", "event set", ...

struct SymbolRef {
  SymbolKind kind;
  int32_t index;
  SourceSpan span;
};

// Where an expression is checked: at customer level, or per event of one event set.
struct Scope {
  int32_t event_set = -1;      // per-event: bare names may name this set's columns
  bool constant_only = false;  // param defaults, test values, window bounds
};

class Checker {
 public:
  Checker(const SourceSet& sources, DiagnosticSink& sink) : sources_(sources), sink_(sink) {}
  std::unique_ptr<Program> Run(const std::vector<ModuleInput>& modules);

  // ---- declarations (checker.cc)
  void Declare(const ast::Decl& decl, bool is_library);
  void CheckTimezone(const ast::TimezoneDecl& decl);
  std::optional<Type> ResolveTypeName(const ast::Name& name);

  // ---- inputs, event sets and params (check_inputs.cc)
  void CheckEntityInput(const ast::EntityInputDecl& decl, int32_t index);
  void CheckEventInput(const ast::EventInputDecl& decl, int32_t index);
  // The columns an input declares, each once, into `input`.
  void DeclareColumns(const std::vector<ast::ColumnDecl>& columns, InputSymbol* input);
  void CheckEventsDecl(const ast::EventsDecl& decl, int32_t index);
  void CheckParam(const ast::ParamDecl& decl, int32_t index);

  // ---- lets, tags, scores and classifications, checked lazily (check_lazy_symbols.cc)
  void EnsureLet(int32_t index);
  void EnsureTag(int32_t index);
  void EnsureScore(int32_t index);
  void EnsureClassification(int32_t index);
  // Whether the classification has a bucket of that name; once it is checked, without a walk over
  // its rules (a program may name the buckets of a classification of thousands of rules often).
  bool HasBucket(int32_t index, const std::string& label);

  // ---- expressions (check_expr.cc)
  TExprPtr CheckExpr(const ast::Expr& expr, const Scope& scope);
  TExprPtr CheckCondition(const ast::Expr& expr, const Scope& scope, const char* what);
  TExprPtr CheckBinary(const ast::BinaryExpr& expr, const Scope& scope);
  TExprPtr CheckArith(const ast::BinaryExpr& expr, TExprPtr lhs, TExprPtr rhs);
  // `x + 3 months`, `as_of - 1 year` as add_months(x, ±N) (check_calendar.cc); null when
  // neither side is a count of months, quarters or years.
  TExprPtr CheckCalendarArith(const ast::BinaryExpr& expr, const Scope& scope);
  // `a + b` and concat(a, b) on texts (check_concat.cc).
  TExprPtr CheckConcat(SourceSpan span, TExprPtr lhs, TExprPtr rhs);
  TExprPtr CheckCompare(SourceSpan span, SourceSpan op_span, CompareOp op, TExprPtr lhs, TExprPtr rhs);
  TExprPtr CheckIn(const ast::InExpr& expr, const Scope& scope);
  TExprPtr CheckLiteral(const ast::Expr& expr);
  // Reports a set of events used where a value is needed; returns poison for it.
  TExprPtr RequireValue(TExprPtr e);
  // Converts `e` to `to` where the language converts implicitly; null if it does not.
  TExprPtr Convert(TExprPtr e, Type to);
  // A constant int or written decimal as money, in range and exact (runtime/written_number.h);
  // false after reporting why not at `span`.
  // A tag (a kTagRef) used with text or a list (`other`): names it as a tag and shows how to test it.
  void ReportTagUsedAsText(DiagCode code, const TExpr& tag, const TExpr& other, const std::string& why,
                           SourceSpan span);
  bool ConstantAsMoney(const Value& number, SourceSpan span, int64_t* out);
  // The type both sides convert to for arithmetic comparison or a choice (if, ??, clamp).
  std::optional<Type> CommonType(const Type& a, const Type& b);

  // ---- names and members (check_names.cc)
  TExprPtr CheckName(const ast::NameExpr& expr, const Scope& scope);
  TExprPtr CheckMember(const ast::MemberExpr& expr, const Scope& scope);
  // `expr.member` among `columns` of `owner` (an input or event set) as a node of `kind`; poison
  // after reporting an unknown column, with the closest name.
  TExprPtr ColumnMember(const ast::MemberExpr& expr, const std::string& owner, const std::vector<ColumnSymbol>& columns,
                        TExprKind kind);
  // The event set that `orders.amount`-style references in an aggregate's value point at.
  int32_t FindEventSet(const ast::Expr& expr) const;

  // ---- `missing` as a value (check_missing.cc)
  TExprPtr ReportUntypedMissing(const ast::Expr& literal);
  // `missing` of the type of `beside`; poison (nothing reported) when `beside` has none.
  TExprPtr MissingBeside(const ast::Expr& literal, const TExprPtr& beside);
  // Both operands of a binary form, a `missing` on either side typed by the other one.
  std::pair<TExprPtr, TExprPtr> CheckSides(const ast::Expr& lhs, const ast::Expr& rhs, const Scope& scope);
  // A `missing` operand of arithmetic takes the type that operator takes beside the other one:
  // the other's own type, a duration beside a date (`signup + missing`), a factor beside money.
  void RetypeMissingOperands(const ast::BinaryExpr& expr, TExprPtr& lhs, TExprPtr& rhs);
  // CheckExpr where the place expects `want`: a bare `missing` is a missing `want`.
  TExprPtr CheckExprAs(const ast::Expr& expr, const Scope& scope, const Type& want);
  // Reports `x == missing` (any comparison with the literal) and returns poison; null if none.
  TExprPtr CheckCompareWithMissing(const ast::BinaryExpr& expr, const Scope& scope);

  // ---- calls and windows (check_calls.cc; aggregates in check_aggregates.cc)
  TExprPtr CheckCall(const ast::CallExpr& expr, const Scope& scope);
  TExprPtr CheckAggregate(const ast::CallExpr& expr, AggFunc func, const Scope& scope);
  std::optional<double> CheckFraction(const ast::CallArg& arg);
  TExprPtr CheckPopulation(const ast::CallExpr& expr, const Scope& scope);
  TExprPtr CheckModelFit(const ast::CallExpr& expr, const Scope& scope);  // check_models.cc
  TExprPtr CheckBuiltin(const ast::CallExpr& expr, const BuiltinInfo& info, const Scope& scope);
  bool CheckRegexPattern(const TExpr& pattern);
  std::optional<WindowSpec> CheckWindow(const ast::Window& window);
  // check_sequence.cc: null when the call is no sequence (count(...) of plain events).
  TExprPtr CheckSequenceCall(const ast::CallExpr& expr, const Scope& scope);
  TExprPtr CheckSequenceStep(const ast::Expr& value, const ast::Expr* where, const ast::Window* during);
  TExprPtr CheckSequenceLimit(const ast::Expr& limit);

  // ---- what modules need from the program (check_needs.cc)
  // Matches every `needs` against the event sets the program declares: an imported module's unmet
  // need is one error at its import, and the module's own diagnostics are muted (they would only
  // repeat it); a need of the checked file itself that nothing meets gets a stand-in event set
  // with exactly the needed columns, so a module checks on its own (Program::stand_ins).
  void ResolveNeeds();
  // Why `set` (an event set's symbol, or null) does not meet `need`; empty when it does.
  std::string UnmetBecause(const ast::NeedsDecl& need, const SymbolRef* set);
  void DeclareStandIn(const ast::NeedsDecl& need);
  bool IsStandIn(const SymbolRef* ref) const;

  // ---- tests (check_tests.cc)
  void CheckTest(const ast::TestDecl& decl);
  void CheckTestSet(const ast::TestStmt& stmt, const Scope& constant, TestSymbol& test);
  void CheckTestGiven(const ast::TestStmt& stmt, const Scope& constant, TestSymbol& test);
  void CheckTestExpectation(const ast::TestStmt& stmt, const Scope& constant, TestSymbol& test);

  // ---- warnings (lints.cc)
  void RunLints();

  // ---- helpers
  TExprPtr Poison(SourceSpan span) const;
  std::vector<std::string> VisibleNames(const Scope& scope) const;
  const SymbolRef* Lookup(const std::string& name) const;
  std::string EventsName(int32_t set) const { return program_->event_sets[set].name; }
  const SourceSet& sources_;
  DiagnosticSink& sink_;
  std::unique_ptr<Program> program_ = std::make_unique<Program>();
  std::map<std::string, SymbolRef> globals_;
  std::set<std::string> unparsed_;
  // Syntax trees of the lazily checked symbols, and where each stands (0 new, 1 busy, 2 done).
  std::vector<const ast::LetDecl*> let_decls_;
  std::vector<const ast::TagDecl*> tag_decls_;
  std::vector<const ast::ScoreDecl*> score_decls_;
  std::vector<const ast::SegmentsDecl*> class_decls_;
  std::vector<int> let_state_, tag_state_, score_state_, class_state_;
  std::map<int32_t, std::unordered_set<std::string>> bucket_sets_;  // HasBucket's, by classification
  std::vector<bool> let_in_library_;
  // Lets named anywhere, even inside an expression that then failed to check: the unused-let
  // lint reads this, since a poisoned tree no longer shows which lets it referred to.
  std::vector<bool> let_referenced_;
  std::vector<const ast::TestDecl*> test_decls_;
  std::vector<std::pair<const ast::Decl*, int32_t>> input_decls_;  // in order, with symbol index
  std::vector<std::pair<const ast::EventsDecl*, int32_t>> events_decls_;
  std::vector<std::pair<const ast::ParamDecl*, int32_t>> param_decls_;
  std::vector<const ast::TimezoneDecl*> timezone_decls_;
  std::vector<std::pair<const ast::NeedsDecl*, const ModuleInput*>> needs_decls_;  // with their module
  size_t stand_in_type_ = 0;         // which listed type a stand-in's columns take (Check)
  std::set<uint32_t> module_files_;  // source files of std modules and of files that declare needs
  bool reported_cycle_ = false;
  std::set<std::string> output_lets_;  // printed by the host: never "unused"
};

}  // namespace seg::sema
