#include "compiler/driver/write_results.h"

#include <cstdio>

namespace seg::driver {

std::vector<ir::OutputSlot> OutputOrder(const ir::Program& program) {
  std::vector<ir::OutputSlot> slots;
  for (ir::OutputKind kind : {ir::OutputKind::kClassification, ir::OutputKind::kTag, ir::OutputKind::kScore}) {
    for (const ir::OutputSlot& slot : program.outputs) {
      if (slot.kind == kind) slots.push_back(slot);
    }
  }
  return slots;
}

namespace {
// The type a node's values are written as (WriteResults' switches below, in one place).
rt::ValueType WrittenType(const lang::Type& type, bool score) {
  switch (type.kind) {
    case lang::TypeKind::kFloat: return rt::ValueType::kFloat;
    case lang::TypeKind::kInt: return rt::ValueType::kInt;
    case lang::TypeKind::kMoney: return rt::ValueType::kMoney;
    case lang::TypeKind::kBool: return score ? rt::ValueType::kText : rt::ValueType::kBool;
    case lang::TypeKind::kDate: return score ? rt::ValueType::kText : rt::ValueType::kDate;
    case lang::TypeKind::kTimestamp: return score ? rt::ValueType::kText : rt::ValueType::kTimestamp;
    case lang::TypeKind::kDuration: return score ? rt::ValueType::kText : rt::ValueType::kDuration;
    default: return rt::ValueType::kText;
  }
}

}  // namespace

std::vector<ResultColumn> ResultColumns(const ir::Program& program, const rt::Dataset& data,
                                        const exec::RunResult& result, const std::vector<ExtraColumn>& extra) {
  const ir::InputSchema& entity = program.inputs[program.entity_input];
  std::vector<ResultColumn> columns = {
      {entity.columns[entity.key_column].name, data.customers.column(data.key_column).type()}};
  for (const ir::OutputSlot& slot : OutputOrder(program)) {
    if (slot.kind == ir::OutputKind::kClassification) {
      columns.push_back({program.classifications[slot.symbol].name, rt::ValueType::kText});
    } else if (slot.kind == ir::OutputKind::kTag) {
      columns.push_back({program.tags[slot.symbol].name, rt::ValueType::kBool});
    } else if (slot.kind == ir::OutputKind::kScore) {
      const ir::Named& score = program.scores[slot.symbol];
      columns.push_back({score.name, WrittenType(result.nodes[score.node]->type, true)});
    }
  }
  for (const ExtraColumn& e : extra) columns.push_back({e.name, WrittenType(result.nodes[e.node]->type, false)});
  return columns;
}

bool WriteResults(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                  const std::vector<ExtraColumn>& extra, rt::ResultFormat format,
                  const std::function<bool(std::string_view)>& sink) {
  std::vector<std::string> names;
  for (const ResultColumn& c : ResultColumns(program, data, result, extra)) names.push_back(c.name);
  const std::vector<ir::OutputSlot> slots = OutputOrder(program);
  rt::ResultWriter writer(format, names, sink);
  const rt::Column& keys = data.customers.column(data.key_column);
  size_t n = data.num_customers();
  for (size_t row = 0; row < n; ++row) {
    writer.AddCell(keys, row);
    for (const ir::OutputSlot& slot : slots) {
      if (slot.kind == ir::OutputKind::kClassification) {
        int32_t bucket = result.buckets[slot.symbol][row];
        if (bucket < 0) writer.AddNull();
        else writer.AddText(program.classifications[slot.symbol].buckets[bucket]);
        continue;
      }
      ir::NodeId node = slot.kind == ir::OutputKind::kTag ? program.tags[slot.symbol].node
                                                          : program.scores[slot.symbol].node;
      const exec::ResultColumn& column = *result.nodes[node];
      if (slot.kind == ir::OutputKind::kTag) {
        writer.AddBool(column.Holds(row));
        continue;
      }
      std::string text = exec::FormatResult(column, row);
      if (!column.Valid(row)) writer.AddNull();
      else if (column.type.Is(lang::TypeKind::kFloat)) writer.AddFloat(column.floats[row]);
      else if (column.type.Is(lang::TypeKind::kInt)) writer.AddInt(column.Int(row));
      else if (column.type.Is(lang::TypeKind::kMoney)) writer.AddMoney(column.Int(row));
      else writer.AddText(text);
    }
    for (const ExtraColumn& e : extra) {
      const exec::ResultColumn& column = *result.nodes[e.node];
      if (!column.Valid(row)) {
        writer.AddNull();
        continue;
      }
      switch (column.type.kind) {
        case lang::TypeKind::kBool: writer.AddBool(column.Int(row) != 0); break;
        case lang::TypeKind::kInt: writer.AddInt(column.Int(row)); break;
        case lang::TypeKind::kFloat: writer.AddFloat(column.floats[row]); break;
        case lang::TypeKind::kMoney: writer.AddMoney(column.Int(row)); break;
        case lang::TypeKind::kDate: writer.AddDate(static_cast<int32_t>(column.Int(row))); break;
        case lang::TypeKind::kTimestamp: writer.AddTimestamp(column.Int(row)); break;
        case lang::TypeKind::kDuration: writer.AddDuration(column.Int(row)); break;
        default: writer.AddText(exec::FormatResult(column, row)); break;
      }
    }
    if (!writer.EndRow()) return false;
  }
  return writer.Finish();
}

std::string Summary(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result) {
  size_t n = data.num_customers();
  std::string out;
  char line[512];
  auto share = [n](size_t k) { return n == 0 ? 0.0 : 100.0 * static_cast<double>(k) / static_cast<double>(n); };
  for (size_t c = 0; c < program.classifications.size(); ++c) {
    const ir::Classification& cls = program.classifications[c];
    std::vector<size_t> counts(cls.buckets.size() + 1, 0);
    for (int32_t b : result.buckets[c]) counts[b < 0 ? cls.buckets.size() : static_cast<size_t>(b)]++;
    out += "segments " + cls.name + "\n";
    size_t width = 8;
    for (const std::string& b : cls.buckets) width = std::max(width, b.size());
    for (size_t b = 0; b <= cls.buckets.size(); ++b) {
      if (b == cls.buckets.size() && counts[b] == 0) continue;
      std::string label = b < cls.buckets.size() ? cls.buckets[b] : "(none)";
      std::snprintf(line, sizeof(line), "  %-*s %10zu  %5.1f%%\n", static_cast<int>(width), label.c_str(), counts[b],
                    share(counts[b]));
      out += line;
    }
  }
  if (!program.tags.empty()) {
    out += "tags\n";
    for (const ir::Named& t : program.tags) {
      const exec::ResultColumn& col = *result.nodes[t.node];
      size_t k = 0;
      for (size_t r = 0; r < n; ++r) k += col.Holds(r);
      std::snprintf(line, sizeof(line), "  %-20s %10zu  %5.1f%%\n", t.name.c_str(), k, share(k));
      out += line;
    }
  }
  return out;
}

}  // namespace seg::driver
