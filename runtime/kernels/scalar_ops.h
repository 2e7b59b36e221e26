// The arithmetic of the rule language on single values, written once: the interpreter's
// vector kernels, constant folding and (later) JIT code all call these, so a rule computes the
// same answer whichever way it runs. Each returns kOk and writes `out`, or says why not:
// kMissing (division by zero, a non-finite float) or kOverflow (an error the run reports).
#pragma once
#include <cmath>
#include <cstdint>

#include "runtime/civil_time.h"

namespace seg::rt::ops {

enum class Outcome : uint8_t { kOk, kMissing, kOverflow };

inline constexpr int64_t kMoneyUnit = 10000;  // money is fixed point with 4 decimals

// Rounds a double to int64 half away from zero, or reports overflow.
inline Outcome RoundToI64(double x, int64_t* out) {
  if (!std::isfinite(x)) return Outcome::kMissing;
  double r = std::round(x);
  if (r >= 9.2233720368547758e18 || r < -9.2233720368547758e18) return Outcome::kOverflow;
  *out = static_cast<int64_t>(r);
  return Outcome::kOk;
}

inline Outcome Finite(double x, double* out) {
  if (!std::isfinite(x)) return Outcome::kMissing;
  *out = x;
  return Outcome::kOk;
}

inline Outcome AddI(int64_t a, int64_t b, int64_t* out) {
  return __builtin_add_overflow(a, b, out) ? Outcome::kOverflow : Outcome::kOk;
}
inline Outcome SubI(int64_t a, int64_t b, int64_t* out) {
  return __builtin_sub_overflow(a, b, out) ? Outcome::kOverflow : Outcome::kOk;
}
inline Outcome MulI(int64_t a, int64_t b, int64_t* out) {
  return __builtin_mul_overflow(a, b, out) ? Outcome::kOverflow : Outcome::kOk;
}
// Floored remainder: the result takes the divisor's sign, so day arithmetic stays in range.
inline Outcome ModI(int64_t a, int64_t b, int64_t* out) {
  if (b == 0) return Outcome::kMissing;
  if (b == -1) {
    *out = 0;
    return Outcome::kOk;
  }
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  *out = r;
  return Outcome::kOk;
}
// Whole numbers divide into a float: 7 / 2 is 3.5.
inline Outcome DivF(double a, double b, double* out) {
  if (b == 0) return Outcome::kMissing;
  return Finite(a / b, out);
}
inline Outcome AddF(double a, double b, double* out) { return Finite(a + b, out); }
inline Outcome SubF(double a, double b, double* out) { return Finite(a - b, out); }
inline Outcome MulF(double a, double b, double* out) { return Finite(a * b, out); }

// Money (and durations, which are integers too) scaled by a plain number, rounded half away
// from zero to the unit.
inline Outcome ScaleI(int64_t a, double factor, int64_t* out) {
  return RoundToI64(static_cast<double>(a) * factor, out);
}
inline Outcome DivideI(int64_t a, double divisor, int64_t* out) {
  if (divisor == 0) return Outcome::kMissing;
  return RoundToI64(static_cast<double>(a) / divisor, out);
}
// Money times a whole number stays exact.
inline Outcome MulMoneyByInt(int64_t money, int64_t n, int64_t* out) { return MulI(money, n, out); }
// Money divided by money is a plain ratio.
inline Outcome RatioI(int64_t a, int64_t b, double* out) {
  if (b == 0) return Outcome::kMissing;
  return Finite(static_cast<double>(a) / static_cast<double>(b), out);
}

// date +/- duration: whole days only; the part of a day left over is dropped toward the past.
inline Outcome DatePlusDuration(int64_t date, int64_t duration_us, bool subtract, int64_t* out) {
  int64_t days = FloorDiv(duration_us, kMicrosPerDay);
  int64_t r = subtract ? date - days : date + days;
  if (r > INT32_MAX || r < INT32_MIN) return Outcome::kOverflow;
  *out = r;
  return Outcome::kOk;
}
inline Outcome DateMinusDate(int64_t a, int64_t b, int64_t* out) { return MulI(a - b, kMicrosPerDay, out); }

inline int64_t MoneyFromInt(int64_t v, Outcome* status) {
  int64_t out = 0;
  if (__builtin_mul_overflow(v, kMoneyUnit, &out)) *status = Outcome::kOverflow;
  return out;
}
inline double MoneyToFloat(int64_t m) { return static_cast<double>(m) / static_cast<double>(kMoneyUnit); }

}  // namespace seg::rt::ops
