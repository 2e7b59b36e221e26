// The snapshot file format's fixed parts (docs/SNAPSHOT.md describes the whole format): a snapshot
// is a directory of generation files, gen-000000.segsnap, gen-000001.segsnap, ...; each file is a
// 64-byte header, a metadata block, then the column arrays, each at a 64-byte aligned offset.
// Every number is little-endian. The header and the metadata carry an XXH3-64 checksum, and every
// array one per 64 KiB piece, so a flipped byte anywhere is found before a value is used, and a
// reader can check an array piece by piece as it uses it (deferred_checks.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace seg::rt::snapshot {

inline constexpr char kMagic[8] = {'S', 'E', 'G', 'S', 'N', 'A', 'P', '\0'};
// Bumped whenever the layout or the meaning of a stored value changes; a reader refuses any other.
// Version 2: a checksum per piece of each array (version 1 had one per array).
inline constexpr uint32_t kFormatVersion = 2;
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

// An array's checksums cover it in pieces of this many bytes (the last may be shorter): small
// enough that a piece checked just before it is evaluated is still in the cache, a multiple of
// every element size.
inline constexpr uint64_t kPieceBytes = uint64_t{64} << 10;

// How many pieces `size` bytes make.
inline uint64_t PieceCount(uint64_t size) { return (size + kPieceBytes - 1) / kPieceBytes; }

// Where one array lies in the file, as the metadata lists it.
struct Section {
  uint64_t offset = 0;
  uint64_t size = 0;             // bytes
  std::vector<uint64_t> pieces;  // XXH3-64 of each kPieceBytes piece, PieceCount(size) of them
};

// XXH3-64 of `size` bytes.
uint64_t Checksum(const void* data, size_t size);
// The checksum of each piece of `size` bytes, in order.
std::vector<uint64_t> PieceChecksums(const void* data, size_t size);
// Whether piece `piece` of an array (`bytes`, the section's size of them) matches its checksum.
bool PieceIntact(const Section& section, const char* bytes, size_t piece);
// What a piece that does not match is reported as (after the file's name): "damaged: checksum
// mismatch in the array at byte N (its piece at byte M)".
std::string ChecksumMismatch(const Section& section, size_t piece);

// "gen-000003.segsnap"; and the generation a file name gives, or -1 for any other name.
std::string GenerationFileName(uint32_t generation);
int64_t GenerationOfFileName(const std::string& name);

}  // namespace seg::rt::snapshot
