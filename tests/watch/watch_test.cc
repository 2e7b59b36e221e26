// `seg watch` (docs/SNAPSHOT.md, "Watching a stream"): a day of orders streamed through it leaves
// the memberships a batch run over the same events gives, and its enter/exit events replayed on
// the memberships before the stream give those after; bad lines are named by line number and
// skipped or fatal; a watch killed with SIGKILL loses no acknowledged line; quintile cut points
// stay pinned to the start; without a customer file a new key is a new customer.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e_support.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;
using e2e::RunSeg;
using e2e::ShellQuote;
using nlohmann::json;

const fs::path kExamples = e2e::SourceDir() / "examples";
const char* kDay = "2025-06-01";  // the streamed day(s): orders from here on
const char* kAsOf = " --as-of 2025-06-30";

// A customer's buckets and tags.
struct Membership {
  std::map<std::string, std::string> buckets;  // "" none
  std::set<std::string> tags;
  bool operator==(const Membership&) const = default;
};
using Memberships = std::map<std::string, Membership>;

// The orders of examples/data split at kDay: the rows before as CSV, those after as JSON Lines
// events for `watch` (and as CSV, for a batch run over the same events).
struct Split {
  std::string before_csv, after_csv, after_jsonl;
  size_t after_rows = 0;
};

Split SplitOrders() {
  std::vector<std::string> lines = e2e::Lines(e2e::ReadFile(kExamples / "data" / "orders.csv"));
  std::vector<std::string> header = e2e::ParseCsv(lines[0])[0];
  size_t ts = std::find(header.begin(), header.end(), "ts") - header.begin();
  Split s;
  s.before_csv = s.after_csv = lines[0] + "\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::vector<std::string> cells = e2e::ParseCsv(lines[i])[0];
    if (cells[ts] < kDay) {
      s.before_csv += lines[i] + "\n";
      continue;
    }
    s.after_csv += lines[i] + "\n";
    json event = {{"input", "orders"}};
    for (size_t c = 0; c < header.size(); ++c) event[header[c]] = cells[c];
    s.after_jsonl += event.dump() + "\n";
    ++s.after_rows;
  }
  return s;
}

// `seg run --format jsonl` output as memberships: the named classifications, true booleans as tags.
Memberships FromRun(const std::string& jsonl, const std::vector<std::string>& classifications,
                    const std::vector<std::string>& tags) {
  Memberships out;
  for (const std::string& line : e2e::Lines(jsonl)) {
    if (line.empty()) continue;
    json row = json::parse(line);
    Membership& m = out[row["id"].get<std::string>()];
    for (const std::string& c : classifications) m.buckets[c] = row[c].is_string() ? row[c].get<std::string>() : "";
    for (const std::string& t : tags) {
      if (row[t] == true) m.tags.insert(t);
    }
  }
  return out;
}

// `seg watch --memberships` output.
Memberships FromWatch(const std::string& jsonl) {
  Memberships out;
  for (const std::string& line : e2e::Lines(jsonl)) {
    if (line.empty()) continue;
    json row = json::parse(line);
    Membership& m = out[row["key"].get<std::string>()];
    for (auto it = row["buckets"].begin(); it != row["buckets"].end(); ++it) {
      m.buckets[it.key()] = it.value().is_string() ? it.value().get<std::string>() : "";
    }
    for (const json& t : row["tags"]) m.tags.insert(t.get<std::string>());
  }
  return out;
}

// `seg ARGS < STDIN` (RunSeg itself reads /dev/null).
e2e::Result RunSegWithInput(const fs::path& cwd, const std::string& args, const std::string& stdin_path) {
  return e2e::RunProgram("/bin/sh", cwd, "-c " + ShellQuote(ShellQuote(SEG_BINARY) + " " + args + " < " + stdin_path));
}

class Watch : public ::testing::Test {
 protected:
  void SetUp() override {
    split_ = SplitOrders();
    e2e::WriteFile(temp_.path() / "before.csv", split_.before_csv);
    e2e::WriteFile(temp_.path() / "all.csv",
                   split_.before_csv + split_.after_csv.substr(split_.after_csv.find('\n') + 1));
    e2e::WriteFile(temp_.path() / "day.jsonl", split_.after_jsonl);
    snapshot_ = ShellQuote((temp_.path() / "snap").string());
  }
  std::string Path(const char* name) const { return ShellQuote((temp_.path() / name).string()); }
  std::string Import(const std::string& program) {
    return "import " + program + " --input customers=" + ShellQuote((kExamples / "data/customers.csv").string()) +
           " --input visits=" + ShellQuote((kExamples / "data/visits.csv").string()) +
           " --input orders=" + Path("before.csv") + " --snapshot " + snapshot_ + " --quiet";
  }
  e2e::TempDir temp_;
  Split split_;
  std::string snapshot_;
};

