#include "compiler/parse/comments.h"

#include <algorithm>
#include <map>

#include "SegLexer.h"

namespace seg::parse {

namespace {

struct Item {
  SourceSpan span;
  ast::Comments* comments;
  ast::Decl* decl;  // the declaration the item belongs to (itself for a declaration)
};

void CollectItems(ast::Module& module, std::vector<Item>& items) {
  for (ast::DeclPtr& decl_ptr : module.decls) {
    ast::Decl* decl = decl_ptr.get();
    items.push_back({decl->span, &decl->comments, decl});
    switch (decl->kind) {
      case ast::DeclKind::kEntityInput:
        for (auto& c : decl->As<ast::EntityInputDecl>().columns)
          items.push_back({SourceSpan::Cover(c.name.span, c.type.span), &c.comments, decl});
        break;
      case ast::DeclKind::kEventInput:
        for (auto& c : decl->As<ast::EventInputDecl>().columns)
          items.push_back({SourceSpan::Cover(c.name.span, c.type.span), &c.comments, decl});
        break;
      case ast::DeclKind::kNeeds:
        for (auto& c : decl->As<ast::NeedsDecl>().columns)
          items.push_back(
              {SourceSpan::Cover(c.name.span, c.alternatives.empty() ? c.type.span : c.alternatives.back().span),
               &c.comments, decl});
        break;
      case ast::DeclKind::kEvents:
        for (auto& c : decl->As<ast::EventsDecl>().columns)
          items.push_back({SourceSpan::Cover(c.name.span, c.value ? c.value->span : c.name.span), &c.comments, decl});
        break;
      case ast::DeclKind::kSegments: {
        auto& s = decl->As<ast::SegmentsDecl>();
        for (auto& r : s.rules)
          items.push_back({SourceSpan::Cover(r.label.span, r.condition->span), &r.comments, decl});
        if (s.else_label) items.push_back({s.else_label->span, &s.else_comments, decl});
        break;
      }
      case ast::DeclKind::kTest:
        for (auto& t : decl->As<ast::TestDecl>().statements) items.push_back({t.span, &t.comments, decl});
        break;
      default: break;
    }
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
  });
}

}  // namespace

// Is there an empty line in [from, to)? Only whitespace is expected there.
bool BlankLineBetween(const std::string& text, uint32_t from, uint32_t to) {
  int newlines = 0;
  for (uint32_t i = from; i < to && i < text.size(); ++i) {
    if (text[i] == '\n') {
      if (++newlines >= 2) return true;
    } else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
      newlines = 0;
    }
  }
  return false;
}

// Records the blank lines the user left around each item's leading comments, so that `seg fmt`
// keeps paragraphs apart (at most one blank line each).
void MarkBlankLines(const LexedFile& lexed, std::vector<Item>& items,
                    const std::map<const ast::Comments*, std::vector<SourceSpan>>& leading_spans) {
  const std::string& text = lexed.source().text();
  uint32_t previous_end = 0;                        // end of the last code or comment before the item
  std::vector<std::pair<uint32_t, uint32_t>> code;  // spans of every token, comments included
  for (const auto& token : lexed.tokens()) {
    if (token->getChannel() == antlr4::Token::HIDDEN_CHANNEL) continue;
    SourceSpan span = lexed.SpanOf(token.get());
    code.emplace_back(span.begin, span.end);
  }
  for (Item& item : items) {
    auto it = leading_spans.find(item.comments);
    std::vector<SourceSpan> pieces = it == leading_spans.end() ? std::vector<SourceSpan>{} : it->second;
    uint32_t start = pieces.empty() ? item.span.begin : pieces.front().begin;
    // The end of whatever precedes the item's first piece.
    auto before = std::lower_bound(code.begin(), code.end(), std::make_pair(start, 0u));
    previous_end = before == code.begin() ? 0 : std::prev(before)->second;
    item.comments->blank_line_before = before != code.begin() && BlankLineBetween(text, previous_end, start);
    if (pieces.empty()) continue;
    std::vector<std::string> leading;
    for (size_t k = 0; k < pieces.size(); ++k) {
      leading.push_back(item.comments->leading[k]);
      uint32_t next = k + 1 < pieces.size() ? pieces[k + 1].begin : item.span.begin;
      if (BlankLineBetween(text, pieces[k].end, next)) leading.push_back("");
    }
    item.comments->leading = std::move(leading);
  }
}

void AttachComments(const LexedFile& lexed, ast::Module& module) {
  std::vector<Item> items;
  CollectItems(module, items);
  std::map<const ast::Comments*, std::vector<SourceSpan>> leading_spans;
  // Positions of the code tokens, to tell "nothing but spaces between" from "code between".
  std::vector<const antlr4::Token*> code;
  std::vector<uint32_t> code_begin;
  for (const auto& token : lexed.tokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    code.push_back(token.get());
    code_begin.push_back(lexed.SpanOf(token.get()).begin);
  }
  auto code_between = [&](uint32_t from, uint32_t to) {
    auto it = std::lower_bound(code_begin.begin(), code_begin.end(), from);
    return it != code_begin.end() && *it < to;
  };

  for (const auto& token : lexed.tokens()) {
    if (token->getChannel() != 2) continue;
    SourceSpan span = lexed.SpanOf(token.get());
    std::string text = token->getText();
    uint32_t line = lexed.LineOfByte(span.begin);

    // Trailing: the item that ends last before the comment, on the same line, nothing between.
    const Item* trailing_owner = nullptr;
    for (const Item& item : items) {
      if (item.span.end <= span.begin && lexed.LineOfByte(item.span.end > 0 ? item.span.end - 1 : 0) == line &&
          !code_between(item.span.end, span.begin)) {
        if (trailing_owner == nullptr || item.span.end > trailing_owner->span.end ||
            (item.span.end == trailing_owner->span.end && item.span.begin > trailing_owner->span.begin))
          trailing_owner = &item;
      }
    }
    if (trailing_owner != nullptr) {
      std::string& slot = trailing_owner->comments->trailing;
      slot = slot.empty() ? text : slot + " " + text;
      continue;
    }

    // Just before a closing brace: the block's own closing comments.
    auto next_code = std::lower_bound(code_begin.begin(), code_begin.end(), span.end);
    if (next_code != code_begin.end() && code[next_code - code_begin.begin()]->getType() == grammar::SegLexer::RBRACE) {
      ast::Decl* owner = nullptr;
      for (const Item& item : items) {
        if (item.decl == nullptr || item.comments != &item.decl->comments) continue;
        if (item.span.begin < span.begin && span.end <= item.span.end) owner = item.decl;
      }
      if (owner != nullptr) {
        owner->closing_comments.push_back(text);
        continue;
      }
    }

    // Leading: the next item that starts after the comment.
    const Item* leading_owner = nullptr;
    for (const Item& item : items) {
      if (item.span.begin >= span.end) {
        leading_owner = &item;
        break;
      }
    }
    if (leading_owner != nullptr) {
      leading_owner->comments->leading.push_back(text);
      leading_spans[leading_owner->comments].push_back(span);
    } else {
      module.trailing_comments.push_back(text);
    }
  }
  MarkBlankLines(lexed, items, leading_spans);
}

}  // namespace seg::parse
