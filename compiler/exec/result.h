// What a run hands back, whichever engine evaluated it: result columns, each classification's
// buckets, population cut points, the first run-time error. The interpreter and the JIT fill the
// same RunResult through the execution layer (execute.h), which is what keeps their outputs
// byte-identical; the driver, the CLI and the API read it without knowing which engine ran.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/stage_time.h"
#include "compiler/lang/types.h"
#include "runtime/kernels/clv_models.h"
#include "runtime/kernels/population.h"
#include "runtime/no_fill_allocator.h"
#include "runtime/status.h"

namespace seg::exec {

// A column of results: int64 (bool, int, money, date, timestamp, duration, bucket index, text
// code) or double (float), with a validity byte per row. Text codes index `text`.
// The engines' buffers (exec::Buffer, and the persisted columns and bucket arrays in
// exec::FixedArray) are written in full before they are read (a batch by its node's operator, a
// persisted column by the stage's morsels), so they are not zero-filled (rt::NoFillAllocator).
// ResultColumn uses the same vectors so a persisted column is handed back by a move, not a copy
// (FixedArray::Release), as is a column a SQL server sent (rt::CellColumn::TakeInts).
template <typename T> using Values = rt::NoFillVector<T>;

// Bools kept for every customer, 64 to a word: row r is bit r % 64 of word r / 64.
inline size_t BitWords(size_t rows) { return (rows + 63) / 64; }
inline bool BitAt(const uint64_t* words, size_t row) { return (words[row >> 6] >> (row & 63)) & 1; }
// Whether a column of this type is kept as bits: the result's, the persisted and the JIT's
// spilled columns (every engine asks this one function, so they agree on the layout).
inline bool PackedAsBits(const lang::Type& type) { return type.Is(lang::TypeKind::kBool); }

// A bool column costs two bits a row: its value bit and its validity bit, in
// `bool_values` and `bool_valid`, and `ints` and `valid` stay empty. Every other type has a value
// and a validity byte a row. Read rows through Valid/Int/Holds, which know both layouts.
struct ResultColumn {
  lang::Type type;
  Values<int64_t> ints;
  Values<double> floats;
  Values<uint8_t> valid;
  Values<uint64_t> bool_values;   // bool: value bits (BitAt)
  Values<uint64_t> bool_valid;    // bool: validity bits
  size_t bool_rows = 0;           // bool: rows
  std::vector<std::string> text;  // text domain (codes -> strings) for text results

  bool packed() const { return PackedAsBits(type); }
  size_t size() const { return packed() ? bool_rows : valid.size(); }
  bool Valid(size_t row) const { return packed() ? BitAt(bool_valid.data(), row) : valid[row] != 0; }
  // The value as an int64: a bool is 0 or 1 (meaningful where Valid).
  int64_t Int(size_t row) const { return packed() ? BitAt(bool_values.data(), row) : ints[row]; }
  // Present and true (nonzero): a tag that holds.
  bool Holds(size_t row) const { return Valid(row) && Int(row) != 0; }
  // `rows` copies of one value.
  void Fill(size_t rows, bool is_valid, int64_t i, double f);
  // For code that fills `ints` and `valid` row by row (a SQL server's rows): a bool's bytes
  // become its bits.
  void PackBytes();
};

// What a population node ranked in a batch run: the ranked value of each customer (RankingUnit),
// in customer order; valid == 0 where the value was missing.
struct RankedColumn {
  Values<double> values;
  Values<uint8_t> valid;
};

// The fitted parameters a model-fit node predicts with (p_alive: BG/NBD; expected_spend:
// Gamma-Gamma; fitted_clv: both).
struct FittedModels {
  std::optional<rt::BgNbdParams> bg_nbd;
  std::optional<rt::GammaGammaParams> gamma_gamma;
};

// One fit over the population, as people read it and as a snapshot keeps it.
struct ModelFitRecord {
  std::string model;  // "BG/NBD" or "Gamma-Gamma"
  std::string unit;   // BG/NBD: the period unit of its parameters ("weeks" or "days")
  std::vector<std::pair<std::string, double>> parameters;  // r, alpha, a, b or p, q, gamma
  double log_likelihood = 0;
  size_t customers = 0;  // who took part (Gamma-Gamma: the repeat customers)
  int iterations = 0;
  std::vector<std::string> used_by;  // the lets, scores, tags or rules whose functions share it
  std::vector<int32_t> nodes;        // the model-fit nodes that predict with it
  std::string Describe() const;      // one line: "BG/NBD fit for let 'alive' (2357 customers, weeks): r = ..."
};

struct ExplainRecord {
  // For each node: its value for the customer, formatted ("missing" when missing).
  std::vector<std::string> values;
};

struct RunResult {
  rt::Status status;  // the first run-time error (overflow), naming the customer and the rule
  // Why the compiled engine offered for the run declined its stages, which the reference engine
  // then evaluated; ok when it ran them or none was offered.
  rt::Status fallback;
  std::vector<std::optional<ResultColumn>> nodes;   // indexed by node id; set for outputs and `keep`
  std::vector<Values<int32_t>> buckets;             // per classification: bucket index, -1 none
  std::vector<rt::BinCuts> cuts;                    // per node id: cut points of population nodes
  std::vector<std::optional<RankedColumn>> ranked;  // per node id, with RunOptions::keep_population
  std::optional<ExplainRecord> explain;
  // Each model fitted over the population, once however many functions use it (population_model_step.cc),
  // in the order fitted: for `seg run --verbose`, `seg report` and the population snapshot.
  std::vector<ModelFitRecord> model_fits;
  bool cancelled = false;  // stopped by RunOptions::cancel (`status` says so too)
  // Where the run's time went (`seg run --verbose`, bench/compile_time.sh): planning (constants,
  // text domains, what each stage keeps), preparing the engine (the JIT compiles then) and
  // evaluating the stages and population steps.
  struct Times {
    StageTime plan, prepare, evaluate;
  } times;
  bool ok() const { return status.ok(); }
};

// A result value as text, the way outputs print it (dates ISO, money minimal, floats shortest).
std::string FormatResult(const ResultColumn& column, size_t row);

}  // namespace seg::exec
