// The seam between seg's SQL lowering (lower_sql.h) and one SQL engine. The lowering decides WHAT
// to compute, node by node of the checked IR, with seg's semantics; a Dialect says HOW one engine
// spells each piece. Values travel in SQL in seg's own physical representation (exec::ResultColumn),
// so the lowering can mirror runtime/kernels/scalar_ops.h operation by operation and results are
// read back without conversion:
//   bool -> the engine's boolean; int -> 64-bit int; float -> IEEE double;
//   money -> 64-bit int in units of 1/10000 (seg's fixed point: exact, and an overflow is the
//            engine's 64-bit overflow error, as in seg); date -> int days since 1970-01-01;
//   timestamp, duration -> 64-bit int microseconds (UTC for timestamps); text, id -> text.
// Missing is NULL. The lowering makes every comparison, and/or/not and condition NULL-free
// itself (seg: a comparison with missing is false), so a dialect only spells expressions.
//
// What a dialect must provide (see dialect_postgres.cc for one):
//  - names and literals: Quote (identifiers), Text, Float (exact round trip), Int, Bool;
//  - reading input columns into seg's representation: money, date, timestamp, duration, and the
//    local calendar day of an event time in the program's time zone (windows compare it with day
//    numbers seg computes from as_of, emitted as literals);
//  - conditional aggregates over one grouped pass of an event input (FILTER vs -If), including
//    ordered ones (first/last and float sums must follow seg's event order: time, then the
//    values the program reads, missing first, text in byte order);
//  - text functions with seg's byte-exact semantics (runtime/kernels/functions.h), or refuse;
//  - the statement's shape: CTEs (WITH) or nested subqueries (engines without subquery CTEs),
//    and how customer keys sort (int keys numerically, text keys by unsigned bytes).
// Anything a dialect cannot do exactly it refuses by returning nullopt / false; the lowering then
// refuses the construct with diagnostic E0400 (not-expressible-in-sql), never a different answer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/lang/functions.h"
#include "compiler/lang/types.h"

namespace seg::sql {

// An aggregate over the events of one customer: which function and on what.
enum class SqlAgg : uint8_t {
  kCount,     // count of events where `filter` holds
  kSum,       // sum of `value` (64-bit int) added in `order`; fails where a running sum
              // leaves the 64-bit range, as seg's does (rt::ops::AddI); NULL for no rows
  kSumFloat,  // sum of a double in `order`, added one by one as seg does
  kMin,
  kMax,  // of `value` (text by unsigned bytes)
  kMinFloat,
  kMaxFloat,  // of a double as seg folds it in `order`: the first value, replaced by each later one
              // that is strictly smaller (larger) by C's <; so a leading NaN stays, a later NaN is
              // skipped, and of -0 and 0 the earlier wins
  kFirst,
  kLast,           // `value` of the first / last event in `order` (its value may be NULL)
  kCountDistinct,  // distinct non-NULL values of `value`
  kLongestRun,     // the most consecutive integers among the distinct `value`s (0 for none)
  kRunEndingAt,    // the consecutive integers among the distinct `value`s ending at `run_end` (0: none)
  kTimes,          // the `value`s (64-bit ints, none NULL) as an array, in any order (sequence steps)
};

struct AggregateCall {
  SqlAgg func = SqlAgg::kCount;
  std::string value;  // SQL expression over the event row, empty for kCount
  bool value_is_text = false;
  std::string filter;              // SQL boolean (never NULL), empty: every event
  std::vector<std::string> order;  // ORDER BY items, seg's event order (for kSumFloat, kFirst, kLast)
  std::string run_end;             // kRunEndingAt: the last day of the run
  // The pass's event rows as a SELECT (the same column names as the pass reads, seg_key
  // included), for a dialect that re-reads one customer's events in a correlated subquery where
  // that is rare (PostgreSQL's ordered overflow check of a sum); empty where there is none.
  std::string events;
  // kSum (both dialects): false, a plain sum that fails with kExactSumNeeded in its message where
  // the absolute values' sum may pass 2^63 (then the driver lowers again with
  // LowerOptions::exact_sums); true, the ordered check of every running total.
  bool exact_sum = false;
  // kSum, not exact_sum: where not empty, `value` is this raw money column (the table's numeric)
  // converted, which a dialect may sum as it is and convert once per customer where that is exact
  // (Dialect::ReadsRawEvents); else it fails with kExactSumNeeded.
  std::string raw_money;
  // With raw_money: the table column's type as the server names it (LowerOptions::column_types),
  // empty where unknown.
  std::string raw_money_type;
  // `value` is a table column that holds no NULL (Dialect::NeverNull of its server type): a
  // dialect may leave out its tests for NULL, which then only cost a test per event.
  bool value_never_null = false;
};

// The text of the error a fast sum fails with where seg must check running sums in order
// (AggregateCall::exact_sum); the driver then runs the statement again with the exact check.
inline constexpr const char* kExactSumNeeded = "seg_exact_sum_needed";

class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string_view Name() const = 0;  // "postgres", "clickhouse"

