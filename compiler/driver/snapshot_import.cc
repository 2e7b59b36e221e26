#include "compiler/driver/snapshot_import.h"

#include <filesystem>
#include <random>
#include <unordered_set>

#include "compiler/driver/snapshot_load.h"
#include "compiler/driver/snapshot_schema.h"
#include "runtime/customer_key.h"
#include "runtime/snapshot/format.h"
#include "runtime/snapshot/generation_writer.h"
#include "runtime/snapshot/snapshot_directory.h"

namespace seg::driver {

namespace fs = std::filesystem;
namespace snap = rt::snapshot;

namespace {

uint64_t NewSnapshotId() {
  std::random_device random;
  return (uint64_t{random()} << 32) ^ random();
}

// Per input, which columns `columns` stores.
std::vector<std::vector<bool>> StoredColumns(const ir::Program& program, ColumnsToLoad columns) {
  std::vector<std::vector<bool>> stored(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    for (const rt::ColumnSpec& c : InputSpec(program, i, columns).columns) stored[i].push_back(!c.skip);
  }
  return stored;
}

// Generation 0 of a snapshot with `snapshot_id`, in place of whatever is at `dir`: the customers
// and every event input indexed, each followed by the events the index left out.
ImportResult WriteIndexed(const ir::Program& program, LoadedTables loaded, const std::vector<std::vector<bool>>& stored,
                          uint64_t snapshot_id, size_t threads, const std::string& dir,
                          const std::function<void(const std::string&)>& progress) {
  ImportResult out;
  out.reports = std::move(loaded.reports);
  snap::Generation g;
  g.snapshot_id = snapshot_id;
  g.customers_derived = !loaded.tables[program.entity_input].has_value();
  g.schema = SnapshotSchemaOf(program);
  if (progress) progress("indexing events per customer");
  std::vector<std::optional<rt::Table>> left_out;
  LoadedData indexed = IndexTables(program, std::move(loaded.tables), threads, &left_out);
  if (!indexed.ok()) {
    out.status = indexed.status;
    return out;
  }
  rt::Dataset& data = indexed.data;
  g.inputs.resize(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    snap::StoredInput& input = g.inputs[i];
    input.present = true;
    input.stored = stored[i];
    if (!program.inputs[i].is_event) {
      input.table = std::move(data.customers);
      input.indexed_rows = input.table.num_rows();
      continue;
    }
    rt::EventData& ev = data.events[i];
    input.table = std::move(ev.table);
    input.indexed_rows = input.table.num_rows();
    if (left_out[i] && left_out[i]->num_rows() > 0) {
      for (size_t c = 0; c < input.table.num_columns(); ++c)
        input.table.mutable_column(c).AppendColumn(left_out[i]->column(c));
    }
    input.offsets = std::move(ev.offsets);
    input.local_day = std::move(ev.local_day);
    input.instant = std::move(ev.instant);
    input.tie_columns = TieColumnNames(program, i);
    for (const LoadReport& r : indexed.reports) {
      if (r.input != program.inputs[i].name) continue;
      input.unknown_customer_events = r.unknown_customer_events;
      input.missing_key_events = r.missing_key_events;
      input.missing_time_events = r.missing_time_events;
      for (LoadReport& file : out.reports) {
        if (file.input != r.input) continue;
        file.unknown_customer_events = r.unknown_customer_events;
        file.missing_key_events = r.missing_key_events;
        file.missing_time_events = r.missing_time_events;
        file.unknown_key_samples = r.unknown_key_samples;
      }
    }
  }
  out.customers = g.inputs[program.entity_input].table.num_rows();
  if (progress) progress("writing " + dir);
  rt::Result<std::string> staging = snap::MakeStagingDirectory(dir);
  if (!staging.ok()) {
    out.status = staging.status();
    return out;
  }
  rt::Status written = snap::WriteGeneration(g, (fs::path(*staging) / snap::GenerationFileName(0)).string());
  if (written.ok()) written = snap::ReplaceDirectory(*staging, dir);
  if (!written.ok()) snap::RemoveDirectory(*staging);
  out.status = written;
  return out;
}

// The first new customer whose key the snapshot already holds, as a message; empty when none.
std::string FindKeyAlreadyStored(const std::vector<snap::Generation>& stored, size_t entity, int32_t key_column,
                                 const rt::Table& customers, const std::string& dir) {
  std::unordered_set<std::string> keys;
  for (const snap::Generation& g : stored) {
    const rt::Column& column = g.inputs[entity].table.column(static_cast<size_t>(key_column));
    for (size_t row = 0; row < column.size(); ++row) keys.insert(rt::CustomerKeyText(column, row));
  }
  const rt::Column& added = customers.column(static_cast<size_t>(key_column));
  for (size_t row = 0; row < added.size(); ++row) {
    std::string key = rt::CustomerKeyText(added, row);
    if (keys.count(key) != 0)
      return "customer key '" + key + "' (customer row " + std::to_string(row + 1) + ") is already in snapshot " + dir;
  }
  return "";
}

// The lock of the snapshot at `dir`, which must be one (a directory that is not is left alone).
rt::Result<snap::DirectoryLock> LockSnapshot(const std::string& dir) {
  if (rt::Result<std::vector<std::string>> files = snap::ListGenerations(dir); !files.ok()) return files.status();
  return snap::DirectoryLock::Acquire(dir);
}

// Generation N: the new rows as read, indexed when the snapshot is read.
ImportResult Append(const ir::Program& program, const std::vector<InputBinding>& bindings, const rt::LoadOptions& load,
                    const std::string& dir, const std::function<void(const std::string&)>& progress) {
  ImportResult out;
  rt::Result<snap::DirectoryLock> lock = LockSnapshot(dir);
  if (!lock.ok()) {
    out.status = lock.status();
    return out;
  }
  // Only the customer keys are read (to refuse one given twice), so only they and the metadata are
  // checked: an append rewrites nothing, and a run that reads a damaged array finds it.
  size_t entity = static_cast<size_t>(program.entity_input);
  int32_t key_column = program.inputs[entity].key_column;
  snap::ReadOptions options;
  options.columns.resize(program.inputs.size());
  options.indexes.assign(program.inputs.size(), false);
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    options.columns[i].assign(program.inputs[i].columns.size(), false);
    if (i == entity) options.columns[i][static_cast<size_t>(key_column)] = true;
  }
  if (progress) progress("checking " + dir);
  rt::Result<std::vector<snap::Generation>> stored = ReadSnapshotGenerations(program, dir, options);
  if (!stored.ok()) {
    out.status = stored.status();
    return out;
  }
  const snap::Generation& first = stored->front();
  // The columns generation 0 stores, converted as it converted them.
  std::vector<std::vector<bool>> convert;
  for (const snap::StoredInput& input : first.inputs) convert.push_back(input.stored);
  LoadedTables loaded = LoadTables(program, bindings, load, ColumnsToLoad::kAll, progress, convert);
  if (!loaded.ok()) {
    out.status = loaded.status;
    return out;
  }
  out.reports = std::move(loaded.reports);
  std::optional<rt::Table>& customers = loaded.tables[entity];
  if (customers && first.customers_derived) {
    out.status = rt::Status::Error("snapshot " + dir + " was imported without input " + program.inputs[entity].name +
                                   " (its customers are the keys of the events): append events only");
    return out;
  }
  if (customers) {
    if (std::string stored_key = FindKeyAlreadyStored(*stored, entity, key_column, *customers, dir);
        !stored_key.empty()) {
      out.status = rt::Status::Error(program.inputs[entity].name + ": " + stored_key);
      return out;
    }
  }
  snap::Generation g;
  g.snapshot_id = first.snapshot_id;
  g.index = static_cast<uint32_t>(stored->size());
  g.customers_derived = first.customers_derived;
  g.schema = SnapshotSchemaOf(program);
  g.inputs.resize(program.inputs.size());
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (!loaded.tables[i]) continue;
    g.inputs[i].present = true;
    g.inputs[i].stored = first.inputs[i].stored;
    g.inputs[i].table = std::move(*loaded.tables[i]);
  }
  out.generation = g.index;
  out.customers = g.inputs[entity].table.num_rows();
  if (progress) progress("writing " + dir);
  out.status = snap::WriteGeneration(g, (fs::path(dir) / snap::GenerationFileName(g.index)).string());
  return out;
}

}  // namespace

