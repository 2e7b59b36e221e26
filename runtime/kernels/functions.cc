// Every scalar function's definition, once, and the registry table (see functions.h). A kernel
// is a plain function with a C-compatible signature, so the interpreter calls it through its
// pointer and compiled code calls the very same address by symbol.
#include "runtime/kernels/functions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "runtime/civil_time.h"
#include "runtime/kernels/calendar.h"
#include "runtime/kernels/regex.h"
#include "runtime/kernels/scalar_ops.h"

namespace seg::rt::fn {

namespace {

constexpr const char* kTooLarge = "a number too large";
constexpr const char* kDateTooLarge = "a result too large for a date";  // the words of date + duration
constexpr const char* kTimestampTooLarge = "a result too large for a timestamp";

uint8_t Put(ops::Outcome s) { return static_cast<uint8_t>(s); }

// --- time -------------------------------------------------------------------------------
int64_t DaysSince(int64_t day, int64_t as_of, uint8_t* st) {
  *st = kOk;
  return (as_of - day) * kMicrosPerDay;
}
int64_t Year(int64_t day, uint8_t* st) {
  *st = kOk;
  return CivilFromDays(day).year;
}
int64_t Month(int64_t day, uint8_t* st) {
  *st = kOk;
  return CivilFromDays(day).month;
}
int64_t Day(int64_t day, uint8_t* st) {
  *st = kOk;
  return CivilFromDays(day).day;
}
int64_t Weekday(int64_t day, uint8_t* st) {
  *st = kOk;
  return DayOfWeek(day);
}
int64_t Date(int64_t day, uint8_t* st) {
  *st = kOk;
  return day;
}
static_assert(kDurationPerDay == static_cast<double>(kMicrosPerDay) && kDurationPerHour == 3600.0 * kMicrosPerSecond);
double Days(int64_t d, uint8_t* st) {
  *st = kOk;
  return static_cast<double>(d) / kDurationPerDay;
}
double Hours(int64_t d, uint8_t* st) {
  *st = kOk;
  return static_cast<double>(d) / kDurationPerHour;
}

// --- numbers ----------------------------------------------------------------------------
int64_t AbsI(int64_t x, uint8_t* st) {
  if (x == INT64_MIN) {
    *st = kOverflow;
    return 0;
  }
  *st = kOk;
  return x < 0 ? -x : x;
}
double AbsF(double x, uint8_t* st) {
  *st = kOk;
  return std::fabs(x);
}

enum class Rounding { kRound, kFloor, kCeil };
double Apply(Rounding how, double v) {
  return how == Rounding::kRound ? std::round(v) : how == Rounding::kFloor ? std::floor(v) : std::ceil(v);
}
template <Rounding How> double RoundF(double x, uint8_t* st) {
  *st = kOk;
  return Apply(How, x);
}
// Whole numbers are already whole.
int64_t Whole(int64_t x, uint8_t* st) {
  *st = kOk;
  return x;
}
// Money rounds to whole currency units, durations to whole days.
template <Rounding How, int64_t Unit> int64_t RoundUnits(int64_t x, uint8_t* st) {
  double units = Apply(How, static_cast<double>(x) / static_cast<double>(Unit));
  int64_t out = 0;
  ops::Outcome s = ops::RoundToI64(units * static_cast<double>(Unit), &out);
  *st = s == ops::Outcome::kOk ? kOk : kOverflow;  // a finite input cannot round to missing
  return s == ops::Outcome::kOk ? out : 0;
}

// std::min / std::max, whose ties and NaNs both engines reproduce.
int64_t LeastI(int64_t a, int64_t b, uint8_t* st) {
  *st = kOk;
  return std::min(a, b);
}
int64_t GreatestI(int64_t a, int64_t b, uint8_t* st) {
  *st = kOk;
  return std::max(a, b);
}
double LeastF(double a, double b, uint8_t* st) {
  *st = kOk;
  return std::min(a, b);
}
double GreatestF(double a, double b, uint8_t* st) {
  *st = kOk;
  return std::max(a, b);
}
int64_t ClampI(int64_t x, int64_t lo, int64_t hi, uint8_t* st) {
  *st = kOk;
  return std::min(std::max(x, lo), hi);
}
double ClampF(double x, double lo, double hi, uint8_t* st) {
  *st = kOk;
  return std::min(std::max(x, lo), hi);
}

double Ln(double x, uint8_t* st) {
  *st = x > 0 ? kOk : kMissing;
  return x > 0 ? std::log(x) : 0;
}
double Sqrt(double x, uint8_t* st) {
  *st = x >= 0 ? kOk : kMissing;
  return x >= 0 ? std::sqrt(x) : 0;
}
double Exp(double x, uint8_t* st) {
  double v = 0;
  *st = Put(ops::Finite(std::exp(x), &v));
  return v;
}
double Pow(double x, double y, uint8_t* st) {
  double v = 0;
  *st = Put(ops::Finite(std::pow(x, y), &v));
  return v;
}
double AsFloat(double x, uint8_t* st) {
  *st = kOk;
  return x;
}

// --- text -------------------------------------------------------------------------------
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
// Characters, not bytes: UTF-8 continuation bytes are not counted.
int64_t Length(std::string_view s) {
  int64_t chars = 0;
  for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars;
}
bool Contains(std::string_view a, std::string_view b) { return a.find(b) != std::string_view::npos; }
bool StartsWith(std::string_view a, std::string_view b) { return a.substr(0, b.size()) == b; }
bool EndsWith(std::string_view a, std::string_view b) {
  return a.size() >= b.size() && a.substr(a.size() - b.size()) == b;
}
std::string Concat(std::string_view a, std::string_view b) {
  std::string out(a);
  out += b;
  return out;
}
// ASCII case folding on both sides, as lower(...) folds: ilike(x, p) is lower(x) like lower(p).
bool ILike(std::string_view a, std::string_view b) { return LikeMatch(Lower(a), Lower(b)); }

template <typename F> void* Address(F* f) { return reinterpret_cast<void*>(f); }

Kernel One(Shape shape, const char* symbol, void* address, const char* overflow = nullptr) {
  return Kernel{ValueType::kBool, shape, symbol, address, overflow};
}
Kernel For(ValueType type, Shape shape, const char* symbol, void* address, const char* overflow = nullptr) {
  return Kernel{type, shape, symbol, address, overflow};
}

// round, floor and ceil: one kernel per argument type.
template <Rounding How>
std::vector<Kernel> RoundingKernels(const char* f, const char* i, const char* m, const char* d) {
  return {For(ValueType::kFloat, Shape::kFloat, f, Address(&RoundF<How>)),
          For(ValueType::kInt, Shape::kInt, i, Address(&Whole)),
          For(ValueType::kMoney, Shape::kInt, m, Address(&RoundUnits<How, ops::kMoneyUnit>), kTooLarge),
          For(ValueType::kDuration, Shape::kInt, d, Address(&RoundUnits<How, kMicrosPerDay>), kTooLarge)};
}

// Int, money and duration share the integer kernel; float has its own.
std::vector<Kernel> Numeric(Shape int_shape, const char* int_symbol, void* int_fn, Shape float_shape,
                            const char* float_symbol, void* float_fn, const char* overflow = nullptr) {
  std::vector<Kernel> out;
  for (ValueType t : {ValueType::kInt, ValueType::kMoney, ValueType::kDuration}) {
    out.push_back(For(t, int_shape, int_symbol, int_fn, overflow));
  }
  out.push_back(For(ValueType::kFloat, float_shape, float_symbol, float_fn));
  return out;
}

std::vector<FunctionInfo> BuildTable() {
  using S = Signature;
  using F = FunctionId;
  std::vector<FunctionInfo> t;
  auto add = [&](std::string_view name, F id, S sig, int lo, int hi, std::string_view doc,
                 std::vector<Kernel> kernels) {
    t.push_back(FunctionInfo{name, id, sig, lo, hi, doc, ArgForm::kValue, false, false, false, std::move(kernels)});
    return &t.back();
  };
  auto time = [&](std::string_view name, F id, S sig, std::string_view doc, Kernel k) {
    add(name, id, sig, 1, 1, doc, {k})->form = ArgForm::kLocalDay;
  };
  FunctionInfo* days_since = add("days_since", F::kDaysSince, S::kTimeToDuration, 1, 1,
                                 "days from a date or timestamp to as_of, as a duration",
                                 {One(Shape::kIntInt, "seg_fn_days_since", Address(&DaysSince))});
  days_since->form = ArgForm::kLocalDay;
  days_since->takes_as_of = true;
  add("days", F::kDays, S::kDurationToFloat, 1, 1, "a duration as a number of days",
      {One(Shape::kIntToFloat, "seg_fn_days", Address(&Days))});
  add("hours", F::kHours, S::kDurationToFloat, 1, 1, "a duration as a number of hours",
      {One(Shape::kIntToFloat, "seg_fn_hours", Address(&Hours))});
  add("abs", F::kAbs, S::kNumericSame, 1, 1, "absolute value",
      Numeric(Shape::kInt, "seg_fn_abs_i", Address(&AbsI), Shape::kFloat, "seg_fn_abs_f", Address(&AbsF), kTooLarge));
  add("round", F::kRound, S::kNumericSame, 1, 1, "round to the nearest whole number (halves away from zero)",
      RoundingKernels<Rounding::kRound>("seg_fn_round_f", "seg_fn_round_i", "seg_fn_round_money",
                                        "seg_fn_round_duration"));
  add("floor", F::kFloor, S::kNumericSame, 1, 1, "round down",
      RoundingKernels<Rounding::kFloor>("seg_fn_floor_f", "seg_fn_floor_i", "seg_fn_floor_money",
                                        "seg_fn_floor_duration"));
  add("ceil", F::kCeil, S::kNumericSame, 1, 1, "round up",
      RoundingKernels<Rounding::kCeil>("seg_fn_ceil_f", "seg_fn_ceil_i", "seg_fn_ceil_money", "seg_fn_ceil_duration"));
  add("clamp", F::kClamp, S::kNumericCommon, 3, 3, "clamp(x, low, high): x limited to [low, high]",
      Numeric(Shape::kIntIntInt, "seg_fn_clamp_i", Address(&ClampI), Shape::kFloatFloatFloat, "seg_fn_clamp_f",
              Address(&ClampF)));
  add("least", F::kLeast, S::kNumericCommon, 2, -1, "the smallest of its arguments",
      Numeric(Shape::kIntInt, "seg_fn_least_i", Address(&LeastI), Shape::kFloatFloat, "seg_fn_least_f",
              Address(&LeastF)))
      ->fold_pairwise = true;
  add("greatest", F::kGreatest, S::kNumericCommon, 2, -1, "the largest of its arguments",
      Numeric(Shape::kIntInt, "seg_fn_greatest_i", Address(&GreatestI), Shape::kFloatFloat, "seg_fn_greatest_f",
              Address(&GreatestF)))
      ->fold_pairwise = true;
  add("ln", F::kLn, S::kNumericToFloat, 1, 1, "natural logarithm; missing for values <= 0",
      {One(Shape::kFloat, "seg_fn_ln", Address(&Ln))});
  add("exp", F::kExp, S::kNumericToFloat, 1, 1, "e to the power x", {One(Shape::kFloat, "seg_fn_exp", Address(&Exp))});
  add("sqrt", F::kSqrt, S::kNumericToFloat, 1, 1, "square root; missing for negative values",
      {One(Shape::kFloat, "seg_fn_sqrt", Address(&Sqrt))});
  add("pow", F::kPow, S::kNumericToFloat, 2, 2, "pow(x, y): x to the power y",
      {One(Shape::kFloatFloat, "seg_fn_pow", Address(&Pow))});
  add("float", F::kFloat, S::kNumericToFloat, 1, 1, "a number as a float",
      {One(Shape::kFloat, "seg_fn_float", Address(&AsFloat))});
  add("lower", F::kLower, S::kTextToText, 1, 1, "text in lower case (ASCII letters)",
      {One(Shape::kTextToText, "seg_fn_lower", Address(&Lower))});
  add("upper", F::kUpper, S::kTextToText, 1, 1, "text in upper case (ASCII letters)",
      {One(Shape::kTextToText, "seg_fn_upper", Address(&Upper))});
  add("length", F::kLength, S::kTextToInt, 1, 1, "number of characters",
      {One(Shape::kTextToInt, "seg_fn_length", Address(&Length))});
  add("contains", F::kContains, S::kTextTextToBool, 2, 2, "contains(text, part)",
      {One(Shape::kTextText, "seg_fn_contains", Address(&Contains))});
  add("starts_with", F::kStartsWith, S::kTextTextToBool, 2, 2, "starts_with(text, prefix)",
      {One(Shape::kTextText, "seg_fn_starts_with", Address(&StartsWith))});
  add("ends_with", F::kEndsWith, S::kTextTextToBool, 2, 2, "ends_with(text, suffix)",
      {One(Shape::kTextText, "seg_fn_ends_with", Address(&EndsWith))});
  time("year", F::kYear, S::kTimeToInt, "the calendar year", One(Shape::kInt, "seg_fn_year", Address(&Year)));
  time("month", F::kMonth, S::kTimeToInt, "the month, 1-12", One(Shape::kInt, "seg_fn_month", Address(&Month)));
  time("day", F::kDay, S::kTimeToInt, "the day of the month, 1-31", One(Shape::kInt, "seg_fn_day", Address(&Day)));
  time("weekday", F::kWeekday, S::kTimeToInt, "the day of the week, 1 = Monday .. 7 = Sunday",
       One(Shape::kInt, "seg_fn_weekday", Address(&Weekday)));
  time("date", F::kDate, S::kTimestampToDate, "the calendar day of a timestamp in the program's time zone",
       One(Shape::kInt, "seg_fn_date", Address(&Date)));
  add("matches", F::kMatches, S::kTextTextToBool, 2, 2,
      "matches(text, \"regular expression\"): the pattern (RE2 syntax, a constant) found anywhere in the text",
      {One(Shape::kTextText, "seg_fn_matches", Address(&RegexMatch))});
  add("ilike", F::kILike, S::kTextTextToBool, 2, 2, "ilike(text, pattern): `like` ignoring the case of ASCII letters",
      {One(Shape::kTextText, "seg_fn_ilike", Address(&ILike))});
  time("quarter", F::kQuarter, S::kTimeToInt, "the quarter, 1 (January-March) .. 4",
       One(Shape::kInt, "seg_fn_quarter", Address(&QuarterOf)));
  add("add_months", F::kAddMonths, S::kTimeIntToTime, 2, 2,
      "add_months(x, n): n calendar months later (earlier for n < 0), the day clamped to the month's end",
      {For(ValueType::kDate, Shape::kIntIntInt, "seg_fn_add_months_date", Address(&AddMonthsToDate), kDateTooLarge),
       For(ValueType::kTimestamp, Shape::kIntIntInt, "seg_fn_add_months_timestamp", Address(&AddMonthsToInstant),
           kTimestampTooLarge)})
      ->takes_zone = true;
  FunctionInfo* months_between = add("months_between", F::kMonthsBetween, S::kTimeTimeToInt, 2, 2,
                                     "months_between(a, b): whole calendar months from a to b",
                                     {One(Shape::kIntInt, "seg_fn_months_between", Address(&MonthsBetween))});
  months_between->form = ArgForm::kLocalDay;
  FunctionInfo* years_between = add("years_between", F::kYearsBetween, S::kTimeTimeToInt, 2, 2,
                                    "years_between(a, b): whole calendar years from a to b",
                                    {One(Shape::kIntInt, "seg_fn_years_between", Address(&YearsBetween))});
  years_between->form = ArgForm::kLocalDay;
  FunctionInfo* age = add("age", F::kAge, S::kTimeToInt, 1, 1, "age(birth): whole years from birth to as_of",
                          {One(Shape::kIntInt, "seg_fn_age", Address(&AgeAt))});
  age->form = ArgForm::kLocalDay;
  age->takes_as_of = true;
  add("concat", F::kConcat, S::kTextTextToText, 2, 2, "concat(a, b): the two texts joined, also written a + b",
      {One(Shape::kTextTextToText, "seg_fn_concat", Address(&Concat))});
  for (size_t k = 0; k < t.size(); ++k) {
    if (static_cast<size_t>(t[k].id) != k) std::abort();  // InfoOf indexes by id: keep the enum's order
  }
  return t;
}

}  // namespace

const std::vector<FunctionInfo>& Functions() {
  static const std::vector<FunctionInfo> table = BuildTable();
  return table;
}

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& info : Functions()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

// BuildTable adds the functions in FunctionId order (checked there), so the id is the index:
// per-row callers (a text test of two computed texts) need no search.
const FunctionInfo& InfoOf(FunctionId id) { return Functions()[static_cast<size_t>(id)]; }

const Kernel& KernelFor(FunctionId id, ValueType type) {
  const FunctionInfo& info = InfoOf(id);
  for (const Kernel& k : info.kernels) {
    if (k.serves == type || k.serves == ValueType::kBool) return k;
  }
  return info.kernels.front();  // the checker admits no other type
}

Outcome CallKernel(const Kernel& k, const int64_t* ints, const double* floats, int64_t* int_out, double* float_out) {
  uint8_t st = kOk;
  switch (k.shape) {
    case Shape::kInt: *int_out = reinterpret_cast<int64_t (*)(int64_t, uint8_t*)>(k.address)(ints[0], &st); break;
    case Shape::kIntInt:
      *int_out = reinterpret_cast<int64_t (*)(int64_t, int64_t, uint8_t*)>(k.address)(ints[0], ints[1], &st);
      break;
    case Shape::kIntIntInt:
      *int_out = reinterpret_cast<int64_t (*)(int64_t, int64_t, int64_t, uint8_t*)>(k.address)(ints[0], ints[1],
                                                                                               ints[2], &st);
      break;
    case Shape::kFloat: *float_out = reinterpret_cast<double (*)(double, uint8_t*)>(k.address)(floats[0], &st); break;
    case Shape::kFloatFloat:
      *float_out = reinterpret_cast<double (*)(double, double, uint8_t*)>(k.address)(floats[0], floats[1], &st);
      break;
    case Shape::kFloatFloatFloat:
      *float_out = reinterpret_cast<double (*)(double, double, double, uint8_t*)>(k.address)(floats[0], floats[1],
                                                                                             floats[2], &st);
      break;
    case Shape::kIntToFloat:
      *float_out = reinterpret_cast<double (*)(int64_t, uint8_t*)>(k.address)(ints[0], &st);
      break;
    default: break;  // text kernels are called through their own types
  }
  return static_cast<Outcome>(st);
}

bool LikeMatch(std::string_view text, std::string_view pattern) {
  // Iterative wildcard match: % any run, _ one byte. Linear in practice, no recursion.
  size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    // '%' first: it is a wildcard even where the text holds a '%' too.
    if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace seg::rt::fn
