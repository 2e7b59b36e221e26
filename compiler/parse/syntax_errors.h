// How a syntax error becomes one plain-language diagnostic. Parsing stops at the first error in
// a declaration (StopAtFirstError), and the error is described in a marketer's words rather
// than ANTLR's "mismatched input ... expecting {...}".
#pragma once
#include <string>
#include <vector>

#include "SegParser.h"
#include "antlr4-runtime.h"
#include "compiler/base/diagnostic.h"
#include "compiler/parse/lexed_file.h"

namespace seg::parse {

// Thrown (inside compiler/parse only) to abandon the declaration being parsed.
struct SyntaxStop {
  const antlr4::Token* offending = nullptr;
  const antlr4::Token* previous = nullptr;  // the last token that did parse, if any
  antlr4::misc::IntervalSet expected;
  bool know_expected = true;
};

struct NestingTooDeep {
  const antlr4::Token* at = nullptr;
};

// Turns every recognition error into a SyntaxStop instead of recovering: the declaration-at-a-
// time driver gives the next declaration a fresh start, which is better recovery than ANTLR's.
class StopAtFirstError : public antlr4::DefaultErrorStrategy {
 public:
  void reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e) override;
  void recover(antlr4::Parser* parser, std::exception_ptr e) override;
  antlr4::Token* recoverInline(antlr4::Parser* parser) override;
  void sync(antlr4::Parser* parser) override {}
};

// The generated parser with a cap on rule nesting: deep nesting would otherwise overflow the
// stack (TOOLCHAIN.md section 2). Throwing from the rule-entry hooks unwinds cleanly.
class GuardedParser : public grammar::SegParser {
 public:
  GuardedParser(antlr4::TokenStream* input, size_t max_depth) : SegParser(input), max_depth_(max_depth) {}
  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override;
  void enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule, int precedence) override;

 private:
  void Check(antlr4::ParserRuleContext* ctx);
  size_t max_depth_;
};

// Reports a SyntaxStop as one diagnostic. `decl_tokens` are the default-channel tokens of the
// declaration being parsed (used to find an unclosed bracket and to name the declaration).
void ReportSyntaxError(const SyntaxStop& stop, const std::vector<const antlr4::Token*>& decl_tokens,
                       const LexedFile& lexed, DiagnosticSink& sink);

// Tokens the lexer flags on its own (a stray character, an unclosed text); true if reported.
bool ReportLexicalError(const antlr4::Token* token, const LexedFile& lexed, DiagnosticSink& sink);

// The shape of a declaration, for hints: "tag NAME when CONDITION".
std::string DeclarationForm(size_t keyword_type);

}  // namespace seg::parse
