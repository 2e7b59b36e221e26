// `seg run --out postgresql://...?table=...` (and --history): the table holds the rows the CSV
// run prints; a run killed or cut off before it commits leaves the old table whole and no
// temporary table; the history of two runs says who entered and who left a bucket, by the query
// docs/POSTGRES.md gives and as `seg changes` reads it; refused targets and faults give clear errors without the
// password.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "tests/e2e/e2e_support.h"
#include "tests/history/retail_support.h"
#include "tests/postgres/csv_tables.h"
#include "tests/support/postgres_server.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using e2e::RunSeg;
using e2e::ShellQuote;

// A table's rows as the CSV output writes them: a header of its column names, NULL as an empty
// field, money without trailing zeros (numeric(19,4) keeps four decimals), in key order.
std::string TableAsCsv(PostgresServer& server, const std::string& schema, const std::string& table) {
  std::vector<std::vector<std::string>> columns = server.Query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '" + schema +
      "' AND table_name = '" + table + "' ORDER BY ordinal_position");
  std::string header, select;
  for (const std::vector<std::string>& c : columns) {
    std::string name = rt::pg::QuoteIdentifier(c[0]);
    header += (header.empty() ? "" : ",") + c[0];
    select += (select.empty() ? "" : ", ") + (c[1] == "numeric" ? "trim_scale(" + name + ")::text" : name + "::text");
  }
  std::string csv = header + "\n";
  for (const std::vector<std::string>& row :
       server.Query("SELECT " + select + " FROM " + schema + "." + table + " ORDER BY 1")) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + row[i];
    csv += line + "\n";
  }
  return csv;
}

class PostgresOutputTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (HasFatalFailure()) return;
    examples_ = e2e::SourceDir() / "examples";
    static std::string tables;  // loaded once per process
    if (tables.empty()) {
      auto compilation = Compile(examples_ / "retail.seg");
      tables = BindToTables(server(), examples_, kExampleInputs, *compilation->ir, "out_retail", false);
      server().Exec("CREATE SCHEMA IF NOT EXISTS crm");
    }
    retail_inputs_ = tables;
  }
  Result Retail(const std::string& args) { return RunSeg(examples_, "run retail.seg " + retail_inputs_ + " " + args); }
  std::string Out(const std::string& table) { return ShellQuote(server().Url("?table=" + table)); }
  size_t Count(const std::string& sql) { return std::stoul(server().Query(sql)[0][0]); }

  fs::path examples_;
  std::string retail_inputs_;
};

TEST_F(PostgresOutputTest, RetailFromTablesToATableGivesTheCsvRows) {
  Result csv = RunSeg(examples_, std::string("run retail.seg ") + kExampleInputs + " --as-of 2025-06-30");
  ASSERT_EQ(csv.status, 0) << csv.err;
  Result pg = Retail("--as-of 2025-06-30 --out " + Out("crm.retail_segments"));
  ASSERT_EQ(pg.status, 0) << pg.err;
  EXPECT_EQ(pg.out, "");
  EXPECT_EQ(TableAsCsv(server(), "crm", "retail_segments"), csv.out);
  // Proper types, and seg's mark on the table.
  std::vector<std::vector<std::string>> types = server().Query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'crm' AND "
      "table_name = 'retail_segments' AND column_name IN ('id', 'value', 'vip', 'value_points') ORDER BY 1");
  ASSERT_EQ(types.size(), 4u);
  EXPECT_EQ(types[0][1], "text");     // id
  EXPECT_EQ(types[1][1], "text");     // value (a classification)
  EXPECT_EQ(types[2][1], "bigint");   // value_points (an int score)
  EXPECT_EQ(types[3][1], "boolean");  // vip (a tag)
  std::string comment = server().Query("SELECT obj_description('crm.retail_segments'::regclass, 'pg_class')")[0][0];
  EXPECT_EQ(comment.rfind("seg result of retail.seg as of 2025-06-30 (program sha256 ", 0), 0u) << comment;

  // A second run replaces the table as a whole (a different layout: --with adds a column) and
  // keeps its grants.
  server().Exec("DROP ROLE IF EXISTS campaign_tool");
  server().Exec("CREATE ROLE campaign_tool");
  server().Exec("GRANT SELECT ON crm.retail_segments TO campaign_tool");
  Result again = Retail("--as-of 2025-03-31 --with spend_365d --out " + Out("crm.retail_segments"));
  ASSERT_EQ(again.status, 0) << again.err;
  Result csv_again = RunSeg(examples_,
                            std::string("run retail.seg ") + kExampleInputs + " --as-of 2025-03-31 --with spend_365d");
  EXPECT_EQ(TableAsCsv(server(), "crm", "retail_segments"), csv_again.out);
  EXPECT_EQ(server().Query("SELECT has_table_privilege('campaign_tool', 'crm.retail_segments', 'SELECT')")[0][0], "t");
}

