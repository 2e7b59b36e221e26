#include "compiler/sema/builtins.h"

namespace seg::sema {

const std::vector<BuiltinInfo>& Builtins() {
  static const std::vector<BuiltinInfo> table = {
      {"days_since", Builtin::kDaysSince, Signature::kTimeToDuration, 1, 1, "days from a date or timestamp to as_of, as a duration"},
      {"days", Builtin::kDays, Signature::kDurationToFloat, 1, 1, "a duration as a number of days"},
      {"hours", Builtin::kHours, Signature::kDurationToFloat, 1, 1, "a duration as a number of hours"},
      {"abs", Builtin::kAbs, Signature::kNumericSame, 1, 1, "absolute value"},
      {"round", Builtin::kRound, Signature::kNumericSame, 1, 1, "round to the nearest whole number (halves away from zero)"},
      {"floor", Builtin::kFloor, Signature::kNumericSame, 1, 1, "round down"},
      {"ceil", Builtin::kCeil, Signature::kNumericSame, 1, 1, "round up"},
      {"clamp", Builtin::kClamp, Signature::kNumericCommon, 3, 3, "clamp(x, low, high): x limited to [low, high]"},
      {"least", Builtin::kLeast, Signature::kNumericCommon, 2, -1, "the smallest of its arguments"},
      {"greatest", Builtin::kGreatest, Signature::kNumericCommon, 2, -1, "the largest of its arguments"},
      {"ln", Builtin::kLn, Signature::kNumericToFloat, 1, 1, "natural logarithm; missing for values <= 0"},
      {"exp", Builtin::kExp, Signature::kNumericToFloat, 1, 1, "e to the power x"},
      {"sqrt", Builtin::kSqrt, Signature::kNumericToFloat, 1, 1, "square root; missing for negative values"},
      {"pow", Builtin::kPow, Signature::kNumericToFloat, 2, 2, "pow(x, y): x to the power y"},
      {"float", Builtin::kFloat, Signature::kNumericToFloat, 1, 1, "a number as a float"},
      {"lower", Builtin::kLower, Signature::kTextToText, 1, 1, "text in lower case (ASCII letters)"},
      {"upper", Builtin::kUpper, Signature::kTextToText, 1, 1, "text in upper case (ASCII letters)"},
      {"length", Builtin::kLength, Signature::kTextToInt, 1, 1, "number of characters"},
      {"contains", Builtin::kContains, Signature::kTextTextToBool, 2, 2, "contains(text, part)"},
      {"starts_with", Builtin::kStartsWith, Signature::kTextTextToBool, 2, 2, "starts_with(text, prefix)"},
      {"ends_with", Builtin::kEndsWith, Signature::kTextTextToBool, 2, 2, "ends_with(text, suffix)"},
      {"year", Builtin::kYear, Signature::kTimeToInt, 1, 1, "the calendar year"},
      {"month", Builtin::kMonth, Signature::kTimeToInt, 1, 1, "the month, 1-12"},
      {"day", Builtin::kDay, Signature::kTimeToInt, 1, 1, "the day of the month, 1-31"},
      {"weekday", Builtin::kWeekday, Signature::kTimeToInt, 1, 1, "the day of the week, 1 = Monday .. 7 = Sunday"},
      {"date", Builtin::kDate, Signature::kTimestampToDate, 1, 1, "the calendar day of a timestamp in the program's time zone"},
  };
  return table;
}

const BuiltinInfo* FindBuiltin(std::string_view name) {
  for (const BuiltinInfo& info : Builtins()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const BuiltinInfo& InfoOf(Builtin id) {
  for (const BuiltinInfo& info : Builtins()) {
    if (info.id == id) return info;
  }
  return Builtins().front();
}

std::vector<std::string> AllFunctionNames() {
  std::vector<std::string> names = {"count", "sum", "avg", "min", "max", "first", "last", "count_distinct",
                                    "active_days", "streak_days", "current_streak_days", "avg_gap",
                                    "quantile_bin", "quintile", "quartile", "decile", "ntile", "percent_rank", "cumulative_share"};
  for (const BuiltinInfo& info : Builtins()) names.emplace_back(info.name);
  return names;
}

}  // namespace seg::sema
