#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

// Money is an exact decimal: int64_t units of 1/10000 (four decimal places). Range is about
// +-922 trillion, which covers any currency amount a CRM stores. Every operation that can leave
// the range reports it by returning false instead of wrapping, so a sum never silently flips sign.
inline constexpr int64_t kMoneyScale = 10000;
inline constexpr int kMoneyDecimals = 4;

// Parses a plain decimal: optional sign, digits, optional '.' and digits ("12", "-3.5", "+0.25",
// ".5", "7."). No exponent, no currency symbol, no thousands separator. Digits beyond the fourth
// decimal are rounded half-to-even (banker's rounding, the IEEE/SQL decimal default, so a column of
// values that end in 5 does not drift upwards in sums). Returns false on syntax error or overflow.
bool ParseMoney(std::string_view text, int64_t* out);

// ParseMoney with the reason. kRounded: the text parsed, but non-zero digits beyond the fourth
// decimal were rounded away (*out holds the rounded value); data is read that way, while an amount
// a person writes (a literal, a --param) must be exact (runtime/written_number.h).
enum class MoneyParse { kOk, kRounded, kMalformed, kOutOfRange };
MoneyParse ParseMoneyWithReason(std::string_view text, int64_t* out);

// Canonical, minimal form: "12", "12.5", "-0.25", "0". Deterministic, locale-free, and parsed
// back exactly by ParseMoney.
std::string FormatMoney(int64_t value);
// Appends to `out` without a temporary; the same text as FormatMoney.
void AppendMoney(int64_t value, std::string* out);
// The most characters FormatMoney writes (INT64_MIN: a sign, 15 digits, a point and 4 places).
inline constexpr size_t kMoneyTextMax = 24;
// FormatMoney's text written at a pointer: WriteMoneyText (runtime/money_text.h, inline).

bool CheckedAddMoney(int64_t a, int64_t b, int64_t* out);
bool CheckedSubMoney(int64_t a, int64_t b, int64_t* out);
// amount x count (e.g. quantity x price).
bool CheckedMulMoneyByInt(int64_t amount, int64_t factor, int64_t* out);
// amount x factor rounded half-to-even to 1/10000; false for NaN/inf or out of range.
bool MulMoneyByDouble(int64_t amount, double factor, int64_t* out);
// amount / divisor rounded half-to-even (e.g. an average); false when divisor is 0.
bool DivMoneyByInt(int64_t amount, int64_t divisor, int64_t* out);
// A money value converted to a double of currency units (for ratios and scores).
double MoneyToDouble(int64_t amount);
// A double of currency units rounded half-to-even to money; false for NaN/inf or out of range.
bool MoneyFromDouble(double units, int64_t* out);

}  // namespace seg::rt