TEST_F(Watch, ADayReplayedEqualsABatchRunAndItsEventsReplayTheChange) {
  ASSERT_GT(split_.after_rows, 100u);
  std::string program = ShellQuote((kExamples / "lifecycle.seg").string());
  std::vector<std::string> classifications = {"lifecycle"}, tags = {"churn_warning"};
  ASSERT_EQ(RunSeg(temp_.path(), Import(program)).status, 0);
  e2e::Result start = RunSeg(temp_.path(),
                             "run " + program + " --snapshot " + snapshot_ + kAsOf + " --format jsonl --quiet");
  ASSERT_EQ(start.status, 0) << start.err;
  e2e::Result watched = RunSegWithInput(temp_.path(),
                                        "watch " + program + " --snapshot " + snapshot_ + kAsOf + " --memberships " +
                                            Path("mem.jsonl"),
                                        Path("day.jsonl"));
  ASSERT_EQ(watched.status, 0) << watched.err;
  // Every line acknowledged, the last one last.
  std::vector<std::string> out = e2e::Lines(watched.out);
  size_t changes = 0, last_ack = 0;
  Memberships replayed = FromRun(start.out, classifications, tags);
  for (const std::string& line : out) {
    if (line.empty()) continue;
    json event = json::parse(line);
    if (event.contains("ack")) {
      EXPECT_GT(event["ack"].get<size_t>(), last_ack);
      last_ack = event["ack"].get<size_t>();
      continue;
    }
    ++changes;
    Membership& m = replayed[event["key"].get<std::string>()];
    bool enter = event["event"] == "enter";
    if (event.contains("tag")) {
      std::string tag = event["tag"].get<std::string>();
      EXPECT_EQ(m.tags.count(tag), enter ? 0u : 1u) << line;
      enter ? (void)m.tags.insert(tag) : (void)m.tags.erase(tag);
    } else {
      std::string& bucket = m.buckets[event["classification"].get<std::string>()];
      if (enter) {
        EXPECT_EQ(bucket, "") << line;
        bucket = event["bucket"].get<std::string>();
      } else {
        EXPECT_EQ(bucket, event["bucket"].get<std::string>()) << line;
        bucket = "";
      }
    }
  }
  EXPECT_EQ(last_ack, split_.after_rows);
  EXPECT_GT(changes, 0u);
  // A batch run over the snapshot and one over the original files (before + after) agree with
  // the stream's memberships and with its events replayed.
  e2e::Result batch = RunSeg(temp_.path(),
                             "run " + program + " --snapshot " + snapshot_ + kAsOf + " --format jsonl --quiet");
  ASSERT_EQ(batch.status, 0) << batch.err;
  e2e::Result files = RunSeg(temp_.path(),
                             "run " + program +
                                 " --input customers=" + ShellQuote((kExamples / "data/customers.csv").string()) +
                                 " --input visits=" + ShellQuote((kExamples / "data/visits.csv").string()) +
                                 " --input orders=" + Path("all.csv") + kAsOf + " --format jsonl --quiet");
  Memberships expected = FromRun(batch.out, classifications, tags);
  EXPECT_EQ(expected.size(), 2000u);
  EXPECT_TRUE(FromWatch(e2e::ReadFile(temp_.path() / "mem.jsonl")) == expected);
  EXPECT_TRUE(replayed == expected);
  ASSERT_EQ(files.status, 0) << files.err;
  EXPECT_TRUE(FromRun(files.out, classifications, tags) == expected);
  // And the day did move people: the memberships before differ.
  EXPECT_FALSE(FromRun(start.out, classifications, tags) == expected);
}

