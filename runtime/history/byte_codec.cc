#include "runtime/history/byte_codec.h"

namespace seg::rt {

void ByteWriter::U32(uint32_t v) {
  for (int k = 0; k < 4; ++k) U8(static_cast<uint8_t>(v >> (8 * k)));
}

void ByteWriter::U64(uint64_t v) {
  for (int k = 0; k < 8; ++k) U8(static_cast<uint8_t>(v >> (8 * k)));
}

void ByteWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    U8(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  U8(static_cast<uint8_t>(v));
}

void ByteWriter::String(std::string_view s) {
  Varint(s.size());
  bytes_.append(s);
}

bool ByteReader::U8(uint8_t* v) {
  if (remaining() < 1) return false;
  *v = static_cast<uint8_t>(bytes_[at_++]);
  return true;
}

bool ByteReader::U32(uint32_t* v) {
  if (remaining() < 4) return false;
  uint32_t out = 0;
  for (int k = 3; k >= 0; --k) out = (out << 8) | static_cast<uint8_t>(bytes_[at_ + static_cast<size_t>(k)]);
  at_ += 4;
  *v = out;
  return true;
}

bool ByteReader::U64(uint64_t* v) {
  if (remaining() < 8) return false;
  uint64_t out = 0;
  for (int k = 7; k >= 0; --k) out = (out << 8) | static_cast<uint8_t>(bytes_[at_ + static_cast<size_t>(k)]);
  at_ += 8;
  *v = out;
  return true;
}

bool ByteReader::Varint(uint64_t* v) {
  uint64_t out = 0;
  size_t at = at_;
  for (int shift = 0; shift < 70; shift += 7) {
    if (at >= bytes_.size()) return false;
    auto b = static_cast<uint8_t>(bytes_[at++]);
    // The tenth byte may carry only the top bit of a 64-bit value.
    if (shift == 63 && b > 1) return false;
    out |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      at_ = at;
      *v = out;
      return true;
    }
  }
  return false;
}

bool ByteReader::String(std::string* out) {
  size_t start = at_;
  uint64_t n = 0;
  if (!Varint(&n)) return false;
  if (n > remaining()) {
    at_ = start;
    return false;
  }
  out->assign(bytes_.substr(at_, n));
  at_ += n;
  return true;
}

bool ByteReader::Bytes(size_t n, std::string_view* s) {
  if (n > remaining()) return false;
  *s = bytes_.substr(at_, n);
  at_ += n;
  return true;
}

}  // namespace seg::rt
