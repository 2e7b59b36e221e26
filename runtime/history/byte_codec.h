// The bytes of seg's binary files, written and read one field at a time: fixed-width
// little-endian integers, LEB128 varints, length-prefixed strings. The reader never reads past
// its end: every read says whether the field was whole, so a truncated or damaged file is an
// error, never a crash or a value made of other memory.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

class ByteWriter {
 public:
  void U8(uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v);
  void U64(uint64_t v);
  void Varint(uint64_t v);
  void String(std::string_view s);  // varint length, then the bytes
  void Bytes(std::string_view s) { bytes_.append(s); }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  // Each returns false, reading nothing, when the field runs past the end (or a varint is longer
  // than ten bytes).
  bool U8(uint8_t* v);
  bool U32(uint32_t* v);
  bool U64(uint64_t* v);
  bool Varint(uint64_t* v);
  bool String(std::string* out);
  bool Bytes(size_t n, std::string_view* s);
  size_t remaining() const { return bytes_.size() - at_; }
  size_t offset() const { return at_; }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

}  // namespace seg::rt
