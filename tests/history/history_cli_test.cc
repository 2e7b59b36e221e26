// `seg run --history DIR` and `seg changes`, as users meet them. The check: run
// examples/retail.seg on examples/data at two dates; `seg changes` must equal the difference of
// the two CSV outputs, computed here from the CSV files alone (not with seg's code).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "e2e_support.h"
#include "retail_support.h"

namespace seg::e2e {
namespace {

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [as_of, out] : {std::pair{"2025-03-31", "march.csv"}, std::pair{"2025-06-30", "june.csv"}}) {
      Result r = RunSeg(tmp_.path(), RetailRun(as_of, std::string("--out ") + out + " --history hist"));
      ASSERT_EQ(r.status, 0) << r.err;
    }
  }
  std::string Read(const std::string& name) { return ReadFile(tmp_.path() / name); }
  TempDir tmp_;
};

TEST_F(HistoryTest, ChangesEqualTheDifferenceOfTheTwoCsvOutputs) {
  std::set<ChangeRow> expected = DifferenceOfRetailCsvs(Read("march.csv"), Read("june.csv"));
  ASSERT_GT(expected.size(), 100u) << "three months apart, many customers move";
  Result r = RunSeg(tmp_.path(), "changes --history hist");
  ASSERT_EQ(r.status, 0) << r.err;
  size_t count = 0;
  EXPECT_EQ(ParseChanges(r.out, "id", &count), expected);
  EXPECT_EQ(count, expected.size()) << "no row twice";
  bool has_tag_rows = false;
  for (const ChangeRow& row : expected) has_tag_rows = has_tag_rows || !std::get<3>(row).empty();
  EXPECT_TRUE(has_tag_rows) << "the tags change too";
  EXPECT_NE(r.err.find("changes from run 1 (as of 2025-03-31) to run 2 (as of 2025-06-30)"), std::string::npos)
      << r.err;
}

TEST_F(HistoryTest, AnyTwoRunsByNumberOrDateEitherWay) {
  Result later = RunSeg(tmp_.path(), RetailRun("2025-09-30", "--out september.csv --history hist"));
  ASSERT_EQ(later.status, 0) << later.err;
  Result r = RunSeg(tmp_.path(), "changes --history hist --from 1 --to 2025-09-30 --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ParseChanges(r.out, "id"), DifferenceOfRetailCsvs(Read("march.csv"), Read("september.csv")));
  Result back = RunSeg(tmp_.path(), "changes --history hist --from 3 --to 2 --out back.csv");
  ASSERT_EQ(back.status, 0) << back.err;
  EXPECT_EQ(back.out, "");
  EXPECT_EQ(ParseChanges(Read("back.csv"), "id"), DifferenceOfRetailCsvs(Read("september.csv"), Read("june.csv")));
  // The default is the last two.
  Result last = RunSeg(tmp_.path(), "changes --history hist --quiet");
  EXPECT_EQ(ParseChanges(last.out, "id"), DifferenceOfRetailCsvs(Read("june.csv"), Read("september.csv")));
}

TEST_F(HistoryTest, JsonLinesHoldTheSameRows) {
  Result csv = RunSeg(tmp_.path(), "changes --history hist --quiet");
  Result jsonl = RunSeg(tmp_.path(), "changes --history hist --quiet --format jsonl");
  ASSERT_EQ(jsonl.status, 0) << jsonl.err;
  std::vector<std::string> lines = Lines(jsonl.out);
  size_t count = 0;
  ParseChanges(csv.out, "id", &count);
  ASSERT_EQ(lines.size(), count);
  EXPECT_EQ(lines[0].rfind("{\"id\":\"", 0), 0u) << lines[0];
  size_t tag_lines = 0;
  for (const std::string& line : lines)
    tag_lines += line.find("\"classification\":null,\"bucket\":null,\"tag\":\"") != std::string::npos;
  EXPECT_GT(tag_lines, 0u);
}

TEST_F(HistoryTest, TheSameRunTwiceChangesNothing) {
  Result again = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--out /dev/null --history hist"));
  ASSERT_EQ(again.status, 0) << again.err;
  Result r = RunSeg(tmp_.path(), "changes --history hist");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "id,classification,bucket,tag,change\n");
  EXPECT_NE(r.err.find("vip"), std::string::npos) << "counts per audience: " << r.err;
}

TEST_F(HistoryTest, TheFirstRunIsEveryoneEntering) {
  Result r = RunSeg(tmp_.path(), "changes --history hist --to 1 --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ParseChanges(r.out, "id"), DifferenceOfRetailCsvs("id\n", Read("march.csv")));
}

TEST_F(HistoryTest, ADamagedRunFileIsAnErrorNamingIt) {
  fs::path file = tmp_.path() / "hist/run-000002.seghist";
  std::string bytes = ReadFile(file);
  for (size_t at : {size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x04);
    WriteFile(file, damaged);
    Result r = RunSeg(tmp_.path(), "changes --history hist");
    EXPECT_EQ(r.status, 1) << "byte " << at;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("hist/run-000002.seghist: corrupt seg history file"), std::string::npos) << r.err;
  }
  WriteFile(file, bytes.substr(0, bytes.size() / 3));
  Result cut = RunSeg(tmp_.path(), "changes --history hist");
  EXPECT_EQ(cut.status, 1);
  EXPECT_NE(cut.err.find("run-000002.seghist: corrupt seg history file: truncated"), std::string::npos) << cut.err;
  WriteFile(file, "id,value\n");
  Result foreign = RunSeg(tmp_.path(), "changes --history hist");
  EXPECT_EQ(foreign.status, 1);
  EXPECT_NE(foreign.err.find("run-000002.seghist: not a seg history file"), std::string::npos) << foreign.err;
}

