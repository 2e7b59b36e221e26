// The IR lowered to PostgreSQL: one grouped pass per event input with FILTER aggregates, window
// days as literals from as_of in the program's zone, params as literals, classifications as CASE
// with the rule names in comments, deterministic text; refusals name the node and the reason.
#include "compiler/backend/sql/lower_sql.h"

#include <gtest/gtest.h>

#include <functional>

#include "compiler/backend/sql/dialect_postgres.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/params.h"
#include "compiler/driver/sql_run.h"

namespace seg::sql {
namespace {

struct Lowered {
  std::optional<SqlStatement> statement;
  SqlRefusal refusal;
  std::unique_ptr<driver::Compilation> compilation;
};

Lowered Lower(const std::string& text, const std::string& as_of = "2024-06-30", std::vector<std::string> params = {}) {
  Lowered out;
  out.compilation = driver::CompileText("p.seg", text, driver::CompileOptions{});
  EXPECT_TRUE(out.compilation->ok());
  if (!out.compilation->ok()) return out;
  const ir::Program& program = *out.compilation->ir;
  LowerOptions options;
  options.dialect = &PostgresDialect();
  rt::Status bound = driver::BindParams(program, params, as_of, &options.params);
  EXPECT_TRUE(bound.ok()) << bound.message();
  rt::Result<std::vector<std::string>> tables = driver::BindTables(program, {}, *options.dialect, true);
  EXPECT_TRUE(tables.ok()) << tables.message();
  if (tables.ok()) options.tables = *tables;
  options.title = "test";
  out.statement = LowerToSql(program, options, &out.refusal);
  return out;
}

const char* kSchema =
    "input customers key id { city: text; spend: money }\n"
    "input orders of customers by customer at ts { amount: money; channel: text }\n"
    "timezone \"Europe/Berlin\"\n";

// The E0400 diagnostic the driver makes of a program `dialect` refuses, as `seg sql` prints it.
Diagnostic RefusalDiagnostic(const driver::Compilation& compilation, const Dialect* dialect) {
  LowerOptions options;
  options.dialect = dialect;
  EXPECT_TRUE(driver::BindParams(*compilation.ir, {}, "2024-06-30", &options.params).ok());
  options.tables = *driver::BindTables(*compilation.ir, {}, *options.dialect, true);
  Diagnostic d;
  EXPECT_FALSE(driver::LowerProgram(compilation, options, &d));
  EXPECT_EQ(d.code, DiagCode::kNotExpressibleInSql);
  return d;
}

// The statement for ClickHouse of a program the test compiled, as `seg sql` lowers it.
std::optional<SqlStatement> LowerForClickHouse(const driver::Compilation& compilation, Diagnostic* d) {
  LowerOptions options;
  options.dialect = DialectNamed("clickhouse");
  EXPECT_TRUE(driver::BindParams(*compilation.ir, {}, "2024-06-30", &options.params).ok());
  options.tables = *driver::BindTables(*compilation.ir, {}, *options.dialect, true);
  return driver::LowerProgram(compilation, options, d);
}

TEST(LowerSql, OneGroupedPassWithFilteredAggregatesAndDayLiterals) {
  Lowered l = Lower(
      std::string(kSchema) +
      "param min_spend: money = 100\n"
      "let recent = count(orders during last 30 days)\n"
      "let web = sum(orders.amount where channel == \"web\")\n"
      "segments tier {\n  \"big\" when web >= min_spend\n  \"active\" when recent > 0\n  else \"rest\"\n}\n");
  ASSERT_TRUE(l.statement) << l.refusal.what;
  const std::string& sql = l.statement->sql;
  // 2024-06-30 is day 19904; last 30 days: 19875 ..= 19904.
  EXPECT_NE(sql.find("seg_day BETWEEN 19875::bigint AND 19904::bigint"), std::string::npos) << sql;
  EXPECT_NE(sql.find("FILTER (WHERE"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("seg_orders\" AS MATERIALIZED"), sql.rfind("seg_orders\" AS MATERIALIZED"))
      << "one pass over orders";
  EXPECT_NE(sql.find("AT TIME ZONE 'Europe/Berlin'"), std::string::npos) << sql;
  EXPECT_NE(sql.find("1000000::bigint"), std::string::npos) << "the param bound as money units:\n" << sql;
  EXPECT_NE(sql.find("-- rule \"big\" of tier"), std::string::npos) << sql;
  EXPECT_NE(sql.find("ORDER BY (seg_key) COLLATE \"C\""), std::string::npos) << sql;
  ASSERT_EQ(l.statement->columns.size(), 1u);
  EXPECT_EQ(l.statement->columns[0].classification, 0);
  // Deterministic.
  EXPECT_EQ(Lower(std::string(kSchema) + "let n = count(orders)\ntag t when n > 1\n").statement->sql,
            Lower(std::string(kSchema) + "let n = count(orders)\ntag t when n > 1\n").statement->sql);
}

// Where the zone has one offset, a pass reads the table's columns as they are, so PostgreSQL may
// split it over parallel workers: windows as instants, money summed on the numeric column (exact
// where no value has more than 4 decimals, else the exact statement), the latest time converted
// once, every row's conversions checked through each key's extremes. A named zone tests the
// local day; an event value that can overflow is checked per event over the customers' events,
// which keeps the pass that converts every row once.
TEST(LowerSql, APassReadsTheRawColumnsWhereThatIsExact) {
  const std::string body =
      "let recent = sum(orders.amount during last 30 days)\nlet seen = last(orders.ts)\n"
      "tag t when recent > 0 and seen > as_of - 3 days\n";
  for (const char* zone : {"UTC", "+05:30"}) {
    SCOPED_TRACE(zone);
    Lowered l = Lower(
        "input customers key id { city: text }\ninput orders of customers by customer at ts { amount: money }\n"
        "timezone \"" +
        std::string(zone) + "\"\n" + body);
    ASSERT_TRUE(l.statement) << l.refusal.what;
    const std::string& sql = l.statement->sql;
    const std::string offset = std::string(zone) == "UTC" ? "+00:00" : zone;
    EXPECT_EQ(sql.find("OFFSET 0"), std::string::npos) << sql;
    // 2024-06-30 is the last day; last 30 days start on 2024-06-01.
    EXPECT_NE(sql.find("\"r_ts\" >= '2024-06-01 00:00:00" + offset +
                       "'::timestamptz AND \"r_ts\" < '2024-07-01 00:00:00" + offset + "'::timestamptz"),
              std::string::npos)
        << sql;
    EXPECT_NE(sql.find("max(scale(\"r_amount\"))"), std::string::npos) << sql;
    EXPECT_NE(sql.find("(extract(epoch FROM max(\"r_ts\")"), std::string::npos) << sql;
    // Each extreme's conversions are computed only outside the range where they cannot fail.
    EXPECT_NE(sql.find("num_nulls(CASE WHEN (min(\"r_amount\"))::numeric BETWEEN -922337203685477 AND "
                       "922337203685477 THEN 0::bigint ELSE CASE WHEN scale((min(\"r_amount\"))::numeric) <= 4"),
              std::string::npos)
        << sql;
    EXPECT_NE(sql.find("CASE WHEN (max(\"r_ts\")) BETWEEN '1000-01-01 00:00:00+00'::timestamptz AND "
                       "'9000-01-01 00:00:00+00'::timestamptz THEN 0::bigint ELSE (extract(epoch FROM max(\"r_ts\"))"),
              std::string::npos)
        << sql;
    EXPECT_EQ(sql.find("HAVING"), std::string::npos) << "every key's checks are computed:\n" << sql;
    // The tag's layer cannot fail: the server may inline it.
    EXPECT_NE(sql.find("seg_layer1 AS (\n"), std::string::npos) << sql;
  }
  Lowered named = Lower(std::string(kSchema) + body);
  ASSERT_TRUE(named.statement) << named.refusal.what;
  EXPECT_EQ(named.statement->sql.find("OFFSET 0"), std::string::npos) << named.statement->sql;
  EXPECT_NE(named.statement->sql.find("seg_day BETWEEN"), std::string::npos) << named.statement->sql;
  Lowered gap = Lower(std::string(kSchema) + "let g = avg_gap(orders)\nscore s = days(g)\n");
  ASSERT_TRUE(gap.statement) << gap.refusal.what;
  EXPECT_NE(gap.statement->sql.find("OFFSET 0"), std::string::npos) << "every key's gap would be computed";
  Lowered overflow = Lower(std::string(kSchema) + "let big = sum(orders.amount * 3) * 2\nscore s = big\n");
  ASSERT_TRUE(overflow.statement) << overflow.refusal.what;
  EXPECT_NE(overflow.statement->sql.find("OFFSET 0"), std::string::npos) << overflow.statement->sql;
  EXPECT_EQ(overflow.statement->sql.find("r_amount"), std::string::npos) << overflow.statement->sql;
  EXPECT_NE(overflow.statement->sql.find("seg_layer1 AS MATERIALIZED"), std::string::npos) << "money * 2 may overflow";
}

TEST(LowerSql, ComparisonsWithMissingAreFalseAndDivisionByZeroMissing) {
  Lowered l = Lower(std::string(kSchema) + "let avg_spend = spend / count(orders)\ntag t when avg_spend > 5\n");
  ASSERT_TRUE(l.statement) << l.refusal.what;
  EXPECT_NE(l.statement->sql.find("COALESCE(("), std::string::npos) << l.statement->sql;
  EXPECT_NE(l.statement->sql.find("= 0 THEN NULL"), std::string::npos) << l.statement->sql;
}

TEST(LowerSql, WhatCannotBeExactIsRefusedAtItsNode) {
  Lowered l = Lower(std::string(kSchema) + "let g = pow(float(spend), 2.0) * count(orders)\nscore s = g\n");
  ASSERT_FALSE(l.statement);
  EXPECT_NE(l.refusal.what.find("pow"), std::string::npos) << l.refusal.what;
  ASSERT_GE(l.refusal.node, 0);
  std::vector<NodeOrigin> origins = NodeOrigins(*l.compilation->ir);
  EXPECT_EQ(origins[l.refusal.node].kind, "let");
  // The driver turns it into E0400 at the let.
  EXPECT_EQ(RefusalDiagnostic(*l.compilation, &PostgresDialect()).label, "in let g");
}

// Constructs the language gained after the SQL backend: no dialect computes them as seg does, so
// each is refused (E0400 at its let), never answered differently.
TEST(LowerSql, OrderStatisticsAndPatternFunctionsAreRefused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"let g = median(orders.amount)\n", "median"},
      {"let g = percentile(orders.amount, 0.9)\n", "percentile"},
      {"let g = stddev(orders.amount)\n", "stddev"},
      {"let g = mode(orders.amount)\n", "mode"},
      {"let g = count(orders where matches(channel, \"^w\"))\n", "matches"},
      {"let g = count(orders where ilike(channel, \"W%\"))\n", "ilike"},
  };
  for (const auto& [let, name] : cases) {
    SCOPED_TRACE(let);
    Lowered l = Lower(std::string(kSchema) + let + "score s = g\n");
    ASSERT_TRUE(l.compilation && l.compilation->ok());
    ASSERT_FALSE(l.statement);
    EXPECT_NE(l.refusal.what.find(name), std::string::npos) << l.refusal.what;
    ASSERT_GE(l.refusal.node, 0);
    EXPECT_EQ(NodeOrigins(*l.compilation->ir)[l.refusal.node].kind, "let");
    EXPECT_EQ(RefusalDiagnostic(*l.compilation, DialectNamed("clickhouse")).label, "in let g");
  }
}

// Sequences of events (`then`) pair each event with later ones: PostgreSQL pairs one customer's
// step arrays (lower_sequence.cc); ClickHouse's nested statement refuses each form at its let.
TEST(LowerSql, SequencesOfEventsRunOnPostgresAndAreRefusedAtTheirLetOnClickHouse) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"let g = count(orders then orders within 3 days)\n", "count(...) of a sequence"},
      {"let g = if sequence(orders where channel == \"web\" then not orders within 1 days) then 1 else 0\n",
       "sequence(...) of a sequence"},
      {"let g = days(time_to(orders then orders)) ?? 0\n", "time_to(...) of a sequence"},
  };
  for (const auto& [let, what] : cases) {
    SCOPED_TRACE(let);
    Lowered l = Lower(std::string(kSchema) + let + "score s = g\n");
    ASSERT_TRUE(l.statement) << l.refusal.what;
    EXPECT_NE(l.statement->sql.find("unnest("), std::string::npos) << l.statement->sql;
    auto compilation = driver::CompileText("p.seg", std::string(kSchema) + let + "score s = g\n", {});
    ASSERT_TRUE(compilation->ok());
    Diagnostic d = RefusalDiagnostic(*compilation, DialectNamed("clickhouse"));
    EXPECT_NE(d.message.find(what), std::string::npos) << d.message;
    EXPECT_EQ(d.label, "in let g");
  }
}

