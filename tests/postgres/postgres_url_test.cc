#include "runtime/io/postgres/postgres_url.h"

#include <gtest/gtest.h>

namespace seg::rt::pg {
namespace {

PostgresUrl Parse(const std::string& text) {
  rt::Result<PostgresUrl> url = ParsePostgresUrl(text);
  EXPECT_TRUE(url.ok()) << url.message();
  return url.ok() ? *url : PostgresUrl{};
}

std::string ParseError(const std::string& text) {
  rt::Result<PostgresUrl> url = ParsePostgresUrl(text);
  EXPECT_FALSE(url.ok()) << text;
  return url.message();
}

TEST(PostgresUrl, AllParts) {
  PostgresUrl url = Parse("postgresql://ann:pw@db.example.com:6543/crm?table=sales.orders");
  EXPECT_EQ(url.user, "ann");
  EXPECT_EQ(url.password, "pw");
  EXPECT_EQ(url.host, "db.example.com");
  EXPECT_EQ(url.port, "6543");
  EXPECT_EQ(url.database, "crm");
  ASSERT_TRUE(url.table.has_value());
  EXPECT_EQ(url.table->schema, "sales");
  EXPECT_EQ(url.table->table, "orders");
  EXPECT_FALSE(url.query.has_value());
  EXPECT_EQ(url.Where(), "db.example.com:6543/crm");
}

TEST(PostgresUrl, OptionalPartsAndDefaults) {
  PostgresUrl url = Parse("postgres://localhost/crm?table=orders");
  EXPECT_EQ(url.user, "");
  EXPECT_EQ(url.password, "");
  EXPECT_EQ(url.port, "");
  EXPECT_EQ(url.table->schema, "");
  EXPECT_EQ(url.table->table, "orders");
  EXPECT_EQ(url.Where(), "localhost:5432/crm");
  EXPECT_TRUE(IsPostgresUrl("PostgreSQL://x/y"));
  EXPECT_FALSE(IsPostgresUrl("orders.csv"));
  EXPECT_FALSE(IsPostgresUrl("postgresql:/x"));
}

TEST(PostgresUrl, PercentDecodingEverywhere) {
  PostgresUrl url = Parse(
      "postgresql://us%40er:p%40ss%3Aw%2Fd@h/my%20db?query=SELECT%20a%2Bb%20FROM%20t%20WHERE%20x%3D1");
  EXPECT_EQ(url.user, "us@er");
  EXPECT_EQ(url.password, "p@ss:w/d");
  EXPECT_EQ(url.database, "my db");
  ASSERT_TRUE(url.query.has_value());
  EXPECT_EQ(*url.query, "SELECT a+b FROM t WHERE x=1");
  // '+' is not a space: it may be SQL.
  EXPECT_EQ(*Parse("postgresql://h/d?query=SELECT 1+2").query, "SELECT 1+2");
}

TEST(PostgresUrl, QuotedAndFoldedTableNames) {
  EXPECT_EQ(Parse("postgresql://h/d?table=Sales.Orders").table->Display(), "sales.orders");
  QualifiedName quoted = *Parse("postgresql://h/d?table=%22My%20Schema%22.%22Order%22%22s%22").table;
  EXPECT_EQ(quoted.schema, "My Schema");
  EXPECT_EQ(quoted.table, "Order\"s");
  EXPECT_EQ(quoted.Sql(), "\"My Schema\".\"Order\"\"s\"");
  EXPECT_FALSE(ParseQualifiedName("a.b.c").has_value());
  EXPECT_FALSE(ParseQualifiedName("").has_value());
  EXPECT_FALSE(ParseQualifiedName("a.").has_value());
  EXPECT_FALSE(ParseQualifiedName("\"open").has_value());
}

TEST(PostgresUrl, IPv6Host) {
  PostgresUrl url = Parse("postgresql://[::1]:5433/d?table=t");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, "5433");
  EXPECT_EQ(url.Display(), "postgresql://[::1]:5433/d?table=t");
}

TEST(PostgresUrl, LibpqOptionsAndOtherParameters) {
  PostgresUrl url = Parse("postgresql://h/d?table=t&sslmode=disable&connect_timeout=3&history=runs");
  ASSERT_EQ(url.connection_options.size(), 2u);
  EXPECT_EQ(url.connection_options[0], (std::pair<std::string, std::string>{"sslmode", "disable"}));
  EXPECT_EQ(url.other.at("history"), "runs");
  auto params = url.ConnectionParams();
  EXPECT_NE(std::find(params.begin(), params.end(), std::pair<std::string, std::string>{"connect_timeout", "3"}),
            params.end());
}

TEST(PostgresUrl, Malformed) {
  EXPECT_NE(ParseError("http://h/d").find("postgresql://"), std::string::npos);
  EXPECT_NE(ParseError("postgresql://h:port/d").find("not a number"), std::string::npos);
  EXPECT_NE(ParseError("postgresql://h/d?table=t&query=SELECT 1").find("not both"), std::string::npos);
  EXPECT_NE(ParseError("postgresql://h/d?table=a.b.c").find("SCHEMA.TABLE"), std::string::npos);
  EXPECT_NE(ParseError("postgresql://h/d?table").find("no '='"), std::string::npos);
  EXPECT_NE(ParseError("postgresql://h/d%zz").find("%-escape"), std::string::npos);
}

TEST(PostgresUrl, PasswordNeverInDisplayOrErrors) {
  PostgresUrl url = Parse("postgresql://ann:hunter2@h:1/d?table=t&password=hunter3");
  EXPECT_EQ(url.password, "hunter3");  // the parameter wins, as in libpq
  EXPECT_EQ(url.Display().find("hunter"), std::string::npos) << url.Display();
  EXPECT_EQ(url.Display(), "postgresql://ann@h:1/d?table=t");
  std::string error = ParseError("postgresql://ann:hunter2@h:xx/d");
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  EXPECT_NE(error.find("ann@h:xx"), std::string::npos) << error;
  error = ParseError("postgresql://ann@h/d?password=hunter2&table=a.b.c");
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
}

TEST(PostgresUrl, RedactPasswordsInFreeText) {
  EXPECT_EQ(RedactPasswords("--input a=postgresql://u:s3cret@h/d?table=t and postgres://v:x%40y@h2/d"),
            "--input a=postgresql://u@h/d?table=t and postgres://v@h2/d");
  EXPECT_EQ(RedactPasswords("host=h password=s3cret dbname=d"), "host=h password=*** dbname=d");
  EXPECT_EQ(RedactPasswords("postgresql://u@h/d?password=s3cret&table=t"), "postgresql://u@h/d?password=***&table=t");
  EXPECT_EQ(RedactPasswords("no url here: a:b@c"), "no url here: a:b@c");
}

TEST(PostgresUrl, ScrubSecret) {
  EXPECT_EQ(ScrubSecret("bad p@ss and p%40ss", "p@ss"), "bad *** and ***");
  EXPECT_EQ(ScrubSecret("unchanged", ""), "unchanged");
}

}  // namespace
}  // namespace seg::rt::pg