// Every type a column can have arrives as its SQL type with the value the CSV shows.
TEST_F(PostgresOutputTest, EveryColumnTypeKeepsItsValue) {
  e2e::TempDir dir;
  e2e::WriteFile(dir.path() / "p.seg",
                 "input customers key id { spend: money, signup: date, seen: timestamp, note: text, pause: duration }\n"
                 "let tenure = as_of - signup\nlet last_seen = seen\nlet joined = signup\nlet half = spend / 2\n"
                 "let ratio = 1.0 / 3.0\nlet wait = pause\nlet big = spend > 100\nlet label = note\n"
                 "segments tier {\n  \"big\" when spend >= 100\n  else \"small\"\n}\n"
                 "tag rich when spend > 100\nscore points = spend\n");
  server().Exec("DROP TABLE IF EXISTS typed_customers");
  server().Exec(
      "CREATE TABLE typed_customers (id text, spend numeric, signup date, seen timestamptz, note text, pause "
      "interval)");
  server().Exec(
      "INSERT INTO typed_customers VALUES "
      "('a', 150.25, '2020-02-29', '2024-06-01T10:00:00.5Z', E'tab\\there\\\\back', '1 day 2 hours'), "
      "('b', -3.5, '2024-06-30', NULL, '', '-90 minutes'), ('c', NULL, NULL, '2024-01-01Z', 'x', NULL)");
  Result r = RunSeg(dir.path(),
                    "run p.seg --as-of 2024-06-30 --with tenure,last_seen,joined,half,ratio,wait,big,label "
                    "--input customers=" +
                        ShellQuote(server().Url("?table=public.typed_customers")) + " --out " + Out("crm.typed"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::vector<std::string>> types = server().Query(
      "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM "
      "information_schema.columns "
      "WHERE table_schema = 'crm' AND table_name = 'typed'");
  EXPECT_EQ(types[0][0],
            "id text, tier text, rich boolean, points numeric, tenure interval, "
            "last_seen timestamp with time zone, joined date, half numeric, ratio double precision, "
            "wait interval, big boolean, label text");
  std::vector<std::vector<std::string>> rows = server().Query(
      "SELECT id, tier, rich, points, tenure, last_seen = '2024-06-01T10:00:00.5Z', last_seen = '2024-01-01Z', joined, "
      "half, ratio, wait, big, label FROM crm.typed ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"a", "big", "t", "150.2500", "1583 days", "t", "f", "2020-02-29", "75.1250",
                                      "0.3333333333333333", "1 day 02:00:00", "t", "tab\there\\back"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"b", "small", "f", "-3.5000", "00:00:00", "", "", "2024-06-30",
                                               "-1.7500", "0.3333333333333333", "-01:30:00", "f", ""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"c", "small", "f", "", "", "f", "t", "", "", "0.3333333333333333", "",
                                               "f", "x"}));
  // An empty text is not NULL.
  EXPECT_EQ(server().Query("SELECT label IS NULL FROM crm.typed WHERE id = 'b'")[0][0], "f");
}

