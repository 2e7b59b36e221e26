// Aggregates over a customer's events, of each result type (with filters and windows), and
// sequences of events (count, sequence, time_to over two or three steps).
#include "tests/differential/generator.h"

namespace seg::differential::generator {

// A sequence of events: count (int), sequence (bool) or time_to (duration) over two or three
// steps of any event sets, with filters, windows, limits (a param too), a negated last step.
// Drawn from a stream of its own, so that a program without one is what it was before.
std::string Generator::Sequence(Ty t) {
  std::string body;
  size_t steps = sequences_.Chance(70) ? 2 : 3;
  bool negated = t != Ty::kDuration && sequences_.Chance(35);
  std::string grace = ParamOf(Ty::kDuration);
  for (size_t i = 0; i < steps; ++i) {
    const EventSet& set = sets_[sequences_.Below(sets_.size())];
    if (i > 0) body += negated && i + 1 == steps ? " then not " : " then ";
    body += set.name;
    if (sequences_.Chance(35)) body += " where " + EventBool(set, static_cast<int>(sequences_.Between(1, 2)));
    if (sequences_.Chance(20)) body += " during " + Window();
    if (i > 0 && sequences_.Chance(80)) {
      body += " within " + (!grace.empty() && sequences_.Chance(25)
                                ? grace
                                : sequences_.Pick<std::string>({"1 days", "3 days", "12 hours", "90 minutes", "2 weeks",
                                                                "1 seconds", "1.5 days"}));
    }
  }
  const char* fn = t == Ty::kInt ? "count" : t == Ty::kBool ? "sequence" : "time_to";
  return std::string(fn) + "(" + body + ")";
}

// An aggregate of type t over one event set, or "" if no column has that type.
std::string Generator::Aggregate(Ty t) {
  bool sequence_type = t == Ty::kInt || t == Ty::kBool || t == Ty::kDuration;
  if (sequence_type && (!options_.sql_only || options_.sql_sequences) && sequences_.Chance(15)) return Sequence(t);
  const EventSet& set = sets_[rng_.Below(sets_.size())];
  std::vector<std::string> columns;
  for (const Column& c : set.columns)
    if (c.type == t) columns.push_back(c.name);
  auto filter = [&]() {
    std::string f;
    if (rng_.Chance(45)) f += " where " + EventBool(set, static_cast<int>(rng_.Between(1, 4)));
    if (rng_.Chance(55)) f += " during " + Window();
    return f;
  };
  auto over_column = [&](const std::string& fn) {
    const std::string& f = fn == "mode" && options_.sql_only ? "max" : fn;  // see GeneratorOptions
    return f + "(" + set.name + "." + rng_.Pick(columns) + filter() + ")";
  };
  // median, stddev, percentile (at an edge, a quartile or an odd fraction) over `names`.
  auto spread = [&](const std::vector<std::string>& names) {
    std::string fn = rng_.Pick<std::string>({"median", "stddev", "percentile"});
    std::string args = set.name + "." + rng_.Pick(names) + filter();
    if (fn == "percentile") args += ", " + rng_.Pick<std::string>({"0", "1", "0.25", "0.9", "0.333"});
    return fn + "(" + args + ")";
  };
  switch (t) {
    case Ty::kInt: {
      if (std::string joined = joins_.Chance(4) ? JoinedEventTexts(set) : ""; !joined.empty())
        return "count_distinct(" + joined + filter() + ")";
      if (rng_.Chance(10)) {
        std::vector<std::string> all;
        // Not floats (E0204: equal-looking floats differ in their last bits); a float param can
        // be a derived set's column.
        for (const Column& c : set.columns)
          if (c.type != Ty::kFloat && (c.type != Ty::kBool || rng_.Chance(50))) all.push_back(c.name);
        return "count_distinct(" + set.name + "." + rng_.Pick(all) + filter() + ")";
      }
      if (!columns.empty() && rng_.Chance(30))
        return over_column(rng_.Pick<std::string>({"sum", "min", "max", "first", "last", "mode"}));
      return rng_.Pick<std::string>({"count", "count", "active_days", "streak_days", "current_streak_days",
                                     "streak_weeks", "streak_months", "current_streak_weeks",
                                     "current_streak_months"}) +
             "(" + set.name + filter() + ")";
    }
    case Ty::kFloat: {
      std::vector<std::string> ints;
      for (const Column& c : set.columns)
        if (c.type == Ty::kInt) ints.push_back(c.name);
      if (ints.empty()) return "";
      // A float column: seg's fold order for min/max (-0 against 0), its summing order.
      if (!columns.empty() && rng_.Chance(40))
        return over_column(rng_.Pick<std::string>({"min", "max", "sum", "first", "last"}));
      if (rng_.Chance(35) && !options_.sql_only) return spread(ints);
      return "avg(" + set.name + "." + rng_.Pick(ints) + filter() + ")";
    }
    case Ty::kMoney:
      if (columns.empty()) return "";
      if (rng_.Chance(25) && !options_.sql_only) return spread(columns);
      return over_column(rng_.Pick<std::string>({"sum", "sum", "avg", "min", "max", "first", "last", "mode"}));
    case Ty::kDuration:
      return rng_.Chance(50) ? "avg_gap(" + set.name + filter() + ")" : "avg_gap(" + set.name + ".ts" + filter() + ")";
    case Ty::kTimestamp: return over_column(rng_.Pick<std::string>({"first", "last", "min", "max"}));
    case Ty::kDate:
      if (columns.empty()) return "";
      return over_column(rng_.Pick<std::string>({"first", "last", "min", "max"}));
    case Ty::kText:
      if (columns.empty()) return "";
      if (std::string joined = joins_.Chance(20) ? JoinedEventTexts(set) : ""; !joined.empty()) {
        std::string fn = joins_.Pick<std::string>({"first", "last", "min", "max", "mode"});
        return (fn == "mode" && options_.sql_only ? "max" : fn) + "(" + joined + filter() + ")";
      }
      if (rng_.Chance(15)) return over_column(rng_.Pick<std::string>({"min", "max", "mode"}));
      return over_column(rng_.Pick<std::string>({"first", "last"}));
    case Ty::kBool:
      if (columns.empty()) return "";
      return over_column(rng_.Pick<std::string>({"first", "last"}));
  }
  return "";
}

}  // namespace seg::differential::generator
