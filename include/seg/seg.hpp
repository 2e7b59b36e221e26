// The C++ embedding interface of seg: compile a .seg program once, bind a CRM's data to its
// inputs (files, columns in memory, or the Arrow C Data Interface), run it over every customer,
// or evaluate one customer in real time from a JSON record.
//
// Threads: a compiled Program is immutable. Any number of threads may call its const methods
// (Run, EvaluateCustomer, the accessors) at the same time, on the same Program object or on
// copies of it (copies share the compiled code). An Inputs object is not synchronised while it
// is being bound; once bound, any number of runs may read it at once. Results are plain values.
//
// Errors: nothing here throws for a user mistake or bad data. Compile errors come back as
// Diagnostic values; binding, loading and run-time errors as a Status with a message.
//
// Stability: the types live in the inline namespace seg::v1; an incompatible change moves them
// to v2, so a host built against one version never silently links against another.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "seg/arrow_c_data.h"

namespace seg {
inline namespace v1 {

// ------------------------------------------------------------------ diagnostics and status

enum class Severity { kError, kWarning, kNote };

// One compile-time finding, located in the program text (lines and columns are 1-based; columns
// count Unicode code points). `code` is stable ("E0204"), `name` its readable form
// ("type-mismatch"); docs/DIAGNOSTICS.md lists them all.
struct Diagnostic {
  std::string code;
  std::string name;
  Severity severity = Severity::kError;
  std::string message;
  std::string file;
  int line = 0, column = 0, end_line = 0, end_column = 0;
  std::string help;  // how to fix it, may be empty

  // "retail.seg:12:8: error[E0204]: cannot compare 'date' with 'int'"
  std::string ToString() const;
};

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a null or malformed argument (bad JSON, an unknown param name, a bad date)
  kCompileError,     // the program text has errors (see the diagnostics)
  kBindError,        // the data does not fit the program's inputs: a missing column, a wrong type
  kIoError,          // a file could not be read, or a row in it is malformed
  kRunError,         // the run failed (an overflow), naming the customer and the rule
  kInternal,         // a bug in seg; the message says where
};

struct Status {
  StatusCode code = StatusCode::kOk;
  std::string message;
  bool ok() const { return code == StatusCode::kOk; }
};

const char* StatusCodeName(StatusCode code);  // "ok", "invalid_argument", "compile_error", ...

// ------------------------------------------------------------------ types

// The column types of the language, with the in-memory layout a ColumnView must have to be
// copied in one piece (other layouts are converted value by value; see ColumnView):
//   kBool      uint8_t 0/1           kInt       int64_t          kFloat     double
//   kMoney     int64_t fixed point with ColumnView::scale decimals (the runtime keeps 4)
//   kDate      int32_t days since 1970-01-01
//   kTimestamp int64_t microseconds since 1970-01-01T00:00:00Z
//   kDuration  int64_t microseconds
//   kText, kId UTF-8 bytes + int32_t offsets (as Arrow's "u")
//   kTags      like kText, each value's labels separated by '|'
enum class ValueType { kBool, kInt, kFloat, kMoney, kDate, kTimestamp, kDuration, kText, kTags, kId };
const char* ValueTypeName(ValueType type);  // "bool", "int", ..., as in .seg files

struct ColumnInfo {
  std::string name;
  ValueType type = ValueType::kText;
};

// An `input` declaration: the columns the host must provide.
struct InputInfo {
  std::string name;
  bool is_event = false;
  std::string key_column;   // entity: the customer key; events: the column naming the customer
  std::string time_column;  // events only
  std::vector<ColumnInfo> columns;
};

struct ClassificationInfo {
  std::string name;
  std::vector<std::string> buckets;  // labels in declaration order; a Bucket index points here
};

// ------------------------------------------------------------------ compiling

struct CompileOptions {
  bool warnings_as_errors = false;
  std::vector<std::string> disabled_warnings;  // by name ("unused-let") or code ("W0001")
};

class Program;

struct CompileResult {
  std::shared_ptr<const Program> program;  // null when there are errors
  std::vector<Diagnostic> diagnostics;     // errors and warnings, in source order
  std::string rendered;                    // the diagnostics as `seg check` prints them
  bool ok() const { return program != nullptr; }
};

// `file_name` is what diagnostics name as the file.
CompileResult Compile(std::string_view text, std::string_view file_name = "<program>",
                      const CompileOptions& options = {});
// Reads the file; an unreadable file is an E0005 diagnostic.
CompileResult CompileFile(const std::string& path, const CompileOptions& options = {});

// ------------------------------------------------------------------ inputs

struct LoadOptions {
  char delimiter = ',';        // CSV only; .jsonl/.ndjson/.json files are JSON Lines
  bool skip_bad_rows = false;  // false: the first malformed row fails the bind with file:line
  size_t threads = 1;          // results are identical for any value
};

// A column the host owns, read during BindColumns and never after (seg copies what it keeps:
// events are re-sorted by customer and time anyway, so the runtime always owns its arrays).
// Values in the runtime's layout (see ValueType; money with scale 4) are copied as they are;
// other layouts (money of another scale, text for an id) are converted while copying.
struct ColumnView {
  std::string_view name;
  ValueType type = ValueType::kInt;
  const void* values = nullptr;       // the value buffer (text: the UTF-8 bytes)
  const uint8_t* validity = nullptr;  // bitmap, bit i of byte i/8 set = present; null = all present
  size_t length = 0;
  const int32_t* offsets = nullptr;  // text, id, tags: length + 1 byte offsets into `values`
  int32_t scale = 4;                 // money: decimal digits of the int64 values (2 = cents)
};

// The data one run reads: one binding per input of the program. The customer input may be left
// out (the customers are then the distinct keys of the event inputs); an event input left out
// has no events. Each Bind* replaces an earlier binding of the same input.
class Inputs {
 public:
  explicit Inputs(std::shared_ptr<const Program> program);
  ~Inputs();
  Inputs(Inputs&&) noexcept;
  Inputs& operator=(Inputs&&) noexcept;

