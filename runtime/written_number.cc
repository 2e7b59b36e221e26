#include "runtime/written_number.h"

#include <charconv>
#include <cmath>

#include "runtime/money.h"

namespace seg::rt {

WrittenNumberError IntRangeError() {
  return {"is beyond the range of whole numbers",
          "whole numbers lie between -9223372036854775808 and 9223372036854775807"};
}

WrittenNumberError MoneyRangeError() {
  return {"is beyond the money range", "money lies between -922337203685477.5808 and 922337203685477.5807"};
}

WrittenNumberError DurationRangeError() {
  // Microseconds in an int64: 2^63 us is 106751991.2 days.
  return {"is beyond the range of durations", "durations reach 106751991 days (about 292000 years) either way"};
}

bool ParseWrittenInt(std::string_view text, int64_t* out, WrittenNumberError* error) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  if (ec == std::errc() && ptr == end && !text.empty()) return true;
  // from_chars stops at the first non-digit: out of range only if the whole text is digits.
  if (ec == std::errc::result_out_of_range && ptr == end) *error = IntRangeError();
  else *error = {"is not a whole number", "write digits only, e.g. 42 or -7"};
  return false;
}

bool ParseWrittenFloat(std::string_view text, double* out, WrittenNumberError* error) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  if (ec == std::errc() && ptr == end && !text.empty() && std::isfinite(*out)) return true;
  if (ec == std::errc::result_out_of_range && ptr == end) {
    // Out of range is too large or too close to zero: with an exponent its sign says which,
    // without one a non-zero digit before the point does.
    size_t exponent = text.find_first_of("eE");
    bool large = false;
    if (exponent != std::string_view::npos) {
      large = exponent + 1 >= text.size() || text[exponent + 1] != '-';
    } else {
      for (char c : text.substr(0, text.find('.'))) large = large || (c >= '1' && c <= '9');
    }
    if (large) {
      *error = {"is beyond the range of numbers", "numbers (floats) reach about 1.8e308"};
    } else {
      *error = {"is too close to zero to tell apart from 0", "numbers (floats) reach down to about 2.2e-308"};
    }
    return false;
  }
  *error = {"is not a finite number", "write a decimal, e.g. 0.25 or 1e-3"};
  return false;
}

bool ParseWrittenMoney(std::string_view text, int64_t* out, WrittenNumberError* error) {
  switch (ParseMoneyWithReason(text, out)) {
    case MoneyParse::kOk: return true;
    case MoneyParse::kOutOfRange: *error = MoneyRangeError(); return false;
    case MoneyParse::kRounded:
      *error = {"has more decimal places than money holds",
                "money holds four decimal places; the nearest amount is " + FormatMoney(*out)};
      return false;
    case MoneyParse::kMalformed: break;
  }
  *error = {"is not an amount of money", "write a plain decimal, e.g. 19.99, without a currency sign"};
  return false;
}

}  // namespace seg::rt
