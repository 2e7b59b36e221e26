#include "runtime/snapshot/format.h"

#include <algorithm>
#include <cstdio>

namespace seg::rt::snapshot {

std::vector<uint64_t> PieceChecksums(const void* data, size_t size) {
  std::vector<uint64_t> sums(PieceCount(size));
  const auto* bytes = static_cast<const char*>(data);
  for (size_t k = 0; k < sums.size(); ++k) {
    size_t begin = k * kPieceBytes;
    sums[k] = Checksum(bytes + begin, std::min<size_t>(size - begin, kPieceBytes));
  }
  return sums;
}

bool PieceIntact(const Section& section, const char* bytes, size_t piece) {
  uint64_t begin = piece * kPieceBytes;
  return Checksum(bytes + begin, std::min(section.size - begin, kPieceBytes)) == section.pieces[piece];
}

std::string ChecksumMismatch(const Section& section, size_t piece) {
  return "damaged: checksum mismatch in the array at byte " + std::to_string(section.offset) + " (its piece at byte " +
         std::to_string(section.offset + piece * kPieceBytes) + ")";
}

std::string GenerationFileName(uint32_t generation) {
  char name[32];
  std::snprintf(name, sizeof(name), "gen-%06u.segsnap", generation);
  return name;
}

int64_t GenerationOfFileName(const std::string& name) {
  // Exactly "gen-" six digits ".segsnap": temporary files of a write in progress
  // ("gen-000001.segsnap.tmp.123") and anything else are not generations.
  constexpr size_t kLength = 4 + 6 + 8;
  if (name.size() != kLength || name.compare(0, 4, "gen-") != 0 || name.compare(10, 8, ".segsnap") != 0) return -1;
  int64_t generation = 0;
  for (size_t i = 4; i < 10; ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    generation = generation * 10 + (name[i] - '0');
  }
  return generation;
}

}  // namespace seg::rt::snapshot
