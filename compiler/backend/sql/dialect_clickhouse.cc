// The ClickHouse spelling of seg's SQL (dialect.h says what each piece means). Written for the
// oldest release seg supports, 18.16 (Debian's), using only what later releases keep:
//  - no boolean literals: conditions are UInt8 1/0;
//  - integer literals are typed by size (1 is UInt8): every int is spelled toInt64(...);
//  - Int64 arithmetic wraps silently: +, -, *, unary - run in Decimal128 and come back through
//    toInt64, which fails with "Decimal convert overflow" where seg fails with an overflow;
//  - CASE/if evaluate every branch on every row, so a division, remainder or conversion in a
//    branch that a row does not take must not fail there (guarded divisors, range checks that
//    look at the value only);
//  - an aggregate over no rows gives the type's default (0), not NULL, unless it counts first.
#include "compiler/backend/sql/dialect_clickhouse.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <regex>
#include <utility>

#include "runtime/time_zone.h"

namespace seg::sql {

namespace {

std::string Hex(const void* data, size_t size) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

// The text of a string literal that Text() wrote ('...' with backslash escapes), or nullopt.
std::optional<std::string> LiteralText(const std::string& sql) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < sql.size(); ++i) {
    if (sql[i] == '\\') {
      ++i;
      if (i + 1 >= sql.size()) return std::nullopt;
    } else if (sql[i] == '\'') {
      return std::nullopt;
    }
    out += sql[i];
  }
  return out;
}

class ClickHouse final : public Dialect {
 public:
  std::string_view Name() const override { return "clickhouse"; }

