// One generation of a snapshot as it is in memory: what the writer stores and the reader gives
// back. Generation 0 is the import: the customers and each input's events grouped per customer in
// time order, with the index. Each later generation is an append: new customer rows and new
// events, as read, in file order; they are merged with the rest when the snapshot is read
// (compiler/driver/load_snapshot.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/deferred_checks.h"
#include "runtime/snapshot/stored_schema.h"
#include "runtime/table.h"

namespace seg::rt::snapshot {

struct StoredInput {
  bool present = false;  // this generation holds rows for the input (an append may give only some)
  // Its rows: first `indexed_rows` rows in index order (customer, time, tie columns, file order),
  // then the events the index left out (unknown or missing customer key), in file order, kept so
  // that a customer appended later finds them. An appended generation indexes nothing.
  Table table;
  // Per column: whether its values are stored. `seg import` stores the columns its program reads
  // (unless told to store all); the others are not in the file and read back as all missing.
  // Empty: every column is stored.
  std::vector<bool> stored;
  bool IsStored(size_t column) const { return stored.empty() || stored[column]; }
  uint64_t indexed_rows = 0;
  // Read back, these and the columns' values view the mapped file (rt::Buffer).
  Buffer<uint32_t> offsets;   // indexed event inputs: customer c's rows [offsets[c], offsets[c+1])
  Buffer<int32_t> local_day;  // per indexed row, in the schema's time zone (rt::EventData)
  Buffer<int64_t> instant;
  // The columns that ordered events at the same time (rt::BuildEventIndex's tie columns): a
  // program that reads other columns orders them again.
  std::vector<std::string> tie_columns;
  // What the import counted, for the load report.
  uint64_t unknown_customer_events = 0;
  uint64_t missing_key_events = 0;
  uint64_t missing_time_events = 0;
};

struct Generation {
  uint64_t snapshot_id = 0;  // chosen at import; every generation of a snapshot carries it
  uint32_t index = 0;
  bool customers_derived = false;  // no customer file at import: the customers are the event keys
  StoredSchema schema;
  std::vector<StoredInput> inputs;  // indexed like schema.inputs
  // Read with ReadOptions::defer_event_values: the checks of the values left to the run (null
  // when none are).
  std::shared_ptr<DeferredChecks> deferred_checks;
};

}  // namespace seg::rt::snapshot
