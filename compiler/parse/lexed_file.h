// A rule file turned into ANTLR tokens, with the map from ANTLR's code-point positions to the
// byte offsets that SourceSpans use. Internal to compiler/parse.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/base/source_file.h"

namespace seg::parse {

class LexedFile {
 public:
  // The text must be valid UTF-8 (the caller checks, since ANTLR throws on invalid input).
  LexedFile(const SourceFile& source, uint32_t file_id);

  const std::vector<std::unique_ptr<antlr4::Token>>& tokens() const { return tokens_; }
  SourceSpan SpanOf(const antlr4::Token* token) const;
  SourceSpan SpanOf(const antlr4::Token* first, const antlr4::Token* last) const;
  SourceSpan SpanOf(antlr4::ParserRuleContext* ctx) const;
  // An empty span just after a token: where a missing word would go.
  SourceSpan EndOf(const antlr4::Token* token) const;
  uint32_t file_id() const { return file_id_; }
  const SourceFile& source() const { return source_; }
  uint32_t LineOfByte(uint32_t offset) const { return source_.Locate(offset).line; }

 private:
  uint32_t ByteOf(size_t code_point) const;

  const SourceFile& source_;
  uint32_t file_id_;
  std::vector<uint32_t> byte_of_code_point_;
  // Tokens read their text from the stream and lexer lazily, so both live as long as the tokens.
  std::unique_ptr<antlr4::ANTLRInputStream> input_;
  std::unique_ptr<antlr4::Lexer> lexer_;
  std::vector<std::unique_ptr<antlr4::Token>> tokens_;
};

// "the name 'foo'", "the number 12", "'}'", "the end of the declaration".
std::string DescribeToken(const antlr4::Token* token);
// "a name", "a number", "'when'".
std::string DescribeTokenType(size_t type);

}  // namespace seg::parse
