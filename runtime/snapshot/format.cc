#include "runtime/snapshot/format.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <new>

namespace seg::rt::snapshot {

uint64_t Checksum(const void* data, size_t size) { return XXH3_64bits(data, size); }

uint64_t ChecksumInPieces(const void* data, size_t size, const std::function<void(size_t, size_t)>& checked) {
  constexpr size_t kPiece = size_t{256} << 10;  // a multiple of every element size; fits in L2
  if (size <= kPiece) {
    uint64_t sum = Checksum(data, size);
    checked(0, size);
    return sum;
  }
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
  if (state == nullptr) throw std::bad_alloc();
  XXH3_64bits_reset(state.get());
  const auto* bytes = static_cast<const char*>(data);
  for (size_t begin = 0; begin < size; begin += kPiece) {
    size_t end = std::min(size, begin + kPiece);
    XXH3_64bits_update(state.get(), bytes + begin, end - begin);
    checked(begin, end);
  }
  return XXH3_64bits_digest(state.get());
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
