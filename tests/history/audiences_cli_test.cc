// `seg run --audiences DIR`: one file per bucket and tag holding exactly the customers the CSV
// output puts there, or with --audience-changes the rows `seg changes` lists; the manifest's
// counts; a directory seg did not write is refused before anything runs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "e2e_support.h"
#include "retail_support.h"

namespace seg::e2e {
namespace {

std::vector<std::string> Listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

nlohmann::json Manifest(const fs::path& dir) { return nlohmann::json::parse(ReadFile(dir / "manifest.json")); }

class AudiencesTest : public ::testing::Test {
 protected:
  TempDir tmp_;
};

TEST_F(AudiencesTest, EachFileHoldsTheCustomersTheCsvPutsThere) {
  Result r = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--out june.csv --audiences aud"));
  ASSERT_EQ(r.status, 0) << r.err;
  CsvTable csv = ParseCsvTable(ReadFile(tmp_.path() / "june.csv"));
  nlohmann::json manifest = Manifest(tmp_.path() / "aud");
  EXPECT_EQ(manifest["format"], "seg audiences");
  EXPECT_EQ(manifest["as_of"], "2025-06-30");
  EXPECT_EQ(manifest["content"], "members");
  EXPECT_EQ(manifest["customers"], csv.rows.size());
  EXPECT_EQ(manifest["program_hash"].get<std::string>().size(), 64u);
  std::set<std::string> files = {"manifest.json"};
  size_t tags = 0;
  for (const nlohmann::json& a : manifest["audiences"]) {
    std::string file = a["file"];
    files.insert(file);
    std::set<std::string> expected;
    for (auto& row : csv.rows) {
      bool in = a.contains("tag") ? row.at(a["tag"].get<std::string>()) == "true"
                                  : row.at(a["classification"].get<std::string>()) == a["bucket"].get<std::string>();
      if (in) expected.insert(row.at("id"));
    }
    std::vector<std::string> lines = Lines(ReadFile(tmp_.path() / "aud" / file));
    ASSERT_FALSE(lines.empty()) << file;
    EXPECT_EQ(lines[0], "id") << file;
    EXPECT_EQ(std::set<std::string>(lines.begin() + 1, lines.end()), expected) << file;
    EXPECT_EQ(lines.size() - 1, expected.size()) << file;
    EXPECT_EQ(a["customers"], expected.size()) << file;
    tags += a.contains("tag");
  }
  EXPECT_EQ(tags, 2u);
  std::vector<std::string> listing = Listing(tmp_.path() / "aud");
  EXPECT_EQ(std::set<std::string>(listing.begin(), listing.end()), files);
  EXPECT_TRUE(files.count("bucket.value.No%20orders.csv")) << "labels are percent-encoded in file names";
}

TEST_F(AudiencesTest, ChangesFilesHoldWhatSegChangesLists) {
  for (const char* as_of : {"2025-03-31", "2025-06-30"}) {
    Result r = RunSeg(tmp_.path(), RetailRun(as_of,
                                             "--out /dev/null --history hist --audiences aud --audience-changes "
                                             "--audience-format jsonl"));
    ASSERT_EQ(r.status, 0) << r.err;
  }
  Result changes = RunSeg(tmp_.path(), "changes --history hist --quiet");
  ASSERT_EQ(changes.status, 0) << changes.err;
  std::set<std::string> expected;
  for (auto& row : ParseCsvTable(changes.out).rows) {
    std::string audience = row.at("tag").empty() ? row.at("classification") + "/" + row.at("bucket") : row.at("tag");
    expected.insert(audience + " " + row.at("id") + " " + row.at("change"));
  }
  nlohmann::json manifest = Manifest(tmp_.path() / "aud");
  EXPECT_EQ(manifest["content"], "changes");
  EXPECT_EQ(manifest["run"], 2);
  EXPECT_EQ(manifest["since"]["run"], 1);
  EXPECT_EQ(manifest["since"]["as_of"], "2025-03-31");
  std::set<std::string> got;
  for (const nlohmann::json& a : manifest["audiences"]) {
    std::string audience = a.contains("tag")
                               ? a["tag"].get<std::string>()
                               : a["classification"].get<std::string>() + "/" + a["bucket"].get<std::string>();
    size_t enter = 0, exit = 0;
    for (const std::string& line : Lines(ReadFile(tmp_.path() / "aud" / a["file"].get<std::string>()))) {
      nlohmann::json row = nlohmann::json::parse(line);
      got.insert(audience + " " + row["id"].get<std::string>() + " " + row["change"].get<std::string>());
      (row["change"] == "enter" ? enter : exit)++;
    }
    EXPECT_EQ(a["enter"], enter);
    EXPECT_EQ(a["exit"], exit);
  }
  EXPECT_GT(expected.size(), 100u);
  EXPECT_EQ(got, expected);
}

TEST_F(AudiencesTest, TheFirstRunWithChangesIsEveryoneEntering) {
  Result r = RunSeg(tmp_.path(),
                    RetailRun("2025-06-30", "--out june.csv --history hist --audiences aud --audience-changes"));
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json manifest = Manifest(tmp_.path() / "aud");
  EXPECT_TRUE(manifest["since"].is_null());
  std::string vip = ReadFile(tmp_.path() / "aud/tag.vip.csv");
  size_t tagged = 0;
  for (auto& row : ParseCsvTable(ReadFile(tmp_.path() / "june.csv")).rows) tagged += row.at("vip") == "true";
  EXPECT_EQ(Lines(vip).size(), tagged + 1);
  EXPECT_EQ(Lines(vip)[1].substr(Lines(vip)[1].find(',')), ",enter");
}

TEST_F(AudiencesTest, ADirectorySegDidNotWriteIsRefusedBeforeTheRun) {
  fs::create_directories(tmp_.path() / "mine");
  WriteFile(tmp_.path() / "mine/list.csv", "precious\n");
  Result r = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--out out.csv --history hist --audiences mine"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("mine is a directory seg did not write"), std::string::npos) << r.err;
  EXPECT_EQ(Listing(tmp_.path() / "mine"), std::vector<std::string>{"list.csv"});
  EXPECT_FALSE(fs::exists(tmp_.path() / "out.csv"));
  EXPECT_FALSE(fs::exists(tmp_.path() / "hist"));
  // Its own directory is replaced whole, and nothing is left beside it.
  ASSERT_EQ(RunSeg(tmp_.path(), RetailRun("2025-06-30", "--out /dev/null --audiences aud")).status, 0);
  ASSERT_EQ(
      RunSeg(tmp_.path(), RetailRun("2025-03-31", "--out /dev/null --audiences aud --audience-format jsonl")).status,
      0);
  for (const std::string& name : Listing(tmp_.path() / "aud"))
    EXPECT_TRUE(name == "manifest.json" || name.ends_with(".jsonl")) << name;
  EXPECT_EQ(Manifest(tmp_.path() / "aud")["as_of"], "2025-03-31");
  EXPECT_EQ(Listing(tmp_.path()), (std::vector<std::string>{"aud", "mine"}));
}

TEST_F(AudiencesTest, UsageMistakes) {
  Result changes = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--audiences aud --audience-changes"));
  EXPECT_EQ(changes.status, 2);
  EXPECT_NE(changes.err.find("--audience-changes needs --history DIR"), std::string::npos) << changes.err;
  Result format = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--audiences aud --audience-format xml"));
  EXPECT_EQ(format.status, 2);
  Result alone = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--audience-format jsonl"));
  EXPECT_EQ(alone.status, 2);
  EXPECT_FALSE(fs::exists(tmp_.path() / "aud"));
}

}  // namespace
}  // namespace seg::e2e
