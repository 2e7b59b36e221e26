// Byte offsets (what seg's spans hold) to the protocol's positions and back. LSP counts a
// position's `character` in UTF-16 code units by default, which is what every client supports:
// a character outside the Basic Multilingual Plane is two units, any other code point one.
// Bytes that are not valid UTF-8 count one unit each, so every offset has a position.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace seg::lsp {

struct Position {
  uint32_t line = 0;       // 0-based
  uint32_t character = 0;  // 0-based, UTF-16 code units
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  Position ToPosition(uint32_t offset) const;
  // A position past the end of its line is the line's end; past the last line, the text's end.
  uint32_t ToOffset(Position position) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string_view text_;
  std::vector<uint32_t> line_starts_;
};

// The length in bytes of the UTF-8 sequence starting at `text[i]` (1 for an invalid byte) and
// how many UTF-16 units it takes.
size_t Utf8SequenceLength(std::string_view text, size_t i);

}  // namespace seg::lsp
