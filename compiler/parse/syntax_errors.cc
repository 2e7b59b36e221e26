#include "compiler/parse/syntax_errors.h"

#include <algorithm>
#include <cstdio>

#include "SegLexer.h"

namespace seg::parse {

using grammar::SegLexer;

namespace {

const antlr4::Token* PreviousToken(antlr4::Parser* parser) {
  antlr4::TokenStream* stream = parser->getTokenStream();
  if (stream->index() == 0) return nullptr;
  return stream->get(stream->index() - 1);
}

}  // namespace

void StopAtFirstError::reportError(antlr4::Parser* parser, const antlr4::RecognitionException& e) {
  SyntaxStop stop;
  stop.offending = e.getOffendingToken() ? e.getOffendingToken() : parser->getCurrentToken();
  stop.previous = PreviousToken(parser);
  // A no-viable-alternative error is found ahead of the decision point, where the expected
  // set would describe a different token; say only what was unexpected.
  if (dynamic_cast<const antlr4::NoViableAltException*>(&e) != nullptr && stop.offending != parser->getCurrentToken()) {
    stop.know_expected = false;
  } else {
    stop.expected = parser->getExpectedTokens();
  }
  throw stop;
}

void StopAtFirstError::recover(antlr4::Parser* parser, std::exception_ptr e) {
  std::rethrow_exception(e);  // reportError has thrown already; this is never reached
}

antlr4::Token* StopAtFirstError::recoverInline(antlr4::Parser* parser) {
  SyntaxStop stop;
  stop.offending = parser->getCurrentToken();
  stop.previous = PreviousToken(parser);
  stop.expected = parser->getExpectedTokens();
  throw stop;
}

void GuardedParser::enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) {
  Check(ctx);
  SegParser::enterRule(ctx, state, rule);
}

void GuardedParser::enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule, int precedence) {
  Check(ctx);
  SegParser::enterRecursionRule(ctx, state, rule, precedence);
}

void GuardedParser::Check(antlr4::ParserRuleContext* ctx) {
  size_t depth = 0;
  for (antlr4::tree::ParseTree* node = ctx; node != nullptr && depth <= max_depth_; node = node->parent) ++depth;
  if (depth > max_depth_) throw NestingTooDeep{getCurrentToken()};
}

std::string DeclarationForm(size_t keyword_type) {
  switch (keyword_type) {
    case SegLexer::IMPORT: return "import std.MODULE";
    case SegLexer::NEEDS: return "needs events NAME { column: type ... }";
    case SegLexer::TIMEZONE: return "timezone \"Europe/Berlin\"";
    case SegLexer::INPUT:
      return "input customers key id { column: type ... }  or  input orders of customers by customer at ts { column: "
             "type ... }";
    case SegLexer::EVENTS: return "events NAME = INPUT where CONDITION { column = EXPRESSION ... }";
    case SegLexer::PARAM: return "param NAME: TYPE = DEFAULT";
    case SegLexer::LET: return "let NAME = EXPRESSION";
    case SegLexer::TAG: return "tag NAME when CONDITION";
    case SegLexer::SEGMENTS: return "segments NAME { \"Bucket\" when CONDITION ... else \"Other\" }";
    case SegLexer::SCORE: return "score NAME = EXPRESSION";
    case SegLexer::TEST: return "test \"what it shows\" { given ... expect ... }";
    default: return "";
  }
}

namespace {

bool IsExpressionStart(size_t type) {
  switch (type) {
    case SegLexer::INT:
    case SegLexer::DECIMAL:
    case SegLexer::STRING:
    case SegLexer::DATE:
    case SegLexer::TIMESTAMP:
    case SegLexer::TRUE:
    case SegLexer::FALSE:
    case SegLexer::ID:
    case SegLexer::LPAREN:
    case SegLexer::LBRACKET:
    case SegLexer::MINUS:
    case SegLexer::NOT:
    case SegLexer::IF:
    case SegLexer::LAST:
    case SegLexer::MISSING: return true;
    default: return false;
  }
}

bool IsOperator(size_t type) {
  switch (type) {
    case SegLexer::PLUS:
    case SegLexer::MINUS:
    case SegLexer::STAR:
    case SegLexer::SLASH:
    case SegLexer::PERCENT:
    case SegLexer::EQ:
    case SegLexer::NE:
    case SegLexer::LT:
    case SegLexer::LE:
    case SegLexer::GT:
    case SegLexer::GE:
    case SegLexer::AND:
    case SegLexer::OR:
    case SegLexer::IN:
    case SegLexer::LIKE:
    case SegLexer::IS:
    case SegLexer::DEFAULT_OP:
    case SegLexer::DOT:
    case SegLexer::WITHIN:
    case SegLexer::NOT: return true;
    default: return false;
  }
}

bool IsKeyword(const antlr4::Token* token) {
  std::string text = token->getText();
  return token->getType() != SegLexer::ID && !text.empty() && std::isalpha(static_cast<unsigned char>(text[0])) &&
         token->getType() <= SegLexer::FALSE;
}

// "an expression", "'when'", "'}' or ','": the expected set in words, shortest first.
std::string DescribeExpected(const antlr4::misc::IntervalSet& expected) {
  std::vector<size_t> types;
  for (ssize_t t : expected.toList()) types.push_back(static_cast<size_t>(t));
  bool wants_expression = std::count_if(types.begin(), types.end(), IsExpressionStart) >= 4;
  bool wants_operator = std::count_if(types.begin(), types.end(), IsOperator) >= 4;
  std::vector<std::string> words;
  if (wants_expression) words.push_back("an expression");
  if (wants_operator) words.push_back("an operator");
  for (size_t t : types) {
    if ((wants_expression && IsExpressionStart(t)) || (wants_operator && IsOperator(t))) continue;
    if (t == antlr4::Token::EOF) continue;  // "the end" is never a helpful suggestion
    words.push_back(DescribeTokenType(t));
  }
  if (words.empty()) return "";
  if (words.size() > 6) return "";  // too many to be useful
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? " or " : ", ";
    out += words[i];
  }
  return out;
}

