// seg report and seg check --data on the bundled example, checked against numbers computed here
// from `seg run`'s rows and the raw order file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

const char* kAsOf = "2025-06-30";

std::string Inputs() {
  fs::path data = SourceDir() / "examples" / "data";
  return "--input customers=" + ShellQuote((data / "customers.csv").string()) +
         " --input orders=" + ShellQuote((data / "orders.csv").string()) +
         " --input visits=" + ShellQuote((data / "visits.csv").string()) + " --as-of " + kAsOf + " --quiet";
}

std::string Example(const std::string& name) { return ShellQuote((SourceDir() / "examples" / name).string()); }

nlohmann::json Report(const TempDir& dir, const std::string& program) {
  Result r = RunSeg(dir.path(), "report " + Example(program) + " " + Inputs() + " --out report.json");
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(ReadFile(dir.path() / "report.json"));
}

TEST(Report, BucketCountsAndRevenueMatchTheRowsAndTheOrderFile) {
  TempDir dir;
  nlohmann::json report = Report(dir, "retail.seg");
  Result run = RunSeg(dir.path(), "run " + Example("retail.seg") + " " + Inputs() + " --out rows.csv");
  ASSERT_EQ(run.status, 0) << run.err;
  CsvTable rows = ParseCsvTable(ReadFile(dir.path() / "rows.csv"));
  ASSERT_EQ(rows.rows.size(), 2000u);
  EXPECT_EQ(report["customers"], 2000);

  // Revenue by hand: every order's amount up to as_of (all statuses), per customer.
  CsvTable orders = ParseCsvTable(ReadFile(SourceDir() / "examples" / "data" / "orders.csv"));
  std::map<std::string, double> revenue;
  double total = 0;
  for (const auto& o : orders.rows) {
    if (o.at("ts").substr(0, 10) > kAsOf || o.at("amount").empty()) continue;
    revenue[o.at("customer")] += std::stod(o.at("amount"));
    total += std::stod(o.at("amount"));
  }
  EXPECT_NEAR(report["revenue"]["total"].get<double>(), total, 0.005);

  for (const auto& c : report["classifications"]) {
    std::string name = c["classification"];
    std::map<std::string, size_t> count;
    std::map<std::string, double> money;
    for (const auto& row : rows.rows) {
      const std::string& bucket = row.at(name);
      std::string label = bucket.empty() ? "(no bucket)" : bucket;
      ++count[label];
      money[label] += revenue[row.at("id")];
    }
    size_t listed = 0;
    for (const auto& b : c["buckets"]) {
      std::string label = b["bucket"];
      EXPECT_EQ(b["customers"].get<size_t>(), count[label]) << name << "." << label;
      EXPECT_NEAR(b["revenue"].get<double>(), money[label], 0.005) << name << "." << label;
      listed += b["customers"].get<size_t>();
    }
    if (c["scope"] == "all customers") EXPECT_EQ(listed, 2000u) << name;
  }
  // Tag sizes.
  for (const auto& t : report["tags"]) {
    size_t k = 0;
    for (const auto& row : rows.rows) k += row.at(t["tag"].get<std::string>()) == "true";
    EXPECT_EQ(t["customers"].get<size_t>(), k);
  }
}

