#include "compiler/parse/lexed_file.h"

#include "SegLexer.h"

namespace seg::parse {

using grammar::SegLexer;

LexedFile::LexedFile(const SourceFile& source, uint32_t file_id) : source_(source), file_id_(file_id) {
  const std::string& text = source.text();
  byte_of_code_point_.reserve(text.size() + 1);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byte_of_code_point_.push_back(i);
  }
  byte_of_code_point_.push_back(static_cast<uint32_t>(text.size()));

  input_ = std::make_unique<antlr4::ANTLRInputStream>(text);
  lexer_ = std::make_unique<SegLexer>(input_.get());
  lexer_->removeErrorListeners();  // BAD_CHAR catches every character the grammar does not know
  tokens_ = lexer_->getAllTokens();
}

uint32_t LexedFile::ByteOf(size_t code_point) const {
  if (code_point >= byte_of_code_point_.size()) return byte_of_code_point_.back();
  return byte_of_code_point_[code_point];
}

SourceSpan LexedFile::SpanOf(const antlr4::Token* token) const { return SpanOf(token, token); }

SourceSpan LexedFile::SpanOf(const antlr4::Token* first, const antlr4::Token* last) const {
  if (first->getType() == antlr4::Token::EOF) return EndOf(first);
  size_t stop = last->getType() == antlr4::Token::EOF ? last->getStartIndex() : last->getStopIndex() + 1;
  return {file_id_, ByteOf(first->getStartIndex()), ByteOf(stop)};
}

SourceSpan LexedFile::SpanOf(antlr4::ParserRuleContext* ctx) const {
  const antlr4::Token* stop = ctx->getStop() ? ctx->getStop() : ctx->getStart();
  if (stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) stop = ctx->getStart();
  return SpanOf(ctx->getStart(), stop);
}

SourceSpan LexedFile::EndOf(const antlr4::Token* token) const {
  if (token->getType() == antlr4::Token::EOF) {
    uint32_t at = ByteOf(token->getStartIndex());
    return {file_id_, at, at};
  }
  uint32_t at = ByteOf(token->getStopIndex() + 1);
  return {file_id_, at, at};
}

namespace {
const antlr4::dfa::Vocabulary& Vocabulary() {
  static antlr4::ANTLRInputStream empty(std::string{});
  static SegLexer lexer(&empty);
  return lexer.getVocabulary();
}
}  // namespace

std::string DescribeTokenType(size_t type) {
  switch (type) {
    case SegLexer::ID: return "a name";
    case SegLexer::INT: return "a whole number";
    case SegLexer::DECIMAL: return "a number";
    case SegLexer::STRING: return "a text in double quotes";
    case SegLexer::DATE: return "a date";
    case SegLexer::TIMESTAMP: return "a timestamp";
    case antlr4::Token::EOF: return "the end of the declaration";
    default: break;
  }
  std::string literal = Vocabulary().getLiteralName(type);
  if (!literal.empty()) return literal;  // already quoted: 'when'
  return "'" + Vocabulary().getSymbolicName(type) + "'";
}

std::string DescribeToken(const antlr4::Token* token) {
  std::string text = token->getText();
  switch (token->getType()) {
    case SegLexer::ID: return "the name '" + text + "'";
    case SegLexer::INT:
    case SegLexer::DECIMAL: return "the number " + text;
    case SegLexer::STRING: return "the text " + text;
    case SegLexer::DATE: return "the date " + text;
    case SegLexer::TIMESTAMP: return "the timestamp " + text;
    case antlr4::Token::EOF: return "the end of the declaration";
    default: break;
  }
  if (!text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) != 0)) return "the word '" + text + "'";
  return "'" + text + "'";
}

}  // namespace seg::parse
