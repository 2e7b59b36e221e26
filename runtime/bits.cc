#include "runtime/bits.h"

#include <algorithm>
#include <atomic>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace seg::rt {

namespace {

// Replaces the bits of `mask` in `word` by those of `bits`. A word wholly inside the range is
// this morsel's alone; a partial one may be written by the neighbouring morsel at the same
// time: clearing and then setting our own bits atomically leaves its bits as they are.
void Put(uint64_t& word, uint64_t mask, uint64_t bits) {
  if (mask == ~uint64_t{0}) {
    word = bits;
    return;
  }
  std::atomic_ref<uint64_t> shared(word);
  shared.fetch_and(~mask, std::memory_order_relaxed);
  shared.fetch_or(bits & mask, std::memory_order_relaxed);
}

// A whole word: bit k set where values[k] != 0.
template <typename T> uint64_t Gather64(const T* values) {
  uint64_t bits = 0;
  for (size_t k = 0; k < 64; ++k) bits |= uint64_t{values[k] != 0} << k;
  return bits;
}

#ifdef __SSE2__
// Bytes, as the JIT writes them to its scratch: 16 at a time (all its bools pass here).
template <> uint64_t Gather64(const uint8_t* values) {
  const __m128i zero = _mm_setzero_si128();
  uint64_t bits = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(values + 16 * k));
    auto zeros = static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero))));
    bits |= (~zeros & 0xFFFF) << (16 * k);
  }
  return bits;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
// Whole words of bytes with AVX2 where the CPU has it (the JIT's bools: 32 bytes a compare).
__attribute__((target("avx2"))) void GatherWordsAvx2(const uint8_t* values, size_t count, uint64_t* words) {
  const __m256i zero = _mm256_setzero_si256();
  for (size_t w = 0; w < count; ++w, values += 64) {
    auto lo = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(values)), zero)));
    auto hi = static_cast<uint32_t>(_mm256_movemask_epi8(
        _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(values + 32)), zero)));
    words[w] = ~(static_cast<uint64_t>(hi) << 32 | lo);
  }
}

// Stores the words wholly inside [row, end) at once; returns the first row after them.
size_t PackWholeWords(const uint8_t* values, size_t row, size_t end, uint64_t* words, size_t begin) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (!avx2 || (row & 63) != 0 || end - row < 64) return row;
  size_t count = (end - row) >> 6;
  GatherWordsAvx2(values + (row - begin), count, words + (row >> 6));
  return row + 64 * count;
}
#else
size_t PackWholeWords(const uint8_t*, size_t row, size_t, uint64_t*, size_t) { return row; }
#endif
size_t PackWholeWords(const int64_t*, size_t row, size_t, uint64_t*, size_t) { return row; }

template <typename T> void Pack(const T* values, size_t n, uint64_t* words, size_t begin) {
  size_t row = begin, end = begin + n;
  while (row < end) {
    size_t word = row >> 6, first = row & 63;
    if (first == 0) {
      row = PackWholeWords(values, row, end, words, begin);
      if (row == end) break;
      word = row >> 6;
    }
    size_t last = std::min<size_t>(64, first + (end - row));  // one past this word's last bit
    uint64_t bits = 0;
    if (first == 0 && last == 64) bits = Gather64(values + (row - begin));
    else
      for (size_t b = first; b < last; ++b) bits |= uint64_t{values[row - begin + (b - first)] != 0} << b;
    uint64_t mask = (last == 64 ? ~uint64_t{0} : (uint64_t{1} << last) - 1) & (~uint64_t{0} << first);
    Put(words[word], mask, bits);
    row += last - first;
  }
}

template <typename T> void Unpack(const uint64_t* words, size_t begin, size_t n, T* out) {
  for (size_t k = 0; k < n; ++k) out[k] = static_cast<T>((words[(begin + k) >> 6] >> ((begin + k) & 63)) & 1);
}

}  // namespace

void PackBits(const uint8_t* values, size_t n, uint64_t* words, size_t begin) { Pack(values, n, words, begin); }
void PackBits(const int64_t* values, size_t n, uint64_t* words, size_t begin) { Pack(values, n, words, begin); }
void UnpackBits(const uint64_t* words, size_t begin, size_t n, uint8_t* out) { Unpack(words, begin, n, out); }
void UnpackBits(const uint64_t* words, size_t begin, size_t n, int64_t* out) { Unpack(words, begin, n, out); }

}  // namespace seg::rt
