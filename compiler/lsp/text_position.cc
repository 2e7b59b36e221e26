#include "compiler/lsp/text_position.h"

#include <algorithm>

namespace seg::lsp {

size_t Utf8SequenceLength(std::string_view text, size_t i) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return 1;
  }
  return n;
}

namespace {
uint32_t Utf16Units(size_t sequence_length) { return sequence_length == 4 ? 2 : 1; }
}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
  }
}

Position LineIndex::ToPosition(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(after - line_starts_.begin()) - 1;
  uint32_t character = 0;
  for (size_t i = line_starts_[line]; i < offset;) {
    size_t n = Utf8SequenceLength(text_, i);
    character += Utf16Units(n);
    i += n;
  }
  return {line, character};
}

uint32_t LineIndex::ToOffset(Position position) const {
  if (position.line >= line_starts_.size()) return static_cast<uint32_t>(text_.size());
  size_t i = line_starts_[position.line];
  size_t end = position.line + 1 < line_starts_.size() ? line_starts_[position.line + 1] - 1 : text_.size();
  if (end > i && text_[end - 1] == '\r') --end;
  uint32_t character = 0;
  while (i < end && character < position.character) {
    size_t n = Utf8SequenceLength(text_, i);
    character += Utf16Units(n);
    i += n;
  }
  return static_cast<uint32_t>(i);
}

}  // namespace seg::lsp
