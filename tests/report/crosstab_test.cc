// Tag x tag and classification x classification crosstabs in `seg report` (JSON, HTML, the
// summary) and `seg check --data`, checked against counts computed here from `seg run`'s rows on
// the bundled example data, and the bounds on how many tables are built.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

std::string DataInputs() {
  fs::path data = SourceDir() / "examples" / "data";
  return "--input customers=" + ShellQuote((data / "customers.csv").string()) +
         " --input orders=" + ShellQuote((data / "orders.csv").string()) +
         " --input visits=" + ShellQuote((data / "visits.csv").string()) + " --as-of 2025-06-30";
}

std::string Retail() { return ShellQuote((SourceDir() / "examples" / "retail.seg").string()); }

// "(no bucket)" where a customer's cell in the run's output is empty, as the report names it.
std::string BucketOf(const std::map<std::string, std::string>& row, const std::string& classification) {
  const std::string& bucket = row.at(classification);
  return bucket.empty() ? "(no bucket)" : bucket;
}

// Every cell of one crosstab against the rows: counts, row totals and both shares; and the cells
// add up to every customer.
void ExpectCrosstabMatches(
    const nlohmann::json& t, const CsvTable& rows,
    const std::function<bool(const std::map<std::string, std::string>&, const std::string& row_label,
                             const std::string& column_label)>& in_both,
    const std::function<bool(const std::map<std::string, std::string>&, const std::string& row_label)>& in_row) {
  const auto& row_labels = t["row_labels"];
  const auto& column_labels = t["column_labels"];
  ASSERT_EQ(t["counts"].size(), row_labels.size());
  for (size_t r = 0; r < row_labels.size(); ++r) {
    std::string row_label = row_labels[r];
    size_t row_total = 0;
    for (const auto& row : rows.rows) row_total += in_row(row, row_label);
    EXPECT_EQ(t["row_customers"][r].get<size_t>(), row_total) << row_label;
    for (size_t c = 0; c < column_labels.size(); ++c) {
      std::string column_label = column_labels[c];
      size_t both = 0;
      for (const auto& row : rows.rows) both += in_both(row, row_label, column_label);
      EXPECT_EQ(t["counts"][r][c].get<size_t>(), both) << t["rows"] << " " << row_label << " x " << column_label;
      EXPECT_DOUBLE_EQ(t["share"][r][c].get<double>(), static_cast<double>(both) / rows.rows.size());
      EXPECT_DOUBLE_EQ(t["row_share"][r][c].get<double>(),
                       row_total == 0 ? 0.0 : static_cast<double>(both) / static_cast<double>(row_total));
    }
  }
}

