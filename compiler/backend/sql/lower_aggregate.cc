// An aggregate node as a conditional aggregate of its input's grouped pass, with the
// interpreter's semantics (compiler/backend/interp/eval_aggregate.cc): the events inside the
// window's days that pass the filter; first/last and float sums in seg's event order.
#include "compiler/backend/sql/lowering.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using lang::AggFunc;
using lang::TypeKind;

namespace {

// The aggregates SQL engines compute in their own way, read off their fold: seg's order
// statistics and its two-pass float variance over a sample of numbers (median, percentile,
// stddev) are not what percentile_cont or stddev_samp compute bit for bit in every engine, nor is
// its tie-breaking pick among the distinct values (mode, the distinct fold that gives a value
// rather than a count) what mode() picks.
bool ComputedTheirOwnWay(const lang::AggTraits& t) {
  return t.fold == lang::AggFold::kSample ||
         (t.fold == lang::AggFold::kDistinct && t.result == lang::AggResult::kValue);
}

}  // namespace

std::string Lowering::EventFilter(NodeId id) {
  const ir::Aggregate& agg = p_.nodes[id].aggregate;
  const int32_t input = p_.nodes[id].input;
  // Constant days over the raw time column where the dialect can test them so (no local day
  // computed per event, no conversion), else the local day against the bounds.
  std::optional<std::string> days_test;
  if (raw_events_) {
    std::optional<std::pair<int32_t, int32_t>> days = agg.window ? ConstantDays(*agg.window, true)
                                                                 : std::pair{INT32_MIN, as_of_};
    const int32_t time = p_.inputs[input].time_column;
    if (days) {
      days_test = d_.LocalDaysBetween(RawEventColumn(input, time),
                                      p_.inputs[input].columns[time].type.Is(TypeKind::kDate), days->first,
                                      days->second, FixedOffsetSeconds());
    }
  }
  auto [lo, hi] = days_test    ? std::pair<std::string, std::string>{}
                  : agg.window ? Days(*agg.window, true)
                               : std::pair{d_.Int(INT32_MIN), d_.Int(as_of_)};
  std::string filter = days_test ? *days_test
                                 : "COALESCE(seg_day BETWEEN " + lo + " AND " + hi + ", " + d_.Bool(false) + ")";
  if (agg.filter >= 0) filter += " AND " + Cond(agg.filter, p_.nodes[id].input);
  return filter;
}