  // `path` is a CSV or JSON Lines file, or a PostgreSQL table or query:
  // postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB?table=SCHEMA.TABLE (or ?query=SELECT ...); see
  // docs/POSTGRES.md. Errors never show the password.
  Status BindFile(std::string_view input, const std::string& path, const LoadOptions& options = {});
  Status BindColumns(std::string_view input, const std::vector<ColumnView>& columns);
  // A struct array ("+s") whose children are the input's columns by name. Child formats:
  //   b bool; l int64 (int; money in units of 10^-4, or 10^-S with metadata key "seg.scale" = S);
  //   g double; tdD date32; tsu: / tsu:UTC timestamp in microseconds; u utf8 (text, id, and tags
  //   as '|'-separated labels); d:18,4 (or any d:P,S with P <= 18) decimal128 for money.
  // Takes ownership of both structs: they are released (their release callbacks called) before
  // this returns, whether it succeeds or not, and are marked released as the ABI requires.
  Status BindArrow(std::string_view input, ArrowSchema* schema, ArrowArray* array);

  struct Impl;  // seg's own; hosts never need it
  const Impl& impl() const { return *impl_; }
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// ------------------------------------------------------------------ results

enum class OutputKind { kKey, kClassification, kTag, kScore, kLet };

// One output column, one row per customer in the order of the customer input. Read rows through
// the accessors (IsValid, Int, Float, Bool, Format), which know both layouts:
// - a bool column (tags, bool scores and lets; packed()) is two bits per customer: `bits` holds
//   the values and `valid_bits` the validity, customer r at bit r % 64 of word r / 64 (least
//   significant bit first: on a little-endian host, the layout of an Arrow boolean buffer), bits
//   past the last customer zero; `ints`, `floats` and `valid` are empty. A tag is always valid,
//   its bit set when the customer has the tag, so `bits` is the audience as a bitmap.
// - every other column has one element per customer in `ints` and `floats` (the one its type
//   uses holds the values, the other zeros) and in `valid`.
struct OutputColumn {
  std::string name;
  OutputKind kind = OutputKind::kScore;
  ValueType type = ValueType::kInt;  // classification: kText (a bucket index into `labels`)
  size_t rows = 0;                   // customers
  std::vector<int64_t> ints;         // int, money (x 10^4), date, timestamp, duration, codes
  std::vector<double> floats;        // float
  std::vector<uint8_t> valid;        // 0 = missing (a classification: the customer is in no bucket)
  std::vector<uint64_t> bits;        // bool: values, 64 customers a word
  std::vector<uint64_t> valid_bits;  // bool: validity, 64 customers a word
  std::vector<std::string> labels;   // classification: bucket labels; text: the code -> text domain