  std::string Quote(std::string_view identifier) const override { return Escaped(identifier, '`'); }
  std::string Text(std::string_view value) const override { return Escaped(value, '\''); }
  std::string Float(double value) const override {
    // Integral values read exactly as integers; any other double goes as its 8 bytes, since
    // 18.16's text-to-float parsing is not correctly rounded for every input.
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 9007199254740992.0 &&
        !(value == 0 && std::signbit(value))) {
      return "toFloat64(" + std::to_string(static_cast<int64_t>(value)) + ")";
    }
    return "reinterpretAsFloat64(unhex('" + Hex(&value, sizeof(value)) + "'))";
  }
  std::string Int(int64_t value) const override { return "toInt64(" + std::to_string(value) + ")"; }
  std::string Bool(bool value) const override { return value ? "1" : "0"; }
  std::string Null(lang::TypeKind type) const override {
    switch (type) {
      case lang::TypeKind::kBool: return "CAST(NULL AS Nullable(UInt8))";
      case lang::TypeKind::kFloat: return "CAST(NULL AS Nullable(Float64))";
      case lang::TypeKind::kText:
      case lang::TypeKind::kId:
      case lang::TypeKind::kTags: return "CAST(NULL AS Nullable(String))";
      default: return "CAST(NULL AS Nullable(Int64))";
    }
  }

  // Tables in seg's layout (rt::ch::SegColumnType): money Decimal(38, 4) (any Decimal of at most
  // 4 decimals, or an integer type, reads the same way), dates Int32 days or Date, times and
  // durations Int64 microseconds.
  // A Decimal of more than 4 decimals rounds as seg's readers do (runtime/money.cc): half to even
  // on the fifth decimal, later digits breaking a tie. toDecimal128(x, 4) truncates toward zero,
  // so the rest, in units of half a money unit, decides: past 1 away from zero, exactly 1 to the
  // even neighbour. All of it in Decimal, exact; 18.16's if() takes no Nullable(Decimal), hence
  // assumeNotNull (the value stored under a NULL, which the NULL result hides).
  std::string MoneyFromColumn(const std::string& column) const override {
    std::string x = "assumeNotNull(" + column + ")";
    std::string truncated = "toDecimal128(" + x + ", 4)";
    std::string halves = "((" + x + " - " + truncated + ") * 20000)";
    std::string away = halves + " > 1 OR " + halves + " < -1 OR ((" + halves + " = 1 OR " + halves +
                       " = -1) AND toInt64(" + truncated + " * 10000) % 2 != 0)";
    return "toInt64(toDecimal128(" + column + ", 4) * 10000 + if(" + away + ", if(" + x + " > 0, 1, -1), 0))";
  }
  std::string DateFromColumn(const std::string& column) const override { return "toInt64(" + column + ")"; }
  std::string TimestampFromColumn(const std::string& column) const override { return "toInt64(" + column + ")"; }
  std::string DurationFromColumn(const std::string& column) const override { return "toInt64(" + column + ")"; }
  std::string LocalDay(const std::string& column, bool is_date, const std::string& zone) const override {
    if (is_date) return DateFromColumn(column);
    return LocalDayOfMicros(column, zone);
  }
  std::string StartOfLocalDay(const std::string& day, const std::string& zone) const override {
    if (std::optional<int64_t> offset = FixedOffsetMicros(zone)) {
      return IntArith("-", IntArith("*", day, "86400000000"), Int(*offset));
    }
    return "(toInt64(toDateTime(" + DateOf(day) + ", " + Text(zone) + ")) * toInt64(1000000))";
  }
  std::string LocalDayOfMicros(const std::string& micros, const std::string& zone) const override {
    if (std::optional<int64_t> offset = FixedOffsetMicros(zone)) {
      // UTC or a fixed offset: plain arithmetic, exact for every time seg holds.
      std::string local = "toInt64(" + micros + ")";
      if (*offset != 0) local = "(" + local + " + " + Int(*offset) + ")";
      return Once(local, [](const std::string& v) {
        return "(intDiv(" + v + ", toInt64(86400000000)) - if(modulo(" + v + ", toInt64(86400000000)) < 0, 1, 0))";
      });
    }
    // DateTime holds 1970..2105 only: a time outside fails the statement (throwIf) rather than
    // landing on a wrong day. (The runner turns code 395 into a message saying so.)
    return Let(micros,
               "toInt64(toDate(toDateTime(intDiv(v, 1000000) + throwIf(ifNull(v < 0 OR v >= 4102444800000000, 0))), " +
                   Text(zone) + "))");
  }
  std::string DayPart(std::string_view part, const std::string& day) const override {
    std::string date = DateOf(day);
    if (part == "year") return "toInt64(toYear(" + date + "))";
    if (part == "month") return "toInt64(toMonth(" + date + "))";
    if (part == "day") return "toInt64(toDayOfMonth(" + date + "))";
    if (part == "quarter") return "toInt64(toQuarter(" + date + "))";
    return "toInt64(toDayOfWeek(" + date + "))";  // isodow: 1 = Monday
  }
  std::string ByteOrder(const std::string& text) const override { return text; }  // String compares bytes
  // A type without Nullable anywhere in it (not even LowCardinality(Nullable(String))).
  bool NeverNull(const std::string& type) const override {
    return !type.empty() && type.find("Nullable") == std::string::npos;
  }

  std::string Aggregate(const AggregateCall& call) const override {
    std::string filter = call.filter.empty() ? "1" : "ifNull(" + call.filter + ", 0)";
    auto ordered_pick = [&](const std::string& index) {
      std::string key;
      for (const std::string& item : call.order) {
        // missing first: (0, default) sorts before (1, value)
        key += (key.empty() ? "" : ", ") + ("isNotNull(" + item + "), assumeNotNull(" + item + ")");
      }
      std::string events = "arraySort(t -> t.1, groupArrayIf(tuple(tuple(" + key + "), " + call.value + "), " + filter +
                           "))";
      // No events: NULL (arrayElement of an empty array would give the type's default).
      return Let(events, "if(empty(v), NULL, arrayElement(v, " + index + ").2)");
    };
    // The present values the filter keeps, in seg's event order.
    auto in_order = [&] {
      std::string key;
      for (const std::string& item : call.order) {
        key += (key.empty() ? "" : ", ") + ("isNotNull(" + item + "), assumeNotNull(" + item + ")");
      }
      return "arrayMap(t -> t.2, arraySort(t -> t.1, groupArrayIf(tuple(tuple(" + key + "), assumeNotNull(" +
             call.value + ")), " + filter + " AND isNotNull(" + call.value + "))))";
    };
    switch (call.func) {
      case SqlAgg::kCount: return "toInt64(countIf(" + filter + "))";
      case SqlAgg::kSum: {
        if (!call.exact_sum && !call.raw_money.empty()) return RawMoneySum(call.raw_money, call.raw_money_type, filter);
        // seg adds in event order and fails where a running sum leaves int64, even when the total
        // fits again (eval_aggregate.cc). No running sum can when the absolute values' sum stays
        // below 2^63 (9e18 in doubles leaves a margin far above their rounding): then a plain
        // sumIf. Otherwise the row fails on purpose (kExactSumNeeded, a text that is no number)
        // and the driver runs the statement again with the ordered check, which ClickHouse
        // would otherwise compute for every customer (it evaluates both branches of an if).
        if (!call.exact_sum) {
          std::string present = filter + " AND isNotNull(" + call.value + ")";
          return "(toInt64(sumIf(" + call.value + ", " + present + ")) + toInt64(if(sumIf(abs(toFloat64(" + call.value +
                 ")), " + present + ") <= 9e18, '0', '" + kExactSumNeeded + "')))";
        }
        // The ordered check: 18.16's arrayCumSum wraps (and takes no Decimal): the first
        // overflow is a step whose addend and previous sum (t - a, exact in wrapping arithmetic)
        // share a sign the new sum lacks.
        std::string values = in_order();
        return "arrayElement(arrayMap((x, s) -> toInt64(if(empty(s), toInt64(0), arrayElement(s, -1)) + "
               "throwIf(arrayExists((a, t) -> ((a >= 0) = ((t - a) >= 0)) AND ((t >= 0) <> (a >= 0)), x, s))), [" +
               values + "], [arrayCumSum(" + values + ")]), 1)";
      }
      case SqlAgg::kSumFloat:
        // arraySum adds left to right from 0, as seg does, after the events are put in seg's order.
        return "arraySum(" + in_order() + ")";
      case SqlAgg::kMin:
      case SqlAgg::kMax: {
        // Where the column holds no NULL, the count is the same aggregate as a count of the
        // events the filter keeps, which ClickHouse then computes once.
        std::string present = call.value_never_null ? filter : filter + " AND isNotNull(" + call.value + ")";
        std::string f = call.func == SqlAgg::kMin ? "minIf(" : "maxIf(";
        return "if(countIf(" + present + ") = 0, NULL, " + f + call.value + ", " + present + "))";
      }
      case SqlAgg::kFirst: return ordered_pick("1");
      case SqlAgg::kLast: return ordered_pick("-1");
      case SqlAgg::kCountDistinct:
        return "toInt64(ifNull(uniqExactIf(" + call.value + ", " + filter + " AND isNotNull(" + call.value + ")), 0))";
      case SqlAgg::kMinFloat:
      case SqlAgg::kMaxFloat: {
        // seg's fold over the values in event order: a leading NaN stays; otherwise the first
        // value equal (=, so -0 = 0) to the extreme of the values that are not NaN.
        std::string extreme = call.func == SqlAgg::kMinFloat ? "'min'" : "'max'";
        return Let(in_order(),
                   "if(empty(v), NULL, if(isNaN(v[1]), v[1], arrayElement(arrayMap(m -> arrayFirst(x -> x = m, v), "
                   "[arrayReduce(" +
                       extreme + ", arrayFilter(y -> NOT isNaN(y), v))]), 1)))");
      }
      case SqlAgg::kTimes: return "groupArrayIf(" + call.value + ", " + filter + ")";
      case SqlAgg::kLongestRun:
      case SqlAgg::kRunEndingAt: {
        // Gaps and islands without window functions: over the distinct days sorted, day - index
        // is constant along a run of consecutive days, so a run is a group of equal differences
        // (adjacent, as the differences never fall) and arrayEnumerateUniq counts within it.
        std::string days = "arraySort(groupUniqArrayIf(assumeNotNull(" + call.value + "), " + filter +
                           " AND isNotNull(" + call.value + ")))";
        if (call.func == SqlAgg::kLongestRun) {
          return Let(days,
                     "if(empty(v), toInt64(0), toInt64(arrayReduce('max', arrayEnumerateUniq(arrayMap((d, i) -> "
                     "toInt64(d) - toInt64(i), v, arrayEnumerate(v))))))");
        }
        // The run ending at run_end: the days up to it, from the last back, that are run_end,
        // run_end - 1, ... (a later day, in the period after run_end, must not shift the count).
        return Let("arrayFilter(d -> toInt64(d) <= toInt64(" + call.run_end + "), " + days + ")",
                   "toInt64(arrayCount((d, i) -> toInt64(d) = toInt64(" + call.run_end +
                       ") - (toInt64(length(v)) - toInt64(i)), v, arrayEnumerate(v)))");
      }
    }
    return "NULL";
  }

  // No AllComputed: a raw pass reads money columns raw in sums only (Lowering::RawColumns).
  bool ReadsRawEvents() const override { return true; }
  // Money rounds into Int64 (too large a value fails); dates, times and durations are Int32 and
  // Int64 already (toInt64 never fails), and a local day in a zone with rules, which fails
  // outside 1970..2105, is computed for every row that is read (seg_day).
  bool ConversionCanFail(lang::TypeKind type) const override { return type == lang::TypeKind::kMoney; }
  std::optional<std::string> LocalDaysBetween(const std::string& raw, bool is_date, int32_t lo, int32_t hi,
                                              std::optional<int32_t> fixed_offset_seconds) const override {
    // The days [lo, hi] as a range of the column itself, with no local day computed per event:
    // a date column holds day numbers (Int32, or Date whose toInt64 is one); a timestamp's local
    // day in a zone of one offset only grows with the instant, so the days are the microseconds
    // from the start of day lo to before the start of day hi + 1 (as LocalDayOfMicros floors
    // them). A bound past 64 bits is no bound. A named zone tests the local day (nullopt).
    if (lo > hi) return "0";
    if (!is_date && !fixed_offset_seconds) return std::nullopt;
    const __int128 unit = is_date ? 1 : __int128{86400000000};
    const __int128 shift = is_date ? 0 : __int128{*fixed_offset_seconds} * 1000000;
    auto literal = [&](__int128 value) -> std::optional<std::string> {
      if (value < std::numeric_limits<int64_t>::min() || value > std::numeric_limits<int64_t>::max())
        return std::nullopt;
      return Int(static_cast<int64_t>(value));
    };
    std::string column = "toInt64(" + raw + ")", test;
    if (lo != INT32_MIN) {  // INT32_MIN: no lower bound (every day up to hi)
      if (std::optional<std::string> from = literal(lo * unit - shift)) test = column + " >= " + *from;
    }
    if (std::optional<std::string> to = literal((__int128{hi} + 1) * unit - shift)) {
      test += (test.empty() ? "" : " AND ") + column + " < " + *to;
    }
    return test.empty() ? "1" : "(" + test + ")";
  }

  std::string DoubleToInt64(const std::string& x) const override {
    // toInt64 of a double out of range gives garbage: fail instead, for a finite value only (an
    // infinity comes from a division by zero in a branch the CASE discards).
    return Let(x,
               "toInt64(v + throwIf(ifNull(isFinite(v) AND NOT (v >= -9223372036854775808. AND v < "
               "9223372036854775808.), 0)))");
  }
  std::string ToDouble(const std::string& x) const override { return "toFloat64(" + x + ")"; }
  std::string RoundHalfAway(const std::string& x) const override {
    // round() rounds halves to even on newer releases; x - floor(x) is exact, so this is std::round.
    return Let(
        "toFloat64(" + x + ")",
        "if(v >= 0, if(v - floor(v) >= 0.5, floor(v) + 1, floor(v)), if(ceil(v) - v >= 0.5, ceil(v) - 1, ceil(v)))");
  }
  std::optional<std::string> TextCall(std::string_view function, const std::vector<std::string>& args) const override {
    if (function == "lower") return "lower(" + args[0] + ")";  // ASCII only, as seg
    if (function == "upper") return "upper(" + args[0] + ")";
    if (function == "length") return "toInt64(lengthUTF8(" + args[0] + "))";
    if (function == "concat") return "concat(" + args[0] + ", " + args[1] + ")";  // bytes, NULL with a NULL side
    if (function == "contains") return "(position(" + args[0] + ", " + args[1] + ") > 0)";
    if (function == "starts_with") return "(substring(" + args[0] + ", 1, length(" + args[1] + ")) = " + args[1] + ")";
    if (function == "ends_with") {
      return "(length(" + args[1] + ") <= length(" + args[0] + ") AND substring(" + args[0] + ", length(" + args[0] +
             ") - length(" + args[1] + ") + 1) = " + args[1] + ")";
    }
    if (function == "like") {
      // ClickHouse's LIKE takes '\' as an escape and '_' as one UTF-8 character, seg's has no
      // escape and '_' is one byte: a literal pattern without '_' reads the same once its
      // backslashes are doubled. One with '_' matches the text's bytes written in hex, two hex
      // digits a byte, with a regular expression that keeps to whole bytes: '_' is `..`, '%'
      // `(..)*`, any other byte its two digits (hex is ASCII, so no character set is involved).
      // A pattern that is not a literal is refused: 18.16 matches constant patterns only.
      std::optional<std::string> pattern = LiteralText(args[1]);
      if (!pattern) return std::nullopt;
      if (pattern->find('_') != std::string::npos) {
        std::string regex = "^";
        for (char c : *pattern) {
          if (c == '_') regex += "..";
          else if (c == '%') regex += "(..)*";
          else regex += Hex(&c, 1);
        }
        return "match(hex(" + args[0] + "), " + Text(regex + "$") + ")";
      }
      std::string escaped;
      for (char c : *pattern) escaped += c == '\\' ? std::string("\\\\") : std::string(1, c);
      return "like(" + args[0] + ", " + Text(escaped) + ")";
    }
    return std::nullopt;
  }
  std::string Fail(const std::string& message, const std::string& depends_on) const override {
    return "toInt64(concat(" + Text(message + " ") + ", toString(" + depends_on + ")))";
  }

  std::string IntArith(std::string_view op, const std::string& a, const std::string& b) const override {
    // A NULL's stored value is whatever the expression left under it (an unchecked toInt64 of an
    // infinity, say), and ClickHouse computes on it before applying the NULL: compute on 0
    // there instead, so that only a real value can overflow. On 0 for both operands where either
    // is NULL: 0 beside a real extreme overflows too (0 - (-2^63)), which failed the statement
    // for a missing `x - -922337203685477.5808` (ClickHouse program seed 200071). In Decimal128
    // the operation itself cannot overflow; only toInt64 checks.
    auto decimal = [](const std::string& x) { return "toDecimal128(ifNull(" + x + ", 0), 0)"; };
    auto checked = [&](const std::string& p, const std::string& q) {
      std::string either_null = "isNull(" + p + ") OR isNull(" + q + ")";
      return "if(" + either_null + ", NULL, toInt64(if(" + either_null + ", toDecimal128(0, 0), " + decimal(p) + " " +
             std::string(op) + " " + decimal(q) + ")))";
    };
    if (op == "neg") {
      return Once(a, [&](const std::string& v) { return "if(isNull(" + v + "), NULL, toInt64(-" + decimal(v) + "))"; });
    }
    // checked() writes each operand three times, which one level of nesting can afford up to a few
    // hundred characters (days_since(last(ts)) * a day's micros, say): a pair of one-element
    // arrays per row would cost more than the arithmetic (bench/peers/job.seg's recency).
    if (a.size() + b.size() <= kTwiceLimit) return checked(a, b);
    return "arrayElement(arrayMap((p, q) -> " + checked("p", "q") + ", [" + a + "], [" + b + "]), 1)";
  }
  std::string IntMod(const std::string& a, const std::string& b) const override {
    // A divisor of 0 or -1 (or NULL, whose stored value is 0) is replaced: the caller's CASE
    // answers those rows itself, and modulo would fail on them.
    std::string divisor = Let(b, "if(ifNull(v, 0) = 0 OR ifNull(v, 0) = -1, toInt64(1), assumeNotNull(v))");
    return "if(isNull(" + b + "), NULL, modulo(" + a + ", " + divisor + "))";
  }
  std::string IntAbs(const std::string& x) const override {
    return Let(x, "if(v < 0, " + IntArith("neg", "v", "") + ", toInt64(v))");
  }
  std::string FloorDiv(const std::string& a, const std::string& b) const override {
    // intDiv truncates; b > 0.
    return Let("toInt64(" + a + ")", "(intDiv(v, toInt64(" + b + ")) - if(modulo(v, toInt64(" + b + ")) < 0, 1, 0))");
  }
  std::string TagsContain(const std::string& tags, const std::string& needle) const override {
    // Tags are text 'a|b' (seg's own form, rt::ch::SegColumnType); each label trimmed of spaces and
    // tabs as seg's reader trims it, and '' is no label.
    return "(has(arrayMap(t -> replaceRegexpAll(t, '^[ \\t]+|[ \\t\\r]+$', ''), splitByChar('|', assumeNotNull(" +
           tags + "))), " + needle + ") AND " + needle + " != '')";
  }
  // Not NOT: a shard folds NOT (NOT x) to x and then names the column otherwise than the
  // initiator expects ("Not found column ... in block" on a Distributed table).
  std::string Not(const std::string& cond) const override { return "(" + cond + " = 0)"; }
  std::string BucketLabel(const std::string& bucket, const std::vector<std::string>& labels) const override {
    // A searched CASE over the bucket bound once: 18.16 fails on `CASE x WHEN ...` over a
    // Nullable x with text results ("Illegal column for DataTypeNullable").
    std::string cases;
    for (size_t k = 0; k < labels.size(); ++k)
      cases += " WHEN v = " + Int(static_cast<int64_t>(k)) + " THEN " + Text(labels[k]);
    return Let(bucket, "CASE" + cases + " ELSE " + Null(lang::TypeKind::kText) + " END");
  }
  // if(), not CASE: 18.16 computes a CASE (multiIf) row by row, if() a column at a time (a
  // million rows: 5 to 8 ms less each, and a statement has dozens per customer). if() answers
  // NULL for a NULL condition where CASE takes the ELSE, hence ifNull.
  std::string IfElse(const std::string& cond, const std::string& then, const std::string& otherwise) const override {
    return "if(ifNull(" + cond + ", 0), " + then + ", " + otherwise + ")";
  }
  // ifNull, not COALESCE: on 18.16 a COALESCE whose last argument is a NULL constant of a
  // Nullable type (`CAST(NULL AS Nullable(Int64))`, or a call the server folds to one, such as
  // `greatest(CAST(NULL ...), 3)` for seg's `greatest(nothing, 3)`) answers `IS NULL` with 0 where
  // every argument is NULL (`SELECT COALESCE(a, CAST(NULL AS Nullable(Int64))) IS NULL` for a NULL
  // column a: 0), and reading its value fails (code 44) or crashes the server. ifNull keeps its
  // NULL map. Tests: e2e default_of_missing_call; the differential generator's always-missing
  // values (tests/differential/generate_missing.cc), first found as program seed 100042.
  std::string Coalesce(const std::string& a, const std::string& b) const override {
    return "ifNull(" + a + ", " + b + ")";
  }
  std::string BoolToInt(const std::string& x) const override { return "toInt64(" + x + ")"; }
  std::string IntToBool(const std::string& x) const override { return "toUInt8(" + x + ")"; }
  std::string TruncToInt64(const std::string& x) const override { return "toInt64(trunc(" + x + "))"; }
  std::string LeastOf(const std::vector<std::string>& args) const override { return Nest("least", args); }
  std::string GreatestOf(const std::vector<std::string>& args) const override { return Nest("greatest", args); }

  // rfm and qcut bin by value: a sorted array per population (population_in_statement.cc);
  // qcut_rank and ntile need each customer's rank, which 18.16 has no window function for.
  bool RanksQuantilesInStatement(lang::BinMethod method) const override {
    return method == lang::BinMethod::kRfm || method == lang::BinMethod::kQcut;
  }
  std::string SortedArray(const std::string& x, const std::string& valid) const override {
    return "arraySort(groupArrayIf(" + x + ", " + valid + "))";
  }
  std::string ArrayAt(const std::string& array, const std::string& index) const override {
    return "arrayElement(" + array + ", toInt64(" + index + "))";
  }
  std::string Bind(const std::string& name, const std::string& x, const std::string& body) const override {
    return "arrayElement(arrayMap(" + name + " -> " + body + ", [" + x + "]), 1)";
  }
  std::string IntDiv(const std::string& a, const std::string& b) const override {
    return "intDiv(" + a + ", " + b + ")";
  }
  std::string FailIf(const std::string& cond, const std::string& value, const std::string& message) const override {
    (void)message;  // throwIf's own message: every branch of a CASE is evaluated, so no Fail()
    return "(" + value + " + throwIf(ifNull(" + cond + ", 0)))";
  }
  std::string UtcOffsetMicros(const std::string& micros, const std::string& zone) const override {
    if (std::optional<int64_t> offset = FixedOffsetMicros(zone)) return Int(*offset);
    // The local reading of the whole second, in seconds, less the second; DateTime holds
    // 1970..2105 only, so a time outside fails the statement as LocalDayOfMicros does.
    std::string z = Text(zone);
    return Let("intDiv(toInt64(" + micros + "), 1000000) - if(modulo(toInt64(" + micros + "), 1000000) < 0, 1, 0)",
               Let("toDateTime(v + throwIf(ifNull(v < 0 OR v >= 4102444800, 0)))",
                   "(toInt64(toDate(v, " + z + ")) * 86400 + toInt64(toHour(v, " + z +
                       ")) * 3600 + toInt64(toMinute(v, " + z + ")) * 60 + toInt64(toSecond(v, " + z +
                       ")) - toInt64(v)) * toInt64(1000000)"));
  }

  bool HasCtes() const override { return false; }
  std::string Materialized() const override { return ""; }    // no CTEs; 18.16 computes every column it selects
  bool HasWindowFunctions() const override { return false; }  // not in 18.16
  std::string LookupFloat(const std::string& x, const std::vector<double>& keys,
                          const std::vector<std::optional<double>>& results) const override {
    // transform() over the doubles' bytes, keys and results as string literals (a Float64 key
    // list is not exact in 18.16's parser, and transform takes only literal lists): the key is
    // hex(reinterpretAsString(x + 0)) (+ 0 makes -0 into 0; reinterpretAsString drops trailing
    // zero bytes, so the keys are written so too), the result the 16 digits of its 8 bytes, ''
    // for NULL. Bytes in memory order: ClickHouse and seg run on little-endian machines.
    std::string from, to;
    for (size_t k = 0; k < keys.size(); ++k) {
      double key = keys[k] + 0.0;
      size_t size = sizeof(key);
      const auto* bytes = reinterpret_cast<const unsigned char*>(&key);
      while (size > 0 && bytes[size - 1] == 0) --size;
      from += std::string(k ? ", " : "") + "'" + Hex(&key, size) + "'";
      to += std::string(k ? ", " : "") + "'" + (results[k] ? Hex(&*results[k], sizeof(double)) : "") + "'";
    }
    if (keys.empty()) return Null(lang::TypeKind::kFloat);
    return Let("transform(hex(reinterpretAsString(toFloat64(" + x + ") + 0.)), [" + from + "], [" + to + "], '')",
               "if(v = '', " + Null(lang::TypeKind::kFloat) + ", reinterpretAsFloat64(unhex(v)))");
  }

 private:
  static std::string Escaped(std::string_view text, char quote) {
    std::string out(1, quote);
    for (char c : text) {
      if (c == quote || c == '\\') out += '\\';
      out += c;
    }
    return out + quote;
  }
  // The sum of money column `raw` (the table's own Decimal or integer, of server type `type`,
  // empty where unknown) over the events `filter` keeps, converted once per customer rather than
  // each event (MoneyFromColumn's rounding costs more than the rest of the pass). Exact where two
  // things hold, both checked here over every row of the key (every row of the table is some
  // key's): the column holds no more than 4 decimals (then each value converts to exactly 10000
  // times itself, so the sum does too), and the absolute values' sum in units stays within 64
  // bits: then no value's conversion and no running total in any order leaves them (seg fails at
  // the first running total that does, even where the total fits again, so a check of the total
  // alone would not do). Otherwise the row fails with kExactSumNeeded and the driver runs the
  // exact statement, which converts every row (and fails where seg's reader fails) and checks
  // the running totals. The total is multiplied by the check (0 or 1) first, so that it cannot
  // overflow where the check fails.
  std::string RawMoneySum(const std::string& raw, const std::string& type, const std::string& filter) const {
    // A NULL's stored value (0 in a table) counts in the check only, where it can only fail it.
    std::string value = "assumeNotNull(" + raw + ")";
    std::string exact = "(" + ExactMoneySumCheck(raw, value, type) + ")";
    return "(toInt64(sumIf(" + value + ", " + filter + ") * " + exact + " * 10000) + toInt64(if(" + exact + ", '0', '" +
           kExactSumNeeded + "')))";
  }
  // RawMoneySum's check, as cheap as the column's type allows (about a sixth of the events
  // pass's CPU on bench/peers/job.seg where the type is unknown):
  // - Decimal(P, S) with P <= 18 and S <= 4 (Decimal32, Decimal64): the absolute values' sum in
  //   the column's own Decimal, which ClickHouse adds in Decimal128, so it cannot wrap below
  //   10^20 rows a key, compared exactly with 2^63 - 1 units;
  // - Decimal(P, S) with P > 18 and S <= 4 (Decimal128): the same exact comparison, each
  //   absolute value capped first at one unit past the bound (`least`), so that a value past
  //   money's range fails the check by itself and the sum of n capped values (each at most 2^63
  //   units of the column's scale) cannot wrap Decimal128's 2^127 for any n below 2^64: a plain
  //   Decimal128 sum can wrap silently (four values of 2^126 sum to 0). The cap costs a
  //   comparison a row, about half the double sum below (bench/peers/job.seg's orders);
  // - another type known to hold at most 4 decimals (an integer type): the absolute values' sum
  //   in doubles (an Int64 sum can wrap silently; a double sum of non-negative values cannot,
  //   and its rounding lies far inside the margin of 9e18 to 2^63);
  // - unknown (`seg sql`), or a type that may hold more decimals: the same, and the type matched
  //   on every row (`toTypeName`), which fails the check for a Float, a Decimal of more than 4
  //   decimals or anything else.
  std::string ExactMoneySumCheck(const std::string& raw, const std::string& value, const std::string& type) const {
    std::optional<std::pair<int, int>> decimal = DecimalPrecisionScale(type);
    if (decimal && decimal->second <= 4) {
      std::string scale = std::to_string(decimal->second);
      std::string bound = "toDecimal128(" + Text(MaxUnitsAtScale(decimal->second)) + ", " + scale + ")";
      if (decimal->first <= 18) return "sum(abs(" + value + ")) <= " + bound;
      std::string cap = "toDecimal128(" + Text(MaxUnitsAtScale(decimal->second, 1)) + ", " + scale + ")";
      return "sum(least(abs(" + value + "), " + cap + ")) <= " + bound;
    }
    std::string absolute_sum_fits = "sum(toFloat64(abs(" + value + "))) * 10000 <= 9e18";
    if (AtMostFourDecimals(type)) return absolute_sum_fits;
    return absolute_sum_fits + " AND min(match(toTypeName(" + raw + "), " + Text(kAtMostFourDecimals) + ")) = 1";
  }
  // ClickHouse type names of the money columns whose values are exactly 10000 times themselves
  // in seg's units: a Decimal of at most 4 decimals or an integer type, either Nullable.
  static constexpr const char*
      kAtMostFourDecimals = R"(^(Nullable\()?(Decimal\([0-9]+, [0-4]\)|U?Int(8|16|32|64))\)?$)";
  static bool AtMostFourDecimals(const std::string& type) {
    static const std::regex at_most_four(R"(Decimal\([0-9]+, [0-4]\)|U?Int(8|16|32|64))");
    return std::regex_match(NotNullable(type), at_most_four);
  }
  // (P, S) of "Decimal(P, S)" or "Nullable(Decimal(P, S))", as ClickHouse names the type.
  static std::optional<std::pair<int, int>> DecimalPrecisionScale(const std::string& type) {
    std::smatch m;
    static const std::regex decimal(R"(Decimal\(([0-9]{1,2}), ([0-9]{1,2})\))");
    std::string inner = NotNullable(type);
    if (!std::regex_match(inner, m, decimal)) return std::nullopt;
    return std::pair{std::stoi(m[1].str()), std::stoi(m[2].str())};
  }
  // The type inside "Nullable(...)", else the type as it is.
  static std::string NotNullable(const std::string& type) {
    const std::string_view prefix = "Nullable(";
    if (type.starts_with(prefix) && type.ends_with(")"))
      return type.substr(prefix.size(), type.size() - prefix.size() - 1);
    return type;
  }
  // 2^63 - 1 units of 1/10000 as a decimal of `scale` (0 to 4) places, rounded down: a sum of
  // that scale is at most it exactly where its units fit 64 bits. `past` adds that many steps of
  // the scale (one past the bound: at most 2^63 steps).
  static std::string MaxUnitsAtScale(int scale, int64_t past = 0) {
    std::string digits = std::to_string(static_cast<uint64_t>(INT64_MAX / kPowersOfTen[4 - scale]) +
                                        static_cast<uint64_t>(past));
    return scale == 0 ? digits : digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  static constexpr int64_t kPowersOfTen[] = {1, 10, 100, 1000, 10000};
  // `body` (which reads the value as v) of the value of `x`, computed once: ClickHouse has no
  // LET, and repeating x in the text makes nested arithmetic grow exponentially (and its
  // analysis with it). A lambda over a one-element array binds it; an inner v shadows an outer.
  static std::string Let(const std::string& x, const std::string& body) {
    return "arrayElement(arrayMap(v -> " + body + ", [" + x + "]), 1)";
  }
  // Whether an expression is short enough to be written more than once: ClickHouse computes an
  // expression written twice once, but each level of a nesting that writes its operand twice
  // doubles the text, so a long one is bound once instead (Let). A one-element array per row
  // costs about as much as the arithmetic it binds, so short operands (a column, a cast of one,
  // a local day of one) are written out.
  static bool Short(const std::string& x) { return x.size() <= 200; }
  // The most text of two operands that IntArith writes out (three times each) rather than binding them.
  static constexpr size_t kTwiceLimit = 1000;
  // body(x) where x is Short, else body(v) over x bound once.
  template <typename Body> static std::string Once(const std::string& x, Body body) {
    return Short(x) ? body(x) : Let(x, body("v"));
  }
  // The offset of "UTC" or "+HH:MM" / "-HH:MM" in microseconds; nullopt for a zone with rules,
  // which ClickHouse's own time zone functions handle (and which know no fixed offsets).
  static std::optional<int64_t> FixedOffsetMicros(const std::string& zone) {
    int32_t seconds = 0;
    if (zone == "UTC") return 0;
    if (!rt::ParseFixedOffset(zone, &seconds)) return std::nullopt;
    return int64_t{seconds} * 1000000;
  }
  // The Date of day number `day` (1970-01-01 + day).
  static std::string DateOf(const std::string& day) { return "addDays(toDate('1970-01-01'), toInt32(" + day + "))"; }
  // 18.16's least/greatest take two arguments.
  static std::string Nest(const char* function, const std::vector<std::string>& args) {
    std::string out = args.back();
    for (size_t k = args.size() - 1; k-- > 0;) out = std::string(function) + "(" + args[k] + ", " + out + ")";
    return out;
  }
};

}  // namespace

const Dialect& ClickHouseDialect() {
  static const ClickHouse dialect;
  return dialect;
}

}  // namespace seg::sql