// A window bound may be calendar arithmetic (`as_of - 1 month`, add_months): lowered as seg's
// own month arithmetic (lower_calendar.cc), with the end-of-month clamping, not refused.
TEST(LowerSql, ACalendarWindowBoundIsLowered) {
  Lowered l = Lower(std::string(kSchema) +
                        "let g = count(orders during between as_of - 1 month and as_of)\nscore s = g\n",
                    "2024-03-31");
  ASSERT_TRUE(l.statement) << l.refusal.what;
  // as_of 2024-03-31 less a month is 2024-02-29 (day 19782), clamped, written as a literal.
  EXPECT_NE(l.statement->sql.find("19782"), std::string::npos) << l.statement->sql;
}

// How often a text occurs in another.
size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(LowerSql, QuantilesAreRankedInsideOnePostgresStatement) {
  // The cut points of every quantile of a layer are one one-row CTE over the layer below (one
  // scan of it sorts all their values), joined by the layer that bins; nothing is left for seg
  // to rank between statements.
  Lowered l = Lower(
      std::string(kSchema) +
      "let total = sum(orders.amount)\nlet a = quintile(total)\nlet b = quintile(total, qcut, descending)\n"
      "let c = quartile(total, qcut_rank)\nlet d = quartile(total, method: ntile, descending)\n"
      "score sa = a\nscore sb = b\nscore sc = c\nscore sd = d\n");
  ASSERT_TRUE(l.statement) << l.refusal.what;
  const std::string& sql = l.statement->sql;
  EXPECT_NE(sql.find("-- the cut points of let a, let b, let c\nseg_cuts_"), std::string::npos) << sql;
  EXPECT_EQ(Count(sql, " AS MATERIALIZED (\n  SELECT\n    CASE WHEN seg_h"), 1u) << sql;  // one cut CTE
  EXPECT_EQ(Count(sql, "array_agg("), 2u) << sql;           // a's and b's values, sorted once each
  EXPECT_EQ(Count(sql, " FROM seg_layer0) s"), 1u) << sql;  // in one scan of the layer
  EXPECT_EQ(Count(sql, "CROSS JOIN seg_cuts_"), 1u) << sql;
  EXPECT_NE(sql.find("ntile(4) OVER (PARTITION BY"), std::string::npos) << sql;
  EXPECT_NE(sql.find("row_number() OVER (PARTITION BY"), std::string::npos) << sql;
}

