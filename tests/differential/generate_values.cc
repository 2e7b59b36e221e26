// The leaves of generated expressions: literals of each type at their edges, references to
// earlier lets, tags, scores and params, windows, and a leaf of a type (a reference, an
// aggregate, a column or a literal).
#include "tests/differential/generator.h"

namespace seg::differential::generator {

// One of `from` of type t, picked at random, or "" when there is none.
std::string Generator::PickOfType(const std::vector<Symbol>& from, Ty t) {
  std::vector<std::string> names;
  for (const Symbol& s : from)
    if (s.type == t) names.push_back(s.name);
  return names.empty() ? "" : rng_.Pick(names);
}

std::string Generator::Ref(Ty t) { return PickOfType(symbols_, t); }

bool Generator::HasColumn(const EventSet& set, const char* name) {
  for (const Column& c : set.columns)
    if (c.name == name) return true;
  return false;
}

// A declared param of type t, or "" when the program has none.
std::string Generator::ParamOf(Ty t) { return PickOfType(params_, t); }

std::string Generator::MoneyLiteral() {
  // Now and then the ends of the money range, exact: no double holds them, so both engines must
  // take the checker's exact value (and overflow alike when arithmetic passes them).
  if (rng_.Chance(4)) return rng_.Pick<std::string>({"922337203685477.5807", "-922337203685477.5808"});
  return rng_.Pick<std::string>({"19.99", "0", "100", "5000", "0.0001", "3.5", "250"});
}

std::string Generator::IntLiteral() {
  if (rng_.Chance(50)) return std::to_string(rng_.Between(0, 12));
  // 3037000500 squared passes the int64 limit: products of it overflow, a run-time error.
  return rng_.Pick<std::string>({"0", "1", "-1", "30", "65", "100", "1000", "2025", "3037000500"});
}

std::string Generator::Literal(Ty t) {
  switch (t) {
    case Ty::kBool: return rng_.Chance(50) ? "true" : "false";
    case Ty::kInt: return IntLiteral();
    case Ty::kFloat: return rng_.Pick<std::string>({"0.5", "1.25", "0.0", "2.0", "-1.5", "100.0", "0.001", "3"});
    case Ty::kMoney: return MoneyLiteral();
    case Ty::kDuration:
      return rng_.Pick<std::string>(
          {"30 days", "1.5 hours", "2 weeks", "90 minutes", "45 seconds", "0 days", "1 days", "365 days"});
    case Ty::kDate:
      if (has_start_day_ && rng_.Chance(20)) return "start_day";
      return rng_.Pick<std::string>({"2025-01-15", "2024-02-29", "2025-06-30", "as_of", "2025-03-31", "2025-04-01"});
    case Ty::kTimestamp:
      return rng_.Pick<std::string>(
          {"2025-06-30T14:05:00Z", "2025-06-01T00:00:00+02:00", "2025-03-31T23:59", "2024-12-31T23:59:59Z"});
    case Ty::kText:
      return Quote(rng_.Pick<std::string>({"books", "", "Paris", "home", "paris", "toys", "product", "Gold"}));
  }
  return "";
}

std::string Generator::Window() {
  switch (rng_.Below(6)) {
    case 0: {
      std::string unit = rng_.Pick<std::string>({"days", "days", "weeks", "months", "quarters", "years"});
      int64_t n = unit == "days" ? rng_.Pick<int64_t>({1, 7, 30, 31, 90, 365}) : rng_.Between(1, 4);
      return "last " + std::to_string(n) + " " + unit;
    }
    case 1: return "this " + rng_.Pick<std::string>({"week", "month", "quarter", "year"});
    case 2: return "last " + rng_.Pick<std::string>({"week", "month", "quarter", "year"});
    case 3: {
      std::string unit = rng_.Pick<std::string>({"days", "days", "weeks", "months"});
      int64_t b = rng_.Between(0, unit == "days" ? 90 : 3);
      int64_t a = b + rng_.Between(1, unit == "days" ? 120 : 4);
      return std::to_string(a) + " to " + std::to_string(b) + " " + unit + " ago";
    }
    case 4: return "between as_of - " + std::to_string(rng_.Pick<int64_t>({0, 1, 30, 60, 90})) + " days and as_of";
    default: {
      std::string from = has_start_day_ && rng_.Chance(40)
                             ? "start_day"
                             : rng_.Pick<std::string>({"2025-01-01", "2024-12-31", "2025-04-01"});
      std::string to = rng_.Chance(50) ? "as_of" : "as_of - " + std::to_string(rng_.Between(0, 30)) + " days";
      return "between " + from + " and " + to;
    }
  }
}

std::string Generator::Leaf(Ty t) {
  std::string ref = rng_.Chance(40) ? Ref(t) : "";
  if (!ref.empty()) return ref;
  if (rng_.Chance(45)) {
    std::string agg = Aggregate(t);
    if (!agg.empty()) return agg;
  }
  switch (t) {
    case Ty::kBool:
      return rng_.Pick<std::string>({"vip", "(\"vip\" in tags)", "(age is missing)", "(count(orders) > 0)"});
    case Ty::kInt: return rng_.Chance(50) ? "age" : IntLiteral();
    case Ty::kFloat: return rng_.Chance(50) ? "rating" : Literal(Ty::kFloat);
    case Ty::kMoney: return rng_.Chance(60) ? "spend" : "sum(orders.amount)";
    case Ty::kDuration: return rng_.Chance(50) ? Literal(t) : "days_since(signup)";
    case Ty::kDate: return rng_.Chance(50) ? "signup" : Literal(t);
    case Ty::kTimestamp:
      return rng_.Chance(70) ? rng_.Pick<std::string>({"first", "last"}) + "(orders.ts)" : Literal(t);
    case Ty::kText: return rng_.Chance(60) ? "city" : Literal(t);
  }
  return "";
}

}  // namespace seg::differential::generator
