// Internal to the program generator (program_generator.h is its interface): the fixed schema,
// the params a program may declare, and the Generator, whose methods each generate_*.cc file
// defines for one family of constructs. Every method draws from the generator's random streams in
// a fixed order, so a seed gives the same program whatever file a method lives in.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/differential/program_generator.h"
#include "tests/differential/random.h"

namespace seg::differential::generator {

enum class Ty { kBool, kInt, kFloat, kMoney, kDuration, kDate, kTimestamp, kText };

struct Column {
  std::string name;
  Ty type;
};

struct EventSet {
  std::string name;
  std::vector<Column> columns;  // the time column `ts` included, the customer column left out
};

struct Symbol {
  std::string name;
  Ty type;
};

struct Classification {
  std::string name;
  std::vector<std::string> buckets;
};

// A param of each type the language has, with its default and another value to bind by
// --param, and how often a program declares it. Derived sets, their filters and their computed
// columns use them as well as lets and tags: a param there once read as false or empty.
struct Param {
  const char* name;
  Ty type;
  const char* type_name;
  const char* default_text;
  const char* binding;
  int percent;
};
inline constexpr Param kParams[] = {
    {"min_spend", Ty::kMoney, "money", "100", "42.5", 40},
    {"start_day", Ty::kDate, "date", "2025-01-01", "2025-03-31", 30},
    {"grace", Ty::kDuration, "duration", "36 hours", "2d", 25},
    {"min_qty", Ty::kInt, "int", "2", "-1", 35},
    {"ratio", Ty::kFloat, "float", "0.5", "2.25", 30},
    {"label", Ty::kText, "text", "\"books\"", "toys", 35},
    {"strict", Ty::kBool, "bool", "true", "false", 30},
    {"cutoff", Ty::kTimestamp, "timestamp", "2025-03-01T00:00:00Z", "2025-06-15T12:00:00Z", 25},
};

inline constexpr const char* kSchema =
    "input customers key id { signup: date; city: text; age: int; rating: float; spend: money; vip: bool; tags: tags "
    "}\n"
    "input orders of customers by customer at ts { amount: money; qty: int; category: text; discounted: bool }\n"
    "input visits of customers by customer at ts { page: text }\n";

inline std::string Quote(const std::string& s) { return "\"" + s + "\""; }

inline bool Rankable(Ty t) { return t != Ty::kBool && t != Ty::kText; }

inline std::string Bin(const std::string& a, const char* op, const std::string& b) {
  return "(" + a + " " + op + " " + b + ")";
}

class Generator {
 public:
  Generator(uint64_t seed, const GeneratorOptions& options)
      : rng_(seed, 1),
        sequences_(seed, 13),
        joins_(seed, 17),
        missing_(seed, 19),
        event_days_(seed, 23),
        seed_(seed),
        options_(options) {}

  GeneratedProgram Run();  // program_generator.cc

 private:
  // program_generator.cc
  std::string Segments(int index);

  // generate_values.cc
  std::string PickOfType(const std::vector<Symbol>& from, Ty t);
  std::string Ref(Ty t);
  static bool HasColumn(const EventSet& set, const char* name);
  std::string ParamOf(Ty t);
  std::string MoneyLiteral();
  std::string IntLiteral();
  std::string Literal(Ty t);
  std::string Window();
  std::string Leaf(Ty t);

  // generate_events.cc
  std::string DerivedSet(int index);
  std::string EventBool(const EventSet& set, int depth);

  // generate_aggregates.cc
  std::string Sequence(Ty t);
  std::string Aggregate(Ty t);

  // generate_populations.cc
  std::string ModelFits(Rng& rng, GeneratedProgram* out);
  std::string Population(bool as_float);

  // generate_expressions.cc
  std::string Expr(Ty t, int depth);
  std::string Common(Ty t, int d, int choice);
  std::string Number(int depth);
  std::string IntExpr(int d);
  std::string FloatExpr(int d);
  std::string MoneyExpr(int d);
  std::string DurationExpr(int d);

  // generate_calendar.cc
  std::string Time(int depth);
  std::string FirstOrLastTime();
  std::string DateExpr(int d);
  std::string TimestampExpr(int d);
  std::string Shifted(Ty t, int d);
  std::string MonthsLater(Ty t, int d);
  std::string Calendar(int d);

  // generate_missing.cc
  std::string AlwaysMissing(Ty t);
  std::string WithAlwaysMissing(Ty t, const std::string& e);

  // generate_text.cc
  std::string TextExpr(int d);
  std::string TextLiteralList();
  std::string JoinedEventTexts(const EventSet& set);
  std::string JoinedEventTest(const EventSet& set, const Column& c);

  // generate_conditions.cc
  std::string Bool(int depth);
  std::string Compare(int depth);

  Rng rng_;
  Rng sequences_;   // Sequence(): a stream of its own
  Rng joins_;       // joins of two varying texts (TextExpr, Aggregate, EventBool): a stream of its own
  Rng missing_;     // always-missing values wrapped around what Expr drew (generate_missing.cc)
  Rng event_days_;  // Time(): the first or last event's time itself, which lowering reads as its day
  uint64_t seed_;
  GeneratorOptions options_;
  bool has_start_day_ = false;
  bool refined_ = false;
  std::vector<EventSet> sets_;
  std::vector<Symbol> symbols_;                       // lets, tags, classifications (their bucket text), scores, params
  std::vector<Symbol> params_;                        // the params declared
  std::map<std::string, std::string> param_columns_;  // computed column -> the param it is
  std::vector<Classification> classes_;
};

}  // namespace seg::differential::generator
