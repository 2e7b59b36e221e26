// Whether a stored column's values hold only what they may, checked beside their checksums
// (generation_reader.cc, piece_checks.cc).
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace seg::rt::snapshot {

// A float is compared by its bits: -0.0 is not what a missing slot holds.
template <typename T> bool AllBitsZero(T value) {
  if constexpr (std::is_same_v<T, double>) return std::bit_cast<uint64_t>(value) == 0;
  else return value == T{};
}

// Whether rows [first, last) of a column's values hold only what they may: zero in a missing row
// (`bits` null: every row present, as a tags column's labels), a code within the dictionary in a
// present row (`dictionary_size` >= 0: a column of codes), 0 or 1 in a bool. A run of whole
// validity words of present rows (nearly all of most columns) is one reduction over all their
// rows (an OR of the bools eight at a time, the largest code) and one comparison; a value of any other type may be
// anything where present, so such a run is skipped. Other words go row by row.
template <typename T>
bool ValuesFit(const T* v, size_t first, size_t last, const uint64_t* bits, int64_t dictionary_size) {
  constexpr bool kBool = std::is_same_v<T, uint8_t>;
  const bool codes = dictionary_size >= 0;
  const auto limit = static_cast<uint64_t>(std::max<int64_t>(dictionary_size, 0));
  // Every present row of [begin, end) holds what it may.
  auto present_fit = [&](size_t begin, size_t end) {
    if constexpr (kBool) {
      // Eight bools a load (the build's -O2 leaves a byte loop unvectorised): any bit but the
      // lowest of a byte set is a value other than 0 or 1.
      uint64_t any = 0;
      size_t r = begin;
      for (; r + 8 <= end; r += 8) {
        uint64_t eight;
        std::memcpy(&eight, v + r, 8);
        any |= eight;
      }
      for (; r < end; ++r) any |= v[r];
      return (any & 0xFEFEFEFEFEFEFEFEull) == 0;
    }
    if constexpr (std::is_same_v<T, int32_t>) {
      if (codes) {
        uint32_t top = 0;
        for (size_t r = begin; r < end; ++r) top = std::max(top, static_cast<uint32_t>(v[r]));
        return top < limit;
      }
    }
    return true;
  };
  bool bad = false;
  for (size_t begin = first; begin < last;) {
    if (begin % 64 == 0) {
      size_t word = begin / 64, whole = last / 64, run = word;
      if (bits == nullptr) run = whole;
      else
        while (run < whole && bits[run] == ~uint64_t{0}) ++run;
      if (run > word) {
        bad |= !present_fit(begin, run * 64);
        begin = run * 64;
        continue;
      }
    }
    size_t end = std::min(last, (begin / 64 + 1) * 64);
    uint64_t word = bits == nullptr ? ~uint64_t{0} : bits[begin / 64];
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
    begin = end;
  }
  return !bad;
}

}  // namespace seg::rt::snapshot
