// An audience directory is replaced whole, and only one that seg wrote (or an empty one).
#include "runtime/history/directory_replacement.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "runtime/history/audience_dir.h"
#include "test_membership.h"

namespace seg::rt {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class AudienceDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("audiences_" + std::to_string(::getpid()) + "_" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(AudienceDirTest, WritesOneFilePerAudienceAndReplacesItsOwn) {
  std::string dir = (root_ / "aud").string();
  ASSERT_TRUE(WriteAudienceDirectory(dir, SmallMembership(), {}).ok());
  EXPECT_EQ(Listing(dir), (std::vector<std::string>{"bucket.value.At%20risk.csv", "bucket.value.Lost.csv",
                                                    "bucket.value.Top.csv", "manifest.json", "tag.vip.csv"}));
  std::ifstream top(dir + "/bucket.value.Top.csv");
  std::string text((std::istreambuf_iterator<char>(top)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "id\nC2\n");
  // Again, as JSON Lines: the old files are gone, nothing is left beside the directory.
  AudienceDirOptions jsonl;
  jsonl.format = ResultFormat::kJsonLines;
  ASSERT_TRUE(WriteAudienceDirectory(dir, SmallMembership(), jsonl).ok());
  EXPECT_EQ(Listing(dir), (std::vector<std::string>{"bucket.value.At%20risk.jsonl", "bucket.value.Lost.jsonl",
                                                    "bucket.value.Top.jsonl", "manifest.json", "tag.vip.jsonl"}));
  EXPECT_EQ(Listing(root_), std::vector<std::string>{"aud"});
}

TEST_F(AudienceDirTest, RefusesWhatSegDidNotWrite) {
  fs::create_directories(root_ / "photos");
  std::ofstream(root_ / "photos/cat.jpg") << "meow";
  Status refused = WriteAudienceDirectory((root_ / "photos").string(), SmallMembership(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("seg did not write"), std::string::npos) << refused.message();
  EXPECT_EQ(Listing(root_ / "photos"), std::vector<std::string>{"cat.jpg"});
  // A foreign manifest.json is not seg's either.
  std::ofstream(root_ / "photos/manifest.json") << "{\"format\": \"other\"}";
  EXPECT_FALSE(WriteAudienceDirectory((root_ / "photos").string(), SmallMembership(), {}).ok());
  std::ofstream(root_ / "file") << "x";
  EXPECT_FALSE(WriteAudienceDirectory((root_ / "file").string(), SmallMembership(), {}).ok());
  fs::create_directory_symlink(root_ / "photos", root_ / "link");
  EXPECT_FALSE(WriteAudienceDirectory((root_ / "link").string(), SmallMembership(), {}).ok());
  // An empty directory is taken.
  fs::create_directories(root_ / "empty");
  EXPECT_TRUE(WriteAudienceDirectory((root_ / "empty").string(), SmallMembership(), {}).ok());
  EXPECT_EQ(Listing(root_), (std::vector<std::string>{"empty", "file", "link", "photos"}));
}

TEST_F(AudienceDirTest, AnAbandonedReplacementLeavesTheOldDirectory) {
  std::string dir = (root_ / "aud").string();
  ASSERT_TRUE(WriteAudienceDirectory(dir, SmallMembership(), {}).ok());
  {
    Result<DirectoryReplacement> r = DirectoryReplacement::Begin(dir, IsAudienceDirectory);
    ASSERT_TRUE(r.ok()) << r.message();
    std::ofstream(r->temp_path() + "/half.csv") << "id\n";
  }
  EXPECT_EQ(Listing(root_), std::vector<std::string>{"aud"});
  EXPECT_EQ(Listing(dir).size(), 5u);
}

TEST_F(AudienceDirTest, TemporariesOfADeadProcessAreRemoved) {
  // A pid far above pid_max belongs to no process.
  fs::create_directories(root_ / ".aud.seg-tmp.999999999");
  ASSERT_TRUE(WriteAudienceDirectory((root_ / "aud").string(), SmallMembership(), {}).ok());
  EXPECT_EQ(Listing(root_), std::vector<std::string>{"aud"});
}

}  // namespace
}  // namespace seg::rt