  // ---- names and literals
  virtual std::string Quote(std::string_view identifier) const = 0;
  virtual std::string Text(std::string_view value) const = 0;
  virtual std::string Float(double value) const = 0;  // exact: parses back to the same double
  virtual std::string Int(int64_t value) const = 0;
  virtual std::string Bool(bool value) const = 0;
  virtual std::string Null(lang::TypeKind type) const = 0;  // a typed NULL

  // ---- input columns into seg's representation (see the header comment)
  virtual std::string MoneyFromColumn(const std::string& column) const = 0;
  virtual std::string DateFromColumn(const std::string& column) const = 0;
  virtual std::string TimestampFromColumn(const std::string& column) const = 0;
  virtual std::string DurationFromColumn(const std::string& column) const = 0;
  // The calendar day (days since 1970-01-01) of an event time column in time zone `zone`; the
  // column is a date when `is_date`, else a timestamp with time zone.
  virtual std::string LocalDay(const std::string& column, bool is_date, const std::string& zone) const = 0;
  // The start of local day `day` (days since 1970-01-01) in `zone`, as UTC microseconds, and
  // the local day of UTC microseconds `micros`: date -> timestamp conversion, `within`, and the
  // date functions on timestamps.
  virtual std::string StartOfLocalDay(const std::string& day, const std::string& zone) const = 0;
  virtual std::string LocalDayOfMicros(const std::string& micros, const std::string& zone) const = 0;
  // Part "year", "quarter", "month", "day" or "isodow" (1 = Monday) of day number `day`, a 64-bit int.
  virtual std::string DayPart(std::string_view part, const std::string& day) const = 0;
  // Whether tags value `tags` (the engine's array of text) holds label `needle` (not NULL) as
  // seg's reader sees labels: each trimmed of spaces and tabs (and a trailing CR), empty ones dropped.
  virtual std::string TagsContain(const std::string& tags, const std::string& needle) const = 0;
  // Sorting a text value by unsigned bytes (for customer keys and event tie order).
  virtual std::string ByteOrder(const std::string& text) const = 0;

  // ---- aggregates over one customer's events
  virtual std::string Aggregate(const AggregateCall& call) const = 0;

  // ---- scalar operations whose spelling differs
  // Casts: a double to a 64-bit int (the value is integral; out of range is an error),
  // an int to a double.
  virtual std::string DoubleToInt64(const std::string& x) const = 0;
  virtual std::string ToDouble(const std::string& x) const = 0;
  // x rounded half away from zero (a double), as std::round.
  virtual std::string RoundHalfAway(const std::string& x) const = 0;
  // Text functions; nullopt where the engine cannot reproduce seg's result byte for byte.
  virtual std::optional<std::string> TextCall(std::string_view function,
                                              const std::vector<std::string>& args) const = 0;
  // An expression that fails the statement with `message` when evaluated; `depends_on` is a
  // non-constant expression of the row, so the engine cannot fold the failure at planning time.
  virtual std::string Fail(const std::string& message, const std::string& depends_on) const = 0;

