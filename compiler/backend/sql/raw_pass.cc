// Whether an event pass reads its table's columns as they are (Dialect::ReadsRawEvents), for
// both statement shapes (lower_sql.cc, statement_nested.cc): windows of constant days as a test
// of the time column itself (Dialect::LocalDaysBetween), min/max of a converted column converted
// after grouping, money sums converted once per customer (AggregateCall::raw_money). What must
// hold either way: every row's conversion still fails the statement where seg's reader fails.
#include "compiler/backend/sql/lowering.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

namespace {

// The types whose conversion keeps order, so that a check of a key's least and greatest raw
// value checks every row's (and whose min/max convert after grouping).
bool Monotone(const lang::Type& type) {
  return type.Is(TypeKind::kMoney) || type.Is(TypeKind::kDate) || type.Is(TypeKind::kTimestamp);
}

}  // namespace

std::optional<int32_t> Lowering::ValueColumn(NodeId aggregate) const {
  const Node& n = p_.nodes[aggregate];
  if (n.aggregate.value < 0) return std::nullopt;
  if (DayOfFirstOrLastTime(aggregate)) return p_.inputs[n.input].time_column;
  const Node& v = p_.nodes[n.aggregate.value];
  if (v.kind != NodeKind::kEventColumn || v.input != n.input) return std::nullopt;
  if (!Monotone(p_.inputs[n.input].columns[v.symbol].type)) return std::nullopt;
  return v.symbol;
}

std::string Lowering::ServerColumnType(int32_t input, int32_t column) const {
  const auto in = static_cast<size_t>(input), col = static_cast<size_t>(column);
  if (in >= options_.column_types.size() || col >= options_.column_types[in].size()) return "";
  return options_.column_types[in][col];
}

bool Lowering::DayOfFirstOrLastTime(NodeId aggregate) const {
  const Node& n = p_.nodes[aggregate];
  return n.aggregate.value >= 0 && p_.nodes[n.aggregate.value].kind == NodeKind::kEventDay &&
         (n.aggregate.func == lang::AggFunc::kFirst || n.aggregate.func == lang::AggFunc::kLast);
}

std::optional<int32_t> Lowering::RawValueColumn(NodeId aggregate) const {
  return raw_events_ ? ValueColumn(aggregate) : std::nullopt;
}

std::optional<std::vector<int32_t>> Lowering::RawColumns(int32_t input, const std::vector<bool>& column,
                                                         bool every_key) const {
  const ir::InputSchema& in = p_.inputs[input];
  if (!d_.ReadsRawEvents() || options_.exact_sums || !in.is_event || options_.tables[input].empty())
    return std::nullopt;
  std::vector<NodeId> aggregates;
  for (NodeId id = 0; id < static_cast<NodeId>(p_.nodes.size()); ++id) {
    if (column[id] && p_.nodes[id].kind == NodeKind::kAggregate && p_.nodes[id].input == input)
      aggregates.push_back(id);
  }
  // A raw pass that computes every key's aggregates where the converted one computes the
  // customers' only: an avg_gap's difference of the first and last time can overflow, which
  // seg computes for its customers only.
  if (every_key) {
    for (NodeId id : aggregates)
      if (p_.nodes[id].aggregate.func == lang::AggFunc::kAvgGap) return std::nullopt;
  }
  const bool checks_extremes = d_.AllComputed({}).has_value();
  std::vector<int32_t> raw;
  for (size_t c = 0; c < in.columns.size(); ++c) {
    const auto col = static_cast<int32_t>(c);
    if (col != in.time_column && !ReadsColumn(p_, input, col)) continue;
    const lang::Type& type = in.columns[c].type;
    if (Monotone(type)) raw.push_back(col);
    if (!d_.ConversionCanFail(type.kind)) continue;
    // A conversion that can fail on a row the pass no longer converts (a raw pass converts a
    // column where an aggregate reads it only): checked through each key's extremes where the
    // dialect checks them (RawChecks); else read raw by sums only, which check every value
    // themselves (AggregateCall::raw_money). A duration's conversion does not keep PostgreSQL's
    // order of intervals (a month is 30 days there): a pass reading one converts every row.
    if (!Monotone(type)) return std::nullopt;
    if (checks_extremes) continue;
    for (NodeId id : aggregates) {
      lang::AggFunc f = p_.nodes[id].aggregate.func;
      if (ValueColumn(id) == col && f != lang::AggFunc::kSum && f != lang::AggFunc::kAvg) return std::nullopt;
    }
  }
  return raw;
}

std::vector<std::string> Lowering::RawChecks(int32_t input, const std::vector<int32_t>& raw) const {
  const ir::InputSchema& in = p_.inputs[input];
  std::vector<std::string> checks;
  if (!d_.AllComputed({})) return checks;
  for (int32_t c : raw) {
    const lang::Type& type = in.columns[c].type;
    if (!d_.ConversionCanFail(type.kind)) continue;
    for (const char* extreme : {"min", "max"}) {
      const std::string e = std::string(extreme) + "(" + RawEventColumn(input, c) + ")";
      std::vector<std::string> conversions = {ReadValue(d_, type, e)};
      if (c == in.time_column) conversions.push_back(d_.LocalDay(e, type.Is(TypeKind::kDate), p_.timezone));
      // Converted only where a cheap test of the raw extreme cannot vouch for it.
      std::optional<std::string> safe = d_.ConvertsSafely(type.kind, e);
      for (const std::string& conversion : conversions) {
        checks.push_back(safe ? d_.IfElse(*safe, d_.Int(0), conversion) : conversion);
      }
    }
  }
  return checks;
}

}  // namespace seg::sql
