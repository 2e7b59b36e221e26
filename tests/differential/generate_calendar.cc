// Dates and timestamps: their arithmetic with durations, calendar arithmetic (months, quarters,
// years, add_months), whole months and years between two times, and age.
#include "tests/differential/generator.h"

namespace seg::differential::generator {

// The argument of a function that takes a day (days_since, month, months_between, ...).
std::string Generator::Time(int depth) {
  if (event_days_.Chance(20)) return FirstOrLastTime();
  return Expr(rng_.Chance(50) ? Ty::kDate : Ty::kTimestamp, depth);
}

// first(E.ts) or last(E.ts), with a window or filter now and then: given to a day-taking
// function, lowering takes that event's day from the index (kEventDay) instead of its time, which
// the engines and the SQL backend must agree on in every time zone.
std::string Generator::FirstOrLastTime() {
  std::vector<const EventSet*> timed;
  for (const EventSet& set : sets_) {
    for (const Column& c : set.columns)
      if (c.name == "ts" && c.type == Ty::kTimestamp) timed.push_back(&set);
  }
  if (timed.empty()) return Expr(Ty::kTimestamp, 0);
  const EventSet& set = *timed[event_days_.Below(timed.size())];
  std::string args = set.name + ".ts";
  if (event_days_.Chance(30)) args += " where " + EventBool(set, 1);
  if (event_days_.Chance(40)) args += " during " + Window();
  return event_days_.Pick<std::string>({"first", "last"}) + "(" + args + ")";
}

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
