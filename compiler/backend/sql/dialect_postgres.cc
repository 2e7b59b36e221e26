// The PostgreSQL 15 spelling of seg's SQL (dialect.h says what each piece means).
#include "compiler/backend/sql/dialect_postgres.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "runtime/civil_time.h"

namespace seg::sql {

namespace {

// seg's fixed offsets ("+05:30": ISO 8601, east of UTC positive) as an interval, which PostgreSQL
// reads the ISO way; as text it would read "+05:30" as a POSIX zone, west positive. Names go to
// the server's IANA database, as seg's go to the system's.
std::string ZoneSql(const std::string& zone, const std::string& text_literal) {
  bool fixed = zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':';
  return fixed ? "INTERVAL '" + zone + "'" : text_literal;
}

// Day number `day` as a date literal's text "YYYY-MM-DD", where its year is 1 to 9999.
std::optional<std::string> DateText(int64_t day) {
  rt::CivilDate c = rt::CivilFromDays(day);
  if (c.year < 1 || c.year > 9999) return std::nullopt;
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", static_cast<int>(c.year), c.month, c.day);
  return std::string(buffer);
}

class Postgres final : public Dialect {
 public:
  std::string_view Name() const override { return "postgres"; }

  std::string Quote(std::string_view identifier) const override {
    std::string out = "\"";
    for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }
  std::string Text(std::string_view value) const override {
    std::string out = "'";
    for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'::text";
  }
  std::string Float(double value) const override {
    if (std::isnan(value)) return "'NaN'::float8";
    if (std::isinf(value)) return value > 0 ? "'Infinity'::float8" : "'-Infinity'::float8";
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);  // shortest round trip
    return "'" + std::string(buffer, end) + "'::float8";
  }
  std::string Int(int64_t value) const override {
    // INT64_MIN has no positive literal; every other value reads as written.
    if (value == INT64_MIN) return "(-9223372036854775807::bigint - 1)";
    return value < 0 ? "(" + std::to_string(value) + "::bigint)" : std::to_string(value) + "::bigint";
  }
  std::string Bool(bool value) const override { return value ? "true" : "false"; }
  std::string Null(lang::TypeKind type) const override {
    switch (type) {
      case lang::TypeKind::kBool: return "NULL::boolean";
      case lang::TypeKind::kFloat: return "NULL::float8";
      case lang::TypeKind::kText:
      case lang::TypeKind::kId: return "NULL::text";
      case lang::TypeKind::kTags: return "NULL::text[]";
      default: return "NULL::bigint";
    }
  }