  // Operations whose spelling or checking differs (PostgreSQL: the plain operators; an engine
  // whose 64-bit arithmetic wraps checks it here, and one that evaluates every CASE branch keeps
  // an unselected branch from failing).
  // Checked 64-bit int arithmetic: op is "+", "-", "*" or "neg" (b empty); overflow fails.
  virtual std::string IntArith(std::string_view op, const std::string& a, const std::string& b) const {
    if (op == "neg") return "(-" + a + ")";
    return "(" + a + " " + std::string(op) + " " + b + ")";
  }
  // The truncated remainder a % b of 64-bit ints; rows where b is 0 or -1 are discarded by the
  // caller's CASE (the value there may be anything, but must not fail).
  virtual std::string IntMod(const std::string& a, const std::string& b) const { return "(" + a + " % " + b + ")"; }
  virtual std::string IntAbs(const std::string& x) const { return "abs(" + x + ")"; }
  // floor(a / b) of 64-bit ints, b > 0.
  virtual std::string FloorDiv(const std::string& a, const std::string& b) const {
    return DoubleToInt64("floor(" + a + "::numeric / " + b + ")");
  }
  // A boolean as 0/1 and back; a double truncated toward zero to a 64-bit int.
  virtual std::string BoolToInt(const std::string& x) const { return "(" + x + ")::int"; }
  virtual std::string IntToBool(const std::string& x) const { return "(" + x + ")::boolean"; }
  virtual std::string TruncToInt64(const std::string& x) const { return "trunc(" + x + ")"; }
  // The label of bucket index `bucket` (0, 1, ...) among `labels`; NULL for NULL or no bucket.
  virtual std::string BucketLabel(const std::string& bucket, const std::vector<std::string>& labels) const {
    std::string cases;
    for (size_t k = 0; k < labels.size(); ++k)
      cases += " WHEN " + Int(static_cast<int64_t>(k)) + " THEN " + Text(labels[k]);
    return "CASE " + bucket + cases + " ELSE " + Null(lang::TypeKind::kText) + " END";
  }
  // Calendar arithmetic (lower_calendar.cc) in 64-bit ints:
  // `body`, in which the name `name` reads the value of `x`, computed once (a body may read the
  // names of the binds around it; `x` may not read `name`).
  virtual std::string Bind(const std::string& name, const std::string& x, const std::string& body) const = 0;
  // a / b truncated toward zero, b a positive constant.
  virtual std::string IntDiv(const std::string& a, const std::string& b) const { return "(" + a + " / " + b + ")"; }
  // `value`, except that the statement fails with `message` where `cond` is true (NULL: false).
  virtual std::string FailIf(const std::string& cond, const std::string& value, const std::string& message) const {
    return "CASE WHEN COALESCE(" + cond + ", false) THEN " + Fail(message, value) + " ELSE " + value + " END";
  }
  // The offset of time zone `zone` from UTC at UTC microseconds `micros` (local = UTC + offset),
  // in microseconds, as seg's rt::TimeZone has it (whole seconds).
  virtual std::string UtcOffsetMicros(const std::string& micros, const std::string& zone) const = 0;
  // `then` where `cond` holds, else `otherwise` (a NULL condition does not hold), as a CASE.
  virtual std::string IfElse(const std::string& cond, const std::string& then, const std::string& otherwise) const {
    return "CASE WHEN " + cond + " THEN " + then + " ELSE " + otherwise + " END";
  }
  // The first of `a` and `b` that is not NULL (seg's `??`).
  virtual std::string Coalesce(const std::string& a, const std::string& b) const {
    return "COALESCE(" + a + ", " + b + ")";
  }
  // The negation of a condition that is never NULL.
  virtual std::string Not(const std::string& cond) const { return "(NOT " + cond + ")"; }
  // least/greatest of two or more values of one type, none NULL.
  virtual std::string LeastOf(const std::vector<std::string>& args) const { return Call("least", args); }
  virtual std::string GreatestOf(const std::vector<std::string>& args) const { return Call("greatest", args); }

