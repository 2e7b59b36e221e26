// seg diff against matrices computed here by joining two `seg run` outputs by customer.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

std::string Inputs(const std::string& as_of) {
  fs::path data = SourceDir() / "examples" / "data";
  return "--input customers=" + ShellQuote((data / "customers.csv").string()) +
         " --input orders=" + ShellQuote((data / "orders.csv").string()) +
         " --input visits=" + ShellQuote((data / "visits.csv").string()) + " --as-of " + as_of + " --quiet";
}

// The matrix of one classification from seg diff's text: {old label -> {new label -> count}}.
std::map<std::string, std::map<std::string, size_t>> ParseMatrix(const std::string& text, const std::string& name) {
  std::map<std::string, std::map<std::string, size_t>> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line) && line.rfind("segments " + name + ":", 0) != 0) {
  }
  std::vector<std::string> columns;
  std::getline(in, line);
  for (size_t at = line.find('"'); at != std::string::npos; at = line.find('"', line.find('"', at + 1) + 1)) {
    columns.push_back(line.substr(at + 1, line.find('"', at + 1) - at - 1));
  }
  while (std::getline(in, line) && line.rfind("  \"", 0) == 0) {
    size_t close = line.find('"', 3);
    std::string row = line.substr(3, close - 3);
    std::istringstream counts(line.substr(close + 1));
    for (const std::string& col : columns) counts >> out[row][col];
  }
  return out;
}

// {classification -> matrix} and moved (id, classification, old, new) from two runs' rows.
struct Joined {
  std::map<std::string, std::map<std::string, std::map<std::string, size_t>>> matrices;
  std::set<std::vector<std::string>> moved;
};

Joined Join(const CsvTable& old_rows, const CsvTable& new_rows, const std::vector<std::string>& classifications) {
  std::map<std::string, const std::map<std::string, std::string>*> by_id;
  for (const auto& row : new_rows.rows) by_id[row.at("id")] = &row;
  Joined j;
  for (const auto& row : old_rows.rows) {
    const auto& other = *by_id.at(row.at("id"));
    for (const std::string& c : classifications) {
      std::string a = row.at(c), b = other.at(c);
      ++j.matrices[c][a.empty() ? "(no bucket)" : a][b.empty() ? "(no bucket)" : b];
      if (a != b) j.moved.insert({row.at("id"), c, a, b});
    }
  }
  return j;
}

void ExpectSameMatrix(const std::map<std::string, std::map<std::string, size_t>>& got,
                      const std::map<std::string, std::map<std::string, size_t>>& want, const std::string& name) {
  for (const auto& [row, cols] : want) {
    for (const auto& [col, k] : cols) {
      ASSERT_TRUE(got.count(row) && got.at(row).count(col)) << name << ": no cell " << row << " -> " << col;
      EXPECT_EQ(got.at(row).at(col), k) << name << ": " << row << " -> " << col;
    }
  }
  size_t got_total = 0, want_total = 0;
  for (const auto& [row, cols] : got)
    for (const auto& [col, k] : cols) got_total += k;
  for (const auto& [row, cols] : want)
    for (const auto& [col, k] : cols) want_total += k;
  EXPECT_EQ(got_total, want_total) << name;
}

std::set<std::vector<std::string>> MovedCsv(const fs::path& path) {
  std::set<std::vector<std::string>> out;
  std::vector<std::vector<std::string>> rows = ParseCsv(ReadFile(path));
  EXPECT_FALSE(rows.empty());
  if (rows.empty()) return out;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "classification", "old", "new"}));
  for (size_t i = 1; i < rows.size(); ++i) out.insert(rows[i]);
  return out;
}

