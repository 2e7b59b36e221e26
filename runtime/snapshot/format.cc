#include "runtime/snapshot/format.h"

#include <xxhash.h>

#include <cstdio>

namespace seg::rt::snapshot {

uint64_t Checksum(const void* data, size_t size) { return XXH3_64bits(data, size); }

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
