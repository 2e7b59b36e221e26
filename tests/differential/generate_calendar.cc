// Dates and timestamps: their arithmetic with durations, calendar arithmetic (months, quarters,
// years, add_months), whole months and years between two times, and age.
#include "tests/differential/generator.h"

namespace seg::differential::generator {

std::string Generator::Time(int depth) { return Expr(rng_.Chance(50) ? Ty::kDate : Ty::kTimestamp, depth); }

std::string Generator::DateExpr(int d) {
  const Ty t = Ty::kDate;
  switch (rng_.Below(5)) {
    case 0: return Shifted(t, d);
    case 1: return "date(" + Expr(Ty::kTimestamp, d) + ")";
    case 2: return Leaf(t);
    default: return Common(t, d, static_cast<int>(rng_.Below(2)));
  }
  return "";
}

std::string Generator::TimestampExpr(int d) {
  const Ty t = Ty::kTimestamp;
  switch (rng_.Below(4)) {
    case 0: return Shifted(t, d);
    case 1: return Leaf(t);
    default: return Common(t, d, static_cast<int>(rng_.Below(2)));
  }
  return "";
}

// A date or timestamp moved: by calendar arithmetic, or forward or back by a duration (now and
// then a missing one).
std::string Generator::Shifted(Ty t, int d) {
  if (rng_.Chance(30)) return MonthsLater(t, d);
  return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", rng_.Chance(10) ? "missing" : Expr(Ty::kDuration, d));
}

// Calendar arithmetic (docs/LANGUAGE.md, Calendar arithmetic): `x ± N months|quarters|years`
// with N at the month-end and leap-day edges, or add_months with a computed count.
std::string Generator::MonthsLater(Ty t, int d) {
  if (rng_.Chance(30)) return "add_months(" + Expr(t, d) + ", " + (rng_.Chance(50) ? Expr(Ty::kInt, d) : "-13") + ")";
  std::string count = rng_.Pick<std::string>({"1", "1", "2", "11", "12", "13", "48", "0"});
  std::string unit = rng_.Pick<std::string>({"month", "months", "quarters", "year", "years"});
  return "(" + Expr(t, d) + (rng_.Chance(50) ? " + " : " - ") + count + " " + unit + ")";
}

// Whole months and years between two times, and age.
std::string Generator::Calendar(int d) {
  switch (rng_.Below(3)) {
    case 0: return "months_between(" + Time(d) + ", " + Time(d) + ")";
    case 1: return "years_between(" + Time(d) + ", " + Time(d) + ")";
    default: return "age(" + Time(d) + ")";
  }
}

}  // namespace seg::differential::generator