std::string Lowering::Aggregate(NodeId id) {
  const Node& n = p_.nodes[id];
  const ir::Aggregate& agg = n.aggregate;
  const int32_t input = n.input;
  if (ComputedTheirOwnWay(lang::Traits(agg.func))) {
    throw Refused(id, std::string("the aggregate ") + lang::AggFuncName(agg.func) +
                          " (SQL engines compute it in their own way, not seg's bit for bit)");
  }
  const ir::InputSchema& in = p_.inputs[input];
  AggregateCall call;
  call.filter = EventFilter(id);
  if (static_cast<size_t>(input) < event_sources_.size()) call.events = event_sources_[input];
  call.exact_sum = options_.exact_sums;
  // seg's event order: time, then the columns the program reads in declaration order (missing
  // first, text by bytes), as the loader's event index sorts them (driver::ColumnsRead).
  call.order.push_back(EventColumn(input, in.time_column));
  for (size_t c = 0; c < in.columns.size(); ++c) {
    auto col = static_cast<int32_t>(c);
    if (col == in.key_column || col == in.time_column) continue;
    bool read = false;
    for (const Node& m : p_.nodes) read |= m.kind == ir::NodeKind::kEventColumn && m.input == input && m.symbol == col;
    if (!read) continue;
    if (in.columns[c].type.Is(TypeKind::kTags)) throw Refused(id, "events ordered by a tags column");
    std::string e = EventColumn(input, col);
    call.order.push_back(in.columns[c].type.IsTextLike() ? d_.ByteOrder(e) : e);
  }
  // The first or last event's day: the first or last time, as first(E.t) or last(E.t) gives it,
  // whose day is taken once per customer (below).
  const bool day_of_time = DayOfFirstOrLastTime(id);
  const lang::Type value_type = day_of_time      ? in.columns[in.time_column].type
                                : agg.value >= 0 ? p_.nodes[agg.value].type
                                                 : lang::Type::Error();
  const bool value_float = value_type.Is(TypeKind::kFloat);
  std::string value = day_of_time ? EventColumn(input, in.time_column) : agg.value >= 0 ? Expr(agg.value, input) : "";
  call.value = value;
  call.value_is_text = value_type.IsTextLike();
  auto with = [&](lang::AggFunc, SqlAgg func, const std::string& extra_filter = "") {
    AggregateCall c = call;
    c.func = func;
    if (!extra_filter.empty()) c.filter += " AND " + extra_filter;
    return d_.Aggregate(c);
  };
  // A column converted from the table's raw value (money, date, timestamp): missing where the raw
  // value is, and its least and greatest converted from the raw ones (the conversions keep order),
  // so the conversion runs once per customer, not per event.
  const std::optional<int32_t> raw = RawValueColumn(id);
  // A raw column the server's type says holds no NULL needs no test for one.
  const bool raw_never_null = raw && d_.NeverNull(ServerColumnType(input, *raw));
  const std::string valid = value.empty() || raw_never_null ? ""
                            : raw                           ? "(" + RawEventColumn(input, *raw) + ") IS NOT NULL"
                                                            : "(" + value + ") IS NOT NULL";
  auto raw_extreme = [&](SqlAgg f) {
    AggregateCall c = call;
    c.func = f;
    c.value = RawEventColumn(input, *raw);
    c.value_is_text = false;
    c.value_never_null = raw_never_null;
    return ReadValue(d_, in.columns[*raw].type, d_.Aggregate(c));
  };
  // A float sum as seg adds it: from 0.0, one event at a time (+ 0.0 turns a lone -0 into 0).
  auto float_sum = [&]() {
    return "(COALESCE(" + with(agg.func, SqlAgg::kSumFloat, valid) + ", " + d_.Float(0) + ") + " + d_.Float(0) + ")";
  };
  auto int_sum = [&]() {
    AggregateCall c = call;
    c.func = SqlAgg::kSum;
    if (!valid.empty()) c.filter += " AND " + valid;
    if (raw && in.columns[*raw].type.Is(TypeKind::kMoney)) {
      c.raw_money = RawEventColumn(input, *raw);
      c.raw_money_type = ServerColumnType(input, *raw);
    }
    return "COALESCE(" + d_.Aggregate(c) + ", " + d_.Int(0) + ")";
  };
  switch (agg.func) {
    case AggFunc::kCount: return with(agg.func, SqlAgg::kCount);
    case AggFunc::kSum: return value_float ? float_sum() : int_sum();
    case AggFunc::kAvg: {
      std::string count = with(agg.func, SqlAgg::kCount, valid);
      std::string average;
      if (value_float) average = float_sum() + " / " + d_.ToDouble(count);
      else if (n.type.Is(TypeKind::kFloat)) average = d_.ToDouble(int_sum()) + " / " + d_.ToDouble(count);
      else average = d_.DoubleToInt64(d_.RoundHalfAway(d_.ToDouble(int_sum()) + " / " + d_.ToDouble(count)));
      return d_.IfElse(count + " = 0", "NULL", average);
    }
    case AggFunc::kMin:
    case AggFunc::kMax: {
      // Floats: seg's fold in event order (SqlAgg::kMinFloat), since SQL's min/max order NaN and
      // -0 their own way.
      if (value_float) return with(agg.func, agg.func == AggFunc::kMin ? SqlAgg::kMinFloat : SqlAgg::kMaxFloat, valid);
      SqlAgg f = agg.func == AggFunc::kMin ? SqlAgg::kMin : SqlAgg::kMax;
      if (raw) return raw_extreme(f);
      if (value_type.Is(TypeKind::kBool)) {
        AggregateCall c = call;
        c.func = f;
        c.value = d_.BoolToInt(value);
        return d_.IntToBool(d_.Aggregate(c));
      }
      return with(agg.func, f);
    }
    case AggFunc::kFirst:
    case AggFunc::kLast:
      // Of the event time itself, the first and last in event order are its least and greatest
      // (events tied on time have the same value): a plain min/max instead of a sort per customer.
      if (!call.order.empty() && value == call.order.front()) {
        SqlAgg f = agg.func == AggFunc::kFirst ? SqlAgg::kMin : SqlAgg::kMax;
        std::string time = raw ? raw_extreme(f) : with(agg.func, f);
        if (!day_of_time || value_type.Is(TypeKind::kDate)) return time;
        return d_.LocalDayOfMicros(time, p_.timezone);
      }
      return with(agg.func, agg.func == AggFunc::kFirst ? SqlAgg::kFirst : SqlAgg::kLast);
    case AggFunc::kCountDistinct: {
      AggregateCall c = call;
      c.func = SqlAgg::kCountDistinct;
      if (value_float) c.value = d_.TruncToInt64(value);  // seg counts int64_t(value)
      return d_.Aggregate(c);
    }
    case AggFunc::kActiveDays: {
      AggregateCall c = call;
      c.func = SqlAgg::kCountDistinct;
      c.value = "seg_day";
      c.value_is_text = false;
      return d_.Aggregate(c);
    }
    case AggFunc::kAvgGap: {
      std::string t;
      if (agg.value >= 0) t = value_type.Is(TypeKind::kDate) ? "(" + value + ") * 86400000000" : value;
      else
        t = in.columns[in.time_column].type.Is(TypeKind::kDate)
                ? d_.StartOfLocalDay(EventColumn(input, in.time_column), p_.timezone)
                : EventColumn(input, in.time_column);
      AggregateCall c = call;
      c.value = t;
      c.value_is_text = false;
      c.filter += " AND (" + t + ") IS NOT NULL";
      c.func = SqlAgg::kCount;
      std::string count = d_.Aggregate(c);
      c.func = SqlAgg::kFirst;
      std::string first = d_.Aggregate(c);
      c.func = SqlAgg::kLast;
      std::string last = d_.Aggregate(c);
      return d_.IfElse(count + " < 2", "NULL",
                       d_.DoubleToInt64(
                           d_.RoundHalfAway(d_.ToDouble(last + " - " + first) + " / " + d_.ToDouble(count + " - 1"))));
    }
    case AggFunc::kStreakDays:
    case AggFunc::kCurrentStreakDays:
    case AggFunc::kStreakWeeks:
    case AggFunc::kStreakMonths:
    case AggFunc::kCurrentStreakWeeks:
    case AggFunc::kCurrentStreakMonths: {
      const rt::PeriodUnit unit = *lang::StreakPeriod(agg.func);
      AggregateCall c = call;
      c.value = PeriodIndex(unit, "seg_day");
      c.value_is_text = false;
      if (!lang::IsCurrentStreak(agg.func)) {
        c.func = SqlAgg::kLongestRun;
        return d_.Aggregate(c);
      }
      // The run ending in the window's last period (rt::stats::CurrentStreak); for weeks and
      // months also the one ending in the period before, whichever is longer (one of them is 0
      // unless the last period has events, and then the run ending there is the longer).
      c.func = SqlAgg::kRunEndingAt;
      const std::string hi = agg.window ? Days(*agg.window, true).second : d_.Int(as_of_);  // the window's last day
      c.run_end = PeriodIndex(unit, hi);
      std::string current = d_.Aggregate(c);
      if (unit == rt::PeriodUnit::kDay) return current;
      c.run_end = "(" + PeriodIndex(unit, hi) + ") - 1";
      return d_.GreatestOf({current, d_.Aggregate(c)});
    }
    case AggFunc::kMedian:
    case AggFunc::kPercentile:
    case AggFunc::kStdDev:
    case AggFunc::kMode: break;  // refused above (ComputedTheirOwnWay); listed for -Wswitch
  }
  throw Refused(id, "an aggregate");
}

// rt::PeriodIndex of a local day in SQL: the day itself, its ISO week (the Monday's day + 3 is a
// multiple of 7, so the division is exact whatever the sign) or year * 12 + month - 1.
std::string Lowering::PeriodIndex(rt::PeriodUnit unit, const std::string& day) const {
  switch (unit) {
    case rt::PeriodUnit::kDay: return day;
    case rt::PeriodUnit::kWeek: return "(((" + day + ") - " + d_.DayPart("isodow", day) + " + 4) / 7)";
    case rt::PeriodUnit::kMonth: return "(" + d_.DayPart("year", day) + " * 12 + " + d_.DayPart("month", day) + " - 1)";
  }
  return day;
}

}  // namespace seg::sql