TEST(Crosstab, TagAndClassificationPairsMatchTheRunRows) {
  TempDir dir;
  Result report = RunSeg(dir.path(), "report " + Retail() + " " + DataInputs() + " --quiet --out report.json");
  ASSERT_EQ(report.status, 0) << report.err;
  nlohmann::json x = nlohmann::json::parse(ReadFile(dir.path() / "report.json"))["crosstabs"];
  Result run = RunSeg(dir.path(), "run " + Retail() + " " + DataInputs() + " --quiet --out rows.csv");
  ASSERT_EQ(run.status, 0) << run.err;
  CsvTable rows = ParseCsvTable(ReadFile(dir.path() / "rows.csv"));
  ASSERT_EQ(rows.rows.size(), 2000u);

  // retail.seg: tags vip and discount_lover; classifications rfm_segment (std.rfm), value and
  // top_detail (a refinement of value."Top": everyone else is in no bucket).
  ASSERT_FALSE(x["tags"].is_null());
  EXPECT_EQ(x["tags"]["row_labels"], nlohmann::json({"vip", "discount_lover"}));
  EXPECT_EQ(x["tags"]["column_labels"], x["tags"]["row_labels"]);
  auto tagged = [](const std::map<std::string, std::string>& row, const std::string& tag) {
    return row.at(tag) == "true";
  };
  ExpectCrosstabMatches(
      x["tags"], rows, [&](const auto& row, const auto& a, const auto& b) { return tagged(row, a) && tagged(row, b); },
      tagged);
  EXPECT_GT(x["tags"]["counts"][0][1].get<size_t>(), 0u) << "the example should show an overlap";

  ASSERT_EQ(x["classifications"].size(), 3u);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& t : x["classifications"]) {
    std::string a = t["rows"], b = t["columns"];
    pairs.emplace_back(a, b);
    ExpectCrosstabMatches(
        t, rows,
        [&](const auto& row, const auto& ra, const auto& cb) {
          return BucketOf(row, a) == ra && BucketOf(row, b) == cb;
        },
        [&](const auto& row, const auto& ra) { return BucketOf(row, a) == ra; });
    size_t all = 0;
    for (const auto& line : t["counts"])
      for (const auto& k : line) all += k.get<size_t>();
    EXPECT_EQ(all, 2000u) << a << " x " << b;
  }
  std::vector<std::pair<std::string, std::string>> expected = {{"rfm_segment", "value"},
                                                               {"rfm_segment", "top_detail"},
                                                               {"value", "top_detail"}};
  EXPECT_EQ(pairs, expected);
  EXPECT_EQ(x["tags_left_out"], 0);
  EXPECT_EQ(x["pairs_left_out"], 0);

  // The same numbers in `seg check --data`'s text: the vip row, and a bucket pair.
  Result check = RunSeg(dir.path(), "check " + Retail() + " --data " + DataInputs() + " --quiet");
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("tag x tag (2000 customers): customers with both tags (% of the row's tag)"),
            std::string::npos)
      << check.out;
  size_t vip = x["tags"]["row_customers"][0], both = x["tags"]["counts"][0][1];
  char cell[64];
  std::snprintf(cell, sizeof cell, "%zu (%.1f%%)", both, 100.0 * static_cast<double>(both) / static_cast<double>(vip));
  size_t line = check.out.find("\n  vip ");
  ASSERT_NE(line, std::string::npos) << check.out;
  std::string vip_line = check.out.substr(line + 1, check.out.find('\n', line + 1) - line - 1);
  EXPECT_NE(vip_line.find(" " + std::to_string(vip) + " "), std::string::npos) << vip_line;
  EXPECT_NE(vip_line.find(cell), std::string::npos) << vip_line << " lacks " << cell;
  EXPECT_NE(check.out.find("segments value x segments top_detail (2000 customers)"), std::string::npos);
  EXPECT_NE(check.out.find("(no bucket)"), std::string::npos);
}

TEST(Crosstab, HtmlAndSummaryShowThem) {
  TempDir dir;
  Result r = RunSeg(dir.path(), "report " + Retail() + " " + DataInputs() + " --out report.html");
  ASSERT_EQ(r.status, 0) << r.err;
  std::string html = ReadFile(dir.path() / "report.html");
  EXPECT_NE(html.find("<table class=\"crosstab\" data-rows=\"tags\" data-columns=\"tags\">"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"crosstab\" data-rows=\"value\" data-columns=\"top_detail\">"), std::string::npos);
  EXPECT_NE(r.err.find("  tag x tag: 2 tags; most in common: vip and discount_lover, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  classification x classification: 3 pairs\n"), std::string::npos) << r.err;
}

// 34 tags and 11 classifications: the first 32 tags, and the pairs among the first 10
// classifications; what is left out is counted in the JSON and said in the text.
TEST(Crosstab, BoundsLeaveOutWhatWouldNotBeRead) {
  TempDir dir;
  std::string program =
      "input customers key id { }\ninput orders of customers by customer at ts { amount: money }\n"
      "input visits of customers by customer at ts { }\nlet n = count(orders)\n";
  for (int i = 0; i < 34; ++i) program += "tag t" + std::to_string(i) + " when n > " + std::to_string(i) + "\n";
  for (int i = 0; i < 11; ++i)
    program += "segments s" + std::to_string(i) + " { \"many\" when n > " + std::to_string(i) + " else \"few\" }\n";
  WriteFile(dir.path() / "many.seg", program);
  Result r = RunSeg(dir.path(), "report many.seg " + DataInputs() + " --quiet --out r.json");
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json x = nlohmann::json::parse(ReadFile(dir.path() / "r.json"))["crosstabs"];
  EXPECT_EQ(x["tags"]["row_labels"].size(), 32u);
  EXPECT_EQ(x["tags_left_out"], 2);
  EXPECT_EQ(x["classifications"].size(), 45u);
  EXPECT_EQ(x["pairs_left_out"], 10);
  Result check = RunSeg(dir.path(), "check many.seg --data " + DataInputs() + " --quiet");
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("(2 tags after the first 32 left out of tag x tag; 10 pairs of classifications left out"),
            std::string::npos)
      << check.out.substr(check.out.size() > 400 ? check.out.size() - 400 : 0);
}

}  // namespace
}  // namespace seg::e2e
