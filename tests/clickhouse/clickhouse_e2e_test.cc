// `seg run --on clickhouse://...` against the two-shard test cluster: every e2e case that succeeds
// on CSV files, and examples/retail.seg, give the interpreter's output byte for byte from tables
// sharded by customer behind Distributed tables; a case the ClickHouse dialect refuses is listed
// in refused_cases.txt with the reason (a listed case that runs fails the test, so the list
// cannot go stale).
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "runtime/io/table_loader.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/case_list.h"
#include "tests/support/clickhouse_cluster.h"
#include "tests/support/running_sum_case.h"
#include "tests/support/server_inputs.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using e2e::ReadFile;
using e2e::Result;
using e2e::RunSeg;
using e2e::ShellQuote;

// Cases the ClickHouse dialect refuses, each with the reason.
std::map<std::string, std::string> RefusedCases() {
  return ReadCaseList(e2e::SourceDir() / "tests/clickhouse/refused_cases.txt");
}

// `args` with each --input NAME=FILE (relative to `dir`) loaded into the cluster as the sharded
// table PREFIX_NAME and bound to it, --delimiter dropped (it is the files'), and --on added.
std::string BindToCluster(ClickHouseCluster& cluster, const fs::path& dir, const std::string& args,
                          const ir::Program& program, const std::string& prefix) {
  rt::LoadOptions options;
  options.delimiter = CsvDelimiter(args);
  if (args.find("--on-bad-row skip") != std::string::npos) options.on_bad_row = rt::BadRowPolicy::kSkip;
  // --delimiter and --on-bad-row are the files' business: the tables hold what loaded.
  std::string files = std::regex_replace(args, std::regex("--delimiter '?.'?|--on-bad-row [a-z]+"), "");
  std::string tables = RebindInputs(files, [&](const std::string& name, const std::string& file) {
    rt::TableSpec spec = driver::InputSpec(program, InputIndex(program, name), driver::ColumnsToLoad::kRead);
    rt::LoadResult loaded = rt::LoadTable(spec, (dir / file).string(), options, program.zone);
    if (!loaded.ok()) throw std::runtime_error(loaded.status.message());
    std::string table = prefix + "_" + name;
    cluster.LoadSharded(table, loaded.table, spec.key_column);
    return table;
  });
  return tables + " --on " + ShellQuote(cluster.Url());
}

