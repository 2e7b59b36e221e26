// Whether a stored column's values hold only what they may, checked beside their checksums
// (generation_reader.cc, piece_checks.cc).
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace seg::rt::snapshot {

// A float is compared by its bits: -0.0 is not what a missing slot holds.
template <typename T> bool AllBitsZero(T value) {
  if constexpr (std::is_same_v<T, double>) return std::bit_cast<uint64_t>(value) == 0;
  else return value == T{};
}

// Whether rows [first, last) of a column's values hold only what they may: zero in a missing row
// (`bits` null: every row present, as a tags column's labels), a code within the dictionary in a
// present row (`dictionary_size` >= 0: a column of codes), 0 or 1 in a bool. Rows go 64 at a time,
// one validity word each: a word of present rows is checked without looking at its bits.
template <typename T>
bool ValuesFit(const T* v, size_t first, size_t last, const uint64_t* bits, int64_t dictionary_size) {
  constexpr bool kBool = std::is_same_v<T, uint8_t>;
  const bool codes = dictionary_size >= 0;
  const auto limit = static_cast<uint64_t>(std::max<int64_t>(dictionary_size, 0));
  bool bad = false;
  for (size_t begin = first; begin < last;) {
    size_t end = std::min(last, (begin / 64 + 1) * 64);
    uint64_t word = bits == nullptr ? ~uint64_t{0} : bits[begin / 64];
    uint64_t wanted = (end - begin == 64 ? ~uint64_t{0} : ((uint64_t{1} << (end - begin)) - 1) << (begin % 64));
    if ((word & wanted) == wanted) {
      // Every row present: one reduction over the word's rows (an OR of the bools, the largest
      // code), which the compiler makes vector code of, and one comparison.
      if constexpr (kBool) {
        uint8_t any = 0;
        for (size_t r = begin; r < end; ++r) any |= v[r];
        bad |= any > 1;
      }
      if constexpr (std::is_same_v<T, int32_t>) {
        if (codes) {
          uint32_t top = 0;
          for (size_t r = begin; r < end; ++r) top = std::max(top, static_cast<uint32_t>(v[r]));
          bad |= top >= limit;
        }
      }
    } else {
      for (size_t r = begin; r < end; ++r) {
        bool present = (word >> (r % 64)) & 1;
        if (!present) {
          bad |= !AllBitsZero(v[r]);
        } else {
          if constexpr (kBool) bad |= v[r] > 1;
          if constexpr (std::is_same_v<T, int32_t>) {
            if (codes) bad |= static_cast<uint64_t>(static_cast<uint32_t>(v[r])) >= limit;
          }
        }
      }
    }
    begin = end;
  }
  return !bad;
}

}  // namespace seg::rt::snapshot
