// The scalar functions a rule can call, each written once (functions.cc), and the one registry
// every part of seg reads:
//   - the checker resolves a call by name here and types it by its Signature;
//   - the interpreter calls a function's Kernel through its pointer, row by row (CallKernel);
//   - the JIT maps every Kernel's symbol to the same address in its JITDylib and emits a call.
// Text functions work on strings: both engines apply them once per dictionary entry (lookup
// tables) and, where both arguments are computed, per row.
//
// Aggregates (count, sum, ...) and population functions (quintile, percent_rank, ...) are not
// here: they are language constructs with their own kernels (population.h, the engines' loops).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/value_type.h"

namespace seg::rt::fn {

enum class FunctionId : uint8_t {
  kDaysSince,  // (date|timestamp) -> duration: whole days from the value's day to as_of
  kDays,       // (duration) -> float
  kHours,      // (duration) -> float
  kAbs,
  kRound,
  kFloor,
  kCeil,   // numeric -> same type (round/floor/ceil of int is the int)
  kClamp,  // (x, lo, hi) numeric -> common type
  kLeast,
  kGreatest,  // (a, b, ...) -> common type
  kLn,
  kExp,
  kSqrt,
  kPow,    // -> float; ln/sqrt of a value out of range is missing
  kFloat,  // numeric -> float
  kLower,
  kUpper,   // text -> text
  kLength,  // text -> int
  kContains,
  kStartsWith,
  kEndsWith,  // (text, text) -> bool
  kYear,
  kMonth,
  kDay,
  kWeekday,  // date|timestamp -> int (weekday: 1 = Monday)
  kDate,     // timestamp -> date in the program's time zone
  kMatches,  // (text, constant pattern) -> bool: RE2 regular expression, found anywhere
  kILike,    // (text, pattern) -> bool: `like` ignoring ASCII case
  // Calendar (calendar.h): days are local calendar days.
  kQuarter,        // date|timestamp -> int 1..4
  kAddMonths,      // (date|timestamp, int) -> the same type; also `x + 3 months` (check_calendar.cc)
  kMonthsBetween,  // (date|timestamp, date|timestamp) -> int, whole months
  kYearsBetween,   // (date|timestamp, date|timestamp) -> int, whole years
  kAge,            // date|timestamp -> int: whole years to as_of
  kConcat,         // (text, text) -> text; also `a + b` on texts (exec::ConcatSource, exec::GrowingTexts)
};

// How a function's argument and result types relate (the checker's rules, check_calls.cc).
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
  kTimeIntToTime,   // add_months
  kTimeTimeToInt,   // months_between, years_between
  kTextTextToText,  // concat
};

// A kernel's machine signature. Numbers travel as int64_t (int, money, duration, local days) or
// double (float); every numeric kernel also writes a Outcome through its last argument.
enum class Shape : uint8_t {
  kInt,              // int64_t f(int64_t, uint8_t* status)
  kIntInt,           // int64_t f(int64_t, int64_t, uint8_t* status)
  kIntIntInt,        // int64_t f(int64_t, int64_t, int64_t, uint8_t* status)
  kFloat,            // double f(double, uint8_t* status)
  kFloatFloat,       // double f(double, double, uint8_t* status)
  kFloatFloatFloat,  // double f(double, double, double, uint8_t* status)
  kIntToFloat,       // double f(int64_t, uint8_t* status)
  kTextToText,       // std::string f(std::string_view)
  kTextToInt,        // int64_t f(std::string_view)
  kTextText,         // bool f(std::string_view, std::string_view)
  kTextTextToText,   // std::string f(std::string_view, std::string_view)
};

// What a numeric kernel says besides its value (the values of rt::ops::Outcome).
enum Outcome : uint8_t { kOk = 0, kMissing = 1, kOverflow = 2 };

// days() and hours() of a duration (microseconds): the duration as a double, divided by these
// (the JIT emits the same division inline: codegen_node.cc).
inline constexpr double kDurationPerDay = 86'400'000'000.0;
inline constexpr double kDurationPerHour = 3'600'000'000.0;

// How the engines hand a time argument to a kernel: as the value itself, or as its local
// calendar day in the program's time zone (the engines' own conversion, done before the call).
enum class ArgForm : uint8_t { kValue, kLocalDay };

struct Kernel {
  // The first argument's type this kernel serves; kBool means "any" (the function has one kernel).
  ValueType serves = ValueType::kBool;
  Shape shape;
  const char* symbol;  // the name compiled code calls it by
  void* address;
  const char* overflow;  // the run's error when the kernel reports kOverflow; nullptr: never does
};

struct FunctionInfo {
  std::string_view name;
  FunctionId id;
  Signature signature;
  int min_args;
  int max_args;          // -1: any number
  std::string_view doc;  // one line, for docs and hints
  ArgForm form = ArgForm::kValue;
  bool takes_as_of = false;     // as_of (a local day) is passed after the arguments
  bool takes_zone = false;      // the program's time zone (a const rt::TimeZone*) is passed after them
  bool fold_pairwise = false;   // least/greatest: the two-argument kernel folded left to right
  std::vector<Kernel> kernels;  // numeric functions: by first argument type; text: exactly one
};

const std::vector<FunctionInfo>& Functions();
const FunctionInfo* FindFunction(std::string_view name);
const FunctionInfo& InfoOf(FunctionId id);

// The kernel of `id` for a first argument of `type` (after the checker's conversions).
const Kernel& KernelFor(FunctionId id, ValueType type);

// Calls a numeric kernel of shape kInt..kIntToFloat with arguments already in machine form
// (ints[k] or floats[k] by the shape); the result goes to *int_out or *float_out.
Outcome CallKernel(const Kernel& k, const int64_t* ints, const double* floats, int64_t* int_out, double* float_out);

// Text kernels, typed.
using TextToText = std::string (*)(std::string_view);
using TextToInt = int64_t (*)(std::string_view);
using TextText = bool (*)(std::string_view, std::string_view);
using TextTextToText = std::string (*)(std::string_view, std::string_view);

// A text function's one kernel as its type (TextToText, TextToInt or TextText, by signature).
template <typename F> F TextKernel(FunctionId id) { return reinterpret_cast<F>(InfoOf(id).kernels.front().address); }

// `text like pattern`: % matches any run of bytes, _ one byte. An operator, not a
// function, but the engines evaluate it the way they evaluate the text functions.
bool LikeMatch(std::string_view text, std::string_view pattern);

}  // namespace seg::rt::fn
