#include "runtime/utf8.h"

#include <cstdint>
#include <cstring>

namespace seg::rt {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid sequence starting at text[i] (a non-ASCII lead byte), or 0 when invalid.
size_t SequenceLength(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t len;
  uint32_t min_value;
  uint32_t value;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    min_value = 0x80;
    value = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    min_value = 0x800;
    value = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    min_value = 0x10000;
    value = c & 0x07;
  } else return 0;
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(text[i + k]);
    if (!IsContinuation(d)) return 0;
    value = (value << 6) | (d & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid too.
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  return len;
}

// Whether a short text (a field) is all ASCII: the last word overlaps the one before it rather
// than ending in a byte-by-byte tail.
bool IsAsciiField(const char* p, size_t n) {
  if (n >= 8) {
    uint64_t any = 0, word;
    for (size_t i = 0; i + 8 <= n; i += 8) {
      std::memcpy(&word, p + i, 8);
      any |= word;
    }
    std::memcpy(&word, p + n - 8, 8);
    return ((any | word) & 0x8080808080808080ull) == 0;
  }
  if (n >= 4) {
    uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    return ((head | tail) & 0x80808080u) == 0;
  }
  unsigned char any = 0;
  for (size_t i = 0; i < n; ++i) any |= static_cast<unsigned char>(p[i]);
  return any < 0x80;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  const char* data = text.data();
  size_t size = text.size();
  if (IsAsciiField(data, size)) return std::string_view::npos;
  size_t i = 0;
  while (i < size) {
    // ASCII fast path: eight bytes at a time while none has its high bit set.
    while (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, data + i, 8);
      if ((word & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    while (i < size && static_cast<unsigned char>(data[i]) < 0x80) ++i;
    if (i == size) break;
    size_t len = SequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool IsAscii(std::string_view text) {
  // Sixteen bytes per operation (SSE2 or NEON, through the compilers' vector extension), checked
  // once per kilobyte: about a tenth of an instruction per byte.
  using Bytes = uint8_t __attribute__((vector_size(16)));
  constexpr size_t kBlock = 1024;
  const char* data = text.data();
  size_t size = text.size();
  size_t i = 0;
  for (; i + kBlock <= size; i += kBlock) {
    Bytes any = {};
    for (size_t k = 0; k < kBlock; k += 64) {
      Bytes a, b, c, d;
      std::memcpy(&a, data + i + k, 16);
      std::memcpy(&b, data + i + k + 16, 16);
      std::memcpy(&c, data + i + k + 32, 16);
      std::memcpy(&d, data + i + k + 48, 16);
      any |= (a | b) | (c | d);
    }
    uint64_t halves[2];
    std::memcpy(halves, &any, 16);
    if (((halves[0] | halves[1]) & 0x8080808080808080ull) != 0) return false;
  }
  unsigned char rest = 0;
  for (; i < size; ++i) rest |= static_cast<unsigned char>(data[i]);
  return rest < 0x80;
}

const char* Utf16Evidence(std::string_view head) {
  if (head.size() >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF'))) {
    return "starts with a UTF-16 byte order mark";
  }
  // Mostly-ASCII UTF-16 without a mark: a NUL in either of the first two bytes (UTF-16BE puts it
  // first, UTF-16LE second). No UTF-8 text file starts with a NUL.
  if ((head.size() >= 1 && head[0] == '\0') || (head.size() >= 2 && head[1] == '\0')) {
    return "has NUL bytes between its characters";
  }
  return nullptr;
}

}  // namespace seg::rt