// A CSV output with its rows in customer key order, as a server run lists them (ORDER BY the key:
// ints by value, text by bytes); a local run lists them in the order of the customer file.
std::string InKeyOrder(const std::string& csv) {
  std::vector<std::string> lines = e2e::Lines(csv);
  if (lines.size() < 2) return csv;
  auto key = [](const std::string& line) { return line.substr(0, line.find(',')); };
  bool numeric = std::all_of(lines.begin() + 1, lines.end(), [&](const std::string& line) {
    std::string k = key(line);
    return !k.empty() && k.find_first_not_of("-0123456789") == std::string::npos;
  });
  std::stable_sort(lines.begin() + 1, lines.end(), [&](const std::string& a, const std::string& b) {
    return numeric ? std::stoll(key(a)) < std::stoll(key(b)) : key(a) < key(b);
  });
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

class ClickHouseE2eTest : public ClickHouseTest {};

TEST_F(ClickHouseE2eTest, EveryCaseGivesTheInterpretersOutputOnTwoShards) {
  std::map<std::string, std::string> refused = RefusedCases();
  size_t compared = 0;
  for (const CsvCase& c : CsvCases()) {
    SCOPED_TRACE("case " + c.name + ": seg run program.seg " + c.args);
    auto compilation = Compile(c.dir / "program.seg");
    std::string ch_args = BindToCluster(cluster(), c.dir, c.args, *compilation->ir, TableName("case_", c.name));
    std::string expected = ReadFile(c.expected);
    Result on_ch = RunSeg(c.dir, "run program.seg " + ch_args);
    bool was_refused = on_ch.status != 0 && (on_ch.err.find("E0400") != std::string::npos ||
                                             on_ch.err.find("--on needs the customer input") != std::string::npos);
    if (refused.count(c.name)) {
      EXPECT_TRUE(was_refused) << "listed in refused_cases.txt (" << refused[c.name] << "), but: status "
                               << on_ch.status << "\n"
                               << on_ch.err;
      continue;
    }
    EXPECT_FALSE(was_refused) << "refused: list the case in tests/clickhouse/refused_cases.txt with the reason\n"
                              << on_ch.err;
    EXPECT_EQ(on_ch.status, 0) << on_ch.err;
    EXPECT_EQ(on_ch.out, c.expected.extension() == ".csv" ? InKeyOrder(expected) : expected) << on_ch.err;
    ++compared;
  }
  EXPECT_GT(compared, 0u);
  std::printf("compared %zu e2e cases on the two-shard ClickHouse cluster, %zu refused as listed\n", compared,
              refused.size());
}

// examples/retail.seg's inputs (kExampleArgs) as the cluster's tables PREFIX_customers,
// PREFIX_orders, PREFIX_visits: the arguments of a run --on the cluster.
std::string RetailOnCluster(ClickHouseCluster& cluster, const std::string& prefix) {
  fs::path examples = e2e::SourceDir() / "examples";
  auto compilation = Compile(examples / "retail.seg");
  return BindToCluster(cluster, examples, kExampleArgs, *compilation->ir, prefix);
}

// The check: examples/retail.seg with its three inputs as Distributed tables over two
// shards writes what the local run writes, byte for byte (customers.csv is in key order).
TEST_F(ClickHouseE2eTest, RetailExampleOnTwoShards) {
  fs::path examples = e2e::SourceDir() / "examples";
  std::string args = kExampleArgs;
  std::string ch_args = RetailOnCluster(cluster(), "retail");
  for (const char* input : {"customers", "orders", "visits"}) {
    std::vector<size_t> counts = cluster().ShardRowCounts(std::string("retail_") + input);
    EXPECT_GT(counts[0], 0u) << input << " has no rows on shard 1";
    EXPECT_GT(counts[1], 0u) << input << " has no rows on shard 2";
  }
  Result local = RunSeg(examples, "run retail.seg " + args);
  Result on_ch = RunSeg(examples, "run retail.seg " + ch_args);
  ASSERT_EQ(local.status, 0) << local.err;
  ASSERT_EQ(on_ch.status, 0) << on_ch.err;
  EXPECT_EQ(on_ch.out, local.out);
  EXPECT_GT(local.out.size(), 1000u);
}

// The program in `dir` run locally on the CSV files of `args` and on the cluster with them loaded
// as tables PREFIX_NAME: the same output, or where the local run fails (`fails`), a failure on
// the cluster that names an overflow. The local run's output.
std::string ExpectLikeLocalRun(ClickHouseCluster& cluster, const fs::path& dir, const std::string& args,
                               const ir::Program& program, const std::string& prefix, bool fails) {
  std::string ch_args = BindToCluster(cluster, dir, args, program, prefix);
  Result local = RunSeg(dir, "run program.seg " + args + " --quiet");
  Result on = RunSeg(dir, "run program.seg " + ch_args + " --quiet");
  if (!fails) {
    EXPECT_EQ(local.status, 0) << local.err;
    EXPECT_EQ(on.status, 0) << on.err;
    EXPECT_EQ(on.out, local.out) << on.err;
  } else {
    EXPECT_NE(local.status, 0) << local.out;
    EXPECT_NE(on.status, 0) << on.out;
    EXPECT_NE(on.err.find("overflow"), std::string::npos) << on.err;
  }
  return local.out;
}

// A sum fails where a running total in event order leaves 64 bits, even when the total fits
// again, as seg's does; where the absolute values pass 2^63 but no running total does, the
// statement's fast sum asks for the ordered check and the second statement gives the sum.
TEST_F(ClickHouseE2eTest, ASumFailsWhereARunningTotalLeaves64Bits) {
  e2e::TempDir dir;
  WriteRunningSumCase(dir.path());
  auto compilation = Compile(dir.path() / "program.seg");
  for (std::string orders : {"fits", "leaves"}) {
    SCOPED_TRACE(orders);
    std::string args = "--input customers=customers.csv --input orders=" + orders + ".csv --as-of 2024-06-30";
    std::string out = ExpectLikeLocalRun(cluster(), dir.path(), args, *compilation->ir, "sum_" + orders,
                                         orders == "leaves");
    if (orders == "fits") EXPECT_EQ(out, kRunningSumFitsOutput);
  }
}

// The money-sum tests' program (a windowed sum of a money column and a count) and its two
// customers, c1 and c2.
void WriteMoneySumProgram(const fs::path& dir) {
  std::ofstream(dir / "program.seg") << "input customers key id { }\n"
                                        "input orders of customers by customer at ts { amount: money }\n"
                                        "score total = sum(orders.amount during last 365 days)\n"
                                        "score n = count(orders)\n";
  std::ofstream(dir / "customers.csv") << "id\nc1\nc2\n";
}

// A money sum adds the table's values and converts the total once per customer where that is
// exact; otherwise the statement asks for the exact one, which converts every value and checks
// every running total in event order: absolute values past 2^63 units whose running totals fit
// give the sum, a running total that leaves 64 bits fails as seg fails, and so does a value
// outside money's range, which seg's reader refuses (the table holds it, seg's files cannot).
TEST_F(ClickHouseE2eTest, AMoneySumOfTheTablesValuesIsExactOrFallsBackToTheExactStatement) {
  e2e::TempDir dir;
  WriteMoneySumProgram(dir.path());
  std::ofstream(dir.path() / "small.csv") << "customer,ts,amount\nc1,2024-01-01,1.25\nc1,2024-01-02,-0.0001\n"
                                             "c2,2023-01-02,5\nc2,2024-03-02,\n";
  std::ofstream(dir.path() / "fits.csv") << "customer,ts,amount\nc1,2024-01-01,-600000000000000\n"
                                            "c1,2024-01-02,600000000000000\nc1,2024-01-03,600000000000000\n";
  std::ofstream(dir.path() / "leaves.csv") << "customer,ts,amount\nc1,2024-01-01,600000000000000\n"
                                              "c1,2024-01-02,600000000000000\nc1,2024-01-03,-600000000000000\n";
  auto compilation = Compile(dir.path() / "program.seg");
  for (std::string orders : {"small", "fits", "leaves"}) {
    SCOPED_TRACE(orders);
    std::string args = "--input customers=customers.csv --input orders=" + orders + ".csv --as-of 2024-06-30";
    std::string out = ExpectLikeLocalRun(cluster(), dir.path(), args, *compilation->ir, "msum_" + orders,
                                         orders == "leaves");
    if (orders == "small") EXPECT_EQ(out, "id,total,n\nc1,1.2499,2\nc2,0,2\n");
    if (orders == "fits") EXPECT_EQ(out, "id,total,n\nc1,600000000000000,3\nc2,0,0\n");
  }
  // A value past money's range, in a customer's row the sum's window does not keep.
  cluster().Query("DROP TABLE IF EXISTS huge_orders");
  cluster().Query(
      "CREATE TABLE huge_orders (customer String, ts Int64, amount Nullable(Decimal(38, 4))) ENGINE = Memory");
  cluster().Query(
      "INSERT INTO huge_orders VALUES ('c1', 1704067200000000, 1.5), ('c1', 1600000000000000, "
      "1000000000000000)");
  Result huge = RunSeg(dir.path(),
                       "run program.seg --input customers=msum_small_customers --input orders=huge_orders "
                       "--as-of 2024-06-30 --quiet --on " +
                           ShellQuote(cluster().Url()));
  EXPECT_NE(huge.status, 0) << huge.out;
  EXPECT_NE(huge.err.find("overflow"), std::string::npos) << huge.err;
}

// A money sum over a table whose column type the driver learns before the statement (DESCRIBE):
// a Decimal of at most 18 digits and 4 decimals is summed without the per-row check of doubles
// (its absolute values add in Decimal128, which cannot wrap), yet every answer is still the local
// run's, a total or a running total past money's range still fails the run, and a Decimal(18, 6)
// still takes the exact statement (each value rounded as the CSV reader rounds it). Each table
// holds the same rows as a CSV file run locally.
TEST_F(ClickHouseE2eTest, AMoneySumOverAKnownDecimalTypeIsExactOrFails) {
  e2e::TempDir dir;
  WriteMoneySumProgram(dir.path());
  cluster().Query("DROP TABLE IF EXISTS typed_customers");
  cluster().Query("CREATE TABLE typed_customers (id String) ENGINE = Memory");
  cluster().Query("INSERT INTO typed_customers VALUES ('c1'), ('c2')");
  // n copies of (customer, day of January 2024, amount).
  struct Row {
    std::string customer;
    int day;
    std::string amount;
  };
  auto repeat = [](int n, const std::string& customer, int first_day, const std::string& amount) {
    std::vector<Row> rows;
    for (int k = 0; k < n; ++k) rows.push_back({customer, first_day + k, amount});
    return rows;
  };
  auto join = [](std::vector<Row> a, const std::vector<Row>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  struct Case {
    std::string name, type;
    std::vector<Row> rows;
    bool fails;
  };
  const std::string big = "90000000000000";  // 10 of them are 9e14, inside money's range; 11 are not
  std::vector<Case> cases = {
      {"d64_small", "Decimal(18, 4)", {{"c1", 1, "1.25"}, {"c1", 2, "-0.0001"}, {"c2", 3, ""}}, false},
      {"d64_fits", "Decimal(18, 4)", join(repeat(10, "c1", 1, big), repeat(3, "c2", 1, "-" + big)), false},
      {"d64_total_leaves", "Decimal(18, 4)", repeat(11, "c1", 1, big), true},
      // The total is 0, but the eleventh running total is past money's range, which seg fails.
      {"d64_running_leaves", "Decimal(18, 4)", join(repeat(11, "c1", 1, big), repeat(11, "c1", 12, "-" + big)), true},
      {"d32_scale2", "Decimal(9, 2)", {{"c1", 1, "1234567.89"}, {"c1", 2, "-0.01"}, {"c2", 3, "5"}}, false},
      {"d64_scale0_leaves", "Decimal(18, 0)", {{"c1", 1, "922337203685478"}}, true},
      // More than 4 decimals: the per-row check fails the fast sum, the exact one rounds each value.
      {"d64_six", "Decimal(18, 6)", {{"c1", 1, "1.000050"}, {"c1", 2, "1.000150"}, {"c2", 3, "-2.000051"}}, false},
      // Decimal128: each absolute value capped one unit past money's range before the sum.
      {"d128_fits", "Decimal(38, 4)", join(repeat(10, "c1", 1, big), repeat(3, "c2", 1, "-" + big)), false},
      {"d128_running_leaves", "Decimal(38, 4)", join(repeat(11, "c1", 1, big), repeat(11, "c1", 12, "-" + big)), true},
      // Four values of 2^126 units (and one more unit) sum to 2^128 + 1 units, which a Decimal128
      // sum wraps to one unit: without the cap the check would pass and the total be 0.0001.
      {"d128_wraps", "Decimal(38, 4)",
       join(repeat(3, "c1", 1, "8507059173023461586584365185794205.2864"),
            repeat(1, "c1", 4, "8507059173023461586584365185794205.2865")),
       true},
  };
  auto compilation = Compile(dir.path() / "program.seg");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string csv = "customer,ts,amount\n", values;
    for (const Row& r : c.rows) {
      std::string day = (r.day < 10 ? "2024-01-0" : "2024-01-") + std::to_string(r.day);
      csv += r.customer + "," + day + "," + r.amount + "\n";
      values += std::string(values.empty() ? "" : ", ") + "('" + r.customer + "', " +
                std::to_string(int64_t{1704067200} * 1000000 + int64_t{r.day - 1} * 86400000000) + ", " +
                (r.amount.empty() ? "NULL" : r.amount) + ")";  // the VALUES parser reads the text exactly
    }
    std::ofstream(dir.path() / (c.name + ".csv")) << csv;
    cluster().Query("DROP TABLE IF EXISTS " + c.name);
    cluster().Query("CREATE TABLE " + c.name + " (customer String, ts Int64, amount Nullable(" + c.type +
                    ")) ENGINE = Memory");
    cluster().Query("INSERT INTO " + c.name + " VALUES " + values);
    Result local = RunSeg(dir.path(), "run program.seg --input customers=customers.csv --input orders=" + c.name +
                                          ".csv --as-of 2024-06-30 --quiet");
    Result on = RunSeg(dir.path(), "run program.seg --input customers=typed_customers --input orders=" + c.name +
                                       " --as-of 2024-06-30 --quiet --on " + ShellQuote(cluster().Url()));
    if (c.fails) {
      EXPECT_NE(local.status, 0) << local.out;
      EXPECT_NE(on.status, 0) << on.out;
      EXPECT_NE(on.err.find("overflow"), std::string::npos) << on.err;
      continue;
    }
    ASSERT_EQ(local.status, 0) << local.err;
    EXPECT_EQ(on.status, 0) << on.err;
    EXPECT_EQ(on.out, InKeyOrder(local.out)) << on.err;
  }
}

// `--out clickhouse://...?table=NAME` writes the rows of the CSV into a table of that name,
// replacing it whole on a second run, and leaves no table of its own behind.
TEST_F(ClickHouseE2eTest, OutWritesTheResultAsATable) {
  fs::path examples = e2e::SourceDir() / "examples";
  std::string args = kExampleArgs;
  std::string ch_args = RetailOnCluster(cluster(), "retailout");
  Result local = RunSeg(examples, "run retail.seg " + args + " --quiet");
  ASSERT_EQ(local.status, 0) << local.err;
  std::vector<std::string> lines = e2e::Lines(local.out);
  ASSERT_GT(lines.size(), 10u);
  // The key and the first classification, as the CSV has them (text, in key order).
  std::string expected;
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t second = lines[i].find(',', lines[i].find(',') + 1);
    expected += lines[i].substr(0, second) + "\n";
  }
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE("run " + std::to_string(run + 1));
    Result on = RunSeg(examples, "run retail.seg " + ch_args + " --quiet --out " +
                                     ShellQuote(cluster().Url("?table=retail_result")));
    ASSERT_EQ(on.status, 0) << on.err;
    EXPECT_EQ(on.out, "");
    std::string got = cluster().Query("SELECT id, rfm_segment FROM retail_result ORDER BY id FORMAT TabSeparatedRaw");
    std::replace(got.begin(), got.end(), '\t', ',');
    EXPECT_EQ(got, expected);
    std::string header;
    for (const std::string& line : e2e::Lines(cluster().Query("DESCRIBE TABLE retail_result FORMAT TabSeparatedRaw")))
      header += (header.empty() ? "" : ",") + line.substr(0, line.find('\t'));
    EXPECT_EQ(header, lines[0]);
    EXPECT_EQ(TrimEnd(cluster().Query("SELECT count() FROM system.tables WHERE name LIKE 'retail_result__seg%'")), "0");
  }
  Result bad = RunSeg(examples, "run retail.seg " + ch_args + " --quiet --out " + ShellQuote(cluster().Url()));
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("?table=NAME"), std::string::npos) << bad.err;
}

