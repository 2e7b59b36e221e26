#include "runtime/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_files.h"

namespace seg::rt {
namespace {

using testing::ReadFile;
using testing::TempDir;

TEST(AtomicFileTest, CommitReplacesTheTarget) {
  TempDir dir;
  std::string path = dir.Write("out.csv", "old contents\n");
  std::string error;
  auto file = AtomicFile::Create(path, &error);
  ASSERT_TRUE(file.has_value()) << error;
  EXPECT_EQ(file->temp_path(), path + ".tmp." + std::to_string(::getpid()));
  ASSERT_TRUE(file->Write("new "));
  ASSERT_TRUE(file->Write("contents\n"));
  EXPECT_EQ(ReadFile(path), "old contents\n");  // untouched until commit
  ASSERT_TRUE(file->Commit()) << file->error();
  EXPECT_EQ(ReadFile(path), "new contents\n");
  EXPECT_FALSE(std::filesystem::exists(file->temp_path()));
}

TEST(AtomicFileTest, DestroyingWithoutCommitLeavesNothingBehind) {
  TempDir dir;
  std::string path = (dir.path() / "result.csv").string();
  std::string temp_path;
  {
    std::string error;
    auto file = AtomicFile::Create(path, &error);
    ASSERT_TRUE(file.has_value()) << error;
    temp_path = file->temp_path();
    ASSERT_TRUE(file->Write("half a result"));
    EXPECT_TRUE(std::filesystem::exists(temp_path));
  }
  EXPECT_FALSE(std::filesystem::exists(temp_path));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(AtomicFileTest, ReportsAnUnwritableDirectory) {
  std::string error;
  EXPECT_FALSE(AtomicFile::Create("/nonexistent/dir/out.csv", &error).has_value());
  EXPECT_NE(error.find("cannot create"), std::string::npos);
}

}  // namespace
}  // namespace seg::rt
