// `seg run --on postgresql://...`: the program compiled to SQL and run inside PostgreSQL gives
// the interpreter's output byte for byte: examples/retail.seg on its three tables, and every e2e
// case on its tables, compared with the local run of the same tables. A case the SQL backend
// refuses must say so with E0400 and be listed in tests/postgres/refused_cases.txt with the reason
// (docs/SQL.md lists what is refused and why); a listed case that runs fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/e2e/e2e_support.h"
#include "tests/postgres/csv_tables.h"
#include "tests/support/case_list.h"
#include "tests/support/postgres_server.h"
#include "tests/support/running_sum_case.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using e2e::RunSeg;
using e2e::ShellQuote;

std::string SortedRowsOf(const std::string& csv) {
  std::vector<std::string> lines;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (!lines.empty()) std::sort(lines.begin() + 1, lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// `table_args` (from BindToTables: --input NAME='postgresql://...?table=public.PREFIX_NAME')
// as --on URL --input NAME=PREFIX_NAME.
std::string OnServer(PostgresServer& server, const std::string& table_args) {
  std::regex binding("--input ([A-Za-z_0-9]+)='[^']*\\?table=public\\.([A-Za-z_0-9]+)'");
  return " --on " + ShellQuote(server.Url()) + " " + std::regex_replace(table_args, binding, "--input $1=$2");
}

class PostgresSqlTest : public PostgresTest {};

TEST_F(PostgresSqlTest, RetailExampleOnTheServerEqualsTheLocalRun) {
  fs::path examples = e2e::SourceDir() / "examples";
  auto compilation = Compile(examples / "retail.seg");
  std::string tables = BindToTables(server(), examples, kExampleArgs, *compilation->ir, "sqlretail", false);
  Result local = RunSeg(examples, "run retail.seg " + kExampleArgs);
  Result on = RunSeg(examples, "run retail.seg" + OnServer(server(), tables));
  ASSERT_EQ(local.status, 0) << local.err;
  ASSERT_EQ(on.status, 0) << on.err;
  EXPECT_EQ(on.out, local.out);
  // The quintiles are ranked inside the one statement `seg sql` prints (their cut points in CTEs).
  Result printed = RunSeg(examples, "sql retail.seg --as-of 2025-06-30");
  EXPECT_EQ(printed.status, 0) << printed.err;
  EXPECT_NE(printed.out.find("-- the cut points of let"), std::string::npos) << printed.out;
}

TEST_F(PostgresSqlTest, ResultTableAndRefusedServerKeepThePassword) {
  fs::path examples = e2e::SourceDir() / "examples";
  auto compilation = Compile(examples / "lifecycle.seg");
  std::string tables = BindToTables(server(), examples, kExampleArgs, *compilation->ir, "sqlout", false);
  Result on = RunSeg(examples, "run lifecycle.seg" + OnServer(server(), tables) + " --quiet --out " +
                                   ShellQuote(server().Url("?table=public.sql_lifecycle_result")));
  ASSERT_EQ(on.status, 0) << on.err;
  Result local = RunSeg(examples, "run lifecycle.seg " + kExampleArgs + " --quiet");
  size_t rows = static_cast<size_t>(std::count(local.out.begin(), local.out.end(), '\n')) - 1;
  EXPECT_EQ(server().Query("SELECT count(*) FROM public.sql_lifecycle_result").at(0).at(0), std::to_string(rows));
  std::string refused = "postgresql://ann:Refused-Pw-42@127.0.0.1:" + std::to_string(PostgresServer::UnusedPort()) +
                        "/crm";
  Result r = RunSeg(examples,
                    "run lifecycle.seg --as-of 2025-06-30 --on " + ShellQuote(refused) + " --input customers=c");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("Refused-Pw-42"), std::string::npos) << r.err;
}

TEST_F(PostgresSqlTest, EveryExampleOnTheServerEqualsTheLocalRun) {
  fs::path examples = e2e::SourceDir() / "examples";
  bool loaded = false;
  std::string tables;
  for (const char* name : {"retail.seg", "lifecycle.seg", "behaviour.seg"}) {
    SCOPED_TRACE(name);
    auto compilation = Compile(examples / name);
    if (!loaded) tables = BindToTables(server(), examples, kExampleArgs, *compilation->ir, "sqlex", false);
    loaded = true;
    Result local = RunSeg(examples, std::string("run ") + name + " " + kExampleArgs + " --quiet");
    Result on = RunSeg(examples, std::string("run ") + name + OnServer(server(), tables) + " --quiet");
    ASSERT_EQ(local.status, 0) << local.err;
    EXPECT_EQ(on.status, 0) << on.err;
    EXPECT_EQ(on.out, local.out);
  }
}

TEST_F(PostgresSqlTest, EveryE2eCaseOnTheServerEqualsTheLocalRunOrIsRefused) {
  size_t compared = 0, refused = 0, without_customers = 0;
  std::map<std::string, std::string> listed_refused = ReadCaseList(e2e::SourceDir() /
                                                                   "tests/postgres/refused_cases.txt");
  for (const CsvCase& c : CsvCases()) {
    // --on-bad-row skip has no meaning on a server (seg run --on refuses it).
    if (c.args.find("--input") == std::string::npos || c.args.find("--on-bad-row") != std::string::npos) continue;
    SCOPED_TRACE("case " + c.name + ": seg run program.seg " + c.args);
    auto compilation = Compile(c.dir / "program.seg");
    std::string prefix = TableName("sql_", c.name);
    std::string tables;
    try {
      tables = BindToTables(server(), c.dir, c.args, *compilation->ir, prefix, false);
    } catch (const std::exception&) {
      continue;  // data PostgreSQL cannot hold (tests/postgres/csv_only_cases.txt)
    }
    Result local = RunSeg(c.dir, "run program.seg " + tables + " --threads 1 --quiet");
    Result on = RunSeg(c.dir, "run program.seg" + OnServer(server(), tables) + " --quiet");
    bool was_refused = on.status != 0 && on.err.find("E0400") != std::string::npos;
    if (listed_refused.count(c.name)) {
      EXPECT_TRUE(was_refused) << "listed in tests/postgres/refused_cases.txt (" << listed_refused[c.name]
                               << "), but: status " << on.status << "\n"
                               << on.err;
      ++refused;
      continue;
    }
    EXPECT_FALSE(was_refused) << "refused: list the case in tests/postgres/refused_cases.txt with the reason\n"
                              << on.err;
    if (was_refused) continue;
    EXPECT_EQ(on.status, local.status) << on.err << "\nlocal: " << local.err;
    const ir::Program& program = *compilation->ir;
    if (c.args.find("--input " + program.inputs[program.entity_input].name + "=") == std::string::npos) {
      // No customer table: a local run lists the customers in the order the events first name
      // them, a server run in key order (docs/SQL.md); the rows must be the same.
      ++without_customers;
      EXPECT_EQ(SortedRowsOf(on.out), SortedRowsOf(local.out)) << on.err;
    } else {
      EXPECT_EQ(on.out, local.out) << on.err;
    }
    ++compared;
  }
  std::printf(
      "compared %zu e2e cases on PostgreSQL, %zu refused with E0400 as listed, %zu of them without a customer table "
      "(rows "
      "compared in key order)\n",
      compared, refused, without_customers);
  EXPECT_GT(compared, 20u);
}

}  // namespace
}  // namespace seg::test

