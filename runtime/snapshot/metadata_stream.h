// The metadata block's encoding: fixed-width little-endian numbers and length-prefixed strings,
// written in order and read back in the same order. The reader checks every length against what
// is left, so a damaged block (which the checksum should already have caught) fails with a
// message rather than reading past its end.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/snapshot/format.h"

namespace seg::rt::snapshot {

class MetadataWriter {
 public:
  void U8(uint8_t v) { Raw(&v, 1); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void String(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    Raw(s.data(), s.size());
  }
  // Its offset, its size, and its pieces' checksums (as many as the size makes).
  void SectionRef(const Section& s) {
    U64(s.offset);
    U64(s.size);
    for (uint64_t sum : s.pieces) U64(sum);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  // x86-64 and aarch64 Linux are little-endian, which is the file's order.
  void Raw(const void* p, size_t n) { bytes_.append(static_cast<const char*>(p), n); }
  std::string bytes_;
};

class MetadataReader {
 public:
  explicit MetadataReader(std::string_view bytes) : bytes_(bytes) {}
  bool U8(uint8_t* v) { return Raw(v, 1); }
  bool U32(uint32_t* v) { return Raw(v, 4); }
  bool U64(uint64_t* v) { return Raw(v, 8); }
  bool String(std::string* out) {
    uint32_t n = 0;
    if (!U32(&n) || n > bytes_.size() - at_) return false;
    out->assign(bytes_.data() + at_, n);
    at_ += n;
    return true;
  }
  bool SectionRef(Section* s) {
    if (!U64(&s->offset) || !U64(&s->size) || s->size / kPieceBytes > (bytes_.size() - at_) / 8) return false;
    s->pieces.resize(PieceCount(s->size));
    for (uint64_t& sum : s->pieces) {
      if (!U64(&sum)) return false;
    }
    return true;
  }
  bool AtEnd() const { return at_ == bytes_.size(); }

 private:
  bool Raw(void* p, size_t n) {
    if (n > bytes_.size() - at_) return false;
    std::memcpy(p, bytes_.data() + at_, n);
    at_ += n;
    return true;
  }
  std::string_view bytes_;
  size_t at_ = 0;
};

}  // namespace seg::rt::snapshot
