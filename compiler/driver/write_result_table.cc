#include "compiler/driver/write_result_table.h"

#include "runtime/customer_key.h"
#include "runtime/io/result_writer.h"

namespace seg::driver {
namespace {

// The history rows of one run: per customer, each classification's bucket (none: no row), then
// each tag the customer has.
bool WriteHistory(const ir::Program& program, const rt::Dataset& data, const exec::RunResult& result, int64_t run_id,
                  const std::string& as_of, const std::string& program_hash, const rt::ResultWriter::Sink& sink) {
  std::vector<std::string> names;
  for (const rt::pg::TableColumn& c : rt::pg::HistoryColumns()) names.push_back(c.name);
  rt::ResultWriter writer(rt::ResultFormat::kPostgresCopy, names, sink);
  const rt::Column& keys = data.customers.column(data.key_column);
  // The run's columns (run_id, as_of, program_hash) then the customer: the same for each of its rows.
  auto row_start = [&](size_t row) {
    writer.AddInt(run_id);
    writer.AddText(as_of);
    writer.AddText(program_hash);
    writer.AddText(rt::CustomerKeyText(keys, row));
  };
  for (size_t row = 0; row < data.num_customers(); ++row) {
    for (size_t c = 0; c < program.classifications.size(); ++c) {
      int32_t bucket = result.buckets[c][row];
      if (bucket < 0) continue;
      row_start(row);
      writer.AddText(program.classifications[c].name);
      writer.AddText(program.classifications[c].buckets[static_cast<size_t>(bucket)]);
      writer.AddNull();
      if (!writer.EndRow()) return false;
    }
    for (const ir::Named& tag : program.tags) {
      const exec::ResultColumn& column = *result.nodes[tag.node];
      if (!column.Valid(row) || column.Int(row) == 0) continue;
      row_start(row);
      writer.AddNull();
      writer.AddNull();
      writer.AddText(tag.name);
      if (!writer.EndRow()) return false;
    }
  }
  return writer.Finish();
}

// Everything but the URL in front of a message.
int64_t WriteAndCommit(rt::pg::ResultTable& table, const ir::Program& program, const rt::Dataset& data,
                       const exec::RunResult& result, const std::vector<ExtraColumn>& extra,
                       const ResultTableRun& run) {
  std::string program_hash = table.Sha256(ir::Print(program));
  std::vector<rt::pg::TableColumn> columns;
  for (const ResultColumn& c : ResultColumns(program, data, result, extra)) columns.push_back({c.name, c.type});
  auto write = [&](std::string_view bytes) { return table.Write(bytes); };
  auto failed = [&](const std::string& what) {
    return rt::pg::Error(rt::pg::ErrorKind::kOther, "writing " + what + ": " + table.error());
  };
  table.BeginRows(columns);
  if (!WriteResults(program, data, result, extra, rt::ResultFormat::kPostgresCopy, write)) throw failed("the rows");
  int64_t run_id = table.BeginHistory();
  if (table.has_history() && !WriteHistory(program, data, result, run_id, run.as_of, program_hash, write)) {
    throw failed("the history");
  }
  table.Commit("seg result of " + run.program_name + " as of " + run.as_of + " (program sha256 " + program_hash +
               (run_id > 0 ? ", history run " + std::to_string(run_id) : std::string()) + ")");
  return run_id;
}

}  // namespace

int64_t WriteResultTable(rt::pg::ResultTable& table, const ir::Program& program, const rt::Dataset& data,
                         const exec::RunResult& result, const std::vector<ExtraColumn>& extra,
                         const ResultTableRun& run) {
  try {
    return WriteAndCommit(table, program, data, result, extra, run);
  } catch (const rt::pg::Error& e) {
    throw rt::pg::Error(e.kind(), table.url().Display() + ": " + e.what(), e.sqlstate());
  }
}

}  // namespace seg::driver