// A money column of more than 4 decimals (Decimal(38, 6), which seg's own tables never hold)
// rounds on the server as the CSV reader rounds, half to even with later digits breaking a tie
// (toDecimal128(x, 4) alone truncates toward zero).
TEST_F(ClickHouseE2eTest, MoneyOfMoreThanFourDecimalsRoundsAsTheCsvReader) {
  fs::path dir = e2e::SourceDir() / "tests/e2e/cases/money_round_half_even";
  cluster().Query("DROP TABLE IF EXISTS six_customers");
  cluster().Query("DROP TABLE IF EXISTS six_orders");
  cluster().Query("CREATE TABLE six_customers (id String) ENGINE = Memory");
  cluster().Query(
      "CREATE TABLE six_orders (customer String, ts Int64, amount Nullable(Decimal(38, 6))) ENGINE = Memory");
  std::vector<std::string> customers = e2e::Lines(ReadFile(dir / "customers.csv"));
  std::string values;
  for (size_t i = 1; i < customers.size(); ++i) values += (i > 1 ? ", ('" : "('") + customers[i] + "')";
  cluster().Query("INSERT INTO six_customers VALUES " + values);
  std::vector<std::string> orders = e2e::Lines(ReadFile(dir / "orders.csv"));
  values.clear();
  for (size_t i = 1; i < orders.size(); ++i) {
    std::vector<std::string> f;
    std::stringstream line(orders[i]);
    for (std::string field; std::getline(line, field, ',');) f.push_back(field);
    ASSERT_EQ(f.size(), 3u) << orders[i];
    // The amount as its text, which the VALUES parser reads into the Decimal(38, 6) exactly.
    std::tm tm{};
    ASSERT_TRUE(strptime(f[1].c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) << f[1];
    values += std::string(i > 1 ? ", " : "") + "('" + f[0] + "', " + std::to_string(int64_t{timegm(&tm)} * 1000000) +
              ", " + f[2] + ")";
  }
  cluster().Query("INSERT INTO six_orders VALUES " + values);
  std::string expected = InKeyOrder(ReadFile(dir / "expected.csv"));
  std::string program = (dir / "program.seg").string();
  std::string with = " --as-of 2024-06-30 --with m,lo,hi,pos,pair,small --quiet";
  Result on = RunSeg(dir, "run " + ShellQuote(program) + " --input customers=six_customers --input orders=six_orders" +
                              with + " --on " + ShellQuote(cluster().Url()));
  EXPECT_EQ(on.status, 0) << on.err;
  EXPECT_EQ(on.out, expected) << on.err;
  // Sums alone read the table's values raw, which the column's 6 decimals send to the exact
  // statement (each value rounded, then added).
  Result local = RunSeg(dir, "run " + ShellQuote(program) +
                                 " --input customers=customers.csv --input orders=orders.csv" +
                                 " --as-of 2024-06-30 --with m,small --quiet");
  Result sums = RunSeg(dir, "run " + ShellQuote(program) +
                                " --input customers=six_customers --input orders=six_orders" +
                                " --as-of 2024-06-30 --with m,small --quiet --on " + ShellQuote(cluster().Url()));
  EXPECT_EQ(local.status, 0) << local.err;
  EXPECT_EQ(sums.status, 0) << sums.err;
  EXPECT_EQ(sums.out, InKeyOrder(local.out)) << sums.err;
}

}  // namespace
}  // namespace seg::test
