#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "runtime/civil_time.h"
#include "runtime/money.h"

namespace seg::rt {

// Fast paths for the forms data files nearly always use, beside ParseCell's exact parsers. Each
// accepts a strict subset of what its exact parser accepts and gives the same value for it; for
// anything else (signs written '+', spaces to trim, a fifth decimal, a 't' separator, an
// offset "+HHMM", a bad value) it returns false and the caller asks ParseCell, so values and error
// messages are exactly those of the exact parsers. Tested against them in fast_cell_parsers_test.

namespace fast_cells_detail {

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline int Digit(char c) { return c - '0'; }
inline int TwoDigits(const char* p) { return Digit(p[0]) * 10 + Digit(p[1]); }
inline bool TwoDigitsAt(const char* p) { return IsDigit(p[0]) && IsDigit(p[1]); }

// What both number forms begin with: an optional '-', then 1 to max_digits digits, read up to the
// first byte that is no digit. A longer run declines (false) unread: max_digits (at most 18) keeps
// the value from overflowing int64 before the caller scales it.
struct SignedDigits {
  int64_t magnitude = 0;  // the digits' value
  size_t end = 0;         // where the run stops: the text's size, or a byte that is no digit
  bool negative = false;
  int64_t Signed(int64_t value) const { return negative ? -value : value; }
};

inline bool ReadSignedDigits(std::string_view text, size_t max_digits, SignedDigits* out) {
  const char* p = text.data();
  size_t n = text.size();
  bool negative = n > 0 && p[0] == '-';
  size_t begin = negative ? 1 : 0;
  // Bounded by the shorter of the text and max_digits: one compare a digit, as an unbounded loop.
  size_t stop = n - begin > max_digits ? begin + max_digits : n;
  size_t i = begin;
  int64_t magnitude = 0;
  while (i < stop && IsDigit(p[i])) magnitude = magnitude * 10 + Digit(p[i++]);
  if (i == begin || (i < n && IsDigit(p[i]))) return false;
  *out = {magnitude, i, negative};
  return true;
}

}  // namespace fast_cells_detail

// -?[0-9]{1,18} (ParseInt64).
inline bool FastInt64(std::string_view text, int64_t* out) {
  fast_cells_detail::SignedDigits whole;
  if (!ReadSignedDigits(text, 18, &whole) || whole.end != text.size()) return false;
  *out = whole.Signed(whole.magnitude);
  return true;
}

// -?[0-9]{1,14}(\.[0-9]{1,4})? (ParseMoney): never rounded, never out of range. A 15th whole digit
// declines before it is multiplied in: 19 digits would overflow int64.
inline bool FastMoney(std::string_view text, int64_t* out) {
  using namespace fast_cells_detail;
  SignedDigits whole;
  if (!ReadSignedDigits(text, 14, &whole)) return false;
  const char* p = text.data();
  size_t n = text.size();
  size_t i = whole.end;
  int64_t units = whole.magnitude * kMoneyScale;
  if (i < n) {
    if (p[i] != '.') return false;
    size_t decimals = n - i - 1;
    if (decimals == 0 || decimals > static_cast<size_t>(kMoneyDecimals)) return false;
    int64_t scale = kMoneyScale;
    for (++i; i < n; ++i) {
      if (!IsDigit(p[i])) return false;
      scale /= 10;
      units += Digit(p[i]) * scale;
    }
  }
  *out = whole.Signed(units);
  return true;
}

// Converts YYYY-MM-DD text to days, remembering the last text and its day (in an event log
// consecutive rows often fall on one day: ten bytes compared beat checking and converting them).
class DayCache {
  static_assert(std::endian::native == std::endian::little, "the date check reads bytes as little-endian words");

