// The snapshot file format's fixed parts (docs/SNAPSHOT.md describes the whole format): a snapshot
// is a directory of generation files, gen-000000.segsnap, gen-000001.segsnap, ...; each file is a
// 64-byte header, a metadata block, then the column arrays, each at a 64-byte aligned offset.
// Every number is little-endian. The header, the metadata and every array carry an XXH3-64
// checksum, so a flipped byte anywhere is found before a value is used.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace seg::rt::snapshot {

inline constexpr char kMagic[8] = {'S', 'E', 'G', 'S', 'N', 'A', 'P', '\0'};
// Bumped whenever the layout or the meaning of a stored value changes; a reader refuses any other.
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint64_t kHeaderSize = 64;
inline constexpr uint64_t kAlignment = 64;

// The header, as laid out at offset 0.
struct Header {
  char magic[8];
  uint32_t version;
  uint32_t header_size;  // kHeaderSize
  uint64_t file_size;    // the whole file: a truncated or extended file is refused
  uint64_t meta_offset;  // the metadata block (metadata_stream.h encodes it)
  uint64_t meta_size;
  uint64_t meta_checksum;    // XXH3-64 of the metadata block
  uint64_t reserved;         // 0
  uint64_t header_checksum;  // XXH3-64 of the 56 bytes before it
};
static_assert(sizeof(Header) == kHeaderSize);

// Where one array lies in the file, as the metadata lists it.
struct Section {
  uint64_t offset = 0;
  uint64_t size = 0;  // bytes
  uint64_t checksum = 0;
};

// XXH3-64 of `size` bytes.
uint64_t Checksum(const void* data, size_t size);
// The same checksum, computed piece by piece: after each piece of about 256 KiB is hashed,
// `checked(begin, end)` is called on it while it is still in the cache, so a reader that checks
// the values too (generation_reader.cc) goes over the memory once.
uint64_t ChecksumInPieces(const void* data, size_t size, const std::function<void(size_t, size_t)>& checked);

// "gen-000003.segsnap"; and the generation a file name gives, or -1 for any other name.
std::string GenerationFileName(uint32_t generation);
int64_t GenerationOfFileName(const std::string& name);

}  // namespace seg::rt::snapshot
