// LoadPostgresTable against a real server: each PostgreSQL type into each declared type it reads,
// NULLs, the errors found before any row is read, bad rows, and a server that goes away mid-read.
#include "runtime/io/postgres/postgres_loader.h"

#include <gtest/gtest.h>

#include "runtime/money.h"
#include "tests/support/postgres_server.h"

namespace seg::test {
namespace {

using rt::ValueType;

rt::TableSpec Spec(std::vector<rt::ColumnSpec> columns, const std::string& key = "", bool is_event = false,
                   const std::string& time = "") {
  rt::TableSpec spec;
  spec.name = "t";
  spec.columns = std::move(columns);
  spec.key_column = key.empty() ? spec.columns.front().name : key;
  spec.is_event = is_event;
  spec.time_column = time;
  return spec;
}

class PostgresLoaderTest : public PostgresTest {
 protected:
  rt::LoadResult Load(const rt::TableSpec& spec, const std::string& suffix, const rt::LoadOptions& options = {},
                      const rt::TimeZone& zone = rt::TimeZone::Utc()) {
    return rt::pg::LoadPostgresTable(spec, server().Url(suffix), options, zone);
  }
  // Loads one column `v` (declared `type`) of `SELECT <values> AS v` as an event table, where
  // nothing is required of the key.
  rt::LoadResult LoadValues(ValueType type, const std::string& select, const rt::TimeZone& zone = rt::TimeZone::Utc()) {
    rt::TableSpec spec = Spec({{"k", ValueType::kId}, {"v", type}}, "k", true, "v");
    std::string query = "SELECT 'c' AS k, v FROM (" + select + ") AS s(v)";
    std::string encoded;
    for (char c : query) encoded += c == ' ' ? std::string("%20") : c == '&' ? std::string("%26") : std::string(1, c);
    return Load(spec, "?query=" + encoded, {}, zone);
  }
};

TEST_F(PostgresLoaderTest, NumericIsMoneyExactly) {
  rt::LoadResult r = LoadValues(ValueType::kMoney,
                                "VALUES (12.5::numeric), (-0.0001), (0), (1.50000), (922337203685477.5807), "
                                "(-922337203685477.5807), (10000), (123456789.1234), (NULL), (7::numeric(10,4))");
  ASSERT_TRUE(r.ok()) << r.status.message();
  const rt::Column& v = r.table.column(1);
  std::vector<int64_t> want = {125000, -1, 0, 15000, INT64_MAX, -INT64_MAX, 100000000, 1234567891234, 0, 70000};
  for (size_t i = 0; i < want.size(); ++i) {
    if (i == 8) {
      EXPECT_FALSE(v.IsValid(i));
      continue;
    }
    EXPECT_EQ(v.values<int64_t>()[i], want[i]) << "row " << i;
  }
}

TEST_F(PostgresLoaderTest, IntegersAreMoneyToo) {
  rt::LoadResult r = LoadValues(ValueType::kMoney, "VALUES (3::int2), (-4::int2)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<int64_t>()[1], -40000);
}

TEST_F(PostgresLoaderTest, MoneyRoundsFifthDecimalAsCsvAndRefusesNaNAndRange) {
  for (const char* value : {"'NaN'", "922337203685477.5808", "1e30", "'Infinity'"}) {
    rt::LoadResult r = LoadValues(ValueType::kMoney, std::string("VALUES (") + value + "::numeric)");
    EXPECT_FALSE(r.ok()) << value;
    EXPECT_NE(r.status.message().find("column 'v'"), std::string::npos) << r.status.message();
  }
  rt::LoadResult r = LoadValues(ValueType::kMoney, "VALUES (0.00005::numeric), (0.00015), (-0.00015), (1.234551)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  const auto& units = r.table.column(1).values<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(units.begin(), units.end()), (std::vector<int64_t>{0, 2, -2, 12346}));
}

TEST_F(PostgresLoaderTest, IntegersFloatsAndBools) {
  // One type per load: VALUES would unify the three to bigint.
  for (auto [value, want] : std::vector<std::pair<std::string, int64_t>>{{"(-32768)::int2", -32768},
                                                                         {"2147483647::int4", 2147483647},
                                                                         {"(-9223372036854775808)::int8", INT64_MIN}}) {
    rt::LoadResult r = LoadValues(ValueType::kInt, "VALUES (" + value + ")");
    ASSERT_TRUE(r.ok()) << r.status.message();
    EXPECT_EQ(r.table.column(1).values<int64_t>()[0], want) << value;
  }
  rt::LoadResult r;
  r = LoadValues(ValueType::kFloat, "VALUES (1.5::float8), (0.1::float4), (-2e300::float8)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<double>()[0], 1.5);
  EXPECT_EQ(r.table.column(1).values<double>()[1], static_cast<double>(0.1f));
  EXPECT_EQ(r.table.column(1).values<double>()[2], -2e300);
  EXPECT_FALSE(LoadValues(ValueType::kFloat, "VALUES ('NaN'::float8)").ok());
  r = LoadValues(ValueType::kBool, "VALUES (true), (false), (NULL)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<uint8_t>()[0], 1);
  EXPECT_EQ(r.table.column(1).values<uint8_t>()[1], 0);
  EXPECT_FALSE(r.table.column(1).IsValid(2));
}

TEST_F(PostgresLoaderTest, DatesAndTimestamps) {
  rt::LoadResult r = LoadValues(ValueType::kDate,
                                "VALUES ('1970-01-01'::date), ('2000-01-01'), ('1969-12-31'), ('2024-02-29')");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<int32_t>(), (std::vector<int32_t>{0, 10957, -1, 19782}));
  EXPECT_FALSE(LoadValues(ValueType::kDate, "VALUES ('infinity'::date)").ok());

  // timestamptz is an instant; microseconds survive.
  r = LoadValues(ValueType::kTimestamp,
                 "VALUES ('2024-06-30 10:00:00.000001+02'::timestamptz), ('1969-12-31 23:59:59Z')");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<int64_t>()[0], 1719734400000001);
  EXPECT_EQ(r.table.column(1).values<int64_t>()[1], -1000000);

  // timestamp without time zone is a wall-clock reading in the program's zone, summer and winter.
  rt::Result<rt::TimeZone> berlin = rt::TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok()) << berlin.message();
  r = LoadValues(ValueType::kTimestamp, "VALUES ('2024-06-30 12:00:00'::timestamp), ('2024-01-15 12:00:00')", *berlin);
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<int64_t>()[0], 1719741600000000);  // 10:00Z
  EXPECT_EQ(r.table.column(1).values<int64_t>()[1], 1705316400000000);  // 11:00Z
  EXPECT_FALSE(LoadValues(ValueType::kTimestamp, "VALUES ('-infinity'::timestamptz)").ok());
}

TEST_F(PostgresLoaderTest, IntervalsAreDurations) {
  rt::LoadResult r = LoadValues(ValueType::kDuration, "VALUES ('1 day 2 hours'::interval), ('-90 seconds')");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).values<int64_t>(), (std::vector<int64_t>{93600000000, -90000000}));
  r = LoadValues(ValueType::kDuration, "VALUES ('1 month'::interval)");
  EXPECT_NE(r.status.message().find("months"), std::string::npos) << r.status.message();
}