 public:
  // YYYY-MM-DD at `p` (ten bytes) as days since 1970-01-01, or false when it is no real date.
  bool Days(const char* p, int32_t* days) {
    uint64_t head;
    uint16_t tail;
    std::memcpy(&head, p, 8);
    std::memcpy(&tail, p + 8, 2);
    if (head == last_head_ && tail == last_tail_ && filled_) {
      *days = days_;
      return true;
    }
    // All ten bytes checked at once: xor with '0' leaves a digit as 0-9, and a byte is 0-9 when
    // neither it nor it + 6 has a high nibble (a carry out of a byte only comes from a byte that
    // fails on its own). Little-endian: byte i is bits 8i to 8i+7.
    constexpr uint64_t kDigitBytes = 0x00FFFF00FFFFFFFFull;  // YYYY-MM- : bytes 0-3, 5, 6
    constexpr uint64_t kDashBytes = 0xFF0000FF00000000ull;   // bytes 4 and 7
    uint64_t digits = head ^ 0x3030303030303030ull;
    uint32_t day_digits = uint32_t{tail} ^ 0x3030u;
    if (((digits | (digits + 0x0606060606060606ull)) & 0xF0F0F0F0F0F0F0F0ull & kDigitBytes) != 0 ||
        ((day_digits | (day_digits + 0x0606u)) & 0xF0F0u) != 0 || (head & kDashBytes) != 0x2D00002D00000000ull) {
      return false;
    }
    auto byte = [](uint64_t word, int i) { return static_cast<int>((word >> (8 * i)) & 0xFF); };
    int year = byte(digits, 0) * 1000 + byte(digits, 1) * 100 + byte(digits, 2) * 10 + byte(digits, 3);
    int month = byte(digits, 5) * 10 + byte(digits, 6);
    int day = byte(day_digits, 0) * 10 + byte(day_digits, 1);
    if (year == 0) return false;  // left to ParseDate: the leap-day count below needs year - 1 >= 0
    bool leap = IsLeapYear(year);
    // Days from 1970-01-01 to January 1st: 365 a year plus the leap days before it (477 by 1970).
    int32_t year_start = 365 * (year - 1970) + (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400 - 477;
    static constexpr int16_t kLength[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    static constexpr int16_t kBefore[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    if (month < 1 || month > 12 || day < 1) return false;
    int leap_day = leap && month == 2 ? 1 : 0;
    if (day > kLength[month - 1] + leap_day) return false;
    days_ = year_start + kBefore[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
    last_head_ = head;
    last_tail_ = tail;
    filled_ = true;
    *days = days_;
    return true;
  }

 private:
  uint64_t last_head_ = 0;
  uint16_t last_tail_ = 0;
  bool filled_ = false;  // last_head_ and last_tail_ hold a date
  int32_t days_ = 0;
};

// YYYY-MM-DD (ParseDate).
inline bool FastDate(std::string_view text, DayCache* cache, int32_t* days) {
  return text.size() == 10 && cache->Days(text.data(), days);
}

// YYYY-MM-DD[T ]HH:MM:SS(\.[0-9]{1,9})?(Z|[+-]HH:MM)? (ParseTimestamp).
inline bool FastTimestamp(std::string_view text, DayCache* cache, ParsedTimestamp* out) {
  using namespace fast_cells_detail;
  const char* p = text.data();
  size_t n = text.size();
  if (n < 19 || (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':') return false;
  if (!TwoDigitsAt(p + 11) || !TwoDigitsAt(p + 14) || !TwoDigitsAt(p + 17)) return false;
  int hour = TwoDigits(p + 11), minute = TwoDigits(p + 14), second = TwoDigits(p + 17);
  if (hour > 23 || minute > 59 || second > 59) return false;
  int64_t micros = 0;
  size_t i = 19;
  if (i < n && p[i] == '.') {
    size_t first = ++i;
    while (i < n && IsDigit(p[i]) && i - first < 9) {
      if (i - first < 6) micros = micros * 10 + Digit(p[i]);
      ++i;
    }
    size_t digits = i - first;
    if (digits == 0) return false;
    for (size_t d = digits; d < 6; ++d) micros *= 10;
  }
  ParsedTimestamp result;
  if (i == n - 1 && p[i] == 'Z') {
    result.has_offset = true;
  } else if (i + 6 == n && (p[i] == '+' || p[i] == '-') && p[i + 3] == ':') {
    if (!TwoDigitsAt(p + i + 1) || !TwoDigitsAt(p + i + 4)) return false;
    int offset_hours = TwoDigits(p + i + 1), offset_minutes = TwoDigits(p + i + 4);
    if (offset_hours > 23 || offset_minutes > 59) return false;
    int32_t seconds = offset_hours * 3600 + offset_minutes * 60;
    result.has_offset = true;
    result.offset_seconds = p[i] == '-' ? -seconds : seconds;
  } else if (i != n) {
    return false;
  }
  if (!cache->Days(p, &result.local.day)) return false;
  result.local.micros_of_day = (hour * 3600 + minute * 60 + second) * kMicrosPerSecond + micros;
  *out = result;
  return true;
}

// true, false, 1, 0 as written so (ParseBool also takes yes/no and any case).
inline bool FastBool(std::string_view text, uint8_t* out) {
  if (text == "true" || text == "1") {
    *out = 1;
    return true;
  }
  if (text == "false" || text == "0") {
    *out = 0;
    return true;
  }
  return false;
}

}  // namespace seg::rt