  // ---- statement shape
  // True: `WITH a AS (...), b AS (...) SELECT ...`; false: nest each stage as a subquery.
  virtual bool HasCtes() const = 0;
  // Written between `name AS` and `(` of each CTE: what makes the engine compute every column of
  // every row ("MATERIALIZED " in PostgreSQL), so an overflow fails the statement as it fails seg.
  virtual std::string Materialized() const = 0;
  // Written after the FROM of the subquery that reads an event table into seg's representation:
  // what keeps the engine from inlining its column expressions into every aggregate that reads
  // them ("OFFSET 0" in PostgreSQL, where the local day was otherwise computed once per filter).
  virtual std::string ComputeOnce() const { return ""; }
  // Whether a pass may read its table's columns as they are (Lowering::RawColumns decides where,
  // for both statement shapes): windows of constant days as a test of the time column itself
  // (LocalDaysBetween), min/max of a column converted after grouping, money sums converted once
  // per customer (AggregateCall::raw_money). In PostgreSQL's statement such a pass is not
  // computed once in a subquery (ComputeOnce, which keeps it off parallel workers).
  virtual bool ReadsRawEvents() const { return false; }
  // Whether a table column of server type `type` (LowerOptions::column_types; empty: unknown)
  // can hold no NULL, so that the statement need not test it for one.
  virtual bool NeverNull(const std::string& /*type*/) const { return false; }
  // Whether converting a column of `type` into seg's representation (and, for the time column,
  // its local day) can fail the statement for some value, as seg's reader fails on it (by
  // default: the types read by a conversion, ReadValue). Where it
  // can, a raw pass keeps every row's conversion checked: through each key's extremes
  // (AllComputed), or else by reading the column raw in money sums only, which check every value
  // themselves; a dialect without AllComputed must convert every column a pass reads for every
  // row of the table (ClickHouse computes a WITH alias over every row it reads).
  virtual bool ConversionCanFail(lang::TypeKind type) const {
    return type == lang::TypeKind::kMoney || type == lang::TypeKind::kDate || type == lang::TypeKind::kTimestamp ||
           type == lang::TypeKind::kDuration;
  }
  // One value computed from every one of `checks` (values that fail the statement where a row's
  // conversion fails), none skipped, and never folded before it reads the group; nullopt where
  // the dialect cannot write one (a raw pass then checks no extremes).
  virtual std::optional<std::string> AllComputed(const std::vector<std::string>& checks) const {
    (void)checks;
    return std::nullopt;
  }
  // A cheap condition on a raw column's value `raw` (of a money, date or timestamp column) under
  // which every conversion seg makes of it (into its representation, its local day in any zone)
  // succeeds, so that a check of the conversions (AllComputed) may skip them there; NULL or false
  // where it cannot vouch for the value. nullopt: none, the conversions are always computed.
  virtual std::optional<std::string> ConvertsSafely(lang::TypeKind type, const std::string& raw) const {
    (void)type, (void)raw;
    return std::nullopt;
  }
  // The events whose local day lies in [lo, hi] (day numbers) as a condition on the table's own
  // time column `raw` (a date when `is_date`, else a timestamp with time zone), never NULL, where
  // the dialect can write it: `fixed_offset_seconds` is the zone's offset where it never changes
  // (UTC, "+05:30"), nullopt for a named zone. nullopt: the lowering tests the local day.
  virtual std::optional<std::string> LocalDaysBetween(const std::string& raw, bool is_date, int32_t lo, int32_t hi,
                                                      std::optional<int32_t> fixed_offset_seconds) const {
    (void)raw, (void)is_date, (void)lo, (void)hi, (void)fixed_offset_seconds;
    return std::nullopt;
  }
  // Whether seg's quantile bins (rfm, qcut, qcut_rank, ntile) are computed inside the statement
  // (population_in_statement.cc: sorted arrays, window functions, IEEE double arithmetic that
  // reproduces the kernels'), so that `seg run --on` needs one statement, not two.
  virtual bool RanksQuantilesInStatement(lang::BinMethod method) const {
    (void)method;
    return false;
  }
  // The aggregate of double `x` over the rows where `valid` holds into an ascending array, and
  // its 1-based element `index` (a double holding a whole number).
  virtual std::string SortedArray(const std::string& x, const std::string& valid) const {
    return "NULL /* " + x + valid + " */";
  }
  virtual std::string ArrayAt(const std::string& array, const std::string& index) const {
    return array + "[" + index + "]";
  }
  // Whether a scalar subquery over unnest(array) may read the row it is computed for: sequences
  // of events (lower_sequence.cc) pair the times of one customer's step arrays so (SqlAgg::kTimes).
  virtual bool HasArraySubqueries() const { return false; }
  // An empty array of 64-bit ints (a step without events).
  virtual std::string EmptyTimes() const { return "ARRAY[]::bigint[]"; }
  // Whether `f() OVER (...)` works (percent_rank, cumulative_share are windows over every customer).
  // Without, seg computes them between two statements and sends each value's result back
  // (LookupFloat).
  virtual bool HasWindowFunctions() const { return true; }
  // The result for double `x` (never NULL or NaN) from a table of seg's: `keys` distinct values
  // (-0 and 0 one key), `results[k]` for keys[k] (nullopt: NULL). x is always one of the keys.
  virtual std::string LookupFloat(const std::string& x, const std::vector<double>& keys,
                                  const std::vector<std::optional<double>>& results) const {
    std::string cases;
    for (size_t k = 0; k < keys.size(); ++k) {
      cases += " WHEN " + x + " = " + Float(keys[k]) + " THEN " +
               (results[k] ? Float(*results[k]) : Null(lang::TypeKind::kFloat));
    }
    return cases.empty() ? Null(lang::TypeKind::kFloat)
                         : "CASE" + cases + " ELSE " + Null(lang::TypeKind::kFloat) + " END";
  }

 protected:
  static std::string Call(std::string_view function, const std::vector<std::string>& args) {
    std::string list;
    for (const std::string& a : args) list += (list.empty() ? "" : ", ") + a;
    return std::string(function) + "(" + list + ")";
  }
};

// The dialect called `name` ("postgres", "clickhouse"); null when there is none. Each dialect's
// file registers itself here (dialect.cc).
const Dialect* DialectNamed(std::string_view name);

}  // namespace seg::sql