ImportResult ImportSnapshot(const ir::Program& program, const std::vector<InputBinding>& bindings,
                            const rt::LoadOptions& options, const std::string& dir, bool append, ColumnsToLoad columns,
                            const std::function<void(const std::string&)>& progress) {
  if (append) return Append(program, bindings, options, dir, progress);
  LoadedTables loaded = LoadTables(program, bindings, options, columns, progress);
  if (!loaded.ok()) {
    ImportResult out;
    out.status = loaded.status;
    return out;
  }
  // An append waiting for the old snapshot's lock notices the swap (DirectoryLock) and appends to
  // the new one.
  rt::Result<snap::DirectoryLock> lock = LockSnapshot(dir);  // none when no snapshot is there yet
  return WriteIndexed(program, std::move(loaded), StoredColumns(program, columns), NewSnapshotId(), options.threads,
                      dir, progress);
}

ImportResult CompactSnapshot(const ir::Program& program, const std::string& dir, size_t threads,
                             const std::function<void(const std::string&)>& progress) {
  ImportResult out;
  rt::Result<snap::DirectoryLock> lock = LockSnapshot(dir);
  if (!lock.ok()) {
    out.status = lock.status();
    return out;
  }
  if (progress) progress("reading " + dir);
  rt::Result<std::vector<snap::Generation>> stored = ReadSnapshotGenerations(program, dir, {});
  if (!stored.ok()) {
    out.status = stored.status();
    return out;
  }
  if (std::string missing = FindColumnNotStored(program, stored->front(), dir); !missing.empty()) {
    out.status = rt::Status::Error(missing);
    return out;
  }
  std::vector<std::vector<bool>> columns;
  for (const snap::StoredInput& input : stored->front().inputs) columns.push_back(input.stored);
  uint64_t id = stored->front().snapshot_id;
  LoadedTables loaded;
  loaded.tables = ConcatenateGenerations(program, std::move(*stored));
  return WriteIndexed(program, std::move(loaded), columns, id, threads, dir, progress);
}

}  // namespace seg::driver
