#include "compiler/parse/parser.h"

#include <algorithm>

#include "SegLexer.h"
#include "SegParser.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/comments.h"
#include "compiler/parse/lexed_file.h"
#include "compiler/parse/syntax_errors.h"
#include "runtime/utf8.h"

namespace seg::parse {

using grammar::SegLexer;

namespace {

bool StartsDeclaration(size_t type) {
  switch (type) {
    case SegLexer::IMPORT:
    case SegLexer::NEEDS:
    case SegLexer::TIMEZONE:
    case SegLexer::INPUT:
    case SegLexer::EVENTS:
    case SegLexer::PARAM:
    case SegLexer::LET:
    case SegLexer::TAG:
    case SegLexer::SEGMENTS:
    case SegLexer::SCORE:
    case SegLexer::TEST: return true;
    default: return false;
  }
}

// The default-channel tokens of one top-level declaration. These keywords appear nowhere but at
// the start of a declaration, so splitting on them is exact and an unclosed brace cannot
// swallow the rest of the file.
std::vector<std::vector<const antlr4::Token*>> SplitDeclarations(const LexedFile& lexed) {
  std::vector<std::vector<const antlr4::Token*>> chunks;
  const antlr4::Token* previous = nullptr;
  for (const auto& token : lexed.tokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    // `let tag = 1` misuses a keyword as a name: keep it in its declaration so that the error
    // says so, rather than starting a new declaration at `tag`.
    bool named_after_keyword = previous != nullptr && StartsDeclaration(previous->getType()) &&
                               previous->getType() != grammar::SegLexer::IMPORT;
    if (chunks.empty() || (StartsDeclaration(token->getType()) && !named_after_keyword)) chunks.emplace_back();
    chunks.back().push_back(token.get());
    previous = token.get();
  }
  return chunks;
}

// The declared name, when the tokens show it, so a declaration that fails to parse still counts
// as defined.
std::string DeclaredName(const std::vector<const antlr4::Token*>& tokens) {
  if (tokens.size() >= 3 && tokens[0]->getType() == SegLexer::NEEDS && tokens[2]->getType() == SegLexer::ID)
    return tokens[2]->getText();  // needs events NAME
  if (tokens.size() < 2 || tokens[1]->getType() != SegLexer::ID) return "";
  switch (tokens[0]->getType()) {
    case SegLexer::INPUT:
    case SegLexer::EVENTS:
    case SegLexer::PARAM:
    case SegLexer::LET:
    case SegLexer::TAG:
    case SegLexer::SEGMENTS:
    case SegLexer::SCORE: return tokens[1]->getText();
    default: return "";
  }
}

}  // namespace

ParseResult Parse(const SourceSet& sources, uint32_t file, DiagnosticSink& sink, const ParseLimits& limits) {
  ParseResult result;
  result.module = std::make_unique<ast::Module>();
  result.module->file = file;
  const SourceFile& source = sources.Get(file);
  const std::string& text = source.text();

  if (text.size() > limits.max_file_bytes) {
    sink.Report(DiagCode::kFileTooLarge, {file, 0, 0},
                "the rule file is " + std::to_string(text.size()) + " bytes; seg reads at most " +
                    std::to_string(limits.max_file_bytes))
        .help = "split it into modules, or generate fewer rules";
    return result;
  }
  // A UTF-16 file would otherwise read as stray bytes or NULs between letters: say what it is.
  if (const char* evidence = rt::Utf16Evidence(text)) {
    sink.Report(DiagCode::kInvalidUtf8, {file, 0, static_cast<uint32_t>(std::min<size_t>(text.size(), 2))},
                std::string("this file is UTF-16 text, not UTF-8 (it ") + evidence + ")")
        .help = "save it as UTF-8";
    return result;
  }
  // ANTLR's input stream throws on invalid UTF-8 (TOOLCHAIN.md section 2): check first.
  if (size_t bad = rt::FindInvalidUtf8(text); bad != std::string_view::npos) {
    sink.Report(DiagCode::kInvalidUtf8, {file, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
                "this byte is not valid UTF-8")
        .help = "save the file as UTF-8 text";
    return result;
  }

  LexedFile lexed(source, file);
  AstBuilder builder(lexed, sink, limits.max_expr_depth);
  std::vector<ast::Decl*> built;
  for (const std::vector<const antlr4::Token*>& chunk : SplitDeclarations(lexed)) {
    bool reported = false;
    for (const antlr4::Token* token : chunk) {
      if (ReportLexicalError(token, lexed, sink)) {
        reported = true;
        break;
      }
    }
    if (!reported && !StartsDeclaration(chunk.front()->getType())) {
      Diagnostic& d = sink.Report(DiagCode::kUnexpectedToken, lexed.SpanOf(chunk.front()),
                                  "expected a declaration, found " + DescribeToken(chunk.front()));
      d.help =
          "each declaration starts with import, needs, timezone, input, events, param, let, tag, segments, score or "
          "test";
      reported = true;
    }
    ast::DeclPtr decl;
    if (!reported) {
      std::vector<std::unique_ptr<antlr4::Token>> copies;
      for (const antlr4::Token* token : chunk) {
        copies.push_back(std::make_unique<antlr4::CommonToken>(const_cast<antlr4::Token*>(token)));
      }
      antlr4::ListTokenSource token_source(std::move(copies));
      antlr4::CommonTokenStream stream(&token_source);
      GuardedParser parser(&stream, limits.max_parse_depth);
      parser.removeErrorListeners();
      parser.setErrorHandler(std::make_shared<StopAtFirstError>());
      try {
        grammar::SegParser::SingleDeclContext* tree = parser.singleDecl();
        decl = builder.BuildDecl(tree->topDecl());
      } catch (const SyntaxStop& stop) {
        ReportSyntaxError(stop, chunk, lexed, sink);
      } catch (const NestingTooDeep& deep) {
        sink.Report(DiagCode::kNestingTooDeep, lexed.SpanOf(deep.at),
                    "this is nested too deeply (more than " + std::to_string(limits.max_parse_depth) +
                        " levels of the grammar)")
            .help = "split the expression into several `let` definitions";
      }
    }
    if (decl) {
      built.push_back(decl.get());
      result.module->decls.push_back(std::move(decl));
    } else if (std::string name = DeclaredName(chunk); !name.empty()) {
      result.unparsed_names.push_back(name);
    }
  }
  AttachComments(lexed, *result.module);
  return result;
}

}  // namespace seg::parse