// A two-way choice per customer is if() on ClickHouse (a column at a time; 18.16 computes a CASE
// row by row), with a NULL condition taken as false as CASE takes it; a CASE on PostgreSQL.
TEST(LowerSql, ClickHouseChoosesWithIfWhereACaseHasOneCondition) {
  const std::string program = std::string(kSchema) +
                              "let avg_spend = spend / count(orders)\nlet q = quintile(avg_spend)\nscore s = q\n";
  auto compilation = driver::CompileText("p.seg", program, {});
  ASSERT_TRUE(compilation->ok());
  Diagnostic d;
  std::optional<SqlStatement> statement = LowerForClickHouse(*compilation, &d);
  ASSERT_TRUE(statement) << d.message;
  const std::string& sql = statement->sql;
  EXPECT_NE(sql.find(" = 0, 0), NULL, "), std::string::npos) << sql;  // division by zero: missing
  EXPECT_NE(sql.find(", 0), 1, 0)"), std::string::npos) << sql;       // a cut point at or below the value
  EXPECT_NE(sql.find("), CAST(NULL AS Nullable(Int64)))"), std::string::npos) << sql;  // no value, no bin
  EXPECT_EQ(sql.find("THEN 1 ELSE 0 END"), std::string::npos) << sql;
  Lowered pg = Lower(program);
  ASSERT_TRUE(pg.statement) << pg.refusal.what;
  EXPECT_NE(pg.statement->sql.find("= 0 THEN NULL ELSE"), std::string::npos) << pg.statement->sql;
  EXPECT_EQ(pg.statement->sql.find("if(ifNull("), std::string::npos) << pg.statement->sql;
}

