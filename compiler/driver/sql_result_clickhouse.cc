#include "compiler/driver/sql_result_clickhouse.h"

#include "runtime/io/clickhouse/clickhouse_url.h"
#include "runtime/io/clickhouse/row_binary.h"

namespace seg::driver {

namespace {

rt::ch::ClickHouseUrl ParseOutputUrl(const std::string& text) {
  rt::Result<rt::ch::ClickHouseUrl> url = rt::ch::ParseClickHouseUrl(text);
  if (!url.ok()) throw rt::ch::Error(url.message());
  if (url->table.empty()) {
    throw rt::ch::Error(url->Display() + ": name the result table: clickhouse://HOST:PORT/DB?table=NAME");
  }
  return *url;
}

// One value of a result node into `column`, of the column's written type (ResultColumns).
void AppendNodeValue(const exec::ResultColumn& node, size_t row, rt::Column* column) {
  if (!node.Valid(row)) {
    column->AppendNull();
    return;
  }
  switch (column->type()) {
    case rt::ValueType::kBool: column->AppendBool(node.Int(row) != 0); break;
    case rt::ValueType::kFloat: column->AppendDouble(node.floats[row]); break;
    case rt::ValueType::kDate: column->AppendInt32(static_cast<int32_t>(node.Int(row))); break;
    case rt::ValueType::kInt:
    case rt::ValueType::kMoney:
    case rt::ValueType::kTimestamp:
    case rt::ValueType::kDuration: column->AppendInt64(node.Int(row)); break;
    default: column->AppendText(exec::FormatResult(node, row)); break;
  }
}

}  // namespace

rt::Table ResultRows(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                     const std::vector<ExtraColumn>& extra) {
  std::vector<ResultColumn> columns = ResultColumns(program, data, result, extra);
  rt::Table table("result");
  for (const ResultColumn& c : columns) table.AddColumn(c.name, c.type);
  std::vector<rt::Column*> out;  // after every AddColumn, which may move the columns
  for (size_t c = 0; c < columns.size(); ++c) out.push_back(&table.mutable_column(c));
  const rt::Column& keys = data.customers.column(data.key_column);
  const std::vector<ir::OutputSlot> slots = OutputOrder(program);
  for (size_t row = 0; row < data.num_customers(); ++row) {
    size_t k = 0;
    rt::Column* key = out[k++];
    if (keys.type() == rt::ValueType::kInt) key->AppendInt64(keys.values<int64_t>()[row]);
    else key->AppendText(keys.TextAt(row));
    for (const ir::OutputSlot& slot : slots) {
      rt::Column* column = out[k++];
      if (slot.kind == ir::OutputKind::kClassification) {
        int32_t bucket = result.buckets[slot.symbol][row];
        if (bucket < 0) column->AppendNull();
        else column->AppendText(program.classifications[slot.symbol].buckets[static_cast<size_t>(bucket)]);
        continue;
      }
      ir::NodeId node = slot.kind == ir::OutputKind::kTag ? program.tags[slot.symbol].node
                                                          : program.scores[slot.symbol].node;
      const exec::ResultColumn& values = *result.nodes[node];
      if (slot.kind == ir::OutputKind::kTag) column->AppendBool(values.Holds(row));
      else AppendNodeValue(values, row, column);
    }
    for (const ExtraColumn& e : extra) AppendNodeValue(*result.nodes[e.node], row, out[k++]);
  }
  return table;
}

ClickHouseResultTable::ClickHouseResultTable(const std::string& url) : client_(ParseOutputUrl(url)) {
  client_.Version();
}

void ClickHouseResultTable::Write(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result,
                                  const std::vector<ExtraColumn>& extra) {
  const rt::ch::ClickHouseUrl& url = client_.url();
  std::string database = rt::ch::QuoteIdentifier(url.database.empty() ? "default" : url.database);
  auto name = [&](const std::string& suffix) { return database + "." + rt::ch::QuoteIdentifier(url.table + suffix); };
  const std::string target = name(""), fresh = name("__seg_new"), old = name("__seg_old");
  rt::Table rows = ResultRows(program, data, result, extra);
  std::string columns, names, body;
  for (size_t c = 0; c < rows.num_columns(); ++c) {
    std::string quoted = rt::ch::QuoteIdentifier(rows.column_name(c));
    columns += (c ? ", " : "") + quoted + " " + rt::ch::SegColumnType(rows.column(c).type());
    names += (c ? ", " : "") + quoted;
  }
  for (size_t r = 0; r < rows.num_rows(); ++r) {
    for (size_t c = 0; c < rows.num_columns(); ++c) rt::ch::AppendValue(rows.column(c), r, &body);
  }
  std::string what = "writing the result table " + url.table;
  client_.Query("DROP TABLE IF EXISTS " + fresh, what);
  try {
    client_.Query("CREATE TABLE " + fresh + " (" + columns + ") ENGINE = MergeTree ORDER BY tuple()", what);
    client_.Insert("INSERT INTO " + fresh + " (" + names + ") FORMAT RowBinary", body, what);
    client_.Query("DROP TABLE IF EXISTS " + old, what);
    bool exists = client_.Query("EXISTS TABLE " + target, what).rfind('1', 0) == 0;
    client_.Query(exists ? "RENAME TABLE " + target + " TO " + old + ", " + fresh + " TO " + target
                         : "RENAME TABLE " + fresh + " TO " + target,
                  what);
  } catch (const rt::ch::Error&) {
    try {
      client_.Query("DROP TABLE IF EXISTS " + fresh, what);
    } catch (const rt::ch::Error&) {
    }
    throw;
  }
  client_.Query("DROP TABLE IF EXISTS " + old, what);
}

}  // namespace seg::driver
