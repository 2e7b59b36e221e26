#include "runtime/io/csv_separator_scanner.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace seg::rt {
namespace {

using BlockMasks = CsvSeparatorScanner::BlockMasks;

// Bit i of the result is the xor of bits 0..i: set from an opening quote up to (not including) the
// quote that closes it, so the delimiters and newlines it covers are text, not separators.
inline uint64_t PrefixXorByShifts(uint64_t bits) {
  bits ^= bits << 1;
  bits ^= bits << 2;
  bits ^= bits << 4;
  bits ^= bits << 8;
  bits ^= bits << 16;
  bits ^= bits << 32;
  return bits;
}

// What every kernel does with a block's raw masks.
template <uint64_t (*kPrefixXor)(uint64_t)>
inline BlockMasks Finish(uint64_t delimiters, uint64_t newlines, uint64_t quotes, uint64_t high, uint64_t* in_quotes) {
  uint64_t inside = *in_quotes;
  if (quotes != 0) {
    inside ^= kPrefixXor(quotes);
    *in_quotes = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
  }
  return BlockMasks{(delimiters | newlines) & ~inside, uint64_t{quotes != 0} | (uint64_t{high != 0} << 1)};
}

// A byte at a time: the reference for the vector kernels, and the kernel off x86-64.
void PortableBlocks(const char* text, size_t blocks, char delimiter, uint64_t* in_quotes, BlockMasks* out) {
  for (size_t b = 0; b < blocks; ++b, text += 64) {
    uint64_t delimiters = 0, newlines = 0, quotes = 0, high = 0;
    for (int i = 0; i < 64; ++i) {
      uint64_t bit = uint64_t{1} << i;
      char c = text[i];
      if (c == delimiter) delimiters |= bit;
      if (c == '\n') newlines |= bit;
      if (c == '"') quotes |= bit;
      if (static_cast<unsigned char>(c) >= 0x80) high |= bit;
    }
    out[b] = Finish<PrefixXorByShifts>(delimiters, newlines, quotes, high, in_quotes);
  }
}

#if defined(__x86_64__)

// SSE2 is part of x86-64, so this kernel runs on every machine the project builds for.
void Sse2Blocks(const char* text, size_t blocks, char delimiter, uint64_t* in_quotes, BlockMasks* out) {
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i quotes = _mm_set1_epi8('"');
  for (size_t b = 0; b < blocks; ++b, text += 64) {
    uint64_t d = 0, n = 0, q = 0, h = 0;
    for (int part = 0; part < 4; ++part) {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + 16 * part));
      int shift = 16 * part;
      d |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, delimiters)))} << shift;
      n |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newlines)))} << shift;
      q |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quotes)))} << shift;
      h |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(bytes))} << shift;
    }
    out[b] = Finish<PrefixXorByShifts>(d, n, q, h, in_quotes);
  }
}

__attribute__((target("avx2,pclmul"))) inline uint64_t PrefixXorByClmul(uint64_t bits) {
  // Carry-less multiplication by all ones: bit i of the product is the xor of bits 0..i.
  __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<int64_t>(bits)), _mm_set1_epi8(-1), 0);
  return static_cast<uint64_t>(_mm_cvtsi128_si64(product));
}

__attribute__((target("avx2,pclmul"))) inline uint64_t Mask(__m256i hits) {
  return uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(hits))};
}

__attribute__((target("avx2,pclmul"))) void Avx2Blocks(const char* text, size_t blocks, char delimiter,
                                                       uint64_t* in_quotes, BlockMasks* out) {
  const __m256i delimiters = _mm256_set1_epi8(delimiter);
  const __m256i newlines = _mm256_set1_epi8('\n');
  const __m256i quotes = _mm256_set1_epi8('"');
  for (size_t b = 0; b < blocks; ++b, text += 64) {
    __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text));
    __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + 32));
    uint64_t d = Mask(_mm256_cmpeq_epi8(lo, delimiters)) | Mask(_mm256_cmpeq_epi8(hi, delimiters)) << 32;
    uint64_t n = Mask(_mm256_cmpeq_epi8(lo, newlines)) | Mask(_mm256_cmpeq_epi8(hi, newlines)) << 32;
    uint64_t q = Mask(_mm256_cmpeq_epi8(lo, quotes)) | Mask(_mm256_cmpeq_epi8(hi, quotes)) << 32;
    uint64_t h = Mask(lo) | Mask(hi) << 32;
    out[b] = Finish<PrefixXorByClmul>(d, n, q, h, in_quotes);
  }
}

#endif

CsvSeparatorScanner::KernelFn Choose() {
  if (auto avx2 = CsvSeparatorScanner::Avx2Kernel()) return avx2;
  if (auto sse2 = CsvSeparatorScanner::Sse2Kernel()) return sse2;
  return CsvSeparatorScanner::PortableKernel();
}

}  // namespace

CsvSeparatorScanner::KernelFn CsvSeparatorScanner::PortableKernel() { return PortableBlocks; }

CsvSeparatorScanner::KernelFn CsvSeparatorScanner::Sse2Kernel() {
#if defined(__x86_64__)
  return Sse2Blocks;
#else
  return nullptr;
#endif
}

CsvSeparatorScanner::KernelFn CsvSeparatorScanner::Avx2Kernel() {
#if defined(__x86_64__)
  static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul");
  return supported ? Avx2Blocks : nullptr;
#else
  return nullptr;
#endif
}

const char* CsvSeparatorScanner::Kernel() {
  KernelFn chosen = Choose();
  return chosen == Avx2Kernel() ? "avx2" : chosen == Sse2Kernel() ? "sse2" : "portable";
}

CsvSeparatorScanner::CsvSeparatorScanner(std::string_view data, size_t end, char delimiter)
    : data_(data.data()), end_(end), delimiter_(delimiter) {
  static const KernelFn chosen = Choose();
  kernel_ = chosen;
}

void CsvSeparatorScanner::Seek(size_t pos) {
  in_quotes_ = 0;
  quote_horizon_ = 0;
  high_horizon_ = 0;
  bits_ = 0;
  window_count_ = 0;  // NextBlock fills the first window from next_window_
  window_index_ = 0;
  next_window_ = pos;
}

void CsvSeparatorScanner::FillWindow(size_t pos) {
  window_pos_ = pos;
  window_count_ = 0;
  next_window_ = pos;
  if (pos >= end_) return;
  size_t full = (end_ - pos) / 64;
  if (full > 0) {
    window_count_ = full < kWindowBlocks ? full : kWindowBlocks;
    kernel_(data_ + pos, window_count_, delimiter_, &in_quotes_, window_);
    next_window_ = pos + 64 * window_count_;
    return;
  }
  // The last, partial block: copied into a block padded with a byte that is none of the three,
  // so nothing past `end` is read or taken for a separator.
  char block[64];
  std::memset(block, delimiter_ == 'a' ? 'b' : 'a', sizeof(block));
  std::memcpy(block, data_ + pos, end_ - pos);
  kernel_(block, 1, delimiter_, &in_quotes_, window_);
  window_count_ = 1;
  next_window_ = end_;
}

bool CsvSeparatorScanner::NextBlock() {
  if (++window_index_ >= window_count_) {
    FillWindow(next_window_);
    if (window_count_ == 0) return false;
    window_index_ = 0;
  }
  block_ = window_pos_ + 64 * window_index_;
  const BlockMasks& masks = window_[window_index_];
  bits_ = masks.separators;
  if (masks.flags & 1) quote_horizon_ = block_ + 64;
  if (masks.flags & 2) high_horizon_ = block_ + 64;
  return true;
}

}  // namespace seg::rt