TEST_F(Watch, BadLinesAreNamedAndSkippedOrFatal) {
  std::string program = ShellQuote((kExamples / "lifecycle.seg").string());
  ASSERT_EQ(RunSeg(temp_.path(), Import(program)).status, 0);
  std::vector<std::string> good = e2e::Lines(split_.after_jsonl);
  std::string bad_value = good[2];
  bad_value.replace(bad_value.find("\"ts\":\"") + 6, 4, "20x5");
  e2e::WriteFile(temp_.path() / "bad.jsonl", good[0] + "\n{not json\n" + bad_value + "\n" + good[1] + "\n" +
                                                 "{\"input\": \"nope\"}\n" + good[3] + "\n");
  e2e::Result skipped = RunSegWithInput(temp_.path(),
                                        "watch " + program + " --snapshot " + snapshot_ + kAsOf + " --quiet",
                                        Path("bad.jsonl"));
  EXPECT_EQ(skipped.status, 0) << skipped.err;
  EXPECT_NE(skipped.err.find("standard input line 2: not valid JSON (skipped)"), std::string::npos) << skipped.err;
  EXPECT_NE(skipped.err.find("standard input line 3: column 'ts': '20x5"), std::string::npos) << skipped.err;
  EXPECT_NE(skipped.err.find("standard input line 5: the program has no input of events named 'nope'"),
            std::string::npos)
      << skipped.err;
  EXPECT_EQ(skipped.err.find("line 1:"), std::string::npos) << skipped.err;
  EXPECT_NE(skipped.out.find("{\"ack\":6}"), std::string::npos) << skipped.out;
  e2e::Result failed = RunSegWithInput(temp_.path(),
                                       "watch " + program + " --snapshot " + snapshot_ + kAsOf +
                                           " --quiet --on-bad-line fail",
                                       Path("bad.jsonl"));
  EXPECT_EQ(failed.status, 1);
  EXPECT_NE(failed.err.find("standard input line 2: not valid JSON\n"), std::string::npos) << failed.err;
  EXPECT_EQ(failed.err.find("line 3"), std::string::npos) << failed.err;
  // The line before the bad one was stored and acknowledged; nothing after it.
  EXPECT_NE(failed.out.find("{\"ack\":1}"), std::string::npos) << failed.out;
  EXPECT_EQ(failed.out.find("{\"ack\":6}"), std::string::npos) << failed.out;
}

// retail.seg ranks everyone (std.rfm's quintiles): the watch pins the cut points to its start, so
// a customer without new events keeps the start's buckets, while a batch run after the stream
// re-cuts the quintiles and moves some of them.
TEST_F(Watch, PopulationCutPointsStayPinnedToTheStart) {
  std::string program = ShellQuote((kExamples / "retail.seg").string());
  std::vector<std::string> classifications = {"rfm_segment", "value", "top_detail"}, tags = {"vip", "discount_lover"};
  ASSERT_EQ(RunSeg(temp_.path(), Import(program)).status, 0);
  e2e::Result start = RunSeg(temp_.path(),
                             "run " + program + " --snapshot " + snapshot_ + kAsOf + " --format jsonl --quiet");
  ASSERT_EQ(start.status, 0) << start.err;
  e2e::Result watched = RunSegWithInput(temp_.path(),
                                        "watch " + program + " --snapshot " + snapshot_ + kAsOf +
                                            " --quiet --memberships " + Path("mem.jsonl"),
                                        Path("day.jsonl"));
  ASSERT_EQ(watched.status, 0) << watched.err;
  e2e::Result after = RunSeg(temp_.path(),
                             "run " + program + " --snapshot " + snapshot_ + kAsOf + " --format jsonl --quiet");
  ASSERT_EQ(after.status, 0) << after.err;
  std::set<std::string> touched;
  for (const std::string& line : e2e::Lines(split_.after_jsonl)) {
    if (!line.empty()) touched.insert(json::parse(line)["customer"].get<std::string>());
  }
  Memberships before = FromRun(start.out, classifications, tags);
  Memberships recut = FromRun(after.out, classifications, tags);
  Memberships streamed = FromWatch(e2e::ReadFile(temp_.path() / "mem.jsonl"));
  ASSERT_EQ(streamed.size(), before.size());
  size_t moved = 0, recut_moved = 0;
  for (const auto& [key, m] : before) {
    if (!touched.count(key)) {
      EXPECT_TRUE(streamed[key] == m) << key;
      recut_moved += !(recut[key] == m);
    } else {
      moved += !(streamed[key] == m);
    }
  }
  EXPECT_GT(moved, 0u);
  EXPECT_GT(recut_moved, 0u);  // the test would not tell pinned from re-cut otherwise
}