TEST(LowerSql, ClickHouseBinsByValueInTheStatementAndLeavesRanksToSeg) {
  // rfm and qcut: the rows gathered into an array beside their cut points, then spread again.
  auto by_value = driver::CompileText(
      "p.seg", std::string(kSchema) + "let m = quintile(sum(orders.amount))\nlet q = quartile(m, qcut)\nscore s = q\n",
      {});
  ASSERT_TRUE(by_value->ok());
  Diagnostic d;
  std::optional<SqlStatement> statement = LowerForClickHouse(*by_value, &d);
  ASSERT_TRUE(statement) << d.message;
  EXPECT_NE(statement->sql.find("ARRAY JOIN seg_rows AS seg_row"), std::string::npos) << statement->sql;
  EXPECT_NE(statement->sql.find("-- the cut points of let m"), std::string::npos) << statement->sql;
  // qcut_rank and ntile need each customer's rank: seg ranks them between two statements.
  auto by_rank = driver::CompileText(
      "p.seg", std::string(kSchema) + "let m = quantile_bin(sum(orders.amount), bins: 4, method: ntile)\nscore s = m\n",
      {});
  ASSERT_TRUE(by_rank->ok());
  d = RefusalDiagnostic(*by_rank, DialectNamed("clickhouse"));
  EXPECT_NE(d.message.find("rank the population first"), std::string::npos) << d.message;
}

