// The scalar functions a rule can call, with their signatures. The checker resolves calls here;
// the interpreter evaluates each by its Builtin id (backend/interp/eval_call.cc). Aggregates and
// population functions are not here: they are language constructs with their own specs.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/types.h"

namespace seg::sema {

enum class Builtin : uint8_t {
  kDaysSince,   // (date|timestamp) -> duration: whole days from the value's day to as_of
  kDays,        // (duration) -> float
  kHours,       // (duration) -> float
  kAbs, kRound, kFloor, kCeil,  // numeric -> same type (round/floor/ceil of int is the int)
  kClamp,       // (x, lo, hi) numeric -> common type
  kLeast, kGreatest,            // (a, b, ...) -> common type
  kLn, kExp, kSqrt, kPow,       // -> float; ln/sqrt of a value out of range is missing
  kFloat,       // numeric -> float
  kLower, kUpper,               // text -> text
  kLength,      // text -> int
  kContains, kStartsWith, kEndsWith,  // (text, text) -> bool
  kYear, kMonth, kDay, kWeekday,      // date|timestamp -> int (weekday: 1 = Monday)
  kDate,        // timestamp -> date in the program's time zone
};

// How a builtin's argument and result types relate.
enum class Signature : uint8_t {
  kTimeToDuration,  // days_since
  kDurationToFloat,
  kNumericSame,     // abs, round, floor, ceil
  kNumericCommon,   // clamp, least, greatest (variadic for least/greatest)
  kNumericToFloat,  // ln, exp, sqrt, float; pow takes two
  kTextToText,
  kTextToInt,
  kTextTextToBool,
  kTimeToInt,
  kTimestampToDate,
};

struct BuiltinInfo {
  std::string_view name;
  Builtin id;
  Signature signature;
  int min_args;
  int max_args;  // -1: any number
  std::string_view doc;  // one line, for docs and hints
};

const std::vector<BuiltinInfo>& Builtins();
const BuiltinInfo* FindBuiltin(std::string_view name);
const BuiltinInfo& InfoOf(Builtin id);

// Aggregates and population functions, by name, for the checker and for did-you-mean.
std::vector<std::string> AllFunctionNames();

}  // namespace seg::sema
