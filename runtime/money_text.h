// Money's text (money.h's FormatMoney: "12", "12.5", "-0.25"), inline for the writers of result
// files, which write a million amounts a column: without a branch on the digits (decimal_text.h).
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>

#include "runtime/decimal_text.h"
#include "runtime/money.h"

namespace seg::rt {

// FormatMoney's text at `out` (room for kMoneyTextMax); returns its end.
inline char* WriteMoneyText(int64_t value, char* out) {
  static_assert(kMoneyScale == 10000, "four places");
  static_assert(std::endian::native == std::endian::little, "the first character is the word's lowest byte");
  // The unsigned magnitude, so that INT64_MIN has one.
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  *out = '-';
  out = WriteUnsignedText(magnitude / kMoneyScale, out + (value < 0 ? 1 : 0));
  auto fraction = static_cast<uint32_t>(magnitude % kMoneyScale);
  // The four places as digits in the bytes of a word, first place lowest (as decimal_text.h
  // splits eight): the places after the last nonzero one are the zero bytes at the top.
  uint32_t pairs = fraction / 100 | (fraction % 100) << 16;
  uint32_t tens = ((pairs * 103) >> 10) & 0x000F000Fu;
  uint32_t places = tens | (pairs - tens * 10) << 8;
  uint64_t text = '.' | uint64_t{places + 0x30303030u} << 8;
  std::memcpy(out, &text, 8);
  int kept = fraction == 0 ? 0 : 1 + 4 - std::countl_zero(places) / 8;  // the point and the places
  return out + kept;
}

}  // namespace seg::rt