TEST_F(PostgresLoaderTest, TextTypesUuidAndIntIds) {
  rt::LoadResult r = LoadValues(ValueType::kText, "VALUES ('h\u00e9llo'::text), (''), ('v'::varchar(3)), (NULL)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  const rt::Column& v = r.table.column(1);
  EXPECT_EQ(v.TextAt(0), "h\u00e9llo");
  EXPECT_TRUE(v.IsValid(1));  // an empty string is a value; only NULL is missing
  EXPECT_EQ(v.TextAt(1), "");
  EXPECT_EQ(v.TextAt(2), "v");
  EXPECT_FALSE(v.IsValid(3));
  r = LoadValues(ValueType::kText, "VALUES ('pad'::char(5))");  // char(n) keeps its padding, as psql prints it
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).TextAt(0), "pad  ");
  r = LoadValues(ValueType::kId, "VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).TextAt(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  r = LoadValues(ValueType::kId, "VALUES (42::int8), (-7::int4)");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(1).TextAt(0), "42");
  EXPECT_EQ(r.table.column(1).TextAt(1), "-7");
}

TEST_F(PostgresLoaderTest, TextArraysAreTags) {
  rt::LoadResult r = LoadValues(ValueType::kTags,
                                "VALUES (ARRAY['vip',' new ','']::text[]), ('{}'), (ARRAY['a',NULL,'b']), (NULL), "
                                "(ARRAY['x']::varchar[])");
  ASSERT_TRUE(r.ok()) << r.status.message();
  const rt::Column& v = r.table.column(1);
  auto tags = [&](size_t row) {
    std::vector<std::string> out;
    for (int32_t code : v.TagsAt(row)) out.emplace_back(v.dictionary().Value(code));
    return out;
  };
  EXPECT_EQ(tags(0), (std::vector<std::string>{"vip", "new"}));  // trimmed, empty dropped, as in CSV
  EXPECT_TRUE(v.IsValid(1));
  EXPECT_TRUE(tags(1).empty());
  EXPECT_EQ(tags(2), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(v.IsValid(3));
  EXPECT_EQ(tags(4), (std::vector<std::string>{"x"}));
  EXPECT_FALSE(LoadValues(ValueType::kTags, "VALUES (ARRAY[['a'],['b']]::text[])").ok());
}

TEST_F(PostgresLoaderTest, DomainsAndEnumsReadAsTheirValues) {
  server().Exec("CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')");
  server().Exec("CREATE DOMAIN amount AS numeric(12,2)");
  server().Exec("CREATE TYPE status AS ENUM ('paid', 'returned')");
  server().Exec("CREATE TABLE typed_t (id email, spend amount, state status)");
  server().Exec("INSERT INTO typed_t VALUES ('b@x', 2.5, 'returned'), ('a@x', 1, 'paid')");
  rt::TableSpec spec = Spec({{"id", ValueType::kId}, {"spend", ValueType::kMoney}, {"state", ValueType::kText}});
  rt::LoadResult r = Load(spec, "?table=typed_t");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(0).TextAt(0), "a@x");  // key order
  EXPECT_EQ(r.table.column(1).values<int64_t>()[1], 25000);
  EXPECT_EQ(r.table.column(2).TextAt(1), "returned");
  // An enum key orders by the enum's own order (no COLLATE).
  server().Exec("CREATE TABLE enum_key_t (id status)");
  server().Exec("INSERT INTO enum_key_t VALUES ('returned'), ('paid')");
  r = Load(Spec({{"id", ValueType::kId}}), "?table=enum_key_t");
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.column(0).TextAt(0), "paid");
  r = Load(Spec({{"id", ValueType::kId}, {"spend", ValueType::kInt}}), "?table=typed_t");
  EXPECT_NE(r.status.message().find("is declared int in input t but is numeric(12,2) in the database"),
            std::string::npos)
      << r.status.message();
}