TEST(Report, MeansAndScoreMeaningsAgreeWithEachCustomersValues) {
  TempDir dir;
  nlohmann::json report = Report(dir, "retail.seg");
  Result run = RunSeg(dir.path(), "run " + Example("retail.seg") + " " + Inputs() +
                                      " --with rfm_recency,rfm_r,spend_365d --out rows.csv");
  ASSERT_EQ(run.status, 0) << run.err;
  CsvTable rows = ParseCsvTable(ReadFile(dir.path() / "rows.csv"));
  // Mean spend_365d of the "Top" value tier.
  double sum = 0;
  size_t n = 0;
  for (const auto& row : rows.rows) {
    if (row.at("value") != "Top") continue;
    sum += std::stod(row.at("spend_365d"));
    ++n;
  }
  const nlohmann::json* top = nullptr;
  for (const auto& c : report["classifications"]) {
    if (c["classification"] != "value") continue;
    for (const auto& b : c["buckets"])
      if (b["bucket"] == "Top") top = &b;
  }
  ASSERT_NE(top, nullptr);
  EXPECT_NEAR((*top)["means"]["spend_365d"].get<double>(), sum / static_cast<double>(n), 1e-6);

  // rfm_r: each score's meaning ("between 10 and 35 days") holds every customer with that score.
  const nlohmann::json* r = nullptr;
  for (const auto& c : report["cuts"])
    if (c["score"] == "rfm_r") r = &c;
  ASSERT_NE(r, nullptr);
  EXPECT_EQ((*r)["metric"], "rfm_recency");
  EXPECT_EQ((*r)["unit"], "days");
  ASSERT_EQ((*r)["values"].size(), 5u);
  std::map<int, std::pair<int, int>> range;
  for (const auto& v : (*r)["values"]) {
    std::string meaning = v["meaning"];
    int lo = 0, hi = 0;
    ASSERT_EQ(std::sscanf(meaning.c_str(), "between %d and %d days", &lo, &hi), 2) << meaning;
    range[v["value"].get<int>()] = {lo, hi};
  }
  std::map<int, size_t> counts;
  for (const auto& row : rows.rows) {
    if (row.at("rfm_r").empty()) continue;
    int score = std::stoi(row.at("rfm_r"));
    int days = std::stoi(row.at("rfm_recency"));  // whole days: "12d" parses as 12
    ++counts[score];
    EXPECT_GE(days, range[score].first) << row.at("id");
    EXPECT_LE(days, range[score].second) << row.at("id");
  }
  for (const auto& v : (*r)["values"]) EXPECT_EQ(v["customers"].get<size_t>(), counts[v["value"].get<int>()]);
  // std.rfm's r and f give the R x F heat map: every ranked customer in one cell.
  size_t cells = 0;
  for (const auto& row : report["heat_map"]["counts"])
    for (const auto& k : row) cells += k.get<size_t>();
  EXPECT_EQ(cells, counts[1] + counts[2] + counts[3] + counts[4] + counts[5]);
}

TEST(Report, OverlapAddsUpAndFlagsARuleThatGetsNobody) {
  TempDir dir;
  nlohmann::json report = Report(dir, "models/lifecycle_model.seg");
  bool flagged = false;
  for (const auto& o : report["overlap"]) {
    for (const auto& rule : o["rules"]) {
      size_t taken = 0;
      for (const auto& [label, k] : rule["taken_by"].items()) taken += k.get<size_t>();
      EXPECT_EQ(rule["alone"].get<size_t>(), rule["gets"].get<size_t>() + taken) << rule["rule"];
      if (rule["rule"] == "Referral") flagged = rule["gets_nobody"].get<bool>();
    }
  }
  // Nobody in the sample data carries the CRM label "referrer".
  EXPECT_TRUE(flagged);
  Result check = RunSeg(dir.path(), "check " + Example("models/lifecycle_model.seg") + " --data " + Inputs());
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("\"Referral\"                   0          0  matches nobody"), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("\"Retention\"               1127        655  \"Revenue\" 472"), std::string::npos)
      << check.out;
}

