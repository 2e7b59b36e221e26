#include "compiler/driver/load_data.h"

#include <optional>

#include "compiler/lang/aggregate_traits.h"
#include "runtime/customer_key.h"
#include "runtime/event_index.h"
#include "runtime/fill_on_threads.h"
#include "runtime/io/customer_key_numbers.h"
#include "runtime/io/postgres/postgres_url.h"
#include "runtime/io/postgres/source_loader.h"
#include "runtime/io/repeated_keys.h"
#include "runtime/sort_events.h"
#include "runtime/thread_pool.h"
#include "runtime/time_zone.h"
#include "runtime/zero_pages.h"

namespace seg::driver {

namespace {

// The columns of `program.inputs[input]` that the loaded data must hold: the key (customer
// lookup, duplicate check, output), an event input's time (the index and every window), and
// every column a kColumn / kEventColumn node reads, the only way either backend reaches a table.
std::vector<bool> ColumnsRead(const ir::Program& program, size_t input) {
  const ir::InputSchema& in = program.inputs[input];
  std::vector<bool> read(in.columns.size(), false);
  read[static_cast<size_t>(in.key_column)] = true;
  if (in.is_event) read[static_cast<size_t>(in.time_column)] = true;
  bool entity = static_cast<int32_t>(input) == program.entity_input;
  for (const ir::Node& n : program.nodes) {
    bool reads = (n.kind == ir::NodeKind::kColumn && entity) ||
                 (n.kind == ir::NodeKind::kEventColumn && n.input == static_cast<int32_t>(input));
    if (reads && n.symbol >= 0 && static_cast<size_t>(n.symbol) < read.size())
      read[static_cast<size_t>(n.symbol)] = true;
  }
  return read;
}

// A customer table with only the keys: every other declared column is missing.
rt::Table CustomersFromKeys(const ir::InputSchema& entity, rt::Column keys) {
  rt::Table table(entity.name);
  size_t n = keys.size();
  for (size_t i = 0; i < entity.columns.size(); ++i) {
    if (static_cast<int32_t>(i) == entity.key_column) {
      table.AddColumn(entity.columns[i].name, std::move(keys));
      continue;
    }
    rt::Column& c = table.AddColumn(entity.columns[i].name, entity.columns[i].type.ToValueType());
    for (size_t r = 0; r < n; ++r) c.AppendNull();
  }
  return table;
}

// A customer key that appears twice makes "the customer's row" ambiguous: refuse it. Files are
// checked as they load, line by line (rt::MergeChunks); this catches tables built in memory (the
// API, test rows). `where` prefixes the message, numbered as rows after a header: "customer row
// 3: ...".
std::string FindDuplicateKey(const rt::Column& keys, const std::string& where) {
  size_t missing = 0;
  while (missing < keys.size() && keys.IsValid(missing)) ++missing;
  std::vector<rt::RepeatedKey> repeated = rt::FindRepeatedKeys(keys);
  if (!repeated.empty() && repeated.front().row < missing) {
    const rt::RepeatedKey& r = repeated.front();
    return where + std::to_string(r.row + 2) + ": customer key '" + rt::CustomerKeyText(keys, r.row) +
           "' appears again (first on line " + std::to_string(r.first_row + 2) + ")";
  }
  if (missing < keys.size()) return where + std::to_string(missing + 2) + ": a customer without a key";
  return "";
}

// Whether `table` has a tags column with values, which SortEvents gathers along the index's
// permutation (rows of varying length are not carried).
bool HasTags(const rt::Table& table) {
  for (size_t c = 0; c < table.num_columns(); ++c) {
    const rt::Column& column = table.column(c);
    if (column.type() == rt::ValueType::kTags && !column.unloaded() && column.NullCount() < column.size()) return true;
  }
  return false;
}

// The rows of `events` that `index` leaves out, in their order.
rt::Table RowsLeftOut(const rt::Table& events, const rt::EventIndex& index, size_t threads) {
  std::vector<uint8_t> indexed(events.num_rows(), 0);
  for (uint32_t row : index.permutation) indexed[row] = 1;
  rt::EventIndex rest;
  rest.offsets = {0};
  for (size_t row = 0; row < indexed.size(); ++row) {
    if (!indexed[row]) rest.permutation.push_back(static_cast<uint32_t>(row));
  }
  rest.offsets.push_back(static_cast<uint32_t>(rest.permutation.size()));
  return rt::SortEvents(events, rest, threads);
}

}  // namespace

rt::TableSpec InputSpec(const ir::Program& program, size_t input, ColumnsToLoad columns) {
  const ir::InputSchema& in = program.inputs[input];
  rt::TableSpec spec;
  spec.name = in.name;
  spec.is_event = in.is_event;
  for (const ir::ColumnSchema& c : in.columns) spec.columns.push_back({c.name, c.type.ToValueType()});
  spec.key_column = in.columns[in.key_column].name;
  if (in.is_event) spec.time_column = in.columns[in.time_column].name;
  if (columns != ColumnsToLoad::kAll) {
    std::vector<bool> read = ColumnsRead(program, input);
    for (size_t c = 0; c < spec.columns.size(); ++c) spec.columns[c].skip = !read[c];
  }
  return spec;
}

// Whether a rule reads event input `input`'s customer key column (orders.customer).
bool ReadsEventKeys(const ir::Program& program, size_t input) {
  for (const ir::Node& n : program.nodes) {
    if (n.kind == ir::NodeKind::kEventColumn && n.input == static_cast<int32_t>(input) &&
        n.symbol == program.inputs[input].key_column)
      return true;
  }
  return false;
}

std::vector<size_t> TieColumns(const ir::Program& program, size_t input) {
  const ir::InputSchema& in = program.inputs[input];
  std::vector<size_t> ties;
  std::vector<bool> read = ColumnsRead(program, input);
  for (size_t c = 0; c < read.size(); ++c) {
    bool key_or_time = static_cast<int32_t>(c) == in.key_column || static_cast<int32_t>(c) == in.time_column;
    if (read[c] && !key_or_time) ties.push_back(c);
  }
  return ties;
}

void NoEvents(const ir::InputSchema& input, size_t customers, rt::EventData* ev) {
  rt::Table empty(input.name);
  for (const ir::ColumnSchema& c : input.columns) empty.AddColumn(c.name, c.type.ToValueType());
  ev->table = std::move(empty);
  ev->offsets = rt::ZeroBuffer<uint32_t>(customers + 1);  // nothing written: no fresh pages to clear
}

std::vector<bool> InputsReadByEvaluation(const ir::Program& program) {
  std::vector<bool> read(program.inputs.size(), false);
  for (const ir::Node& n : program.nodes) {
    if (n.input >= 0 && static_cast<size_t>(n.input) < program.inputs.size()) read[static_cast<size_t>(n.input)] = true;
  }
  return read;
}

std::vector<bool> InstantsReadByEvaluation(const ir::Program& program) {
  std::vector<bool> read(program.inputs.size(), false);
  auto reads = [&](int32_t input) {
    if (input >= 0 && static_cast<size_t>(input) < read.size()) read[static_cast<size_t>(input)] = true;
  };
  for (const ir::Node& n : program.nodes) {
    if (n.kind == ir::NodeKind::kAggregate && n.aggregate.value < 0 &&
        lang::Traits(n.aggregate.func).fold == lang::AggFold::kGap)
      reads(n.input);
    if (n.kind == ir::NodeKind::kSequence) {  // its steps hand their events' instants to it
      for (ir::NodeId step : n.args) reads(program.nodes[step].input);
    }
  }
  return read;
}

LoadedData IndexTables(const ir::Program& program, std::vector<std::optional<rt::Table>> tables, size_t threads,
                       std::vector<std::optional<rt::Table>>* left_out, ColumnsToLoad columns) {
  LoadedData out;
  std::vector<bool> indexed(program.inputs.size(), true);
  if (columns == ColumnsToLoad::kEvaluated && left_out == nullptr) indexed = InputsReadByEvaluation(program);
  if (left_out != nullptr) left_out->assign(program.inputs.size(), std::nullopt);
  const ir::InputSchema& entity = program.inputs[program.entity_input];
  rt::Dataset& data = out.data;
  data.events.resize(program.inputs.size());
  if (tables[program.entity_input]) {
    data.customers = std::move(*tables[program.entity_input]);
  } else {
    std::vector<const rt::Column*> keys;
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      if (program.inputs[i].is_event && tables[i]) keys.push_back(&tables[i]->column(program.inputs[i].key_column));
    }
    data.customers = CustomersFromKeys(entity, rt::DeriveCustomers(keys));
    out.customers_derived = true;
  }
  data.key_column = entity.key_column;
  const rt::Column& customer_keys = data.customers.column(entity.key_column);
  if (std::string duplicate = FindDuplicateKey(customer_keys, "customer row "); !duplicate.empty()) {
    out.status = rt::Status::Error(duplicate);
    return out;
  }
  size_t customers = data.customers.num_rows();
  rt::ThreadPool pool(std::max<size_t>(1, threads));
  // The inputs no rule reads are checked and freed first, so that the memory the read ones take
  // next (their local days, then the results) reuses their pages instead of fresh ones (at 10M
  // customers job.seg's visits hold 1.2 GB, which on a virtual machine that hands free memory
  // back to its host cost a host page fault per 4 KiB when fresh). Reports stay in input order.
  std::vector<size_t> order;
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (!indexed[i]) order.push_back(i);
  }
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (indexed[i]) order.push_back(i);
  }
  std::vector<std::optional<LoadReport>> reports(program.inputs.size());
  for (size_t i : order) {
    const ir::InputSchema& input = program.inputs[i];
    if (!input.is_event) continue;
    rt::EventData& ev = data.events[i];
    ev.time_column = input.time_column;
    if (!tables[i]) {  // no file: no events for anyone
      NoEvents(input, customers, &ev);
      continue;
    }
    // Events at the same time are ordered by the values the program reads, in declaration
    // order, so no result follows the file's row order. Only the columns read: `seg run` loads
    // no others, and `seg report`, which loads them all, must order the events the same way.
    std::vector<size_t> ties = TieColumns(program, i);
    std::vector<const rt::Column*> tie_columns;
    for (size_t c : ties) tie_columns.push_back(&tables[i]->column(c));
    const rt::Column& event_keys = tables[i]->column(input.key_column);
    const rt::Column& event_times = tables[i]->column(input.time_column);
    size_t missing_times = 0;
    rt::EventIndex index = indexed[i] ? rt::BuildEventIndex(customer_keys, event_keys, event_times, threads,
                                                            tie_columns, left_out != nullptr || HasTags(*tables[i]))
                                      : rt::MatchEventKeys(customer_keys, event_keys, event_times, &missing_times);
    if (!index.ok()) {
      out.status = index.status.Prefixed(input.name + ": ");
      return out;
    }
    LoadReport report;
    report.input = input.name;
    report.unknown_customer_events = index.unknown_customer_events;
    report.missing_key_events = index.missing_key_events;
    report.unknown_key_samples = index.unknown_key_samples;
    report.missing_time_events = missing_times;
    reports[i] = std::move(report);
    if (!indexed[i]) {  // checked and reported; no rule reads its events
      tables[i].reset();
      NoEvents(input, customers, &ev);
      continue;
    }
    if (left_out != nullptr) (*left_out)[i] = RowsLeftOut(*tables[i], index, threads);
    // Exports are often already grouped by customer in time order: then the sort is the
    // identity (the index found it while sorting) and the table is taken as it is, saving a copy
    // of every column.
    ev.table = index.in_row_order
                   ? std::move(*tables[i])
                   : rt::SortEvents(std::move(*tables[i]), index, threads, input.key_column, input.time_column, ties);
    ev.offsets = std::move(index.offsets);
    size_t m = ev.table.num_rows();
    bool is_date = ev.table.column(input.time_column).type() == rt::ValueType::kDate;
    reports[i]->missing_time_events = ev.table.column(input.time_column).NullCount();
    if (columns == ColumnsToLoad::kEvaluated && left_out == nullptr && !ReadsEventKeys(program, i)) {
      // Its rows are placed (ev.offsets): nothing reads the keys again, and their memory is
      // reused for the local days below (4 bytes an event).
      rt::Column& keys = ev.table.mutable_column(input.key_column);
      keys = rt::Column::Unloaded(keys.type(), keys.size());
    }
    constexpr size_t kMorsel = size_t{1} << 16;
    if (is_date) {
      const rt::Column& time = ev.table.column(input.time_column);
      const int32_t* days = time.values<int32_t>().data();
      ev.local_day = rt::FillOnThreads<int32_t>(m, kMorsel, pool, [&](int32_t* out_day, size_t begin, size_t end) {
        for (size_t e = begin; e < end; ++e) out_day[e] = time.IsValid(e) ? days[e] : rt::kNoDay;
      });
      ev.instant = rt::FillOnThreads<int64_t>(m, kMorsel, pool, [&](int64_t* out_instant, size_t begin, size_t end) {
        for (size_t e = begin; e < end; ++e)
          out_instant[e] = time.IsValid(e) ? program.zone.StartOfLocalDay(days[e]) : 0;
      });
    } else {
      // A timestamp is its own instant (a missing one's slot holds 0, the instant of a missing
      // time): the column's values are shared, not copied, saving a pass and 8 bytes an event
      // of fresh memory.
      ev.instant = ev.table.mutable_column(input.time_column).mutable_values<int64_t>().Shared();
      const rt::Column& time = ev.table.column(input.time_column);
      const int64_t* instants = ev.instant.data();
      bool missing = time.NullCount() != 0;
      ev.local_day = rt::FillOnThreads<int32_t>(m, kMorsel, pool, [&](int32_t* out_day, size_t begin, size_t end) {
        program.zone.LocalDays(instants + begin, end - begin, out_day + begin);
        for (size_t e = begin; missing && e < end; ++e) {
          if (!time.IsValid(e)) out_day[e] = rt::kNoDay;
        }
      });
    }
  }
  for (std::optional<LoadReport>& report : reports) {
    if (report) out.reports.push_back(std::move(*report));
  }
  return out;
}

