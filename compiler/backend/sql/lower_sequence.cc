// Sequences of events (`A then B within D`, `then not`, count, time_to, funnels) as SQL, with the
// rules of runtime/kernels/sequence.h. Each step's event times (its window, its filter, none after
// as_of) are gathered per customer into an array in its input's grouped pass (StepTimes); at the
// customer level a step's "reach" from an event t (the earliest end of an occurrence that goes on
// from t) is a scalar subquery over the next step's array, nested from the last step back, so a
// customer's events are paired with that customer's events only. Only for a dialect with scalar
// subqueries over arrays (Dialect::HasArraySubqueries: PostgreSQL); others refuse (E0400).
#include <functional>

#include "compiler/backend/sql/lowering.h"
#include "runtime/time_zone.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using lang::TypeKind;

namespace {

std::string StepName(size_t step) { return "seg_t" + std::to_string(step); }

}  // namespace

std::vector<NodeId> Lowering::SequenceSteps(int32_t input, const std::vector<bool>& needed) const {
  std::vector<NodeId> steps;
  for (NodeId id = 0; id < static_cast<NodeId>(p_.nodes.size()); ++id) {
    const Node& n = p_.nodes[id];
    if (!needed[id] || n.kind != ir::NodeKind::kSequence) continue;
    for (size_t s = 0; s <= n.sequence.limits.size(); ++s) {
      NodeId step = n.args[s];
      if (p_.nodes[step].input != input) continue;
      bool seen = false;
      for (NodeId other : steps) seen |= other == step;
      if (!seen) steps.push_back(step);
    }
  }
  return steps;
}

std::string Lowering::StepTimes(NodeId step) {
  const Node& n = p_.nodes[step];
  const ir::InputSchema& in = p_.inputs[n.input];
  // An event's instant: a date event is at local midnight (as the loader's event index has it).
  std::string time = EventColumn(n.input, in.time_column);
  if (in.columns[in.time_column].type.Is(TypeKind::kDate)) time = d_.StartOfLocalDay(time, p_.timezone);
  AggregateCall call;
  call.func = SqlAgg::kTimes;
  call.value = time;
  call.filter = EventFilter(step) + " AND (" + time + ") IS NOT NULL";
  return d_.Aggregate(call);
}

std::string Lowering::Sequence(NodeId id) {
  const Node& n = p_.nodes[id];
  const ir::Sequence& s = n.sequence;
  const size_t k = s.limits.size();  // the last step
  // The limits: constants (E0242); a missing or negative one makes the sequence missing for
  // every customer (exec::SequenceSpecOf).
  std::vector<std::optional<int64_t>> limits;
  for (NodeId limit : s.limits) {
    if (limit < 0) {
      limits.push_back(std::nullopt);
      continue;
    }
    std::optional<lang::Value> v = EvalConstant(limit);
    if (!v) throw Refused(id, "a sequence whose limit is not a constant");
    if (v->missing || v->i < 0) return d_.Null(n.type.kind);
    limits.push_back(v->i);
  }
  // Events are known up to the end of the as_of day (the horizon of `then not`).
  const int64_t horizon = zone_.StartOfLocalDay(as_of_ + 1);
  auto times = [&](size_t step) { return "COALESCE(" + StepColumn(n.args[step]) + ", " + d_.EmptyTimes() + ")"; };
  // b follows a: a < b <= a + limit (b - a cannot overflow for b > a within seg's times).
  auto follows = [&](const std::string& a, const std::string& b, size_t step) {
    std::string later = b + " > " + a;
    const std::optional<int64_t>& limit = limits[step - 1];
    return limit ? "(" + later + " AND " + b + " - " + a + " <= " + d_.Int(*limit) + ")" : "(" + later + ")";
  };
  // reach(step, t): SQL for the earliest end of an occurrence going on from event time t of
  // `step` (NULL: none).
  std::function<std::string(size_t, const std::string&)> reach = [&](size_t step, const std::string& t) -> std::string {
    if (step == k) return t;
    std::string b = StepName(step + 1);
    std::string from = " FROM unnest(" + times(step + 1) + ") AS " + b + "_(" + b + ") WHERE " +
                       follows(t, b, step + 1);
    if (step + 1 == k && s.last_negated) {
      // `then not`: t itself where nothing follows within the limit and all of it was seen.
      const std::optional<int64_t>& limit = limits[k - 1];
      std::string seen_whole = limit ? t + " < " + d_.Int(horizon - *limit) : d_.Bool(true);
      return d_.IfElse(seen_whole + " AND NOT EXISTS (SELECT 1" + from + ")", t, d_.Null(TypeKind::kTimestamp));
    }
    return "(SELECT min(" + reach(step + 1, b) + ")" + from + ")";
  };
  std::string a = StepName(0);
  std::string starts = "(SELECT " + a + ", " + reach(0, a) + " AS seg_reach FROM unnest(" + times(0) + ") AS " + a +
                       "_(" + a + ")) seg_starts WHERE seg_reach IS NOT NULL";
  switch (s.measure) {
    case lang::SequenceMeasure::kHappened: return "EXISTS (SELECT 1 FROM " + starts + ")";
    case lang::SequenceMeasure::kCount: return "(SELECT count(*) FROM " + starts + ")";
    case lang::SequenceMeasure::kTimeTo:  // from the earliest start that is followed
      return "(SELECT seg_reach - " + a + " FROM " + starts + " ORDER BY " + a + " LIMIT 1)";
  }
  throw Refused(id, "a sequence of events (`then`)");
}

}  // namespace seg::sql