  std::string MoneyFromColumn(const std::string& column) const override {
    // numeric is exact. More than 4 decimals round as seg's reader rounds them (runtime/money.cc):
    // half to even on the fifth decimal, later non-zero digits breaking a tie. round(numeric)
    // rounds half away from zero, so an exact tie (x * 10000 ending in .5, never a value with
    // later digits) takes 2 * round(x * 5000), which has no tie and lands on the even neighbour.
    // A value of at most 4 decimals (the usual case, and every integer) only takes the first
    // branch: scale() reads the numeric's header. An integer column becomes numeric first (its
    // product by 10000 could leave its own type); a numeric column's ::numeric costs nothing.
    const std::string x = "(" + column + ")::numeric";
    return "CASE WHEN scale(" + x + ") <= 4 THEN (" + x + " * 10000)::bigint WHEN abs(" + x + " * 10000 - trunc(" + x +
           " * 10000)) = 0.5 THEN (2 * round(" + x + " * 5000))::bigint ELSE round(" + x + " * 10000)::bigint END";
  }
  std::string DateFromColumn(const std::string& column) const override {
    return "(" + column + " - DATE '1970-01-01')::bigint";
  }
  std::string TimestampFromColumn(const std::string& column) const override {
    return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
  }
  std::string DurationFromColumn(const std::string& column) const override {
    return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
  }
  std::string LocalDay(const std::string& column, bool is_date, const std::string& zone) const override {
    if (is_date) return DateFromColumn(column);
    return "((" + column + " AT TIME ZONE " + ZoneSql(zone, Text(zone)) + ")::date - DATE '1970-01-01')::bigint";
  }
  std::optional<std::string> LocalDaysBetween(const std::string& raw, bool is_date, int32_t lo, int32_t hi,
                                              std::optional<int32_t> fixed_offset_seconds) const override {
    if (lo > hi) return "false";
    // A timestamp's local day in a zone of one offset only grows with the instant: the days
    // [lo, hi] are the instants from the start of day lo to before the start of day hi + 1,
    // literals the server reads once ("2025-06-30 00:00:00+05:30" is that local midnight).
    // A named zone may set its clocks back across midnight (America/St_Johns did at 00:01), so
    // there the local day is tested.
    std::string offset;
    if (!is_date) {
      if (!fixed_offset_seconds) return std::nullopt;
      int32_t minutes = *fixed_offset_seconds / 60;
      if (minutes * 60 != *fixed_offset_seconds) return std::nullopt;
      char buffer[16];
      std::snprintf(buffer, sizeof(buffer), "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                    std::abs(minutes) % 60);
      offset = buffer;
    }
    auto start_of = [&](int64_t day) -> std::optional<std::string> {
      std::optional<std::string> date = DateText(day);
      if (!date) return std::nullopt;
      return is_date ? "DATE '" + *date + "'" : "'" + *date + " 00:00:00" + offset + "'::timestamptz";
    };
    std::vector<std::string> tests;
    if (lo != INT32_MIN) {  // INT32_MIN: no lower bound (every day up to hi)
      std::optional<std::string> from = start_of(lo);
      if (!from) return std::nullopt;
      tests.push_back(raw + " >= " + *from);
    }
    std::optional<std::string> to = start_of(int64_t{hi} + 1);
    if (!to) return std::nullopt;
    tests.push_back(raw + " < " + *to);
    std::string all;
    for (const std::string& t : tests) all += (all.empty() ? "" : " AND ") + t;
    return "COALESCE(" + all + ", false)";
  }
  std::optional<std::string> ConvertsSafely(lang::TypeKind type, const std::string& raw) const override {
    // Money: |x| * 10000, rounded, stays far inside 64 bits. Dates and instants of the years 1000
    // to 9000: days and microseconds since 1970 fit, and so does the local day in any zone. Out
    // of these ranges (or NaN, infinity) the conversions are computed and fail where seg's do.
    switch (type) {
      case lang::TypeKind::kMoney: return "(" + raw + ")::numeric BETWEEN -922337203685477 AND 922337203685477";
      case lang::TypeKind::kDate: return "(" + raw + ") BETWEEN DATE '1000-01-01' AND DATE '9000-01-01'";
      case lang::TypeKind::kTimestamp:
        return "(" + raw + ") BETWEEN '1000-01-01 00:00:00+00'::timestamptz AND '9000-01-01 00:00:00+00'::timestamptz";
      default: return std::nullopt;
    }
  }
  std::string StartOfLocalDay(const std::string& day, const std::string& zone) const override {
    return TimestampFromColumn("((DATE '1970-01-01' + (" + day + ")::int)::timestamp AT TIME ZONE " +
                               ZoneSql(zone, Text(zone)) + ")");
  }
  std::string LocalDayOfMicros(const std::string& micros, const std::string& zone) const override {
    return LocalDay("('epoch'::timestamptz + (" + micros + ") * interval '1 microsecond')", false, zone);
  }
  std::string DayPart(std::string_view part, const std::string& day) const override {
    return "extract(" + std::string(part) + " FROM DATE '1970-01-01' + (" + day + ")::int)::bigint";
  }
  std::string TagsContain(const std::string& tags, const std::string& needle) const override {
    return "EXISTS (SELECT 1 FROM unnest(" + tags +
           ") AS t(label) WHERE rtrim(ltrim(label, E' \\t'), E' \\t\\r') = " + needle + " AND " + needle + " <> '')";
  }
  std::string ByteOrder(const std::string& text) const override { return "(" + text + ") COLLATE \"C\""; }

  std::string Aggregate(const AggregateCall& call) const override {
    std::string filter = call.filter.empty() ? "" : " FILTER (WHERE " + call.filter + ")";
    auto ordered = [&](bool descending) {
      std::string order;
      for (const std::string& item : call.order) {
        order += (order.empty() ? "" : ", ") + item + (descending ? " DESC NULLS LAST" : " ASC NULLS FIRST");
      }
      return order.empty() ? "" : " ORDER BY " + order;
    };
    std::string value = call.value_is_text ? ByteOrder(call.value) : call.value;
    switch (call.func) {
      case SqlAgg::kCount: return "count(*)" + filter;
      case SqlAgg::kSum: {
        // Exact in numeric. No running sum can leave the range when the absolute values' sum
        // fits (the usual case, one pass). Otherwise (exact_sum false) the row fails on purpose
        // with kExactSumNeeded and the driver runs the statement again with the ordered check:
        // a correlated subquery in the pass, even one never run, is costed as a scan of the events
        // per customer, which turns on the JIT's optimisation (a second per statement) and keeps
        // the pass from running in parallel workers.
        std::string total = "sum(" + call.value + ")" + filter;
        std::string absolute = "COALESCE(sum(abs((" + call.value + ")::float8))" + filter + ", 0)";
        if (!call.exact_sum && !call.raw_money.empty()) {
          // The numeric column summed as it is, converted once: where no value of the customer
          // has more than 4 decimals, each converts to exactly 10000 times itself, so the sum
          // does too; and no running total in any order passes the count times the largest
          // magnitude. Otherwise the exact statement decides (values rounded one by one, the
          // running totals checked in seg's order).
          const std::string& r = call.raw_money;
          std::string exact = "COALESCE(max(scale(" + r + ")), 0) <= 4 AND COALESCE(count(" + r + ")" + filter +
                              " * greatest(abs(max(" + r + ")), abs(min(" + r +
                              "))), 0) * 10000 <= " + "9223372036854775807::numeric";
          return "CASE WHEN " + exact + " THEN (sum(" + r + ")" + filter + " * 10000)::bigint ELSE " +
                 Fail(kExactSumNeeded, "count(*)") + " END";
        }
        if (!call.exact_sum) {
          return "CASE WHEN " + absolute + " <= '9e18'::float8 THEN (" + total + ")::bigint ELSE " +
                 Fail(kExactSumNeeded, absolute) + " END";
        }
        // The ordered check re-reads the customer's events in a correlated subquery, which
        // PostgreSQL runs only for the rows that reach it (an aggregate such as array_agg(...
        // ORDER BY ...) in the CASE would be computed, sorted, for every customer).
        std::string events = call.events.empty() ? "" : call.events;
        std::string running_sums =
            events.empty()
                ? "SELECT sum(x::numeric) OVER (ORDER BY o ROWS UNBOUNDED PRECEDING) AS rs FROM unnest(array_agg(" +
                      call.value + ordered(false) + ")" + filter + ") WITH ORDINALITY AS u(x, o)"
                : "SELECT sum((" + call.value + ")::numeric) OVER (" + ordered(false).substr(1) +
                      " ROWS UNBOUNDED PRECEDING) AS rs FROM (" + events + ") e2 WHERE e2.seg_key = e.seg_key" +
                      (call.filter.empty() ? "" : " AND " + call.filter) + " AND (" + call.value + ") IS NOT NULL";
        std::string running = "(SELECT CASE WHEN bool_or(rs < -9223372036854775808 OR rs > 9223372036854775807) THEN " +
                              Fail("seg: a total too large for 64 bits; a running sum reached", "max(abs(rs))") +
                              " ELSE (" + total + ")::bigint END FROM (" + running_sums + ") q)";
        // The fast path's test in float8 (numeric sums are slow): a sum of absolute values at
        // most 9e18 in doubles is below 2^63 - 1 exactly too (the rounding is far smaller than
        // the margin); above, the exact check decides.
        return "CASE WHEN " + absolute + " <= '9e18'::float8 THEN (" + total + ")::bigint ELSE " + running + " END";
      }
      case SqlAgg::kSumFloat: return "sum(" + call.value + ordered(false) + ")" + filter;
      case SqlAgg::kMin: return "min(" + value + ")" + filter;
      case SqlAgg::kMax: return "max(" + value + ")" + filter;
      case SqlAgg::kMinFloat:
      case SqlAgg::kMaxFloat: {
        // seg's fold: a leading NaN stays (nothing compares below it); otherwise the first value
        // in event order equal to the extreme of the others (NaN = NaN and NaN above all in
        // PostgreSQL's own order, so NaN is left out of min/max by hand; -0 = 0).
        std::string nan = Float(NAN);
        std::string extreme = call.func == SqlAgg::kMinFloat ? "min" : "max";
        return "(SELECT CASE WHEN a[1] = " + nan +
               " THEN a[1] ELSE (SELECT x FROM unnest(a) WITH ORDINALITY AS u(x, o) "
               "WHERE x = (SELECT " +
               extreme + "(y) FROM unnest(a) AS w(y) WHERE y <> " + nan +
               ") ORDER BY o LIMIT 1) END FROM (SELECT array_agg(" + call.value + ordered(false) + ")" + filter +
               " AS a) s)";
      }
      case SqlAgg::kFirst: return "(array_agg(" + call.value + ordered(false) + ")" + filter + ")[1]";
      case SqlAgg::kLast: return "(array_agg(" + call.value + ordered(true) + ")" + filter + ")[1]";
      case SqlAgg::kCountDistinct: return "count(DISTINCT " + call.value + ")" + filter;
      case SqlAgg::kTimes: return "array_agg(" + call.value + ")" + filter;
      case SqlAgg::kLongestRun:  // gaps and islands: d - row number is constant along a run
        return "(SELECT COALESCE(max(n), 0) FROM (SELECT count(*) AS n FROM (SELECT d - row_number() OVER (ORDER BY d) "
               "AS g "
               "FROM unnest(array_agg(DISTINCT " +
               call.value + ")" + filter + ") AS u(d)) q GROUP BY g) r)";
      case SqlAgg::kRunEndingAt:  // descending from the end, the run is the rows where d = end - (i - 1)
        return "(SELECT count(*) FROM (SELECT d, row_number() OVER (ORDER BY d DESC) AS i FROM "
               "unnest(array_agg(DISTINCT " +
               call.value + ")" + filter + ") AS u(d) WHERE d <= (" + call.run_end + ")) q WHERE d = (" + call.run_end +
               ") - (i - 1))";
    }
    return "NULL";
  }

  std::string DoubleToInt64(const std::string& x) const override { return "(" + x + ")::bigint"; }
  std::string ToDouble(const std::string& x) const override { return "(" + x + ")::float8"; }
  std::string RoundHalfAway(const std::string& x) const override {
    // round() on float8 rounds halves to even; x - trunc(x) is exact, so this is std::round.
    return "(SELECT trunc(v) + CASE WHEN abs(v - trunc(v)) >= 0.5 THEN sign(v) ELSE 0 END FROM (SELECT (" + x +
           ")::float8 AS v) r)";
  }
  std::optional<std::string> TextCall(std::string_view function, const std::vector<std::string>& args) const override {
    static const std::string kUpper = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'", kLower = "'abcdefghijklmnopqrstuvwxyz'";
    if (function == "lower") return "translate(" + args[0] + ", " + kUpper + ", " + kLower + ")";  // ASCII only, as seg
    if (function == "upper") return "translate(" + args[0] + ", " + kLower + ", " + kUpper + ")";
    if (function == "length") return "char_length(" + args[0] + ")::bigint";
    if (function == "concat") return "(" + args[0] + " || " + args[1] + ")";  // text, NULL with a NULL side
    if (function == "contains") return "(strpos(" + args[0] + ", " + args[1] + ") > 0)";
    if (function == "starts_with") return "starts_with(" + args[0] + ", " + args[1] + ")";
    if (function == "ends_with") return "(right(" + args[0] + ", char_length(" + args[1] + ")) = " + args[1] + ")";
    if (function == "like") {  // seg: % any run of bytes, _ one byte, no escape character
      return "(convert_to(" + args[0] + ", 'UTF8') LIKE convert_to(" + args[1] + ", 'UTF8') ESCAPE ''::bytea)";
    }
    return std::nullopt;
  }
  std::string Fail(const std::string& message, const std::string& depends_on) const override {
    // A cast of text that is not a number fails with the text in the server's message.
    return "(" + Text(message + " ") + " || (" + depends_on + ")::text)::bigint";
  }

  std::string Bind(const std::string& name, const std::string& x, const std::string& body) const override {
    // OFFSET 0 keeps the planner from pulling the subquery up, which would write x into the
    // body at each use of the name: nested binds would grow exponentially.
    return "(SELECT " + body + " FROM (SELECT " + x + " AS " + name + " OFFSET 0) AS " + name + "_)";
  }
  std::string UtcOffsetMicros(const std::string& micros, const std::string& zone) const override {
    // At the whole second (offsets change on whole seconds): to_timestamp of an integral second
    // is exact for 18,000 years either side of 1970, where microseconds through a float8 are
    // exact for 285 only.
    std::string seconds = FloorDiv(micros, "1000000");
    return Bind("seg_s", seconds,
                "((extract(epoch FROM (to_timestamp(seg_s) AT TIME ZONE " + ZoneSql(zone, Text(zone)) +
                    ")))::bigint - seg_s) * 1000000::bigint");
  }

  bool HasCtes() const override { return true; }
  bool RanksQuantilesInStatement(lang::BinMethod) const override { return true; }
  std::string SortedArray(const std::string& x, const std::string& valid) const override {
    return "array_agg(" + x + " ORDER BY " + x + ") FILTER (WHERE " + valid + ")";
  }
  std::string ArrayAt(const std::string& array, const std::string& index) const override {
    return "(" + array + ")[(" + index + ")::bigint]";
  }
  bool HasArraySubqueries() const override { return true; }
  std::string Materialized() const override { return "MATERIALIZED "; }
  std::string ComputeOnce() const override { return " OFFSET 0"; }
  bool ReadsRawEvents() const override { return true; }
  std::optional<std::string> AllComputed(const std::vector<std::string>& checks) const override {
    // num_nulls computes every argument (no short cut) and is not folded: they read the group.
    std::string list;
    for (const std::string& c : checks) list += (list.empty() ? "" : ", ") + c;
    return "num_nulls(" + list + ")";
  }
};

}  // namespace

const Dialect& PostgresDialect() {
  static const Postgres dialect;
  return dialect;
}

}  // namespace seg::sql