TEST(Report, SameBytesWhateverTheThreadCountAndNothingExternal) {
  TempDir dir;
  for (const char* threads : {"1", "3"}) {
    Result r = RunSeg(dir.path(), "report " + Example("retail.seg") + " " + Inputs() + " --threads " + threads +
                                      " --out r" + threads + ".html");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  std::string html = ReadFile(dir.path() / "r1.html");
  EXPECT_EQ(html, ReadFile(dir.path() / "r3.html"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

// The fitted models' parameters and log-likelihood: in the JSON and the HTML report, the same
// numbers `seg run --verbose` prints, one entry per fit with every let that shares it.
TEST(Report, FittedModelsShowTheParametersSegRunFits) {
  TempDir dir;
  fs::path data = SourceDir() / "examples" / "data";
  std::string inputs = "--input customers=" + ShellQuote((data / "customers.csv").string()) +
                       " --input orders=" + ShellQuote((data / "orders.csv").string()) + " --as-of " + kAsOf +
                       " --quiet";
  Result json = RunSeg(dir.path(),
                       "report " + Example("models/fitted_value_model.seg") + " " + inputs + " --out report.json");
  ASSERT_EQ(json.status, 0) << json.err;
  nlohmann::json report = nlohmann::json::parse(ReadFile(dir.path() / "report.json"));
  ASSERT_EQ(report["models"].size(), 2u) << report["models"].dump();
  const nlohmann::json& bg = report["models"][0];
  const nlohmann::json& gg = report["models"][1];
  EXPECT_EQ(bg["model"], "BG/NBD");
  EXPECT_EQ(bg["unit"], "weeks");
  EXPECT_EQ(bg["used_by"], nlohmann::json({"let 'alive'", "let 'purchases_next_year'", "let 'value'"}));
  EXPECT_EQ(gg["model"], "Gamma-Gamma");
  EXPECT_EQ(gg["used_by"], nlohmann::json({"let 'spend_per_purchase'", "let 'value'"}));
  Result run = RunSeg(dir.path(),
                      "run " + Example("models/fitted_value_model.seg") + " " + inputs + " --verbose --out rows.csv");
  ASSERT_EQ(run.status, 0) << run.err;
  for (const nlohmann::json* model : {&bg, &gg}) {
    for (const auto& [name, value] : (*model)["parameters"].items()) {
      size_t at = run.err.find(" " + name + " = ");
      ASSERT_NE(at, std::string::npos) << name << " in " << run.err;
      double printed = std::stod(run.err.substr(at + name.size() + 4));
      EXPECT_NEAR(value.get<double>(), printed, 1e-5 * std::fabs(printed)) << name;
    }
    EXPECT_LT((*model)["log_likelihood"].get<double>(), 0);
    EXPECT_GT((*model)["customers"].get<int>(), 100);
  }
  Result html = RunSeg(dir.path(),
                       "report " + Example("models/fitted_value_model.seg") + " " + inputs + " --out report.html");
  ASSERT_EQ(html.status, 0) << html.err;
  std::string page = ReadFile(dir.path() / "report.html");
  EXPECT_NE(page.find("<h2>Fitted models</h2>"), std::string::npos);
  EXPECT_NE(page.find("log-likelihood"), std::string::npos);
}

TEST(Report, BadOutputsAreRefusedAndLeaveNothing) {
  TempDir dir;
  Result ext = RunSeg(dir.path(), "report " + Example("retail.seg") + " " + Inputs() + " --out report.txt");
  EXPECT_EQ(ext.status, 2);
  Result missing_dir = RunSeg(dir.path(), "report " + Example("retail.seg") + " " + Inputs() + " --out no/such/r.html");
  EXPECT_EQ(missing_dir.status, 1);
  EXPECT_FALSE(fs::exists(dir.path() / "report.txt"));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

// Headless Chromium renders the page: the DOM it builds holds every bucket with its count, and
// the screenshot is a real image.
TEST(Report, RendersInChromium) {
  const char* chromium = std::getenv("SEG_CHROMIUM");
  std::string browser = chromium != nullptr ? chromium : "/usr/bin/chromium";
  if (!fs::exists(browser)) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  TempDir dir;
  Result r = RunSeg(dir.path(), "report " + Example("retail.seg") + " " + Inputs() + " --out report.html");
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json report = Report(dir, "retail.seg");
  std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --user-data-dir=" +
      ShellQuote((dir.path() / "profile").string());
  std::string page = "file://" + (dir.path() / "report.html").string();
  std::string dom_cmd = "timeout 120 " + ShellQuote(browser) + flags + " --dump-dom " + ShellQuote(page) + " > " +
                        ShellQuote((dir.path() / "dom.html").string()) + " 2>/dev/null";
  ASSERT_EQ(std::system(dom_cmd.c_str()), 0);
  std::string dom = ReadFile(dir.path() / "dom.html");
  ASSERT_NE(dom.find("<svg"), std::string::npos);
  for (const auto& c : report["classifications"]) {
    for (const auto& b : c["buckets"]) {
      std::string label = b["bucket"];
      std::string escaped;
      for (char ch : label) escaped += ch == '&' ? "&amp;" : std::string(1, ch);  // the DOM dump writes ' as is
      size_t n = b["customers"].get<size_t>();
      std::string count = std::to_string(n);
      if (n >= 1000) count = count.substr(0, count.size() - 3) + "," + count.substr(count.size() - 3);
      EXPECT_NE(dom.find("<td class=\"l bucket\">" + escaped + "</td><td class=\"count\">" + count + "</td>"),
                std::string::npos)
          << label << " " << count;
    }
  }
  std::string shot_cmd = "cd " + ShellQuote(dir.path().string()) + " && timeout 120 " + ShellQuote(browser) + flags +
                         " --screenshot=" + ShellQuote((dir.path() / "report.png").string()) +
                         " --window-size=1200,2000 " + ShellQuote(page) + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(shot_cmd.c_str()), 0);
  std::string png = ReadFile(dir.path() / "report.png");
  ASSERT_GT(png.size(), 20000u);  // a blank 1200x2000 page compresses to a few kilobytes
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

}  // namespace
}  // namespace seg::e2e
