// Values that are missing for every customer, written so that seg cannot fold them away (it folds
// `x ?? missing` to x): a function of a literal and `missing`, which a SQL engine folds to a typed
// NULL constant instead. ClickHouse 18.16 mishandles such a constant: a COALESCE whose last
// argument is one answers IS NULL with 0 and reads a stored value under the NULL (the SQL backend
// writes ifNull), so these shapes feed `??`, `is missing` and `if` regularly. Drawn from a stream
// of their own (missing_), wrapping what Expr drew, so every other draw of a seed stays the same.
#include "tests/differential/generator.h"

namespace seg::differential::generator {

std::string Generator::AlwaysMissing(Ty t) {
  auto literal_and_missing = [&](const std::string& literal, const char* op) { return Bin(literal, op, "missing"); };
  switch (t) {
    case Ty::kInt: {
      std::string x = literal_and_missing(std::to_string(missing_.Between(-3, 12)), missing_.Chance(50) ? "+" : "-");
      return missing_.Pick<std::string>({"greatest(" + x + ", 3)", "least(" + x + ", 0)", "clamp(" + x + ", 0, 10)"});
    }
    case Ty::kFloat:
      return missing_.Pick<std::string>({"abs(", "round(", "sqrt("}) + literal_and_missing("1.25", "*") + ")";
    case Ty::kMoney: return missing_.Pick<std::string>({"round(", "abs("}) + literal_and_missing("10", "-") + ")";
    case Ty::kDuration: return "abs(" + literal_and_missing("30 days", "+") + ")";
    case Ty::kDate: return "add_months(" + literal_and_missing("2025-01-15", "+") + ", 1)";
    case Ty::kTimestamp: return "(" + literal_and_missing("2025-06-30T14:05:00Z", "-") + " + 1 month)";
    case Ty::kText:
      return missing_.Pick<std::string>({"lower(", "upper("}) + literal_and_missing("\"books\"", "+") + ")";
    case Ty::kBool: break;
  }
  return "";
}

// `e` itself, or now and then a form of the same value that passes an always-missing value
// through `??`, a nested `if` (the shape of ClickHouse program seed 100042) or both; the
// conditions test `e` itself, so the form is valid wherever `e` is (an event filter, say).
std::string Generator::WithAlwaysMissing(Ty t, const std::string& e) {
  if (t == Ty::kBool || !missing_.Chance(3)) return e;
  std::string is_missing = "(" + e + " is missing)";
  switch (e.size() > 80 ? 0 : missing_.Below(4)) {
    case 0: return "(" + e + " ?? " + AlwaysMissing(t) + ")";
    case 1: return "(if " + is_missing + " then " + AlwaysMissing(t) + " else " + e + ")";
    case 2: return "(" + e + " ?? (if " + is_missing + " then " + AlwaysMissing(t) + " else " + AlwaysMissing(t) + "))";
    default:
      return "((if (not " + is_missing + ") then " + e + " else " + AlwaysMissing(t) + ") ?? " + AlwaysMissing(t) + ")";
  }
}

}  // namespace seg::differential::generator
