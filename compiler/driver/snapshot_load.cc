#include "compiler/driver/snapshot_load.h"

#include "compiler/driver/snapshot_schema.h"
#include "runtime/snapshot/snapshot_directory.h"

namespace seg::driver {

namespace snap = rt::snapshot;

rt::Result<std::vector<snap::Generation>> ReadSnapshotGenerations(const ir::Program& program, const std::string& dir,
                                                                  const snap::ReadOptions& options) {
  rt::Result<std::vector<std::string>> paths = snap::ListGenerations(dir);
  if (!paths.ok()) return paths.status();
  snap::StoredSchema expected = SnapshotSchemaOf(program);
  std::vector<snap::Generation> generations;
  for (const std::string& path : *paths) {
    rt::Result<snap::Generation> g = snap::ReadGeneration(path, options);
    if (!g.ok()) return g.status();
    if (std::string difference = snap::DescribeSchemaDifference(expected, g->schema); !difference.empty()) {
      return rt::Status::Error("snapshot file " + path + " was written for another schema than the program's: " +
                               difference + " (import the data again with this program)");
    }
    if (g->index != generations.size())
      return rt::Status::Error("snapshot file " + path + ": damaged: it says it is generation " +
                               std::to_string(g->index));
    if (!generations.empty() && g->snapshot_id != generations.front().snapshot_id) {
      return rt::Status::Error("snapshot file " + path + " belongs to another snapshot than " +
                               snap::GenerationFileName(0) + " (a leftover of an earlier import?)");
    }
    generations.push_back(std::move(*g));
  }
  return generations;
}

namespace {

// What evaluating the program reads: per input, whether a node reads its events (an aggregate,
// a sequence, an event column over it), and which of its columns a node reads.
struct EvaluationReads {
  std::vector<bool> inputs;
  std::vector<std::vector<bool>> columns;
};

EvaluationReads ReadByEvaluation(const ir::Program& program) {
  EvaluationReads reads;
  reads.inputs = InputsReadByEvaluation(program);
  for (const ir::InputSchema& in : program.inputs) reads.columns.emplace_back(in.columns.size(), false);
  for (const ir::Node& n : program.nodes) {
    int32_t input = n.kind == ir::NodeKind::kEventColumn ? n.input
                    : n.kind == ir::NodeKind::kColumn    ? program.entity_input
                                                         : -1;
    if (input < 0 || n.symbol < 0) continue;
    std::vector<bool>& columns = reads.columns[static_cast<size_t>(input)];
    if (static_cast<size_t>(n.symbol) < columns.size()) columns[static_cast<size_t>(n.symbol)] = true;
  }
  return reads;
}

// Per input, which columns (and indexes) to give: all, those the program reads (kRead), or only
// what its evaluation reads over the stored index (kEvaluated, see ColumnsToLoad).
snap::ReadOptions OptionsFor(const ir::Program& program, ColumnsToLoad columns, bool indexed_rows_only,
                             size_t threads) {
  snap::ReadOptions options;
  options.threads = threads;
  options.indexed_rows_only = indexed_rows_only;
  // A run (the only reader of kEvaluated) checks the events' values as it evaluates them:
  // exec::Execute runs the checks the reader leaves (rt::Dataset::deferred_checks).
  options.defer_event_values = columns == ColumnsToLoad::kEvaluated;
  if (columns == ColumnsToLoad::kAll) return options;
  EvaluationReads evaluated = ReadByEvaluation(program);
  if (columns == ColumnsToLoad::kEvaluated) options.instants = InstantsReadByEvaluation(program);
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    rt::TableSpec spec = InputSpec(program, i, columns);
    bool events = program.inputs[i].is_event;
    bool only_evaluated = columns == ColumnsToLoad::kEvaluated && events;
    std::vector<bool> wanted;
    for (size_t c = 0; c < spec.columns.size(); ++c)
      wanted.push_back(only_evaluated ? evaluated.columns[i][c] : !spec.columns[c].skip);
    options.columns.push_back(std::move(wanted));
    options.indexes.push_back(!only_evaluated || evaluated.inputs[i]);
  }
  return options;
}

LoadReport ReportOf(const snap::StoredInput& input, const std::string& name, const std::string& path) {
  LoadReport r;
  r.input = name;
  r.path = path;
  r.stats.rows_loaded = input.indexed_rows;  // the table's rows, or what it would hold when not read
  r.unknown_customer_events = input.unknown_customer_events;
  r.missing_key_events = input.missing_key_events;
  r.missing_time_events = input.missing_time_events;
  return r;
}

// True when generation 0 can be used as stored: its events were ordered by this program's tie
// columns.
bool StoredOrderFits(const ir::Program& program, const snap::Generation& g) {
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (program.inputs[i].is_event && g.inputs[i].tie_columns != TieColumnNames(program, i)) return false;
  }
  return true;
}