TEST(LowerSql, ClickHouseGathersTheCustomersOncePerStageOfQuantiles) {
  // A chain of lets below the quantiles (recency: two layers) and lets after them: the quantiles
  // of one stage share one gathering, whatever their layers; the gathering and the customers'
  // SELECT carry only what the statement reads (not the unread customer column `spend`).
  auto one_stage = driver::CompileText(
      "p.seg",
      std::string(kSchema) +
          "let recency = days(days_since(last(orders.ts)))\n"
          "let r = quintile(recency, descending)\nlet m = quintile(sum(orders.amount))\n"
          "let big = city == \"Berlin\" and r >= 4\nscore s = m + r\ntag t when big\n",
      {});
  ASSERT_TRUE(one_stage->ok());
  Diagnostic d;
  std::optional<SqlStatement> statement = LowerForClickHouse(*one_stage, &d);
  ASSERT_TRUE(statement) << d.message;
  const std::string& sql = statement->sql;
  EXPECT_EQ(Count(sql, "groupArray(tuple("), 1u) << sql;
  EXPECT_EQ(Count(sql, "ARRAY JOIN"), 1u) << sql;
  EXPECT_NE(sql.find("`city` AS `c_city`"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("c_spend"), std::string::npos) << sql;
  // The event pass's local day: plain arithmetic on the column, no array per event; its WITH
  // names only the event columns the aggregates read (18.16 reads every column one names).
  EXPECT_EQ(sql.find("[toInt64(`ts`)"), std::string::npos) << sql;
  EXPECT_NE(sql.find("`amount` AS `r_amount`"), std::string::npos) << "the sum reads the column raw:\n" << sql;
  EXPECT_EQ(sql.find("AS `e_channel`"), std::string::npos) << sql;
  // A quantile of a quantile ranks the rows of the stage before: two gatherings.
  auto two_stages = driver::CompileText(
      "p.seg",
      std::string(kSchema) + "let m = quintile(sum(orders.amount))\nlet q = quartile(m * 2, qcut)\nscore s = q\n", {});
  ASSERT_TRUE(two_stages->ok());
  statement = LowerForClickHouse(*two_stages, &d);
  ASSERT_TRUE(statement) << d.message;
  EXPECT_EQ(Count(statement->sql, "groupArray(tuple("), 2u) << statement->sql;
}

// The ClickHouse statement of a program over customers and orders (as of 2024-06-30) where the
// driver has learnt the server's type of each orders column: `type_of` gives it by column name
// ("" for unknown).
std::string LowerForClickHouseWithOrderTypes(const driver::Compilation& compilation,
                                             const std::function<std::string(const std::string&)>& type_of) {
  LowerOptions options;
  options.dialect = DialectNamed("clickhouse");
  EXPECT_TRUE(driver::BindParams(*compilation.ir, {}, "2024-06-30", &options.params).ok());
  options.tables = *driver::BindTables(*compilation.ir, {}, *options.dialect, true);
  options.column_types.resize(2);
  for (const ir::ColumnSchema& c : compilation.ir->inputs[1].columns)
    options.column_types[1].push_back(type_of(c.name));
  Diagnostic d;
  std::optional<SqlStatement> statement = driver::LowerProgram(compilation, options, &d);
  EXPECT_TRUE(statement) << d.message;
  return statement ? statement->sql : "";
}

// The money sum's exactness check follows the column's type where the driver has learnt it
// (LowerOptions::column_types): a Decimal of at most 18 digits and 4 decimals is bounded by its
// own absolute values' sum (ClickHouse adds them in Decimal128) against 2^63 - 1 units at its
// scale; a Decimal128 or an integer type by the double sum, without matching the type on every
// row; unknown (`seg sql`) or a type that may hold more decimals by both, as before.
TEST(LowerSql, ClickHouseChecksAMoneySumAsTheColumnsTypeAllows) {
  auto compilation = driver::CompileText(
      "p.seg",
      "input customers key id { }\ninput orders of customers by customer at ts { amount: money }\n"
      "score s = sum(orders.amount)\n",
      {});
  ASSERT_TRUE(compilation->ok());
  auto lower = [&](const std::string& type) {
    return LowerForClickHouseWithOrderTypes(*compilation, [&](const std::string& column) {
      return column == "amount" ? type : column == "ts" ? "Int64" : "String";
    });
  };
  const std::string per_row_type = "min(match(toTypeName(`r_amount`), ";
  const std::string doubles = "sum(toFloat64(abs(assumeNotNull(`r_amount`)))) * 10000 <= 9e18";
  for (const std::string type :
       {"Nullable(Decimal(18, 4))", "Decimal(18, 4)", "Nullable(Decimal(9, 2))", "Decimal(18, 0)"}) {
    SCOPED_TRACE(type);
    std::string sql = lower(type);
    EXPECT_EQ(sql.find(per_row_type), std::string::npos) << sql;
    EXPECT_EQ(sql.find(doubles), std::string::npos) << sql;
    EXPECT_NE(sql.find("(sum(abs(assumeNotNull(`r_amount`))) <= toDecimal128("), std::string::npos) << sql;
  }
  EXPECT_NE(lower("Nullable(Decimal(18, 4))").find("toDecimal128('922337203685477.5807', 4)"), std::string::npos);
  EXPECT_NE(lower("Nullable(Decimal(9, 2))").find("toDecimal128('922337203685477.58', 2)"), std::string::npos);
  EXPECT_NE(lower("Decimal(18, 0)").find("toDecimal128('922337203685477', 0)"), std::string::npos);
  // Decimal128: the same exact comparison, each value capped one unit past the bound (so that
  // the sum cannot wrap), no double per row.
  for (const std::string type : {"Nullable(Decimal(38, 4))", "Decimal(38, 2)"}) {
    SCOPED_TRACE(type);
    std::string sql = lower(type);
    EXPECT_EQ(sql.find(per_row_type), std::string::npos) << sql;
    EXPECT_EQ(sql.find(doubles), std::string::npos) << sql;
  }
  EXPECT_NE(lower("Nullable(Decimal(38, 4))")
                .find("(sum(least(abs(assumeNotNull(`r_amount`)), toDecimal128('922337203685477.5808', 4))) <= "
                      "toDecimal128('922337203685477.5807', 4))"),
            std::string::npos);
  EXPECT_NE(
      lower("Decimal(38, 2)").find("toDecimal128('922337203685477.59', 2))) <= toDecimal128('922337203685477.58', 2)"),
      std::string::npos);
  for (const std::string type : {"Int64", "Nullable(UInt32)"}) {
    SCOPED_TRACE(type);
    std::string sql = lower(type);
    EXPECT_NE(sql.find("(" + doubles + ")"), std::string::npos) << sql;
    EXPECT_EQ(sql.find(per_row_type), std::string::npos) << sql;
  }
  // Unknown, more decimals than seg keeps, a float, text, a malformed name: every row's type too.
  for (const std::string type : {"", "Nullable(Decimal(18, 6))", "Float64", "String", "Nullable(Decimal(18, 4)"}) {
    SCOPED_TRACE(type);
    std::string sql = lower(type);
    EXPECT_NE(sql.find(doubles + " AND " + per_row_type), std::string::npos) << sql;
    EXPECT_EQ(sql.find("sum(abs("), std::string::npos) << sql;
  }
}

// A raw column whose server type holds no NULL is not tested for one: a max of it is counted by
// the same countIf as the events its filter keeps (computed once by ClickHouse). A Nullable or
// unknown type keeps the test.
TEST(LowerSql, ClickHouseTestsARawColumnForNullOnlyWhereItsTypeAllowsNull) {
  auto compilation = driver::CompileText(
      "p.seg",
      "input customers key id { }\ninput orders of customers by customer at ts { amount: money }\n"
      "score n = count(orders)\nscore last_ts = days(days_since(last(orders.ts)))\n",
      {});
  ASSERT_TRUE(compilation->ok());
  auto lower = [&](const std::string& ts_type) {
    return LowerForClickHouseWithOrderTypes(*compilation, [&](const std::string& column) {
      return column == "ts" ? ts_type : std::string();
    });
  };
  const std::string count = "countIf(ifNull((toInt64(`r_ts`) < toInt64(1719792000000000)), 0))";
  std::string sql = lower("Int64");
  EXPECT_EQ(sql.find("isNotNull(`r_ts`)"), std::string::npos) << sql;
  EXPECT_NE(sql.find("if(" + count + " = 0, NULL, maxIf(`r_ts`, "), std::string::npos) << sql;
  for (const std::string type : {"", "Nullable(Int64)", "LowCardinality(Nullable(Int64))"}) {
    SCOPED_TRACE(type);
    EXPECT_NE(lower(type).find("isNotNull(`r_ts`)"), std::string::npos);
  }
}

// The ClickHouse pass sums a money column as the table holds it and converts the total once per
// customer, where the sum's own check says that is exact (at most 4 decimals by the column's type,
// the absolute values' sum in range over every row of the key), else it asks for the exact
// statement; in UTC or a fixed offset a window is a range of the time column itself. A money min
// or max (converted from the extreme of the events it keeps, which would not check the others'
// conversions) keeps the pass that converts every row, and so does the exact statement.
TEST(LowerSql, ClickHouseSumsMoneyRawWhereTheSumChecksItIsExact) {
  auto lower = [](const std::string& zone, const std::string& lets, bool exact_sums = false) {
    auto compilation = driver::CompileText(
        "p.seg",
        "input customers key id { city: text }\ninput orders of customers by customer at ts { amount: money }\n"
        "timezone \"" +
            zone + "\"\n" + lets + "score s = x\n",
        {});
    EXPECT_TRUE(compilation->ok());
    LowerOptions options;
    options.dialect = DialectNamed("clickhouse");
    options.exact_sums = exact_sums;
    EXPECT_TRUE(driver::BindParams(*compilation->ir, {}, "2024-06-30", &options.params).ok());
    options.tables = *driver::BindTables(*compilation->ir, {}, *options.dialect, true);
    Diagnostic d;
    std::optional<SqlStatement> statement = driver::LowerProgram(*compilation, options, &d);
    EXPECT_TRUE(statement) << d.message;
    return statement ? statement->sql : "";
  };
  const std::string sum = "let x = sum(orders.amount during last 30 days) + count(orders)\n";
  std::string sql = lower("UTC", sum);
  EXPECT_NE(sql.find("sumIf(assumeNotNull(`r_amount`), ifNull((toInt64(`r_ts`) >= toInt64(1717200000000000) AND "
                     "toInt64(`r_ts`) < toInt64(1719792000000000)) AND (`r_amount`) IS NOT NULL, 0)) * "
                     "(sum(toFloat64(abs(assumeNotNull(`r_amount`)))) * 10000 <= 9e18 AND "
                     "min(match(toTypeName(`r_amount`), "),
            std::string::npos)
      << sql;
  EXPECT_NE(sql.find("'0', 'seg_exact_sum_needed')"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("e_amount"), std::string::npos) << "no row converted:\n" << sql;
  EXPECT_EQ(sql.find("seg_day"), std::string::npos) << "no local day per event:\n" << sql;
  EXPECT_NE(sql.find("countIf(ifNull((toInt64(`r_ts`) < toInt64(1719792000000000)), 0))"), std::string::npos) << sql;
  // +05:30: the days start 5.5 hours earlier.
  EXPECT_NE(lower("+05:30", sum).find("toInt64(`r_ts`) >= toInt64(1717180200000000)"), std::string::npos);
  // A named zone tests the local day; the sum is still raw.
  sql = lower("Europe/Berlin", sum);
  EXPECT_NE(sql.find("seg_day BETWEEN"), std::string::npos) << sql;
  EXPECT_NE(sql.find("sumIf(assumeNotNull(`r_amount`)"), std::string::npos) << sql;
  // A money min converts every row (its raw extreme covers only the events it keeps).
  sql = lower("UTC", "let x = sum(orders.amount) + min(orders.amount where amount > 5)\n");
  EXPECT_NE(sql.find("AS `e_amount`"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("r_amount"), std::string::npos) << sql;
  // The exact statement checks every running sum in event order.
  sql = lower("UTC", sum, true);
  EXPECT_NE(sql.find("AS `e_amount`"), std::string::npos) << sql;
  EXPECT_NE(sql.find("arrayCumSum("), std::string::npos) << sql;
  EXPECT_EQ(sql.find("r_amount"), std::string::npos) << sql;
}

TEST(LowerSql, FixedOffsetZonesAreIsoIntervals) {
  Lowered l = Lower(
      "input customers key id { x: int }\ninput orders of customers by customer at ts { a: int }\n"
      "timezone \"+05:30\"\nlet n = count(orders during last 7 days)\ntag t when n > 0\n");
  ASSERT_TRUE(l.statement) << l.refusal.what;
  EXPECT_NE(l.statement->sql.find("AT TIME ZONE INTERVAL '+05:30'"), std::string::npos) << l.statement->sql;
}

}  // namespace
}  // namespace seg::sql
