// `seg` with its inputs in PostgreSQL tables: every e2e case that succeeds on CSV files gives the
// same output, byte for byte, from tables holding the same data; so does examples/retail.seg; and
// what goes wrong on the way (refused connection, wrong password, a server that goes away) gives a
// clear error, no output file and never the password.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "compiler/driver/compiler.h"
#include "compiler/ir/ir.h"
#include "tests/e2e/e2e_support.h"
#include "tests/postgres/csv_tables.h"
#include "tests/repl/repl_support.h"
#include "tests/support/case_list.h"
#include "tests/support/postgres_server.h"

namespace seg::test {

namespace fs = std::filesystem;
using e2e::ReadFile;
using e2e::Result;
using e2e::RunSeg;
using e2e::ShellQuote;

namespace {

// Cases whose CSV data PostgreSQL cannot hold in the declared types, each with the reason (a
// listed case that loads after all fails the test, so the list cannot go stale).
std::map<std::string, std::string> CsvOnlyCases() {
  return ReadCaseList(e2e::SourceDir() / "tests/postgres/csv_only_cases.txt");
}

class PostgresE2eTest : public PostgresTest {};

TEST_F(PostgresE2eTest, EveryCsvCaseGivesTheSameOutputFromTables) {
  std::map<std::string, std::string> csv_only = CsvOnlyCases();
  size_t compared = 0;
  for (const CsvCase& c : CsvCases()) {
    SCOPED_TRACE("case " + c.name + ": seg run program.seg " + c.args);
    auto compilation = Compile(c.dir / "program.seg");
    std::string pg_args;
    try {
      pg_args = BindToTables(server(), c.dir, c.args, *compilation->ir, TableName("case_", c.name), true);
    } catch (const std::exception& e) {
      EXPECT_TRUE(csv_only.count(c.name)) << "the case's CSV data does not load into PostgreSQL: " << e.what()
                                          << "\n(list it in tests/postgres/csv_only_cases.txt with the reason)";
      continue;
    }
    EXPECT_FALSE(csv_only.count(c.name)) << "listed in csv_only_cases.txt, but loads: remove it from the list";
    // The case's expected output is what the CSV run prints (tests/e2e checks that).
    std::string expected = ReadFile(c.expected);
    Result from_pg = RunSeg(c.dir, "run program.seg " + pg_args + " --threads 1");
    EXPECT_EQ(from_pg.status, 0) << from_pg.err;
    EXPECT_EQ(from_pg.out, expected) << from_pg.err;
    ++compared;
  }
  EXPECT_GT(compared, 0u);
  std::printf("compared %zu e2e cases from PostgreSQL tables\n", compared);
}

TEST_F(PostgresE2eTest, RetailExampleFromThreeTables) {
  fs::path examples = e2e::SourceDir() / "examples";
  auto compilation = Compile(examples / "retail.seg");
  // ?table=: customers in key order, which is the order of customers.csv (C0001 ... C2000).
  std::string pg_args = BindToTables(server(), examples, kExampleArgs, *compilation->ir, "retail", false);
  Result from_csv = RunSeg(examples, "run retail.seg " + kExampleArgs);
  Result from_pg = RunSeg(examples, "run retail.seg " + pg_args);
  ASSERT_EQ(from_csv.status, 0) << from_csv.err;
  ASSERT_EQ(from_pg.status, 0) << from_pg.err;
  EXPECT_EQ(from_pg.out, from_csv.out);
  EXPECT_NE(from_pg.err.find("loaded orders: 15932 rows from postgresql://seg@127.0.0.1:"), std::string::npos)
      << from_pg.err;
}

// A small customers table for the command-line checks below.
class PostgresCliTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (HasFatalFailure()) return;
    dir_ = std::make_unique<e2e::TempDir>();
    e2e::WriteFile(dir_->path() / "p.seg",
                   "input customers key id { spend: money }\n"
                   "segments tier {\n  \"big\" when spend >= 100\n  else \"small\"\n}\n");
    server().Exec("DROP TABLE IF EXISTS cli_customers");
    server().Exec("CREATE TABLE cli_customers (id text, spend numeric(12,2))");
    server().Exec("INSERT INTO cli_customers VALUES ('a', 150), ('b', 20.5), ('c', NULL)");
  }
  Result Seg(const std::string& args) { return RunSeg(dir_->path(), args); }
  std::string Table() { return ShellQuote(server().Url("?table=public.cli_customers")); }
  const fs::path& dir() { return dir_->path(); }

 private:
  std::unique_ptr<e2e::TempDir> dir_;
};

