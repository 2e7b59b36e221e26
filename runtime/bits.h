// Values a byte (or an int) a row packed as bits, a bit a row, and back. The engines keep their
// bool columns for every customer bit-packed (compiler/exec/result.h: BitWords, BitAt): a stage's
// morsel writes its rows' bits, a later stage or the result reads them; the JIT's compiled code
// writes bytes, its runner packs them (jit/jit.cc, JitRunner::RunMorsel). The event index packs
// the validity it carried a byte a row through its radix passes (rt::ColumnCarrier::Finish).
// Morsels run on several threads at once and need not start on a word's boundary, so a word a
// morsel shares with its neighbours is updated atomically, and only its own bits; whole words are
// stored plainly.
#pragma once
#include <cstddef>
#include <cstdint>

namespace seg::rt {

// Writes rows [begin, begin + n) of `words`: bit set where values[k] != 0.
void PackBits(const uint8_t* values, size_t n, uint64_t* words, size_t begin);
void PackBits(const int64_t* values, size_t n, uint64_t* words, size_t begin);
// Reads rows [begin, begin + n) of `words` as 0 or 1.
void UnpackBits(const uint64_t* words, size_t begin, size_t n, uint8_t* out);
void UnpackBits(const uint64_t* words, size_t begin, size_t n, int64_t* out);

}  // namespace seg::rt
