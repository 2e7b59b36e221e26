#include "compiler/sema/builtins.h"

namespace seg::sema {

namespace {

// The argument and result types of each signature (the checker's rules, check_calls.cc).
struct SignatureTypes {
  const char* argument;
  const char* result;
  const char* arguments = nullptr;  // the whole list, where the arguments differ in type
};

SignatureTypes TypesOf(Signature signature) {
  switch (signature) {
    case Signature::kTimeToDuration: return {"date | timestamp", "duration"};
    case Signature::kDurationToFloat: return {"duration", "float"};
    case Signature::kNumericSame: return {"number", "the same type"};
    case Signature::kNumericCommon: return {"number", "the arguments' common type"};
    case Signature::kNumericToFloat: return {"number", "float"};
    case Signature::kTextToText: return {"text", "text"};
    case Signature::kTextToInt: return {"text", "int"};
    case Signature::kTextTextToBool: return {"text", "bool"};
    case Signature::kTimeToInt: return {"date | timestamp", "int"};
    case Signature::kTimestampToDate: return {"timestamp", "date"};
    case Signature::kTimeIntToTime: return {"date | timestamp", "the same type", "date | timestamp, int"};
    case Signature::kTimeTimeToInt: return {"date | timestamp", "int"};
    case Signature::kTextTextToText: return {"text", "text"};
  }
  return {"?", "?"};
}

}  // namespace

std::string SignatureText(const BuiltinInfo& info) {
  SignatureTypes types = TypesOf(info.signature);
  std::string text = std::string(info.name) + "(";
  if (types.arguments != nullptr) return text + types.arguments + ") -> " + types.result;
  int shown = info.min_args > 0 ? info.min_args : 1;
  for (int i = 0; i < shown; ++i) text += std::string(i > 0 ? ", " : "") + types.argument;
  if (info.max_args < 0) text += ", ...";
  return text + ") -> " + types.result;
}

const std::vector<LanguageFunction>& LanguageFunctions() {
  using K = LanguageFunctionKind;
  static const std::vector<LanguageFunction> functions = {
      {"count", K::kAggregate, "count(E [where C] [during W]) -> int", "number of events"},
      {"sum", K::kAggregate, "sum(E.x [where C] [during W]) -> same type",
       "total of a number, money or duration column"},
      {"avg", K::kAggregate, "avg(E.x [where C] [during W])", "mean (float for int columns); missing without events"},
      {"min", K::kAggregate, "min(E.x [where C] [during W]) -> same type", "smallest value; missing without events"},
      {"max", K::kAggregate, "max(E.x [where C] [during W]) -> same type", "largest value; missing without events"},
      {"first", K::kAggregate, "first(E.x [where C] [during W]) -> same type",
       "value of the earliest event (by its time column)"},
      {"last", K::kAggregate, "last(E.x [where C] [during W]) -> same type",
       "value of the latest event (by its time column)"},
      {"count_distinct", K::kAggregate, "count_distinct(E.x [where C] [during W]) -> int",
       "number of different values"},
      {"active_days", K::kAggregate, "active_days(E [where C] [during W]) -> int",
       "number of distinct local days with an event"},
      {"streak_days", K::kAggregate, "streak_days(E [where C] [during W]) -> int",
       "longest run of consecutive days with an event"},
      {"current_streak_days", K::kAggregate, "current_streak_days(E [where C] [during W]) -> int",
       "the run of consecutive days with an event that ends on as_of"},
      {"streak_weeks", K::kAggregate, "streak_weeks(E [where C] [during W]) -> int",
       "longest run of consecutive ISO weeks (Monday to Sunday) with an event"},
      {"streak_months", K::kAggregate, "streak_months(E [where C] [during W]) -> int",
       "longest run of consecutive calendar months with an event"},
      {"current_streak_weeks", K::kAggregate, "current_streak_weeks(E [where C] [during W]) -> int",
       "the run of consecutive weeks with an event that ends in as_of's week or the week before"},
      {"current_streak_months", K::kAggregate, "current_streak_months(E [where C] [during W]) -> int",
       "the run of consecutive months with an event that ends in as_of's month or the month before"},
      {"avg_gap", K::kAggregate, "avg_gap(E) -> duration",
       "mean time between consecutive events; missing with fewer than two"},
      {"sequence", K::kAggregate, "sequence(A then [not] B [within D] ...) -> bool",
       "some A event was followed by B within D (each step strictly later); `then not`: was not"},
      {"time_to", K::kAggregate, "time_to(A then B [within D] ...) -> duration",
       "from the earliest A that B followed to the first such B; missing if none did"},
      {"quantile_bin", K::kPopulation, "quantile_bin(x, bins: N [, descending] [, method: M]) -> int",
       "bin 1..N of x in the population"},
      {"quintile", K::kPopulation, "quintile(x [, descending] [, method: M]) -> int", "bin 1-5 of x in the population"},
      {"quartile", K::kPopulation, "quartile(x [, descending] [, method: M]) -> int", "bin 1-4 of x in the population"},
      {"decile", K::kPopulation, "decile(x [, descending] [, method: M]) -> int", "bin 1-10 of x in the population"},
      {"ntile", K::kPopulation, "ntile(x, N [, descending]) -> int", "equal-size groups 1..N by rank"},
      {"percent_rank", K::kPopulation, "percent_rank(x [, descending]) -> float",
       "(rank - 1) / (n - 1) in the population, 0..1"},
      {"cumulative_share", K::kPopulation, "cumulative_share(x) -> float",
       "share of the population's total of x held by this customer and every larger one"},
      {"p_alive", K::kModel, "p_alive(repeat, recency, age) -> float",
       "BG/NBD: probability that the customer has not left"},
      {"expected_purchases", K::kModel, "expected_purchases(repeat, recency, age, HORIZON) -> float",
       "BG/NBD: expected purchases in the next HORIZON"},
      {"expected_spend", K::kModel, "expected_spend(repeat, average_spend) -> float",
       "Gamma-Gamma: expected spend per purchase"},
  };
  return functions;
}

const LanguageFunction* FindLanguageFunction(std::string_view name) {
  for (const LanguageFunction& f : LanguageFunctions()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> AllFunctionNames() {
  std::vector<std::string> names;
  for (const LanguageFunction& f : LanguageFunctions()) {
    if (f.kind != LanguageFunctionKind::kModel) names.emplace_back(f.name);
  }
  for (const BuiltinInfo& info : Builtins()) names.emplace_back(info.name);
  return names;
}

}  // namespace seg::sema