  bool packed() const { return type == ValueType::kBool; }
  size_t size() const { return rows; }
  bool IsValid(size_t row) const { return packed() ? (valid_bits[row >> 6] >> (row & 63)) & 1 : valid[row] != 0; }
  // The value (a bool's 0 or 1), whatever the layout; meaningful where IsValid(row).
  int64_t Int(size_t row) const { return packed() ? (bits[row >> 6] >> (row & 63)) & 1 : ints[row]; }
  double Float(size_t row) const { return packed() ? 0 : floats[row]; }
  // Valid and true: whether a customer has a tag, or a bool let holds.
  bool Bool(size_t row) const { return IsValid(row) && Int(row) != 0; }
  // The value as `seg run` writes it ("" when missing).
  std::string Format(size_t row) const;
};

// A batch run's population, kept for real-time evaluation (Result::Population). Immutable and
// shareable between threads; it answers only for the program whose run made it.
class PopulationSnapshot {
 public:
  struct Impl;
  explicit PopulationSnapshot(std::shared_ptr<const Impl> impl);
  // Reads Result::PopulationCutsJson() back for `program` (kInvalidArgument when it does not fit).
  static Status FromJson(const Program& program, std::string_view json, std::shared_ptr<const PopulationSnapshot>* out);
  std::string ToJson() const;
  size_t num_customers() const;
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// Which backend runs a batch. Both give identical results; kAuto picks the LLVM JIT when the work
// repays compiling it (and the library was built with it), else the interpreter. A JIT that
// cannot take the program falls back to the interpreter silently
// (Result::engine() says which ran). Compiled code is cached in
// memory only: the library never writes to the host's disk.
enum class Engine { kAuto, kInterpreter, kJit };

class Result {
 public:
  Result();
  ~Result();
  Result(Result&&) noexcept;
  Result& operator=(Result&&) noexcept;

  size_t num_customers() const;
  // The key first, then classifications, tags, scores, then the lets asked for, each in order.
  const std::vector<OutputColumn>& columns() const;
  const OutputColumn* Find(std::string_view name) const;
  std::string Key(size_t row) const;
  // The customer's bucket label in a classification, or nullopt (no bucket, or no such name).
  std::optional<std::string> Bucket(std::string_view classification, size_t row) const;

  std::string ToCsv() const;        // byte-identical to `seg run --format csv`
  std::string ToJsonLines() const;  // byte-identical to `seg run --format jsonl`
  std::string Summary() const;      // per classification: bucket sizes and shares; tag sizes
  // The engine that computed this result: kJit when compiled code ran, kInterpreter otherwise
  // (asked for, chosen by kAuto, or a fallback). Never kAuto.
  Engine engine() const;
  // This run's population: what EvaluateCustomer needs to rank one customer against it exactly
  // (every customer's ranked value and population output, per population function). Pass it as
  // CustomerOptions::population.
  std::shared_ptr<const PopulationSnapshot> Population() const;
  // The same as JSON (Population()->ToJson()), for hosts that store it or pass it through the C
  // API: {"version": 2, "keys", "cuts" (quantile cut points, for people), "populations"}.
  std::string PopulationCutsJson() const;