TEST_F(PostgresLoaderTest, ReadsOnlyTheColumnsNotSkipped) {
  server().Exec("CREATE TABLE skip_t (id text, used numeric, unused numeric)");
  server().Exec("INSERT INTO skip_t VALUES ('a', 1.5, 2), ('b', NULL, 1.00001)");  // unused would fail
  rt::TableSpec spec = Spec({{"id", ValueType::kId}, {"used", ValueType::kMoney}, {"unused", ValueType::kMoney, true}});
  rt::LoadResult r = Load(spec, "?table=public.skip_t");
  ASSERT_TRUE(r.ok()) << r.status.message();
  ASSERT_EQ(r.table.num_rows(), 2u);
  EXPECT_EQ(r.table.column(1).values<int64_t>()[0], 15000);
  EXPECT_FALSE(r.table.column(1).IsValid(1));
  EXPECT_EQ(r.table.column(2).NullCount(), 2u);
  EXPECT_EQ(r.stats.rows_loaded, 2u);
}

TEST_F(PostgresLoaderTest, MissingTableAndColumnAndTypeMismatch) {
  server().Exec("CREATE TABLE shape_t (id text, amount text, day date)");
  rt::TableSpec spec = Spec({{"id", ValueType::kId}, {"amount", ValueType::kMoney}});
  rt::LoadResult r = Load(spec, "?table=public.no_such_table");
  EXPECT_NE(r.status.message().find("\"public.no_such_table\" does not exist"), std::string::npos)
      << r.status.message();

  r = Load(Spec({{"id", ValueType::kId}, {"total", ValueType::kMoney}}), "?table=public.shape_t");
  EXPECT_NE(r.status.message().find("public.shape_t has no column 'total'"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("id, amount, day"), std::string::npos) << r.status.message();

  r = Load(spec, "?table=public.shape_t");
  EXPECT_NE(r.status.message().find(
                "column 'amount' of public.shape_t is declared money in input t but is text in the database"),
            std::string::npos)
      << r.status.message();
  r = Load(Spec({{"id", ValueType::kId}, {"day", ValueType::kTimestamp}}), "?table=shape_t");
  EXPECT_NE(r.status.message().find("is declared timestamp in input t but is date"), std::string::npos)
      << r.status.message();
}

TEST_F(PostgresLoaderTest, NullAndRepeatedCustomerKeys) {
  server().Exec("CREATE TABLE keys_t (id text, n int)");
  server().Exec("INSERT INTO keys_t VALUES ('a', 1), (NULL, 2), ('b', 3), ('a', 4), ('c', 5)");
  rt::TableSpec spec = Spec({{"id", ValueType::kId}, {"n", ValueType::kInt}});
  rt::LoadResult r = Load(spec, "?query=SELECT%20*%20FROM%20keys_t%20WHERE%20n%20%3C%3E%202");
  EXPECT_NE(r.status.message().find("?query="), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find(":3: customer key 'a' appears again (first on line 1)"), std::string::npos)
      << r.status.message();

  r = Load(spec, "?table=keys_t");
  // A table is read in key order, where NULL comes last: row 5.
  EXPECT_NE(r.status.message().find("table=keys_t:5: column 'id': a customer row without a key"), std::string::npos)
      << r.status.message();

  rt::LoadOptions skip;
  skip.on_bad_row = rt::BadRowPolicy::kSkip;
  r = Load(spec, "?table=keys_t", skip);
  ASSERT_TRUE(r.ok()) << r.status.message();
  EXPECT_EQ(r.table.num_rows(), 2u);  // b and c; both a rows and the NULL row left out
  EXPECT_EQ(r.stats.rows_skipped, 3u);
}

TEST_F(PostgresLoaderTest, UnknownParameterAndNoSource) {
  rt::TableSpec spec = Spec({{"id", ValueType::kId}});
  EXPECT_NE(Load(spec, "?table=t&history=x").status.message().find("unknown parameter 'history'"), std::string::npos);
  EXPECT_NE(Load(spec, "").status.message().find("?table=SCHEMA.TABLE or ?query="), std::string::npos);
}

TEST_F(PostgresLoaderTest, ServerGoingAwayMidReadFailsTheLoad) {
  // The query terminates its own backend after 50,000 rows, while the COPY is streaming.
  rt::TableSpec spec = Spec({{"id", ValueType::kInt}});
  rt::LoadResult r = Load(spec,
                          "?query=SELECT%20g%20AS%20id%20FROM%20generate_series(1,200000)%20g%20WHERE%20g%20%3C%2050000"
                          "%20OR%20pg_terminate_backend(pg_backend_pid())");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status.message().find("was lost"), std::string::npos) << r.status.message();
  EXPECT_EQ(r.table.num_rows(), 0u);
}

}  // namespace
}  // namespace seg::test
