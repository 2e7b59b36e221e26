// Binds a program's inputs to files and loads them into an indexed Dataset: the customer input
// (or the distinct keys of the event files when it is not given), and each input of events
// sorted by customer and time with each event's calendar day in the program's time zone.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/dataset.h"
#include "runtime/io/load_result.h"
#include "runtime/schema.h"
#include "runtime/status.h"

namespace seg::driver {

struct InputBinding {
  std::string name;  // the program's input name
  std::string path;
};

struct LoadReport {
  std::string input;
  std::string path;
  rt::LoadStats stats;
  size_t unknown_customer_events = 0;
  size_t missing_key_events = 0;
  size_t missing_time_events = 0;  // events without a time: counted by no aggregate, windowed or not
  std::vector<std::string> unknown_key_samples;
};

struct LoadedData {
  rt::Dataset data;
  std::vector<LoadReport> reports;
  bool customers_derived = false;  // no customer file: customers are the keys found in events
  rt::Status status;
  bool ok() const { return status.ok(); }
};

// Which declared columns the loaders convert. Converting values is most of a load's cost, and a
// program usually reads a few of the columns it declares.
enum class ColumnsToLoad : uint8_t {
  // Every declared column: for callers that read columns the IR does not name (`seg report`
  // sums an event input's money column, the REPL compiles new rules over the same data).
  kAll,
  // The columns the program's IR reads, the customer key, and each event input's key and time.
  // The others are still required in the file but load as all missing, unchecked.
  kRead,
  // What evaluating the program reads, for a caller that only evaluates it and writes the
  // customer keys (`seg run`). From files, as kRead (indexing needs every key and time). From a
  // snapshot whose stored index is taken as it is: an event input's key and time columns only
  // when a rule reads them, and an input that no rule reads as no events at all; so the arrays
  // a run maps and checks are only those that can change its answer (docs/SNAPSHOT.md, Safety).
  kEvaluated,
};

// The loader's spec for `program.inputs[input]`.
rt::TableSpec InputSpec(const ir::Program& program, size_t input, ColumnsToLoad columns);

// `progress`, when set, hears each step ("reading orders.csv", "indexing events") as it starts.
LoadedData LoadData(const ir::Program& program, const std::vector<InputBinding>& bindings,
                    const rt::LoadOptions& options, ColumnsToLoad columns = ColumnsToLoad::kAll,
                    const std::function<void(const std::string&)>& progress = nullptr);

// LoadData's first half: the bound files read, in the program's input order (nullopt: not
// bound), not yet indexed; `reports` has a line per file. `seg import` stores these. When
// `convert` is given, it says per input which columns to convert, in place of `columns`.
struct LoadedTables {
  std::vector<std::optional<rt::Table>> tables;
  std::vector<LoadReport> reports;
  rt::Status status;
  bool ok() const { return status.ok(); }
};
LoadedTables LoadTables(const ir::Program& program, const std::vector<InputBinding>& bindings,
                        const rt::LoadOptions& options, ColumnsToLoad columns,
                        const std::function<void(const std::string&)>& progress = nullptr,
                        const std::vector<std::vector<bool>>& convert = {});

// Indexes tables already in memory (tests, the API, snapshots): same rules as LoadData. When
// `left_out` is given, it receives per input the event rows the index leaves out (unknown or
// missing customer key) in their order; a snapshot keeps them for customers appended later.
// With `columns` kEvaluated (and no `left_out`), an event input that no rule reads is checked
// and reported as when indexed (the same errors, unknown and missing key counts and samples,
// events without a time) but given as no events, as a snapshot gives it (LoadSnapshot): its
// events cannot change a result, and indexing them is most of a run's index time when the
// program reads the other inputs only (examples/retail.seg and its visits).
LoadedData IndexTables(const ir::Program& program, std::vector<std::optional<rt::Table>> tables, size_t threads,
                       std::vector<std::optional<rt::Table>>* left_out = nullptr,
                       ColumnsToLoad columns = ColumnsToLoad::kAll);

// An event input's table with no rows, and offsets giving every customer no events.
void NoEvents(const ir::InputSchema& input, size_t customers, rt::EventData* ev);

// Per input, whether evaluating the program reads its events: a node over it (an aggregate, a
// sequence, a count, an event column).
std::vector<bool> InputsReadByEvaluation(const ir::Program& program);

// Per input, whether evaluating the program reads its events' instants (rt::EventData::instant),
// as the engines do: the gap between event times without a value (avg_gap(orders)) and the steps
// of a sequence. Windows and days read the local days; a time column's values are its column's.
// A run from a snapshot that reads none is given none (LoadSnapshot).
std::vector<bool> InstantsReadByEvaluation(const ir::Program& program);

// The columns that order a customer's events at the same time (rt::BuildEventIndex's tie
// columns) for event input `input`: the ones the program reads besides key and time.
std::vector<size_t> TieColumns(const ir::Program& program, size_t input);

}  // namespace seg::driver