TEST(Diff, OneThresholdChangedMatchesTheJoinedRuns) {
  TempDir dir;
  std::string text = ReadFile(SourceDir() / "examples" / "retail.seg");
  std::string old_rule = "\"Big baskets\" when avg_basket >= 200";
  ASSERT_NE(text.find(old_rule), std::string::npos);
  std::string changed = text;
  changed.replace(changed.find(old_rule), old_rule.size(), "\"Big baskets\" when avg_basket >= 120");
  std::string old_vip = "param vip_spend: money = 2000";
  ASSERT_NE(changed.find(old_vip), std::string::npos);
  changed.replace(changed.find(old_vip), old_vip.size(), "param vip_spend: money = 1500");
  WriteFile(dir.path() / "old.seg", text);
  WriteFile(dir.path() / "new.seg", changed);

  Result diff = RunSeg(dir.path(), "diff old.seg new.seg " + Inputs("2025-06-30") + " --moved moved.csv");
  ASSERT_EQ(diff.status, 0) << diff.err;
  for (const char* side : {"old", "new"}) {
    Result r = RunSeg(dir.path(),
                      std::string("run ") + side + ".seg " + Inputs("2025-06-30") + " --out " + side + ".csv");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  CsvTable old_rows = ParseCsvTable(ReadFile(dir.path() / "old.csv"));
  CsvTable new_rows = ParseCsvTable(ReadFile(dir.path() / "new.csv"));
  std::vector<std::string> classes = {"rfm_segment", "value", "top_detail"};
  Joined want = Join(old_rows, new_rows, classes);
  for (const std::string& c : classes) ExpectSameMatrix(ParseMatrix(diff.out, c), want.matrices[c], c);
  // The threshold moved customers inside the top tier, and only there.
  EXPECT_FALSE(want.moved.empty());
  for (const auto& m : want.moved) EXPECT_EQ(m[1], "top_detail");
  EXPECT_EQ(MovedCsv(dir.path() / "moved.csv"), want.moved);

  // vip gains: tagged in new, not in old.
  size_t gained = 0, lost = 0;
  std::map<std::string, std::string> new_vip;
  for (const auto& row : new_rows.rows) new_vip[row.at("id")] = row.at("vip");
  for (const auto& row : old_rows.rows) {
    gained += row.at("vip") == "false" && new_vip[row.at("id")] == "true";
    lost += row.at("vip") == "true" && new_vip[row.at("id")] == "false";
  }
  EXPECT_GT(gained, 0u);
  EXPECT_NE(diff.out.find("  vip                      +" + std::to_string(gained) + " -" + std::to_string(lost)),
            std::string::npos)
      << diff.out;
}

TEST(Diff, TwoDatesMatchTheJoinedRuns) {
  TempDir dir;
  std::string program = ShellQuote((SourceDir() / "examples" / "lifecycle.seg").string());
  Result diff = RunSeg(dir.path(),
                       "diff " + program + " " + Inputs("2025-03-31") + " --vs-as-of 2025-06-30 --moved m.csv");
  ASSERT_EQ(diff.status, 0) << diff.err;
  Result a = RunSeg(dir.path(), "run " + program + " " + Inputs("2025-03-31") + " --out a.csv");
  Result b = RunSeg(dir.path(), "run " + program + " " + Inputs("2025-06-30") + " --out b.csv");
  ASSERT_EQ(a.status + b.status, 0) << a.err << b.err;
  Joined want = Join(ParseCsvTable(ReadFile(dir.path() / "a.csv")), ParseCsvTable(ReadFile(dir.path() / "b.csv")),
                     {"lifecycle"});
  ExpectSameMatrix(ParseMatrix(diff.out, "lifecycle"), want.matrices["lifecycle"], "lifecycle");
  EXPECT_EQ(MovedCsv(dir.path() / "m.csv"), want.moved);
  EXPECT_NE(diff.out.find("as of 2025-03-31"), std::string::npos);
}

TEST(Diff, UsageMistakes) {
  TempDir dir;
  std::string program = ShellQuote((SourceDir() / "examples" / "lifecycle.seg").string());
  EXPECT_EQ(RunSeg(dir.path(), "diff " + program + " " + Inputs("2025-06-30")).status, 2);
  EXPECT_EQ(
      RunSeg(dir.path(), "diff " + program + " " + program + " --vs-as-of 2025-01-01 " + Inputs("2025-06-30")).status,
      2);
}

}  // namespace
}  // namespace seg::e2e