// The stored index taken as it is. An event input whose index was not read (no rule reads it,
// ColumnsToLoad::kEvaluated) is given as no events.
LoadedData FromStoredIndex(const ir::Program& program, snap::Generation g, const std::string& path,
                           const std::vector<bool>& indexes) {
  LoadedData out;
  rt::Dataset& data = out.data;
  size_t entity = static_cast<size_t>(program.entity_input);
  out.customers_derived = g.customers_derived;
  data.customers = std::move(g.inputs[entity].table);
  data.key_column = program.inputs[entity].key_column;
  data.deferred_checks = std::move(g.deferred_checks);
  data.events.resize(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (!program.inputs[i].is_event) continue;
    snap::StoredInput& input = g.inputs[i];
    out.reports.push_back(ReportOf(input, program.inputs[i].name, path));
    rt::EventData& ev = data.events[i];
    ev.time_column = program.inputs[i].time_column;
    if (i < indexes.size() && !indexes[i]) {
      NoEvents(program.inputs[i], data.customers.num_rows(), &ev);
      continue;
    }
    if (input.offsets.size() != data.customers.num_rows() + 1) {
      out.status = rt::Status::Error("snapshot file " + path + ": damaged: the index of " + program.inputs[i].name +
                                     " does not fit the customers");
      return out;
    }
    ev.table = std::move(input.table);
    ev.offsets = std::move(input.offsets);
    ev.local_day = std::move(input.local_day);
    ev.instant = std::move(input.instant);
  }
  return out;
}

// Every generation's rows end to end, per input, indexed as a load of the files would be.
LoadedData IndexGenerations(const ir::Program& program, std::vector<snap::Generation> generations, size_t threads) {
  bool derived = generations.front().customers_derived;
  LoadedData out = IndexTables(program, ConcatenateGenerations(program, std::move(generations)), threads);
  out.customers_derived = derived;
  return out;
}

}  // namespace

std::vector<std::optional<rt::Table>> ConcatenateGenerations(const ir::Program& program,
                                                             std::vector<snap::Generation> generations) {
  std::vector<std::optional<rt::Table>> tables(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    // Customers derived from the events are derived again from all of them, as from the files.
    if (!program.inputs[i].is_event && generations.front().customers_derived) continue;
    for (snap::Generation& g : generations) {
      snap::StoredInput& input = g.inputs[i];
      if (!input.present) continue;
      if (!tables[i]) {
        tables[i] = std::move(input.table);
        continue;
      }
      for (size_t c = 0; c < tables[i]->num_columns(); ++c)
        tables[i]->mutable_column(c).AppendColumn(input.table.column(c));
    }
  }
  return tables;
}

rt::Result<size_t> VerifySnapshot(const ir::Program& program, const std::string& dir, size_t threads) {
  snap::ReadOptions options;
  options.threads = threads;
  options.check_everything = true;
  for (const ir::InputSchema& input : program.inputs) {
    options.columns.emplace_back(input.columns.size(), false);  // nothing given: only checked
    options.indexes.push_back(false);
  }
  rt::Result<std::vector<snap::Generation>> generations = ReadSnapshotGenerations(program, dir, options);
  if (!generations.ok()) return generations.status();
  return generations->size();
}

std::string FindColumnNotStored(const ir::Program& program, const snap::Generation& g, const std::string& dir) {
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    rt::TableSpec read = InputSpec(program, i, ColumnsToLoad::kRead);
    for (size_t c = 0; c < read.columns.size(); ++c) {
      if (read.columns[c].skip || g.inputs[i].IsStored(c)) continue;
      return "snapshot " + dir + " does not store column " + read.name + "." + read.columns[c].name +
             ", which this program reads (seg import stores the columns its program reads; import again with "
             "--all-columns to store every declared column)";
    }
  }
  return "";
}

LoadedData LoadSnapshot(const ir::Program& program, const std::string& dir, ColumnsToLoad columns, size_t threads) {
  LoadedData failed;
  rt::Result<std::vector<std::string>> paths = snap::ListGenerations(dir);
  if (!paths.ok()) {
    failed.status = paths.status();
    return failed;
  }
  // One generation: the indexed rows are all a run needs (the events of unknown customers stay
  // unknown), and its stored index is taken when it fits, so kEvaluated can leave out what only
  // indexing reads. Appended ones may hold the customers of those events, so every row is read,
  // and indexed again.
  bool single = paths->size() == 1;
  if (!single && columns == ColumnsToLoad::kEvaluated) columns = ColumnsToLoad::kRead;
  for (;;) {
    snap::ReadOptions options = OptionsFor(program, columns, single, threads);
    rt::Result<std::vector<snap::Generation>> generations = ReadSnapshotGenerations(program, dir, options);
    if (!generations.ok()) {
      failed.status = generations.status();
      return failed;
    }
    if (std::string missing = FindColumnNotStored(program, generations->front(), dir); !missing.empty()) {
      failed.status = rt::Status::Error(missing);
      return failed;
    }
    if (single && StoredOrderFits(program, generations->front()))
      return FromStoredIndex(program, std::move(generations->front()), paths->front(), options.indexes);
    // Indexed again: that reads every key and time (kRead).
    if (columns == ColumnsToLoad::kEvaluated) {
      columns = ColumnsToLoad::kRead;
      continue;
    }
    LoadedData out = IndexGenerations(program, std::move(*generations), threads);
    for (LoadReport& r : out.reports) r.path = dir;
    return out;
  }
}

}  // namespace seg::driver