// Without a customer file the customers are the keys of the events: an event of a new key is a
// new customer, who enters at once; a line without a key is stored and moves nobody.
TEST(WatchDerived, ANewKeyIsANewCustomer) {
  e2e::TempDir temp;
  e2e::WriteFile(temp.path() / "p.seg",
                 "input customers key id { }\n"
                 "input orders of customers by customer at ts { amount: money }\n"
                 "let n = count(orders)\n"
                 "segments size exclusive {\n  \"Big\" when n >= 3\n  else \"Small\"\n}\n"
                 "tag repeat when n >= 2\n");
  e2e::WriteFile(temp.path() / "orders.csv", "customer,ts,amount\na,2024-06-01,1\nb,2024-06-02,2\nb,2024-06-03,2\n");
  e2e::WriteFile(temp.path() / "day.jsonl",
                 "{\"customer\":\"c\",\"ts\":\"2024-06-10\",\"amount\":\"5\"}\n"
                 "{\"customer\":\"b\",\"ts\":\"2024-06-11\",\"amount\":\"5\"}\n"
                 "{\"customer\":\"a\",\"ts\":\"2024-06-11\",\"amount\":\"5\"}\n"
                 "{\"ts\":\"2024-06-11\",\"amount\":\"5\"}\n");
  ASSERT_EQ(RunSeg(temp.path(), "import p.seg --input orders=orders.csv --snapshot snap --quiet").status, 0);
  e2e::Result watched = RunSegWithInput(temp.path(), "watch p.seg --snapshot snap --as-of 2024-06-30 --quiet",
                                        "day.jsonl");
  ASSERT_EQ(watched.status, 0) << watched.err;
  EXPECT_EQ(watched.out,
            "{\"ack\":4}\n"
            "{\"bucket\":\"Small\",\"classification\":\"size\",\"event\":\"enter\",\"key\":\"c\"}\n"
            "{\"bucket\":\"Small\",\"classification\":\"size\",\"event\":\"exit\",\"key\":\"b\"}\n"
            "{\"bucket\":\"Big\",\"classification\":\"size\",\"event\":\"enter\",\"key\":\"b\"}\n"
            "{\"event\":\"enter\",\"key\":\"a\",\"tag\":\"repeat\"}\n");
  e2e::Result batch = RunSeg(temp.path(), "run p.seg --snapshot snap --as-of 2024-06-30 --quiet");
  EXPECT_EQ(batch.out, "id,size,repeat\na,Small,true\nb,Big,true\nc,Small,false\n");
}

// A run from the snapshot after the kill equals, byte for byte, a run over the files with the
// acknowledged lines.
TEST_F(Watch, AKilledWatchLosesNoAcknowledgedLine) {
  std::string program = ShellQuote((kExamples / "lifecycle.seg").string());
  ASSERT_EQ(RunSeg(temp_.path(), Import(program)).status, 0);
  std::vector<std::string> lines = e2e::Lines(split_.after_jsonl);
  std::string first_half, first_half_csv = split_.before_csv;
  std::vector<std::string> csv_lines = e2e::Lines(split_.after_csv);
  size_t half = lines.size() / 2;
  for (size_t i = 0; i < half; ++i) {
    first_half += lines[i] + "\n";
    first_half_csv += csv_lines[i + 1] + "\n";
  }
  e2e::WriteFile(temp_.path() / "half.jsonl", first_half);
  e2e::WriteFile(temp_.path() / "half.csv", first_half_csv);
  // The first half is written, then the stream stays open (the fifo's writer, descriptor 3);
  // once its last line is acknowledged the watch is killed with SIGKILL mid-stream.
  std::string script = "rm -f events.fifo; mkfifo events.fifo || exit 1; " + ShellQuote(SEG_BINARY) + " watch " +
                       program + " --snapshot " + snapshot_ + kAsOf + " --quiet < events.fifo > " + Path("out.jsonl") +
                       " & pid=$!; exec 3>events.fifo; cat " + Path("half.jsonl") +
                       " >&3; for i in $(seq 600); do grep -q '\"ack\":" + std::to_string(half) + "}' " +
                       Path("out.jsonl") + " && break; sleep 0.1; done; kill -9 $pid; wait $pid; echo killed $?";
  e2e::Result killed = e2e::RunProgram("/bin/sh", temp_.path(), "-c " + ShellQuote(script));
  EXPECT_NE(killed.out.find("killed 137"), std::string::npos) << killed.out << killed.err;
  EXPECT_NE(e2e::ReadFile(temp_.path() / "out.jsonl").find("{\"ack\":" + std::to_string(half) + "}"),
            std::string::npos);
  e2e::Result from_snapshot = RunSeg(temp_.path(),
                                     "run " + program + " --snapshot " + snapshot_ + kAsOf + " --format jsonl --quiet");
  e2e::Result from_files = RunSeg(temp_.path(),
                                  "run " + program +
                                      " --input customers=" + ShellQuote((kExamples / "data/customers.csv").string()) +
                                      " --input visits=" + ShellQuote((kExamples / "data/visits.csv").string()) +
                                      " --input orders=" + Path("half.csv") + kAsOf + " --format jsonl --quiet");
  ASSERT_EQ(from_snapshot.status, 0) << from_snapshot.err;
  ASSERT_EQ(from_files.status, 0) << from_files.err;
  EXPECT_EQ(from_snapshot.out, from_files.out);
}

}  // namespace
}  // namespace seg::test
