// The history directory: runs numbered in order, never overwritten, found by number or date, and
// nothing recorded when what is published with the run fails.
#include "runtime/history/history_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <thread>

#include "runtime/history/membership_file.h"
#include "test_membership.h"

namespace seg::rt {
namespace {

namespace fs = std::filesystem;

class HistoryDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("history_dir_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir() const { return dir_.string(); }
  fs::path dir_;
};

TEST_F(HistoryDirTest, NumbersRunsInOrderAndKeepsThem) {
  EXPECT_FALSE(ListRecordedRuns(dir()).ok()) << "an absent directory holds no runs";
  Membership m = SmallMembership();
  for (const char* as_of : {"2025-01-31", "2025-02-28", "2025-01-31"}) {
    m.as_of = as_of;
    ASSERT_TRUE(RecordRun(dir(), m).ok());
  }
  Result<std::vector<uint64_t>> runs = ListRecordedRuns(dir());
  ASSERT_TRUE(runs.ok()) << runs.message();
  EXPECT_EQ(*runs, (std::vector<uint64_t>{1, 2, 3}));
  Result<Membership> second = ReadMembershipFile(RunFilePath(dir(), 2));
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(second->run_id, 2u);
  EXPECT_EQ(second->as_of, "2025-02-28");
  EXPECT_GT(second->recorded_at, 0);
  // By number, or by date: the last run with that as_of.
  EXPECT_EQ(*ResolveRecordedRun(dir(), *runs, "2"), 2u);
  EXPECT_EQ(*ResolveRecordedRun(dir(), *runs, "2025-01-31"), 3u);
  EXPECT_FALSE(ResolveRecordedRun(dir(), *runs, "4").ok());
  EXPECT_FALSE(ResolveRecordedRun(dir(), *runs, "2025-03-31").ok());
  EXPECT_FALSE(ResolveRecordedRun(dir(), *runs, "last").ok());
  // Only the run files and the lock: no temporary file left.
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{".lock", "run-000001.seghist", "run-000002.seghist", "run-000003.seghist"}));
}

TEST_F(HistoryDirTest, NothingIsRecordedWhenPublishingFails) {
  Membership m = SmallMembership();
  ASSERT_TRUE(RecordRun(dir(), m).ok());
  uint64_t seen_previous = 99, seen_this = 99;
  Result<uint64_t> failed = RecordRun(dir(), m, [&](uint64_t previous, uint64_t this_run) {
    seen_previous = previous;
    seen_this = this_run;
    return Status::Error("the audiences could not be written");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(seen_previous, 1u);
  EXPECT_EQ(seen_this, 2u);
  EXPECT_EQ(*ListRecordedRuns(dir()), std::vector<uint64_t>{1});
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2) << "run 1 and the lock";
}

TEST_F(HistoryDirTest, RunsRecordingAtOnceTakeTurns) {
  // Each RecordRun opens and locks DIR/.lock itself, so threads contend as processes do.
  Membership m = SmallMembership();
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> ids(4);
  for (size_t t = 0; t < ids.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) {
        Result<uint64_t> id = RecordRun(dir(), m);
        if (id.ok()) ids[t].push_back(*id);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::vector<uint64_t> all;
  for (const std::vector<uint64_t>& some : ids) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  std::vector<uint64_t> expected(20);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(all, expected) << "every run recorded once, under its own number";
  EXPECT_EQ(*ListRecordedRuns(dir()), expected);
  for (uint64_t id : expected) EXPECT_EQ(ReadMembershipFile(RunFilePath(dir(), id))->run_id, id);
}

TEST_F(HistoryDirTest, ATemporaryFileOfAKilledRunIsNoRun) {
  Membership m = SmallMembership();
  ASSERT_TRUE(RecordRun(dir(), m).ok());
  // What a run killed with SIGKILL while writing run 2 leaves (pid far above pid_max).
  std::ofstream(dir_ / "run-000002.seghist.tmp.999999999") << "half a run";
  EXPECT_EQ(*ListRecordedRuns(dir()), std::vector<uint64_t>{1});
  ASSERT_EQ(*RecordRun(dir(), m), 2u);
  EXPECT_FALSE(fs::exists(dir_ / "run-000002.seghist.tmp.999999999")) << "removed by the next record of run 2";
  EXPECT_TRUE(ReadMembershipFile(RunFilePath(dir(), 2)).ok());
}

TEST_F(HistoryDirTest, OtherFilesAreNotRuns) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "notes.txt") << "x";
  std::ofstream(dir_ / "run-x.seghist") << "x";
  EXPECT_TRUE(ListRecordedRuns(dir())->empty());
  EXPECT_TRUE(CheckHistoryDirectory(dir()).ok());
  EXPECT_FALSE(CheckHistoryDirectory((dir_ / "notes.txt").string()).ok());
  EXPECT_FALSE(CheckHistoryDirectory((dir_ / "no/such/place").string()).ok());
}

}  // namespace
}  // namespace seg::rt
