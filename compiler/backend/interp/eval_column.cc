// Column nodes on a batch: a customer or event column's values for the batch's rows, read from
// the loaded table (tags columns are read in place by `in`), and each event's day, read from the
// index.
#include "compiler/backend/interp/engine.h"
#include "runtime/dataset.h"

namespace seg::interp {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;

// Called for kColumn and kEventColumn nodes.
void Engine::EvalColumn(Batch& b, NodeId id) {
  auto [n, info, len, out] = OperandsOf(b, id);
  const rt::Column& col = n.kind == NodeKind::kColumn ? data_.customers.column(n.symbol)
                                                      : data_.events[n.input].table.column(n.symbol);
  size_t first = n.kind == NodeKind::kColumn ? b.begin : b.event_begin[n.input];
  for (size_t r = 0; r < len; ++r) out.v[r] = col.IsValid(first + r);
  switch (col.type()) {
    case rt::ValueType::kBool: {
      const auto& v = col.values<uint8_t>();
      for (size_t r = 0; r < len; ++r) out.i[r] = v[first + r];
      break;
    }
    case rt::ValueType::kFloat: {
      const auto& v = col.values<double>();
      for (size_t r = 0; r < len; ++r) out.f[r] = v[first + r];
      break;
    }
    case rt::ValueType::kDate:
    case rt::ValueType::kText:
    case rt::ValueType::kId: {
      const auto& v = col.values<int32_t>();
      for (size_t r = 0; r < len; ++r) out.i[r] = v[first + r];
      break;
    }
    case rt::ValueType::kTags: break;  // read in place by `in`
    default: {
      const auto& v = col.values<int64_t>();
      for (size_t r = 0; r < len; ++r) out.i[r] = v[first + r];
      break;
    }
  }
}

// Called for kEventDay nodes: the day the index holds for each of the batch's events, missing
// for an event without a time (rt::kNoDay).
void Engine::EvalEventDay(Batch& b, NodeId id) {
  auto [n, info, len, out] = OperandsOf(b, id);
  const int32_t* days = data_.events[n.input].local_day.data() + b.event_begin[n.input];
  for (size_t r = 0; r < len; ++r) {
    out.v[r] = days[r] != rt::kNoDay;
    out.i[r] = out.v[r] ? days[r] : 0;
  }
}

}  // namespace seg::interp
