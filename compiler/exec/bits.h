// Bool columns kept for every customer are bit-packed (result.h: BitWords, BitAt): a stage's
// morsel writes its rows' bits, a later stage or the result reads them. Morsels run on several
// threads at once and need not start on a word's boundary, so a word a morsel shares with its
// neighbours is updated atomically, and only its own bits; whole words are stored plainly. The JIT
// packs through here too: its compiled code writes bytes, its runner packs them (jit/jit.cc,
// JitRunner::RunMorsel).
#pragma once
#include <cstddef>
#include <cstdint>

namespace seg::exec {

// Writes rows [begin, begin + n) of `words`: bit set where values[k] != 0.
void PackBits(const uint8_t* values, size_t n, uint64_t* words, size_t begin);
void PackBits(const int64_t* values, size_t n, uint64_t* words, size_t begin);
// Reads rows [begin, begin + n) of `words` as 0 or 1.
void UnpackBits(const uint64_t* words, size_t begin, size_t n, uint8_t* out);
void UnpackBits(const uint64_t* words, size_t begin, size_t n, int64_t* out);

}  // namespace seg::exec
