#include "runtime/money.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/money_text.h"

namespace seg::rt {
namespace {

using Int128 = __int128;

bool FitsInt64(Int128 value) {
  return value >= std::numeric_limits<int64_t>::min() && value <= std::numeric_limits<int64_t>::max();
}

// Rounds numerator/denominator to the nearest integer, ties to even. denominator > 0.
Int128 DivRoundHalfEven(Int128 numerator, Int128 denominator) {
  Int128 quotient = numerator / denominator;
  Int128 remainder = numerator % denominator;
  if (remainder == 0) return quotient;
  Int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
  bool away = twice > denominator || (twice == denominator && (quotient % 2 != 0));
  if (away) quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

}  // namespace

bool ParseMoney(std::string_view text, int64_t* out) {
  MoneyParse result = ParseMoneyWithReason(text, out);
  return result == MoneyParse::kOk || result == MoneyParse::kRounded;
}

MoneyParse ParseMoneyWithReason(std::string_view text, int64_t* out) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  Int128 units = 0;
  bool any_digit = false;
  bool rounded = false;  // a non-zero digit beyond the fourth decimal
  // Integer part; the cap keeps the 128-bit accumulator far from overflow on absurd inputs.
  constexpr Int128 kCap = Int128(1) << 100;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    units = units * 10 + (text[pos] - '0');
    if (units > kCap) {
      // Out of range if the rest is a well-formed decimal, malformed otherwise.
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos < text.size() && text[pos] == '.') ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      return pos == text.size() ? MoneyParse::kOutOfRange : MoneyParse::kMalformed;
    }
    any_digit = true;
    ++pos;
  }
  units *= kMoneyScale;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    Int128 scale = kMoneyScale / 10;
    int round_digit = -1;  // the fifth decimal, which decides rounding
    bool sticky = false;   // any non-zero digit after the fifth
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      int digit = text[pos] - '0';
      if (scale > 0) {
        units += digit * scale;
        scale /= 10;
      } else if (round_digit < 0) {
        round_digit = digit;
      } else if (digit != 0) {
        sticky = true;
      }
      any_digit = true;
      ++pos;
    }
    rounded = round_digit > 0 || sticky;
    if (round_digit > 5 || (round_digit == 5 && (sticky || units % 2 != 0))) units += 1;
  }
  if (!any_digit || pos != text.size()) return MoneyParse::kMalformed;
  if (negative) units = -units;
  if (!FitsInt64(units)) return MoneyParse::kOutOfRange;
  *out = static_cast<int64_t>(units);
  return rounded ? MoneyParse::kRounded : MoneyParse::kOk;
}

void AppendMoney(int64_t value, std::string* out) {
  char text[kMoneyTextMax];
  out->append(text, static_cast<size_t>(WriteMoneyText(value, text) - text));  // (pointer, length): not replace
}

std::string FormatMoney(int64_t value) {
  std::string text;
  AppendMoney(value, &text);
  return text;
}

bool CheckedAddMoney(int64_t a, int64_t b, int64_t* out) { return !__builtin_add_overflow(a, b, out); }

bool CheckedSubMoney(int64_t a, int64_t b, int64_t* out) { return !__builtin_sub_overflow(a, b, out); }

bool CheckedMulMoneyByInt(int64_t amount, int64_t factor, int64_t* out) {
  return !__builtin_mul_overflow(amount, factor, out);
}

bool MulMoneyByDouble(int64_t amount, double factor, int64_t* out) {
  return MoneyFromDouble(MoneyToDouble(amount) * factor, out);
}

bool DivMoneyByInt(int64_t amount, int64_t divisor, int64_t* out) {
  if (divisor == 0) return false;
  Int128 numerator = amount;
  Int128 denominator = divisor;
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  Int128 result = DivRoundHalfEven(numerator, denominator);
  if (!FitsInt64(result)) return false;
  *out = static_cast<int64_t>(result);
  return true;
}

double MoneyToDouble(int64_t amount) {
  // Split so that large amounts keep their fraction: whole units are exact up to 2^53.
  return static_cast<double>(amount / kMoneyScale) +
         static_cast<double>(amount % kMoneyScale) / static_cast<double>(kMoneyScale);
}

bool MoneyFromDouble(double units, int64_t* out) {
  if (!std::isfinite(units)) return false;
  double scaled = std::nearbyint(units * static_cast<double>(kMoneyScale));  // default mode: half-even
  // 2^63 is exactly representable; anything at or beyond it does not fit.
  if (scaled >= 9223372036854775808.0 || scaled < -9223372036854775808.0) return false;
  *out = static_cast<int64_t>(scaled);
  return true;
}

}  // namespace seg::rt