// Starts `seg ARGS` in `cwd` without waiting; returns its process id.
pid_t StartSeg(const fs::path& cwd, const std::string& args, const fs::path& err) {
  std::string command = "cd " + ShellQuote(cwd.string()) + " && exec " + ShellQuote(SEG_BINARY) + " " + args +
                        " >/dev/null 2>" + ShellQuote(err.string()) + " </dev/null";
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Kills a run after it has written every row but before it commits: a reader of the old table
// holds it (ACCESS SHARE, in an open transaction), so the run waits at the swap, its new table
// full. That is the last moment of the write; any earlier one is the same open transaction.
class InterruptedWriteTest : public PostgresOutputTest {
 protected:
  void Interrupt(const std::function<void(pid_t seg, int backend)>& interrupt, int* status, std::string* err) {
    Result first = Retail("--as-of 2025-06-30 --out " + Out("crm.kept"));
    ASSERT_EQ(first.status, 0) << first.err;
    std::string before = TableAsCsv(server(), "crm", "kept");
    rt::pg::Connection reader(*rt::pg::ParsePostgresUrl(server().Url()));
    const std::string
        fingerprint = "SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY id)) FROM crm.kept t";
    reader.Exec("BEGIN");
    auto read = [&] { return std::string(PQgetvalue(reader.Exec(fingerprint).get(), 0, 0)); };
    std::string seen = read();
    ASSERT_EQ(seen, server().Query(fingerprint)[0][0]);
    e2e::TempDir tmp;
    pid_t seg = StartSeg(examples_, "run retail.seg " + retail_inputs_ + " --as-of 2025-03-31 --out " + Out("crm.kept"),
                         tmp.path() / "err");
    int backend = 0;
    while (backend == 0) {  // until the run waits for the reader's lock
      std::vector<std::vector<std::string>> waiting = server().Query(
          "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE%'");
      if (!waiting.empty()) backend = std::stoi(waiting[0][0]);
      int ignored;
      ASSERT_EQ(waitpid(seg, &ignored, WNOHANG), 0)
          << "seg ended before it reached the swap: " << e2e::ReadFile(tmp.path() / "err");
      usleep(20000);
    }
    // Meanwhile, other sessions see neither the new table nor its rows. (A new reader of the old
    // table would queue behind the swap's lock request; the reader holding it reads on.)
    EXPECT_EQ(Count("SELECT count(*) FROM pg_class WHERE relname LIKE 'kept\\_\\_seg%'"), 0u);
    EXPECT_EQ(read(), seen);
    interrupt(seg, backend);
    waitpid(seg, status, 0);
    *err = e2e::ReadFile(tmp.path() / "err");
    reader.Exec("COMMIT");
    EXPECT_EQ(TableAsCsv(server(), "crm", "kept"), before);
    EXPECT_EQ(Count("SELECT count(*) FROM pg_class WHERE relname LIKE 'kept\\_\\_seg%'"), 0u);
    // And the next run replaces it as usual.
    Result next = Retail("--as-of 2025-03-31 --out " + Out("crm.kept"));
    EXPECT_EQ(next.status, 0) << next.err;
    EXPECT_NE(TableAsCsv(server(), "crm", "kept"), before);
  }
};

TEST_F(InterruptedWriteTest, KilledRunLeavesTheOldTableWhole) {
  int status = 0;
  std::string err;
  Interrupt([](pid_t seg, int) { kill(seg, SIGKILL); }, &status, &err);
  EXPECT_TRUE(WIFSIGNALED(status));
}

TEST_F(InterruptedWriteTest, ServerGoingAwayMidWriteLeavesTheOldTableWhole) {
  int status = 0;
  std::string err;
  Interrupt([this](pid_t,
                   int backend) { server().Exec("SELECT pg_terminate_backend(" + std::to_string(backend) + ")"); },
            &status, &err);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(err.find("was lost"), std::string::npos) << err;
  EXPECT_NE(err.find("the old table, if any, is unchanged"), std::string::npos) << err;
}

// The query docs/POSTGRES.md gives for who entered and who left a bucket, with its psql variables
// :'classification' and :'bucket' filled in.
std::string DocumentedQuery(const std::string& history, const std::string& classification, const std::string& bucket) {
  std::string docs = e2e::ReadFile(e2e::SourceDir() / "docs/POSTGRES.md");
  std::string start = "```sql\n-- who entered and who left";
  size_t begin = docs.find(start);
  if (begin == std::string::npos) throw std::runtime_error("docs/POSTGRES.md has no entered/left query");
  begin += 7;
  std::string sql = docs.substr(begin, docs.find("```", begin) - begin);
  auto replace = [&sql](const std::string& from, const std::string& to) {
    for (size_t at; (at = sql.find(from)) != std::string::npos;) sql.replace(at, from.size(), to);
  };
  replace(":'classification'", "'" + classification + "'");
  replace(":'bucket'", "'" + bucket + "'");
  if (history != "crm.segment_history") throw std::runtime_error("the documented query reads crm.segment_history");
  return sql;
}

std::set<std::string> InBucket(const std::string& csv, const std::string& classification, const std::string& bucket) {
  e2e::CsvTable table = e2e::ParseCsvTable(csv);
  std::set<std::string> keys;
  for (auto& row : table.rows) {
    if (row.at(classification) == bucket) keys.insert(row.at("id"));
  }
  return keys;
}

TEST_F(PostgresOutputTest, HistoryOfTwoRunsSaysWhoEnteredAndWhoLeft) {
  server().Exec("DROP TABLE IF EXISTS crm.segment_history");
  for (const char* as_of : {"2025-03-31", "2025-06-30"}) {
    Result r = Retail(std::string("--as-of ") + as_of + " --out " + Out("crm.history_result") +
                      " --history crm.segment_history");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  EXPECT_EQ(server().Query("SELECT string_agg(DISTINCT run_id || ' ' || as_of, ', ') FROM crm.segment_history")[0][0],
            "1 2025-03-31, 2 2025-06-30");
  // One row per customer and classification with a bucket, one per tag a customer has.
  Result csv = RunSeg(examples_, std::string("run retail.seg ") + kExampleInputs + " --as-of 2025-06-30");
  e2e::CsvTable last = e2e::ParseCsvTable(csv.out);
  size_t expected_rows = 0;
  for (auto& row : last.rows) {
    for (const char* column : {"rfm_segment", "value", "top_detail"}) expected_rows += !row.at(column).empty();
    for (const char* tag : {"vip", "discount_lover"}) expected_rows += row.at(tag) == "true";
  }
  EXPECT_EQ(Count("SELECT count(*) FROM crm.segment_history WHERE run_id = 2"), expected_rows);

  Result previous = RunSeg(examples_, std::string("run retail.seg ") + kExampleInputs + " --as-of 2025-03-31");
  for (const char* bucket : {"Top", "Slipping"}) {
    std::set<std::string> before = InBucket(previous.out, "value", bucket);
    std::set<std::string> after = InBucket(csv.out, "value", bucket);
    std::set<std::string> entered, left;
    for (const std::string& k : after)
      if (!before.count(k)) entered.insert(k);
    for (const std::string& k : before)
      if (!after.count(k)) left.insert(k);
    ASSERT_FALSE(entered.empty() && left.empty()) << "the data should move someone in or out of " << bucket;
    std::set<std::string> entered_sql, left_sql;
    for (const std::vector<std::string>& row :
         server().Query(DocumentedQuery("crm.segment_history", "value", bucket))) {
      (row[1] == "entered" ? entered_sql : left_sql).insert(row[0]);
    }
    EXPECT_EQ(entered_sql, entered) << bucket;
    EXPECT_EQ(left_sql, left) << bucket;
  }
  // `seg changes` reads the same table: every bucket and tag, against the CSVs' difference.
  Result changes = RunSeg(examples_, "changes --quiet --history " + Out("crm.segment_history"));
  ASSERT_EQ(changes.status, 0) << changes.err;
  size_t count = 0;
  std::set<e2e::ChangeRow> expected = e2e::DifferenceOfRetailCsvs(previous.out, csv.out);
  EXPECT_EQ(e2e::ParseChanges(changes.out, "customer", &count), expected);
  EXPECT_EQ(count, expected.size());
  Result by_date = RunSeg(examples_,
                          "changes --quiet --from 2025-06-30 --to 1 --history " + Out("crm.segment_history"));
  ASSERT_EQ(by_date.status, 0) << by_date.err;
  EXPECT_EQ(e2e::ParseChanges(by_date.out, "customer"), e2e::DifferenceOfRetailCsvs(csv.out, previous.out));
}

TEST_F(PostgresOutputTest, RefusedTargetsAndFaultsAreClearAndKeepThePassword) {
  // A table seg did not write is never replaced, nor a view.
  server().Exec("DROP TABLE IF EXISTS crm.customers_master");
  server().Exec("CREATE TABLE crm.customers_master (id text)");
  server().Exec("INSERT INTO crm.customers_master VALUES ('keep me')");
  Result r = Retail("--as-of 2025-06-30 --out " + Out("crm.customers_master"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("crm.customers_master exists and is a table seg did not write"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("loaded"), std::string::npos) << "refused before loading: " << r.err;
  EXPECT_EQ(server().Query("SELECT id FROM crm.customers_master")[0][0], "keep me");
  // Nor a history table seg did not create.
  r = Retail("--as-of 2025-06-30 --out " + Out("crm.fresh") + " --history crm.customers_master");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("is a table seg did not write (its comment does not start with 'seg history')"),
            std::string::npos)
      << r.err;
  // A schema that does not exist.
  r = Retail("--as-of 2025-06-30 --out " + Out("nowhere.segments"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("schema \"nowhere\" does not exist"), std::string::npos) << r.err;
  // A query is not a place to write.
  r = Retail("--as-of 2025-06-30 --out " + ShellQuote(server().Url("?query=SELECT%201")));
  EXPECT_NE(r.err.find("an output URL needs ?table=SCHEMA.TABLE"), std::string::npos) << r.err;
  // Without a PostgreSQL --out, --history names a directory (docs/HISTORY.md): a file is refused.
  r = Retail("--as-of 2025-06-30 --history retail.seg");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("retail.seg exists and is not a directory"), std::string::npos) << r.err;
  // Connection refused and a wrong password: named, and the password never shown.
  std::string refused = "postgresql://ann:Refused-Out-Pw@127.0.0.1:" + std::to_string(PostgresServer::UnusedPort()) +
                        "/crm?table=public.segments";
  r = Retail("--as-of 2025-06-30 --out " + ShellQuote(refused));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("Refused-Out-Pw"), std::string::npos) << r.err;
  r = Retail("--as-of 2025-06-30 --out " + ShellQuote(server().PasswordUserUrl("Wrong-Out-Pw", "?table=crm.x")));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("authentication failed for user \"seg_secret\""), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("Wrong-Out-Pw"), std::string::npos) << r.err;
  // A role that may connect but not create tables there: the server's reason, the password hidden.
  r = Retail("--as-of 2025-06-30 --out " +
             ShellQuote(server().PasswordUserUrl(PostgresServer::kPassword, "?table=crm.x")));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("permission denied for schema crm"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the old table, if any, is unchanged"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find(PostgresServer::kPassword), std::string::npos) << r.err;
}

}  // namespace
}  // namespace seg::test