TEST_F(HistoryTest, MistakesAreNamed) {
  Result none = RunSeg(tmp_.path(), "changes");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("give --history DIR"), std::string::npos) << none.err;
  Result absent = RunSeg(tmp_.path(), "changes --history nowhere");
  EXPECT_EQ(absent.status, 1);
  EXPECT_NE(absent.err.find("nowhere"), std::string::npos) << absent.err;
  Result run = RunSeg(tmp_.path(), "changes --history hist --from 9");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("no run 9 recorded (the runs are 1 to 2)"), std::string::npos) << run.err;
  Result format = RunSeg(tmp_.path(), "changes --history hist --format xml");
  EXPECT_EQ(format.status, 2);
  // A run file compared is never the output.
  std::string run_file = Read("hist/run-000002.seghist");
  Result over = RunSeg(tmp_.path(), "changes --history hist --out hist/run-000002.seghist");
  EXPECT_EQ(over.status, 1);
  EXPECT_NE(over.err.find("cannot write hist/run-000002.seghist"), std::string::npos) << over.err;
  EXPECT_EQ(Read("hist/run-000002.seghist"), run_file);
  // A URL is no directory; a history table goes with a PostgreSQL --out. The password stays hidden.
  Result url = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--history 'postgresql://ann:Hidden-Pw@db/crm?table=h'"));
  EXPECT_EQ(url.status, 2);
  EXPECT_NE(url.err.find("not a URL"), std::string::npos) << url.err;
  EXPECT_EQ(url.err.find("Hidden-Pw"), std::string::npos) << url.err;
  // --history naming a file: refused before the run, nothing written.
  WriteFile(tmp_.path() / "plain", "x");
  Result file = RunSeg(tmp_.path(), RetailRun("2025-06-30", "--out out.csv --history plain"));
  EXPECT_EQ(file.status, 1);
  EXPECT_NE(file.err.find("plain exists and is not a directory"), std::string::npos) << file.err;
  EXPECT_FALSE(fs::exists(tmp_.path() / "out.csv"));
}

TEST_F(HistoryTest, AFailedRunRecordsNothing) {
  std::string orders = ReadFile(SourceDir() / "examples/data/orders.csv");
  WriteFile(tmp_.path() / "bad_orders.csv", orders + "99999,C0001,yesterday,3,1,3,home,false,paid\n");
  Result r = RunSeg(tmp_.path(), RetailRun("2025-09-30", "--history hist", "bad_orders.csv"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad_orders.csv"), std::string::npos) << r.err;
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(tmp_.path() / "hist"))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".lock", "run-000001.seghist", "run-000002.seghist"}));
}

TEST_F(HistoryTest, ReportChartsEachSegmentsSizeOverTheRuns) {
  // A run for an earlier date recorded last: the chart goes by as_of.
  ASSERT_EQ(RunSeg(tmp_.path(), RetailRun("2025-01-31", "--out january.csv --history hist")).status, 0);
  std::string report = RetailRun("2025-06-30", "--history hist --out r.json");
  report.replace(0, 3, "report");
  Result r = RunSeg(tmp_.path(), report);
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json history = nlohmann::json::parse(Read("r.json"))["history"];
  ASSERT_EQ(history["runs"].size(), 3u);
  EXPECT_EQ(history["runs"][0]["as_of"], "2025-01-31");
  EXPECT_EQ(history["runs"][0]["run"], 3);
  EXPECT_EQ(history["runs"][2]["as_of"], "2025-06-30");
  // Each size counted here from the CSV outputs of the same runs.
  std::vector<CsvTable> csvs = {ParseCsvTable(Read("january.csv")), ParseCsvTable(Read("march.csv")),
                                ParseCsvTable(Read("june.csv"))};
  auto count = [&](size_t run, const std::string& column, const std::string& value) {
    size_t n = 0;
    for (auto& row : csvs[run].rows) n += row.at(column) == value;
    return n;
  };
  size_t checked = 0;
  for (const nlohmann::json& c : history["classifications"]) {
    for (const nlohmann::json& b : c["buckets"]) {
      for (size_t run = 0; run < 3; ++run, ++checked)
        EXPECT_EQ(b["customers"][run], count(run, c["classification"], b["bucket"])) << b["bucket"];
    }
  }
  for (const nlohmann::json& t : history["tags"]) {
    for (size_t run = 0; run < 3; ++run, ++checked) EXPECT_EQ(t["customers"][run], count(run, t["tag"], "true"));
  }
  EXPECT_EQ(checked, 3u * (11 + 6 + 3 + 2));
  std::string html_args = RetailRun("2025-06-30", "--history hist --out r.html");
  html_args.replace(0, 3, "report");
  ASSERT_EQ(RunSeg(tmp_.path(), html_args).status, 0);
  std::string html = Read("r.html");
  EXPECT_NE(html.find("<h2>Segment sizes over the recorded runs</h2>"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"history\" data-group=\"value\">"), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"tags over the recorded runs\""), std::string::npos);
  // A damaged run file stops the report, named.
  std::string bytes = ReadFile(tmp_.path() / "hist/run-000001.seghist");
  bytes[120] = static_cast<char>(bytes[120] ^ 1);
  WriteFile(tmp_.path() / "hist/run-000001.seghist", bytes);
  Result damaged = RunSeg(tmp_.path(), report);
  EXPECT_EQ(damaged.status, 1);
  EXPECT_NE(damaged.err.find("run-000001.seghist: corrupt seg history file"), std::string::npos) << damaged.err;
}

}  // namespace
}  // namespace seg::e2e