// The opening bracket that is still open at the end of the declaration, if any.
const antlr4::Token* UnclosedOpener(const std::vector<const antlr4::Token*>& tokens) {
  std::vector<const antlr4::Token*> open;
  for (const antlr4::Token* t : tokens) {
    switch (t->getType()) {
      case SegLexer::LBRACE:
      case SegLexer::LPAREN:
      case SegLexer::LBRACKET: open.push_back(t); break;
      case SegLexer::RBRACE:
      case SegLexer::RPAREN:
      case SegLexer::RBRACKET:
        if (!open.empty()) open.pop_back();
        break;
      default: break;
    }
  }
  return open.empty() ? nullptr : open.front();
}

const char* CloserOf(size_t type) { return type == SegLexer::LBRACE ? "}" : type == SegLexer::LPAREN ? ")" : "]"; }

}  // namespace

bool ReportLexicalError(const antlr4::Token* token, const LexedFile& lexed, DiagnosticSink& sink) {
  if (token->getType() == SegLexer::UNTERMINATED_STRING) {
    Diagnostic& d = sink.Report(DiagCode::kUnterminatedString, lexed.SpanOf(token), "this text is never closed");
    d.label = "missing closing \"";
    d.help = "end the text with a double quote on the same line";
    return true;
  }
  if (token->getType() != SegLexer::BAD_CHAR) return false;
  std::string ch = token->getText();
  unsigned char first = ch.empty() ? 0 : static_cast<unsigned char>(ch[0]);
  if (ch.size() == 1 && (first < 0x20 || first == 0x7F)) {  // invisible: name it by its code
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", first);
    Diagnostic& d = sink.Report(DiagCode::kInvalidCharacter, lexed.SpanOf(token),
                                std::string("the control character ") + code + (first == 0 ? " (a NUL byte)" : "") +
                                    " has no meaning in seg");
    d.help =
        "the file may not be plain text; delete the character (an editor that shows invisible characters finds it)";
    return true;
  }
  Diagnostic& d = sink.Report(DiagCode::kInvalidCharacter, lexed.SpanOf(token),
                              "the character `" + ch + "` has no meaning in seg");
  if (ch == "&") d.help = "write `and` to require both conditions";
  else if (ch == "|") d.help = "write `or` when either condition will do";
  else if (ch == "!") d.help = "write `not` to negate a condition, and `!=` for 'is not equal to'";
  else if (ch == "'") d.help = "text goes in double quotes: \"Paris\"";
  else if (ch == "#") d.help = "comments start with //";
  else if (ch == "$" || ch == "\xE2\x82\xAC" || ch == "\xC2\xA3")
    d.help = "write amounts without a currency sign: 5000";
  else d.help = "remove it, or put it inside a text in double quotes";
  return true;
}

void ReportSyntaxError(const SyntaxStop& stop, const std::vector<const antlr4::Token*>& decl_tokens,
                       const LexedFile& lexed, DiagnosticSink& sink) {
  const antlr4::Token* found = stop.offending;
  size_t keyword = decl_tokens.empty() ? 0 : decl_tokens.front()->getType();
  std::string form = DeclarationForm(keyword);

  // Ran out of tokens with a bracket still open: point at the bracket, not at the end.
  if (found->getType() == antlr4::Token::EOF) {
    if (const antlr4::Token* opener = UnclosedOpener(decl_tokens)) {
      Diagnostic& d = sink.Report(DiagCode::kUnclosedBlock, lexed.SpanOf(opener),
                                  "'" + opener->getText() + "' is never closed");
      d.label = "opened here";
      d.help = std::string("add '") + CloserOf(opener->getType()) + "' where the block ends";
      return;
    }
  }

  std::string expected = stop.know_expected ? DescribeExpected(stop.expected) : "";
  bool at_end = found->getType() == antlr4::Token::EOF;
  // Something is missing: put the caret right after the last good token, where it belongs.
  if (at_end && stop.previous != nullptr) {
    std::string message = expected.empty() ? "this declaration is incomplete"
                                           : "expected " + expected + " after '" + stop.previous->getText() + "'";
    Diagnostic& d = sink.Report(DiagCode::kMissingToken, lexed.EndOf(stop.previous), message);
    if (!form.empty()) d.help = "the form is: " + form;
    return;
  }

  std::string message = expected.empty() ? "did not expect " + DescribeToken(found) + " here"
                                         : "expected " + expected + ", found " + DescribeToken(found);
  Diagnostic& d = sink.Report(DiagCode::kUnexpectedToken, lexed.SpanOf(found), message);
  if (found->getType() == SegLexer::ASSIGN) {
    d.help = "to compare, write '=='";
  } else if (IsKeyword(found) && stop.expected.contains(static_cast<size_t>(SegLexer::ID))) {
    d.help = "'" + found->getText() + "' is a reserved word; choose another name, e.g. '" + found->getText() + "_'";
  } else if (!form.empty()) {
    d.help = "the form is: " + form;
  }
}

}  // namespace seg::parse
