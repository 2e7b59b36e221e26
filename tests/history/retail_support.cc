#include "retail_support.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "e2e_support.h"

namespace seg::e2e {

namespace {
// What retail.seg declares, known to the test independently of seg: its output columns.
const std::vector<std::string> kClassifications = {"rfm_segment", "value", "top_detail"};
const std::vector<std::string> kTags = {"vip", "discount_lover"};
}  // namespace

std::string RetailRun(const std::string& as_of, const std::string& extra, const std::string& orders) {
  fs::path data = SourceDir() / "examples/data";
  return "run " + ShellQuote((SourceDir() / "examples/retail.seg").string()) +
         " --input customers=" + ShellQuote((data / "customers.csv").string()) +
         " --input orders=" + ShellQuote(orders.empty() ? (data / "orders.csv").string() : orders) +
         " --input visits=" + ShellQuote((data / "visits.csv").string()) + " --as-of " + as_of + " --quiet " + extra;
}

std::set<ChangeRow> DifferenceOfRetailCsvs(const std::string& old_csv, const std::string& new_csv) {
  auto by_key = [](const std::string& text) {
    std::map<std::string, std::map<std::string, std::string>> rows;
    for (auto& row : ParseCsvTable(text).rows) rows[row.at("id")] = row;
    return rows;
  };
  auto before = by_key(old_csv), after = by_key(new_csv);
  std::set<std::string> keys;
  for (auto& [k, _] : before) keys.insert(k);
  for (auto& [k, _] : after) keys.insert(k);
  auto cell = [](auto& table, const std::string& key, const std::string& column) {
    auto it = table.find(key);
    return it == table.end() ? std::string() : it->second.at(column);
  };
  std::set<ChangeRow> rows;
  for (const std::string& key : keys) {
    for (const std::string& c : kClassifications) {
      std::string was = cell(before, key, c), is = cell(after, key, c);
      if (was == is) continue;
      if (!was.empty()) rows.insert({key, c, was, "", "exit"});
      if (!is.empty()) rows.insert({key, c, is, "", "enter"});
    }
    for (const std::string& t : kTags) {
      bool was = cell(before, key, t) == "true", is = cell(after, key, t) == "true";
      if (was != is) rows.insert({key, "", "", t, is ? "enter" : "exit"});
    }
  }
  return rows;
}

std::set<ChangeRow> ParseChanges(const std::string& csv, const std::string& key_name, size_t* count) {
  std::vector<std::vector<std::string>> rows = ParseCsv(csv);
  EXPECT_FALSE(rows.empty());
  if (rows.empty()) return {};
  EXPECT_EQ(rows[0], (std::vector<std::string>{key_name, "classification", "bucket", "tag", "change"}));
  std::set<ChangeRow> out;
  for (size_t i = 1; i < rows.size(); ++i) out.insert({rows[i][0], rows[i][1], rows[i][2], rows[i][3], rows[i][4]});
  if (count) *count = rows.size() - 1;
  return out;
}

}  // namespace seg::e2e