  struct Impl;
  explicit Result(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

struct RunOptions {
  std::string as_of;                                        // "2025-06-30"; empty: the program's default, else an error
  std::vector<std::pair<std::string, std::string>> params;  // name -> value as text ("5000")
  std::vector<std::string> lets;                            // lets (or scores) to return as extra columns
  size_t threads = 1;                                       // results are identical for any value
  Engine engine = Engine::kAuto;
};

// ------------------------------------------------------------------ one customer in real time

// One customer always runs on the interpreter: compiling code for one row would cost more than it saves.
// Population-wide functions (quintile, ntile, percent_rank, cumulative_share) rank a customer
// against everyone else. With a batch's population (`population`, or `population_cuts_json`)
// the customer is evaluated as that batch would evaluate it with only this customer's record
// changed: a customer whose data did not change gets the batch's answer back, exactly (docs/API.md
// defines the rest). Without one, every output that needs a population value is missing and its
// CustomerResult::status says kNoPopulation.
struct CustomerOptions {
  std::string as_of;
  std::vector<std::pair<std::string, std::string>> params;
  std::string population_cuts_json;                      // Result::PopulationCutsJson(); may be empty
  std::string previous_json;                             // an earlier CustomerResult::json, may be empty
  std::shared_ptr<const PopulationSnapshot> population;  // Result::Population(); wins over the JSON
  std::vector<std::string> lets;                         // lets (or scores) to return as well, as RunOptions::lets
};

struct ScoreValue {
  std::string name;
  ValueType type = ValueType::kInt;
  bool valid = false;
  int64_t int_value = 0;  // as OutputColumn::Int
  double float_value = 0;
  std::string text;  // formatted as `seg run` writes it
};

// What changed since the previous result: kind is "bucket", "tag" or "score"; before and after
// are JSON values (null when missing, or when the previous result did not have the output).
struct Change {
  std::string kind;
  std::string name;
  std::string before;
  std::string after;
};

// Whether an output of a real-time evaluation could be computed: kNoPopulation when it depends
// on a population value of this customer that no batch population was given for (the output is
// then missing: no bucket, tag false, score missing), never a bucket computed without it.
enum class OutputStatus { kOk, kNoPopulation };

struct CustomerResult {
  std::string key;
  std::vector<std::pair<std::string, std::optional<std::string>>> buckets;  // classification -> label
  std::vector<std::pair<std::string, bool>> tags;
  std::vector<ScoreValue> scores;
  std::vector<ScoreValue> lets;                              // the lets asked for in CustomerOptions::lets
  std::vector<std::pair<std::string, OutputStatus>> status;  // every output above, by name
  std::vector<Change> changes;                               // empty without a previous result
  std::string json;                                          // all of the above as JSON (docs/API.md)
};

// ------------------------------------------------------------------ the program

class Program {
 public:
  struct Impl;
  explicit Program(std::shared_ptr<const Impl> impl);

  const std::vector<InputInfo>& inputs() const;
  const std::vector<ClassificationInfo>& classifications() const;
  std::vector<std::string> tags() const;
  std::vector<std::string> scores() const;
  std::vector<std::string> lets() const;
  std::vector<std::string> params() const;
  const std::vector<Diagnostic>& warnings() const;

  // Every customer of `inputs` (bound against this program).
  Status Run(const Inputs& inputs, const RunOptions& options, Result* out) const;

  // One customer from a JSON record:
  //   {"customer": {"id": "C1", "signup": "2024-01-03", ...},
  //    "events": {"orders": [{"ts": "2025-06-01T10:00:00Z", "amount": 19.99, ...}], "visits": []}}
  // Customer attributes and event fields follow the JSON Lines rules of `seg run` (a money
  // amount may be a number or a string; tags an array of strings). Events need no customer field.
  Status EvaluateCustomer(std::string_view record_json, const CustomerOptions& options, CustomerResult* out) const;

  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace v1
}  // namespace seg