LoadedTables LoadTables(const ir::Program& program, const std::vector<InputBinding>& bindings,
                        const rt::LoadOptions& options, ColumnsToLoad columns,
                        const std::function<void(const std::string&)>& progress,
                        const std::vector<std::vector<bool>>& convert) {
  LoadedTables out;
  std::vector<std::optional<rt::Table>>& tables = out.tables;
  tables.resize(program.inputs.size());
  std::vector<std::string> paths(program.inputs.size());
  for (const InputBinding& b : bindings) {
    int32_t index = -1;
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      if (program.inputs[i].name == b.name) index = static_cast<int32_t>(i);
    }
    if (index < 0) {
      std::string names;
      for (const ir::InputSchema& in : program.inputs) names += " " + in.name;
      out.status = rt::Status::Error("input " + b.name + ": the program has no input named '" + b.name +
                                     "'; its inputs are:" + names)
                       .About(rt::Setting::kInput, b.name);
      return out;
    }
    if (!paths[index].empty()) {
      out.status = rt::Status::Error("input " + b.name + " is given twice").About(rt::Setting::kInput, b.name);
      return out;
    }
    paths[index] = b.path;
  }
  bool any_events = false;
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (program.inputs[i].is_event && !paths[i].empty()) any_events = true;
  }
  if (paths[program.entity_input].empty() && !any_events) {
    out.status = rt::Status::Error("no data").About(rt::Setting::kInputData, program.inputs[program.entity_input].name);
    return out;
  }
  std::vector<LoadReport>& file_reports = out.reports;
  // Set once the customers are loaded: event files read after them resolve keys of the
  // customers' shape by number instead of hashing each row's key (runtime/io/customer_key_numbers.h).
  std::shared_ptr<const rt::CustomerKeyNumbers> customer_numbers;
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (paths[i].empty()) continue;
    // A URL is shown without its password in every message and report.
    std::string shown = rt::pg::RedactPasswords(paths[i]);
    if (progress) progress("reading " + shown);
    rt::TableSpec spec = InputSpec(program, i, columns);
    if (spec.is_event) spec.customer_numbers = customer_numbers;
    if (!convert.empty()) {
      for (size_t c = 0; c < spec.columns.size(); ++c) spec.columns[c].skip = !convert[i][c];
    }
    rt::LoadResult loaded = rt::LoadSource(spec, paths[i], options, program.zone);
    if (!loaded.ok()) {
      out.status = loaded.status;
      return out;
    }
    // The loader has refused (or, with --on-bad-row skip, left out) customer rows whose key is
    // missing or repeated, each on its own line of the file.
    LoadReport report;
    report.input = program.inputs[i].name;
    report.path = shown;
    report.stats = loaded.stats;
    file_reports.push_back(std::move(report));
    tables[i] = std::move(loaded.table);
    if (static_cast<int32_t>(i) == program.entity_input) {
      customer_numbers = rt::CustomerKeyNumbers::Of(tables[i]->column(program.inputs[i].key_column));
    }
  }
  return out;
}

LoadedData LoadData(const ir::Program& program, const std::vector<InputBinding>& bindings,
                    const rt::LoadOptions& options, ColumnsToLoad columns,
                    const std::function<void(const std::string&)>& progress) {
  LoadedTables loaded = LoadTables(program, bindings, options, columns, progress);
  if (!loaded.ok()) {
    LoadedData out;
    out.status = loaded.status;
    return out;
  }
  if (progress) progress("indexing events per customer");
  LoadedData indexed = IndexTables(program, std::move(loaded.tables), options.threads, nullptr, columns);
  if (!indexed.ok()) return indexed;
  std::vector<LoadReport>& file_reports = loaded.reports;
  // Merge the per-file load statistics with the indexing counts.
  for (LoadReport& r : file_reports) {
    for (const LoadReport& ix : indexed.reports) {
      if (ix.input != r.input) continue;
      r.unknown_customer_events = ix.unknown_customer_events;
      r.missing_key_events = ix.missing_key_events;
      r.missing_time_events = ix.missing_time_events;
      r.unknown_key_samples = ix.unknown_key_samples;
    }
  }
  indexed.reports = std::move(file_reports);
  return indexed;
}

}  // namespace seg::driver