namespace seg::test {
namespace {

// A sum fails where a running total in event order leaves 64 bits, even when the total fits
// again, as seg's does; where the absolute values exceed 64 bits but no running total does, the
// server's exact check (a correlated re-read of the customer's events) gives the sum.
TEST_F(PostgresSqlTest, ASumFailsWhereARunningTotalLeaves64Bits) {
  e2e::TempDir dir;
  WriteRunningSumCase(dir.path());
  auto compilation = Compile(dir.path() / "program.seg");
  for (const char* orders : {"fits", "leaves"}) {
    SCOPED_TRACE(orders);
    std::string args = std::string("--input customers=customers.csv --input orders=") + orders +
                       ".csv --as-of 2024-06-30";
    std::string tables = BindToTables(server(), dir.path(), args, *compilation->ir, std::string("sqlsum_") + orders,
                                      false);
    Result local = RunSeg(dir.path(), "run program.seg " + args + " --quiet");
    Result on = RunSeg(dir.path(), "run program.seg" + OnServer(server(), tables) + " --quiet");
    if (std::string(orders) == "fits") {
      ASSERT_EQ(local.status, 0) << local.err;
      EXPECT_EQ(local.out, kRunningSumFitsOutput);
      EXPECT_EQ(on.status, 0) << on.err;
      EXPECT_EQ(on.out, local.out) << on.err;
    } else {
      EXPECT_NE(local.status, 0) << local.out;
      EXPECT_NE(on.status, 0) << on.out;
      EXPECT_NE(on.err.find("too large for 64 bits"), std::string::npos) << on.err;
    }
  }
}

// A pass that reads the table's own columns (UTC: windows as instants, sums of money on the
// numeric column, min/max converted once per customer) answers as the converted reads did: a
// value with more than 4 decimals is rounded one by one (0.00004 twice is 0, where the numeric
// sum would round to 0.0001), and a row whose conversion fails fails the run even where no
// aggregate reads it (another key's row, outside every window).
TEST_F(PostgresSqlTest, RawReadsOfAPassRoundAndFailAsConvertedReads) {
  e2e::TempDir dir;
  e2e::WriteFile(dir.path() / "program.seg",
                 "input customers key id { }\n"
                 "input orders of customers by customer at ts { amount: money }\n"
                 "let total = sum(orders.amount during last 30 days)\n"
                 "let biggest = max(orders.amount)\n"
                 "let latest = days_since(last(orders.ts))\n"
                 "score s_total = total\nscore s_biggest = biggest\nscore s_latest = days(latest)\n");
  e2e::WriteFile(dir.path() / "customers.csv", "id\nA\nB\n");
  e2e::WriteFile(dir.path() / "orders.csv",
                 "customer,ts,amount\nA,2024-06-20T10:00:00Z,0.00004\nA,2024-06-21T10:00:00Z,0.00004\n"
                 "B,2024-06-29T23:59:59Z,1.5\nB,2024-05-31T23:59:59Z,2.25\n");
  auto compilation = Compile(dir.path() / "program.seg");
  std::string args = "--input customers=customers.csv --input orders=orders.csv --as-of 2024-06-30";
  std::string tables = BindToTables(server(), dir.path(), args, *compilation->ir, "sqlraw", false);
  Result local = RunSeg(dir.path(), "run program.seg " + args + " --quiet");
  ASSERT_EQ(local.status, 0) << local.err;
  EXPECT_EQ(local.out, "id,s_total,s_biggest,s_latest\nA,0,0,9\nB,1.5,2.25,1\n");
  Result on = RunSeg(dir.path(), "run program.seg" + OnServer(server(), tables) + " --quiet");
  EXPECT_EQ(on.status, 0) << on.err;
  EXPECT_EQ(on.out, local.out) << on.err;
  // Another key's row that no aggregate reads, out of the money range, then at infinity.
  for (const char* bad : {"('Z', '2020-01-01 00:00:00+00', 1e30)", "('Z', 'infinity', 1)"}) {
    SCOPED_TRACE(bad);
    server().Exec("DROP TABLE IF EXISTS sqlraw_bad; CREATE TABLE sqlraw_bad AS SELECT * FROM sqlraw_orders");
    server().Exec(std::string("INSERT INTO sqlraw_bad (customer, ts, amount) VALUES ") + bad);
    std::string bad_tables = std::regex_replace(tables, std::regex("sqlraw_orders"), "sqlraw_bad");
    Result failed = RunSeg(dir.path(), "run program.seg" + OnServer(server(), bad_tables) + " --quiet");
    EXPECT_NE(failed.status, 0) << failed.out;
    EXPECT_TRUE(failed.err.find("range") != std::string::npos || failed.err.find("infinit") != std::string::npos)
        << failed.err;
  }
}

// The statement's rows come back in the binary format where every column's type is one seg reads
// so (smallint, integer, bigint, float8, boolean, text, varchar), else as text (a numeric key
// column): either way the run writes what the local run writes, a missing value included.
TEST_F(PostgresSqlTest, RowsComeBackAlikeInBinaryAndAsText) {
  e2e::TempDir dir;
  const std::string body =
      "input orders of customers by customer at ts { amount: money }\n"
      "let total = sum(orders.amount)\n"
      "let share = count(orders where amount > 1) / count(orders)\n"
      "tag big_spender when total > 2\ntag vip_customer when vip\n"
      "score s_total = total\nscore s_share = share\n"
      "segments tier exclusive {\n  \"high\" when total > 2\n  else \"low\"\n}\n";
  struct Keys {
    const char* sql_type;  // the key columns' type on the server
    const char* seg_type;  // the key's declared type
    std::vector<std::string> keys;
  };
  for (const Keys& k : {Keys{"smallint", "int", {"1", "2", "10"}}, Keys{"integer", "int", {"1", "2", "10"}},
                        Keys{"bigint", "int", {"-10", "1", "2"}}, Keys{"numeric", "int", {"1", "2", "10"}},
                        Keys{"text", "text", {"A", "a", "b"}}, Keys{"varchar(8)", "text", {"A", "a", "b"}}}) {
    SCOPED_TRACE(k.sql_type);
    e2e::WriteFile(dir.path() / "program.seg",
                   std::string("input customers key id { id: ") + k.seg_type + "; vip: bool }\n" + body);
    e2e::WriteFile(dir.path() / "customers.csv",
                   "id,vip\n" + k.keys[0] + ",true\n" + k.keys[1] + ",false\n" + k.keys[2] + ",true\n");
    e2e::WriteFile(dir.path() / "orders.csv", "customer,ts,amount\n" + k.keys[0] + ",2024-06-20T10:00:00Z,1.5\n" +
                                                  k.keys[0] + ",2024-06-21T10:00:00Z,2.25\n" + k.keys[2] +
                                                  ",2024-06-29T23:59:59Z,0.5\n");
    auto quoted = [](const std::string& key) { return "'" + key + "'"; };
    server().Exec(std::string("DROP TABLE IF EXISTS sqlfmt_c, sqlfmt_o; CREATE TABLE sqlfmt_c (id ") + k.sql_type +
                  ", vip boolean); CREATE TABLE sqlfmt_o (customer " + k.sql_type +
                  ", ts timestamptz, amount numeric); INSERT INTO sqlfmt_c VALUES (" + quoted(k.keys[0]) +
                  ", true), (" + quoted(k.keys[1]) + ", false), (" + quoted(k.keys[2]) +
                  ", true); INSERT INTO sqlfmt_o VALUES (" + quoted(k.keys[0]) + ", '2024-06-20T10:00:00Z', 1.5), (" +
                  quoted(k.keys[0]) + ", '2024-06-21T10:00:00Z', 2.25), (" + quoted(k.keys[2]) +
                  ", '2024-06-29T23:59:59Z', 0.5)");
    Result local = RunSeg(dir.path(),
                          "run program.seg --input customers=customers.csv --input orders=orders.csv "
                          "--as-of 2024-06-30 --quiet");
    ASSERT_EQ(local.status, 0) << local.err;
    Result on = RunSeg(dir.path(),
                       "run program.seg --on " + ShellQuote(server().Url()) +
                           " --input customers=sqlfmt_c --input orders=sqlfmt_o --as-of 2024-06-30 --quiet");
    EXPECT_EQ(on.status, 0) << on.err;
    EXPECT_EQ(on.out, local.out) << on.err;
    EXPECT_NE(local.out.find(",low,false,false,0,\n"), std::string::npos) << local.out;  // a missing share
  }
}

}  // namespace
}  // namespace seg::test
