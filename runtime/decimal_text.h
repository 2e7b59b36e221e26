// Integers written as decimal text two digits at a time, for the outputs that write millions of
// them (a result file's ints, money's whole part): the same characters as std::to_chars, at
// about half its cost, because the number of digits is known before the first is written (so the
// text is written in place, back to front, with no copy) and each division yields two digits.
#pragma once
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace seg::rt {

// The most characters WriteIntText writes (INT64_MIN). It may write up to this many however short
// the text: the caller's room is at least this.
inline constexpr size_t kIntTextMax = 20;

namespace decimal_detail {
// "00", "01", ..., "99".
inline constexpr char kDigitPairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
// kAtLeast[d]: the least value with d + 1 digits (kAtLeast[0] is 0, so zero has one digit).
inline constexpr uint64_t kAtLeast[20] = {0,
                                          10,
                                          100,
                                          1000,
                                          10000,
                                          100000,
                                          1000000,
                                          10000000,
                                          100000000,
                                          1000000000,
                                          10000000000,
                                          100000000000,
                                          1000000000000,
                                          10000000000000,
                                          100000000000000,
                                          1000000000000000,
                                          10000000000000000,
                                          100000000000000000,
                                          1000000000000000000,
                                          10000000000000000000u};

// How many values have their text in kSmallTexts: those below 10^4.
inline constexpr uint64_t kSmallValues = 10000;
// The words after the last value's: zeros, so that 32 bytes can be read from any value's text.
inline constexpr size_t kSmallTextsPadding = 4;
// The text of every value below 10^4 in the low bytes of a word, and its length in the top byte.
constexpr std::array<uint64_t, kSmallValues + kSmallTextsPadding> MakeSmallTexts() {
  std::array<uint64_t, kSmallValues + kSmallTextsPadding> texts{};
  for (uint64_t value = 0; value < kSmallValues; ++value) {
    uint64_t digits = value >= 1000 ? 4 : value >= 100 ? 3 : value >= 10 ? 2 : 1;
    uint64_t text = 0;
    uint64_t rest = value;
    for (uint64_t at = digits; at-- > 0; rest /= 10) text |= ('0' + rest % 10) << (8 * at);
    texts[value] = text | digits << 56;
  }
  return texts;
}
inline constexpr std::array<uint64_t, kSmallValues + kSmallTextsPadding> kSmallTexts = MakeSmallTexts();
}  // namespace decimal_detail

using decimal_detail::kSmallValues;

// The digits of `value` (below kSmallValues) where they lie in a constant table, followed by at
// least 32 readable bytes (the next values' words): a writer that copies a fixed-size block and
// keeps the text's length of it can point at them instead of writing them out first.
inline const char* SmallValueText(uint64_t value) {
  return reinterpret_cast<const char*>(&decimal_detail::kSmallTexts[value]);
}
inline size_t SmallValueSize(uint64_t value) { return decimal_detail::kSmallTexts[value] >> 56; }

// How many decimal digits `value` has (1 for zero).
inline int DecimalDigits(uint64_t value) {
  // log10(2) ~ 1233 / 4096: `guess` is the digits of 2^(bits - 1) less one, and a value of that bit
  // width has that many digits or one more.
  int bits = 64 - std::countl_zero(value | 1);
  int guess = (bits * 1233) >> 12;
  return guess + (value >= decimal_detail::kAtLeast[guess] ? 1 : 0);
}

// Two digits of `pair` (below 100) at `out`.
inline void WriteDigitPair(uint32_t pair, char* out) { std::memcpy(out, &decimal_detail::kDigitPairs[2 * pair], 2); }

// The digits of `value` (below 10^8) at `out`, which has room for eight; returns their end.
// Without a branch on the value (the digits of a column's values vary from row to row, and a
// branch on them is mispredicted) and without a table: the eight digits, leading zeros
// included, are worked out side by side in one 64-bit word, first digit in the lowest byte
// (two halves of four digits in 32-bit lanes, split into pairs in 16-bit lanes, split into digits
// in bytes; each lane's product stays within its lane, and the mask drops what a shift brings
// down from the lane above), and the word is shifted so that the leading zeros drop out.
inline char* WriteEightDigitsOrFewer(uint32_t value, char* out) {
  static_assert(std::endian::native == std::endian::little, "the first digit is the word's lowest byte");
  uint64_t lanes = (value / 10000) | (uint64_t{value % 10000} << 32);
  uint64_t hundreds = ((lanes * 5243) >> 19) & 0x0000007F0000007Full;  // x / 100 for x < 43,699
  lanes = hundreds | ((lanes - hundreds * 100) << 16);
  uint64_t tens = ((lanes * 103) >> 10) & 0x000F000F000F000Full;  // x / 10 for x < 179
  lanes = tens | ((lanes - tens * 10) << 8);
  // The leading zero digits are the zero bytes at the bottom; zero itself keeps its last digit.
  int leading_zeros = std::countr_zero(lanes | (uint64_t{1} << 56)) / 8;
  uint64_t text = (lanes + 0x3030303030303030ull) >> (8 * leading_zeros);
  std::memcpy(out, &text, 8);
  return out + 8 - leading_zeros;
}

// `value`'s digits at `out` (room for kIntTextMax); returns their end.
inline char* WriteUnsignedText(uint64_t value, char* out) {
  // Most of a result's ints are small (counts, days, quintiles): their text is one load from a
  // table, 80 KiB, whose rows in use stay in the cache.
  if (value < kSmallValues) {
    uint64_t text = decimal_detail::kSmallTexts[value];
    std::memcpy(out, &text, 8);
    return out + (text >> 56);
  }
  if (value < 100000000) return WriteEightDigitsOrFewer(static_cast<uint32_t>(value), out);
  char* end = out + DecimalDigits(value);
  char* at = end;
  while (value >= 100) {
    uint64_t rest = value / 100;
    at -= 2;
    WriteDigitPair(static_cast<uint32_t>(value - rest * 100), at);
    value = rest;
  }
  if (value >= 10) WriteDigitPair(static_cast<uint32_t>(value), at - 2);
  else at[-1] = static_cast<char>('0' + value);
  return end;
}

// std::to_chars's text of `value` at `out` (room for kIntTextMax); returns its end.
inline char* WriteIntText(int64_t value, char* out) {
  // The magnitude as unsigned, so INT64_MIN has one.
  uint64_t magnitude = value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  *out = '-';
  return WriteUnsignedText(magnitude, out + (value < 0 ? 1 : 0));
}

}  // namespace seg::rt
