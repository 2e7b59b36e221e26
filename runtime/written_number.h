// The one rule for numbers a person writes, a literal in a rule file or a `--param` value: a value
// outside its type's range, or more precise than the type holds, is an error that says so, never a
// wrapped, clamped or silently rounded value. The parser and checker (compiler/parse, compiler/sema)
// and the param parser (compiler/driver/params.cc) all call these, so a rule and a --param accept
// the same numbers with the same words.
// Data files are read by runtime/io, which rounds money to four decimals as documented.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seg::rt {

// Why a written number was refused, in two parts so that each caller can place them: a checker
// diagnostic shows "'TEXT' <problem>" with <limits> as its help, a --param error puts both on one line.
struct WrittenNumberError {
  std::string problem;  // e.g. "is beyond the range of whole numbers"
  std::string limits;   // e.g. "whole numbers lie between -9223372036854775808 and 9223372036854775807"
};

// Digits with an optional leading '-' ("42", "-7").
bool ParseWrittenInt(std::string_view text, int64_t* out, WrittenNumberError* error);
// A finite decimal ("2.5", "-0.75", "1e-3"); infinities, NaN and values beyond a double are refused.
bool ParseWrittenFloat(std::string_view text, double* out, WrittenNumberError* error);
// A plain decimal as runtime/money.h parses it, within the money range and with at most four
// non-zero decimals (19.99999 is refused rather than becoming 20).
bool ParseWrittenMoney(std::string_view text, int64_t* out, WrittenNumberError* error);

// The errors for a value that is computed (a whole number written where money is meant, constant
// arithmetic) rather than parsed: the same words as above.
WrittenNumberError IntRangeError();
WrittenNumberError MoneyRangeError();
WrittenNumberError DurationRangeError();

}  // namespace seg::rt