TEST_F(PostgresCliTest, EveryCommandReadsATable) {
  std::string input = " --input customers=" + Table() + " --as-of 2024-06-30";
  Result run = Seg("run p.seg" + input);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("a,big"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("b,small"), std::string::npos) << run.out;
  Result explain = Seg("explain p.seg --customer a" + input);
  EXPECT_EQ(explain.status, 0) << explain.err;
  EXPECT_NE(explain.out.find("big"), std::string::npos) << explain.out;
  Result report = Seg("report p.seg --out r.json" + input);
  EXPECT_EQ(report.status, 0) << report.err;
  EXPECT_TRUE(fs::exists(dir() / "r.json"));
  Result diff = Seg("diff p.seg p.seg" + input);
  EXPECT_EQ(diff.status, 0) << diff.err;
  Result check = Seg("check p.seg --data" + input);
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_NE((check.out + check.err).find("big"), std::string::npos) << check.out << check.err;
  e2e::Session repl = e2e::Repl((dir() / "p.seg").string() + input, "tag rich when spend > 100\n");
  EXPECT_EQ(repl.status, 0) << repl.err;
  EXPECT_NE(repl.out.find("rich"), std::string::npos) << repl.out;
}

TEST_F(PostgresCliTest, RefusedConnectionNamesTheServerNotThePassword) {
  std::string url = "postgresql://ann:Refused-Pw-42@127.0.0.1:" + std::to_string(PostgresServer::UnusedPort()) +
                    "/crm?table=public.customers";
  Result r = Seg("run p.seg --as-of 2024-06-30 --out out.csv --input customers=" + ShellQuote(url));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("Refused-Pw-42"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir() / "out.csv"));
}

TEST_F(PostgresCliTest, AuthenticationFailureNeverPrintsThePassword) {
  std::string url = server().PasswordUserUrl("Wrong-Pw-77", "?table=public.cli_customers");
  Result r = Seg("run p.seg --as-of 2024-06-30 --input customers=" + ShellQuote(url));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("authentication failed for user \"seg_secret\""), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("Wrong-Pw-77"), std::string::npos) << r.err;
  // The right password in the URL works, and is not echoed either.
  Result right = RunSeg(dir(), "run p.seg --as-of 2024-06-30 --input customers=" +
                                   ShellQuote(server().PasswordUserUrl(PostgresServer::kPassword,
                                                                       "?table=public.cli_customers")));
  EXPECT_EQ(right.status, 0) << right.err;
  EXPECT_EQ((right.out + right.err).find(PostgresServer::kPassword), std::string::npos) << right.err;
}

TEST_F(PostgresCliTest, TypeMismatchAndMissingTableAreClear) {
  server().Exec("DROP TABLE IF EXISTS cli_text_spend");
  server().Exec("CREATE TABLE cli_text_spend (id text, spend text)");
  Result r = Seg("run p.seg --as-of 2024-06-30 --input customers=" +
                 ShellQuote(server().Url("?table=public.cli_text_spend")));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("column 'spend' of public.cli_text_spend is declared money in input customers but is text"),
            std::string::npos)
      << r.err;
  r = Seg("run p.seg --as-of 2024-06-30 --input customers=" + ShellQuote(server().Url("?table=public.nowhere")));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("\"public.nowhere\" does not exist"), std::string::npos) << r.err;
}

TEST_F(PostgresCliTest, DuplicateAndNullKeysNameTheTableAndKey) {
  server().Exec("DROP TABLE IF EXISTS cli_dupes");
  server().Exec("CREATE TABLE cli_dupes (id text, spend numeric)");
  server().Exec("INSERT INTO cli_dupes VALUES ('a', 1), ('b', 2), ('a', 3)");
  std::string url = ShellQuote(server().Url("?table=public.cli_dupes"));
  Result r = Seg("run p.seg --as-of 2024-06-30 --input customers=" + url);
  EXPECT_NE(r.status, 0);
  // Rows are numbered in the order read: key order for a table, so the two a rows are 1 and 2.
  EXPECT_NE(r.err.find("table=public.cli_dupes:2: customer key 'a' appears again (first on line 1)"), std::string::npos)
      << r.err;
  Result skipped = Seg("run p.seg --as-of 2024-06-30 --on-bad-row skip --input customers=" + url);
  EXPECT_EQ(skipped.status, 0) << skipped.err;
  EXPECT_EQ(skipped.out.find("a,"), std::string::npos) << skipped.out;
  EXPECT_NE(skipped.out.find("b,"), std::string::npos) << skipped.out;
  server().Exec("INSERT INTO cli_dupes VALUES (NULL, 4)");
  server().Exec("DELETE FROM cli_dupes WHERE id = 'a'");
  r = Seg("run p.seg --as-of 2024-06-30 --input customers=" + url);
  EXPECT_NE(r.err.find("a customer row without a key"), std::string::npos) << r.err;
}

TEST_F(PostgresCliTest, ServerGoingAwayMidReadWritesNoOutput) {
  // 200,000 customers whose query terminates its own backend part-way through the COPY.
  std::string query =
      "SELECT 'c' || g AS id, g::numeric AS spend FROM generate_series(1, 200000) g "
      "WHERE g < 100000 OR pg_terminate_backend(pg_backend_pid())";
  std::string encoded;
  for (char c : query) encoded += c == ' ' ? std::string("%20") : c == '|' ? std::string("%7C") : std::string(1, c);
  Result r = Seg("run p.seg --as-of 2024-06-30 --out out.csv --input customers=" +
                 ShellQuote(server().Url("?query=" + encoded)));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("the connection to PostgreSQL at 127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("was lost"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir() / "out.csv"));
}

}  // namespace
}  // namespace seg::test
