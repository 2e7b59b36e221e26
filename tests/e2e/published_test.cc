// Published results, end to end through the seg binary:
//   RfmPublished.*  the R `rfm` package's published tables (shared/data/rfm-r-package): every
//                   customer's segment and R/F/M scores, and the per-segment summary;
//   Cdnow.*         per-customer count/first/last/sum over the CDNOW sample, checked against an
//                   independent computation in this file.
// The data lives beside the repository (shared/data); the tests skip when it is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "e2e_support.h"
#include "engine_check.h"

namespace seg::e2e {
namespace {

fs::path RfmDir() { return SharedDataDir() / "rfm-r-package"; }

#define SKIP_WITHOUT(path) \
  if (!fs::exists(path)) GTEST_SKIP() << "no data at " << (path)

// Runs `seg run` with 1 and 3 threads, asserts equal output and success, returns the table.
CsvTable RunBoth(const fs::path& cwd, const std::string& args) {
  Result one = RunSeg(cwd, args + " --threads 1 --quiet");
  Result three = RunSeg(cwd, args + " --threads 3 --quiet");
  EXPECT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(one.out, three.out) << "output depends on the thread count";
  return ParseCsvTable(one.out);
}

long ToLong(const std::string& s) { return std::stol(s); }

// "232d" -> 232 (durations of whole days print as NNNd).
long DurationDays(const std::string& s) {
  EXPECT_TRUE(!s.empty() && s.back() == 'd') << s;
  return std::stol(s.substr(0, s.size() - 1));
}

// A decimal text ("29.33", "-5", "0.0001") as 1/10000 units, exactly.
long long DecimalUnits(const std::string& s) {
  long long whole = 0, frac = 0;
  int digits = 0;
  bool neg = false, dot = false;
  for (char c : s) {
    if (c == '-') neg = true;
    else if (c == '.') dot = true;
    else if (!dot) whole = whole * 10 + (c - '0');
    else if (digits < 4) {
      frac = frac * 10 + (c - '0');
      ++digits;
    }
  }
  while (digits < 4) {
    frac *= 10;
    ++digits;
  }
  long long v = whole * 10000 + frac;
  return neg ? -v : v;
}

const char* kRfmSegments = R"(
segments segment exclusive {
  "Champions"          when r >= 5 and f >= 5 and m >= 5
  "Potential Loyalist" when r >= 3 and f >= 3 and m >= 2
  "Loyal Customers"    when r >= 2 and r <= 4 and f >= 2 and f <= 4 and m >= 2 and m <= 4
  "Promising"          when r >= 3 and r <= 4 and f <= 3 and m >= 3
  "New Customers"      when r >= 4 and f <= 3
  "Can't Lose Them"    when r <= 2 and f >= 3 and f <= 4 and m >= 4
  "At Risk"            when r <= 2 and f >= 2 and m >= 4
  "Need Attention"     when r <= 3 and f >= 3 and m >= 3
  "About To Sleep"     when r >= 2 and r <= 3 and f <= 3 and m <= 4
  "Lost"               when r == 1
  else "Others"
}
)";

// The brief's program: std.rfm over the package's order table, adapted with a derived set.
const char* kRfmOrdersProgram =
    "import std.rfm\n"
    "input customers key customer_id { }\n"
    "input sales of customers by customer_id at order_date { order_date: date; revenue: money }\n"
    "events orders = sales { amount = revenue; ts = order_date }\n";

// (a) rfm_data_orders through `import std.rfm`, as_of 2006-12-31.
TEST(RfmPublished, OrdersEveryCustomerMatchesThePublishedTable) {
  SKIP_WITHOUT(RfmDir() / "rfm_data_orders.csv");
  TempDir tmp;
  WriteFile(tmp.path() / "rfm.seg", kRfmOrdersProgram);
  CsvTable got = RunBoth(tmp.path(),
                         "run rfm.seg --input sales=" + ShellQuote((RfmDir() / "rfm_data_orders.csv").string()) +
                             " --as-of 2006-12-31 --with rfm_r,rfm_f,rfm_m,rfm_score,rfm_recency,"
                             "rfm_frequency,rfm_monetary");
  CsvTable published = ParseCsvTable(ReadFile(RfmDir() / "published_rfm_segments_orders_2006-12-31.csv"));
  ASSERT_EQ(published.rows.size(), 995u);
  ASSERT_EQ(got.rows.size(), 995u);
  std::map<std::string, std::map<std::string, std::string>> by_id;
  for (auto& row : got.rows) by_id[row["customer_id"]] = row;
  ASSERT_EQ(by_id.size(), 995u) << "customer keys are not distinct";
  int mismatches = 0;
  for (auto& p : published.rows) {
    const std::string& id = p["customer_id"];
    auto it = by_id.find(id);
    ASSERT_NE(it, by_id.end()) << id << " missing from seg's output";
    auto& g = it->second;
    bool ok = g["rfm_segment"] == p["segment"] && g["rfm_r"] == p["recency_score"] &&
              g["rfm_f"] == p["frequency_score"] && g["rfm_m"] == p["monetary_score"] &&
              g["rfm_score"] == p["rfm_score"] && DurationDays(g["rfm_recency"]) == ToLong(p["recency_days"]) &&
              g["rfm_frequency"] == p["transaction_count"] &&
              DecimalUnits(g["rfm_monetary"]) == DecimalUnits(p["amount"]);
    if (!ok && ++mismatches <= 10) {
      ADD_FAILURE() << id << ": seg " << g["rfm_segment"] << " " << g["rfm_r"] << g["rfm_f"] << g["rfm_m"] << " ("
                    << g["rfm_recency"] << ", " << g["rfm_frequency"] << ", " << g["rfm_monetary"] << "), published "
                    << p["segment"] << " " << p["rfm_score"] << " (" << p["recency_days"] << ", "
                    << p["transaction_count"] << ", " << p["amount"] << ")";
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(RfmPublished, OrdersSegmentSummaryMatches) {
  SKIP_WITHOUT(RfmDir() / "rfm_data_orders.csv");
  TempDir tmp;
  WriteFile(tmp.path() / "rfm.seg", kRfmOrdersProgram);
  fs::path orders = RfmDir() / "rfm_data_orders.csv";
  CsvTable got = RunBoth(tmp.path(),
                         "run rfm.seg --input sales=" + ShellQuote(orders.string()) + " --as-of 2006-12-31");
  std::map<std::string, std::string> segment_of;
  std::map<std::string, long> customers, order_count;
  std::map<std::string, long long> revenue;
  for (auto& row : got.rows) {
    segment_of[row["customer_id"]] = row["rfm_segment"];
    ++customers[row["rfm_segment"]];
  }
  // Orders and revenue per segment: join the order file with seg's segments here.
  CsvTable order_rows = ParseCsvTable(ReadFile(orders));
  ASSERT_EQ(order_rows.rows.size(), 4906u);
  for (auto& o : order_rows.rows) {
    auto it = segment_of.find(o["customer_id"]);
    ASSERT_NE(it, segment_of.end()) << o["customer_id"];
    ++order_count[it->second];
    revenue[it->second] += std::stoll(o["revenue"]);
  }
  CsvTable summary = ParseCsvTable(ReadFile(RfmDir() / "published_segment_summary_orders_2006-12-31.csv"));
  ASSERT_EQ(summary.rows.size(), 10u);
  long total = 0;
  for (auto& s : summary.rows) {
    const std::string& seg = s["segment"];
    EXPECT_EQ(customers[seg], ToLong(s["customers"])) << seg;
    EXPECT_EQ(order_count[seg], ToLong(s["orders"])) << seg;
    EXPECT_EQ(revenue[seg], std::stoll(s["revenue"])) << seg;
    total += customers[seg];
  }
  EXPECT_EQ(total, 995) << "a customer landed in a segment the summary does not list (Others?)";
}

// (b) rfm_data_customer: the scores from customer columns, the segment rules copied.
// Runs the customer-level RFM program over `customers_csv` (written into `dir`), the key declared
// by `key_column` ("" for an id key), and compares every customer with the published table.
void ExpectCustomerLevelMatchesPublished(const fs::path& dir, const std::string& key_column,
                                         const std::string& customers_csv) {
  WriteFile(dir / "customers.csv", customers_csv);
  WriteFile(dir / "rfm.seg", std::string("input customers key customer_id {\n") + key_column +
                                 "  revenue: money; most_recent_visit: date; number_of_orders: int; recency_days: int\n"
                                 "}\n"
                                 "let r = quintile(recency_days, descending)\n"
                                 "let f = quintile(number_of_orders)\n"
                                 "let m = quintile(revenue)\n" +
                                 kRfmSegments);
  CsvTable got = RunBoth(dir, "run rfm.seg --input customers=customers.csv --as-of 2007-01-01 --with r,f,m");
  CsvTable published = ParseCsvTable(ReadFile(RfmDir() / "published_rfm_segments_customer_2007-01-01.csv"));
  ASSERT_EQ(published.rows.size(), 39999u);
  ASSERT_EQ(got.rows.size(), 39999u);
  std::map<std::string, std::map<std::string, std::string>> by_id;
  for (auto& row : got.rows) by_id[row["customer_id"]] = row;
  int mismatches = 0;
  for (auto& p : published.rows) {
    auto it = by_id.find(p["customer_id"]);
    ASSERT_NE(it, by_id.end()) << p["customer_id"];
    auto& g = it->second;
    bool ok = g["segment"] == p["segment"] && g["r"] == p["recency_score"] && g["f"] == p["frequency_score"] &&
              g["m"] == p["monetary_score"];
    if (!ok && ++mismatches <= 10) {
      ADD_FAILURE() << p["customer_id"] << ": seg " << g["segment"] << " " << g["r"] << g["f"] << g["m"]
                    << ", published " << p["segment"] << " " << p["rfm_score"];
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(RfmPublished, CustomerLevelEveryCustomerMatchesThePublishedTable) {
  SKIP_WITHOUT(RfmDir() / "rfm_data_customer.csv");
  TempDir tmp;
  ExpectCustomerLevelMatchesPublished(tmp.path(), "", ReadFile(RfmDir() / "rfm_data_customer.csv"));
}

// The same table with the key declared `int` and the customer file's rows shuffled.
TEST(RfmPublished, CustomerLevelMatchesWithIntKeysAndShuffledRows) {
  SKIP_WITHOUT(RfmDir() / "rfm_data_customer.csv");
  std::vector<std::string> records = SplitRecords(ReadFile(RfmDir() / "rfm_data_customer.csv"));
  ASSERT_GT(records.size(), 1u);
  std::mt19937 rng(2024);
  std::shuffle(records.begin() + 1, records.end(), rng);
  std::string csv;
  for (const std::string& r : records) csv += r;
  TempDir tmp;
  ExpectCustomerLevelMatchesPublished(tmp.path(), "  customer_id: int\n", csv);
}

// (c) CDNOW sample: whitespace separated, no header, CRLF; converted to CSV here.
TEST(Cdnow, PerCustomerAggregatesMatchAnIndependentComputation) {
  fs::path sample = SharedDataDir() / "cdnow/CDNOW_sample.txt";
  SKIP_WITHOUT(sample);
  struct Expected {
    long count = 0;
    std::string first, last;  // YYYY-MM-DD, compare as text
    long long cents = 0;
    long cds = 0;
    std::set<std::string> days;
  };
  std::map<std::string, Expected> expected;
  std::vector<std::string> order;  // first appearance
  std::istringstream in(ReadFile(sample));
  std::string master, id, yyyymmdd, cds, dollars;
  std::string csv = "customer,ts,cds,amount\n";
  long rows = 0;
  while (in >> master >> id >> yyyymmdd >> cds >> dollars) {
    ++rows;
    std::string day = yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
    csv += id + "," + day + "," + cds + "," + dollars + "\n";
    if (!expected.count(id)) order.push_back(id);
    Expected& e = expected[id];
    ++e.count;
    if (e.first.empty() || day < e.first) e.first = day;
    if (e.last.empty() || day > e.last) e.last = day;
    e.cents += DecimalUnits(dollars) / 100;
    e.cds += std::stol(cds);
    e.days.insert(day);
  }
  ASSERT_EQ(rows, 6919);
  ASSERT_EQ(expected.size(), 2357u);
  TempDir tmp;
  WriteFile(tmp.path() / "cdnow.csv", csv);
  WriteFile(tmp.path() / "cdnow.seg",
            "input customers key id { }\n"
            "input purchases of customers by customer at ts { ts: date; cds: int; amount: money }\n"
            "let n = count(purchases)\n"
            "let first_day = first(purchases.ts)\n"
            "let last_day = last(purchases.ts)\n"
            "let spend = sum(purchases.amount)\n"
            "let cds = sum(purchases.cds)\n"
            "let days = active_days(purchases)\n");
  CsvTable got = RunBoth(tmp.path(),
                         "run cdnow.seg --input purchases=cdnow.csv --as-of 1998-06-30 "
                         "--with n,first_day,last_day,spend,cds,days");
  ASSERT_EQ(got.rows.size(), 2357u);
  int mismatches = 0;
  for (size_t i = 0; i < got.rows.size(); ++i) {
    auto& g = got.rows[i];
    EXPECT_EQ(g["id"], order[i]) << "customers come in first-appearance order";
    auto it = expected.find(g["id"]);
    ASSERT_NE(it, expected.end()) << g["id"];
    const Expected& e = it->second;
    bool ok = ToLong(g["n"]) == e.count && g["first_day"] == e.first && g["last_day"] == e.last &&
              DecimalUnits(g["spend"]) == e.cents * 100 && ToLong(g["cds"]) == e.cds &&
              ToLong(g["days"]) == static_cast<long>(e.days.size());
    if (!ok && ++mismatches <= 10) {
      ADD_FAILURE() << g["id"] << ": seg n=" << g["n"] << " first=" << g["first_day"] << " last=" << g["last_day"]
                    << " spend=" << g["spend"] << " cds=" << g["cds"] << " days=" << g["days"]
                    << "; expected n=" << e.count << " first=" << e.first << " last=" << e.last << " cents=" << e.cents
                    << " cds=" << e.cds << " days=" << e.days.size();
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// (e) BG/NBD and Gamma-Gamma fitted by the language's p_alive / expected_purchases /
// expected_spend over the CDNOW sample's 39-week calibration (as_of 1997-09-30, weeks): the
// parameters `seg run --verbose` prints match Fader, Hardie & Lee (2005) to three significant
// digits and the Gamma-Gamma ones (lifetimes' documentation) within 1%, on both engines, which
// also give the same bytes.
double FittedParameter(const std::string& err, const std::string& name) {
  size_t at = err.find(" " + name + " = ");
  EXPECT_NE(at, std::string::npos) << name << " not in:\n" << err;
  if (at == std::string::npos) return 0;
  return std::stod(err.substr(at + name.size() + 4));
}

// The CDNOW sample's transactions (master id, customer id, yyyymmdd, CDs, dollars) as
// customer,ts,amount CSV.
std::string CdnowTransactionsCsv(const fs::path& sample) {
  std::istringstream in(ReadFile(sample));
  std::string master, id, yyyymmdd, cds, dollars;
  std::string csv = "customer,ts,amount\n";
  while (in >> master >> id >> yyyymmdd >> cds >> dollars) {
    csv += id + "," + yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2) + "," +
           dollars + "\n";
  }
  return csv;
}

TEST(Cdnow, ModelFitsMatchThePublishedParameters) {
  fs::path sample = SharedDataDir() / "cdnow/CDNOW_sample.txt";
  SKIP_WITHOUT(sample);
  TempDir tmp;
  WriteFile(tmp.path() / "cdnow.csv", CdnowTransactionsCsv(sample));
  WriteFile(tmp.path() / "cdnow.seg",
            "input customers key id { }\n"
            "input purchases of customers by customer at ts { ts: date; amount: money }\n"
            "let first_day = first(purchases.ts)\n"
            "let repeat = active_days(purchases) - 1\n"
            "let recency = last(purchases.ts) - first_day\n"
            "let age = as_of - first_day\n"
            "let average_spend = sum(purchases.amount where ts > first_day) / repeat\n"
            "let alive = p_alive(repeat, recency, age)\n"
            "let spend = expected_spend(repeat, average_spend)\n");
  std::string outputs[2];
  int engine = 0;
  for (const char* name : {"interp", "jit"}) {
    Result run = RunSeg(tmp.path(), std::string("run cdnow.seg --input purchases=cdnow.csv --as-of 1997-09-30 "
                                                "--with alive,spend --verbose --engine ") +
                                        name);
    ASSERT_EQ(run.status, 0) << run.err;
    auto three_digits = [&](const std::string& parameter, double published) {
      double fitted = FittedParameter(run.err, parameter);
      double unit = std::pow(10.0, std::floor(std::log10(published)) - 2);
      EXPECT_LE(std::fabs(fitted - published), 0.5 * unit) << parameter << " = " << fitted << " (" << name << ")";
    };
    three_digits("r", 0.243);
    three_digits("alpha", 4.414);
    three_digits("a", 0.793);
    three_digits("b", 2.426);
    EXPECT_NEAR(FittedParameter(run.err, "p"), 6.25, 0.0625) << name;
    EXPECT_NEAR(FittedParameter(run.err, "q"), 3.74, 0.0374) << name;
    EXPECT_NEAR(FittedParameter(run.err, "gamma"), 15.44, 0.1544) << name;
    EXPECT_NE(run.err.find("(2357 customers, weeks)"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("(946 repeat customers)"), std::string::npos) << run.err;
    outputs[engine++] = run.out;
  }
  EXPECT_EQ(outputs[0], outputs[1]) << "the engines disagree";
  CsvTable table = ParseCsvTable(outputs[0]);
  ASSERT_EQ(table.rows.size(), 2357u);
  for (auto& row : table.rows) {
    double alive = std::stod(row["alive"]);
    ASSERT_TRUE(alive > 0 && alive <= 1) << row["id"] << " alive " << row["alive"];
  }
}

// (e') The 39-week holdout that docs/MODELS.md reports (its command): calibration up to
// 1997-09-30 inside a run as of 1998-06-30. The expected repeat purchases sum to 1,653.4 over the
// 2,357 customers against 1,882 made; p_alive, expected_purchases and fitted_clv share one BG/NBD
// fit (one --verbose line, the published parameters again) and expected_spend and fitted_clv one
// Gamma-Gamma fit.
TEST(Cdnow, HoldoutSumAndOneFitPerModel) {
  fs::path sample = SharedDataDir() / "cdnow/CDNOW_sample.txt";
  SKIP_WITHOUT(sample);
  TempDir tmp;
  WriteFile(tmp.path() / "cdnow.csv", CdnowTransactionsCsv(sample));
  WriteFile(tmp.path() / "holdout.seg",
            "input customers key id { }\n"
            "input purchases of customers by customer at ts { ts: date; amount: money }\n"
            "param calibration_end: date = 1997-09-30\n"
            "let first_day = first(purchases.ts where ts <= calibration_end)\n"
            "let repeat = active_days(purchases where ts <= calibration_end) - 1\n"
            "let recency = last(purchases.ts where ts <= calibration_end) - first_day\n"
            "let age = calibration_end - first_day\n"
            "let average_spend = sum(purchases.amount where ts > first_day and ts <= calibration_end) / repeat\n"
            "let expected = expected_purchases(repeat, recency, age, 39 weeks)\n"
            "let actual = active_days(purchases where ts > calibration_end)\n"
            "let alive = p_alive(repeat, recency, age)\n"
            "let spend = expected_spend(repeat, average_spend)\n"
            "let value = fitted_clv(repeat, recency, age, average_spend, 360 days, margin: 0.3)\n");
  Result run = RunSeg(tmp.path(),
                      "run holdout.seg --input purchases=cdnow.csv --as-of 1998-06-30 "
                      "--with expected,actual,alive,spend,value --verbose");
  ASSERT_EQ(run.status, 0) << run.err;
  auto count = [&](const std::string& text) {
    size_t n = 0;
    for (size_t at = run.err.find(text); at != std::string::npos; at = run.err.find(text, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("BG/NBD fit for let 'expected', let 'alive', let 'value' (2357 customers, weeks)"), 1u) << run.err;
  EXPECT_EQ(count("BG/NBD fit"), 1u) << run.err;
  EXPECT_EQ(count("Gamma-Gamma fit for let 'spend', let 'value' (946 repeat customers)"), 1u) << run.err;
  EXPECT_EQ(count("Gamma-Gamma fit"), 1u) << run.err;
  EXPECT_NEAR(FittedParameter(run.err, "r"), 0.243, 0.0005);
  CsvTable table = ParseCsvTable(run.out);
  ASSERT_EQ(table.rows.size(), 2357u);
  double expected = 0, actual = 0;
  for (auto& row : table.rows) {
    expected += std::stod(row["expected"]);
    actual += std::stod(row["actual"]);
    double value = std::stod(row["value"]);
    ASSERT_TRUE(std::isfinite(value) && value > 0) << row["id"] << " value " << row["value"];
  }
  EXPECT_NEAR(expected, 1653.4, 0.05);
  EXPECT_EQ(actual, 1882);
}

// (d) The pandas recipe `pd.qcut(summary.frequency.rank(method="first"), 5)` over the CDNOW
// calibration summary that `lifetimes` publishes (cdnow_customers_summary.csv, ID ascending,
// as pandas' groupby leaves it): seg computes the frequency (repeat purchase days up to
// 1997-09-30) from the raw transactions, with `int` customer ids, the purchase rows shuffled and
// the customer file shuffled and zero-padded, and `quintile(x, qcut_rank)` gives every customer
// the recipe's bin, because ties rank by the numeric key as the sorted frame does.
TEST(Cdnow, PandasQcutOfRankFirstReproducesWhateverTheRowOrder) {
  fs::path sample = SharedDataDir() / "cdnow/CDNOW_sample.txt";
  fs::path summary = SharedDataDir() / "cdnow/cdnow_customers_summary.csv";
  SKIP_WITHOUT(sample);
  SKIP_WITHOUT(summary);
  // The recipe, independently: rows in ID order, a stable sort by frequency gives rank "first";
  // qcut's edges over the ranks 1..n are 1 + (n - 1) * k / 5, bins closed above.
  struct Row {
    long id;
    long frequency;
  };
  std::vector<Row> published;
  for (const std::vector<std::string>& cells : ParseCsv(ReadFile(summary))) {
    if (cells.size() < 2 || cells[0] == "ID") continue;
    published.push_back({std::stol(cells[0]), std::stol(cells[1])});
  }
  ASSERT_EQ(published.size(), 2357u);
  std::sort(published.begin(), published.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
  std::vector<size_t> by_frequency(published.size());
  for (size_t i = 0; i < by_frequency.size(); ++i) by_frequency[i] = i;
  std::stable_sort(by_frequency.begin(), by_frequency.end(),
                   [&](size_t a, size_t b) { return published[a].frequency < published[b].frequency; });
  std::map<long, long> expected_bin, expected_frequency;
  double n = static_cast<double>(published.size());
  for (size_t r = 0; r < by_frequency.size(); ++r) {
    double rank = static_cast<double>(r + 1);
    long bin = 1;
    while (bin < 5 && rank > 1 + (n - 1) * static_cast<double>(bin) / 5) ++bin;
    expected_bin[published[by_frequency[r]].id] = bin;
    expected_frequency[published[by_frequency[r]].id] = published[by_frequency[r]].frequency;
  }

  std::mt19937 rng(1997);
  std::vector<std::string> purchases;
  std::istringstream in(ReadFile(sample));
  std::string master, id, yyyymmdd, cds, dollars;
  while (in >> master >> id >> yyyymmdd >> cds >> dollars) {
    purchases.push_back(id + "," + yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2) +
                        "," + dollars + "\n");
  }
  ASSERT_EQ(purchases.size(), 6919u);
  std::shuffle(purchases.begin(), purchases.end(), rng);
  std::vector<long> ids;
  for (const Row& row : published) ids.push_back(row.id);
  std::shuffle(ids.begin(), ids.end(), rng);
  std::string customers = "id\n";
  for (long k : ids) customers += (k % 2 ? "000" : "") + std::to_string(k) + "\n";  // 0007 is customer 7
  std::string events = "id,date,dollars\n";
  for (const std::string& p : purchases) events += p;
  TempDir tmp;
  WriteFile(tmp.path() / "customers.csv", customers);
  WriteFile(tmp.path() / "purchases.csv", events);
  WriteFile(tmp.path() / "recipe.seg",
            "input customers key id { id: int }\n"
            "input purchases of customers by id at date { date: date; dollars: money }\n"
            "let x = active_days(purchases) - 1\n"
            "let f = quintile(x, qcut_rank)\n");
  std::string command =
      "run recipe.seg --input customers=customers.csv --input purchases=purchases.csv "
      "--as-of 1997-09-30 --with x,f";
  CsvTable got = RunBoth(tmp.path(), command);
  Result jit = RunSeg(tmp.path(), command + " --engine jit --no-cache --quiet --verbose");
  Result interp = RunSeg(tmp.path(), command + " --engine interp --no-cache --quiet");
  EXPECT_EQ(jit.out, interp.out) << "the engines disagree";
  if (BuiltWithJit()) {
    EXPECT_TRUE(RanCompiledCode(jit.err));
  }
  ASSERT_EQ(got.rows.size(), 2357u);
  int mismatches = 0;
  for (size_t i = 0; i < got.rows.size(); ++i) {
    auto& g = got.rows[i];
    EXPECT_EQ(std::stol(g["id"]), ids[i]) << "customers come in customer-file order, keys written as numbers";
    long key = std::stol(g["id"]);
    bool ok = expected_bin.count(key) && ToLong(g["f"]) == expected_bin[key] &&
              ToLong(g["x"]) == expected_frequency[key];
    if (!ok && ++mismatches <= 10) {
      ADD_FAILURE() << "customer " << key << ": seg x=" << g["x"] << " f=" << g["f"]
                    << ", recipe frequency=" << expected_frequency[key] << " bin=" << expected_bin[key];
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace seg::e2e
