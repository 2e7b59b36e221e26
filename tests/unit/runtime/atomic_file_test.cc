// OutputFile on real files, devices, FIFOs and links: what is replaced, what is written in place,
// what is refused, and that no temporary file outlives the write.
#include "runtime/atomic_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <thread>

#include "test_files.h"

namespace seg::rt {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

struct stat Stat(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info;
}

bool WriteWhole(const std::string& path, const std::string& bytes, const OutputOptions& options = {}) {
  Result<OutputFile> file = OutputFile::Open(path, options);
  EXPECT_TRUE(file.ok()) << file.message();
  return file.ok() && file->Write(bytes) && file->Commit();
}

// A character device like /dev/NAME made inside `dir`, so that a broken OutputFile replaces a
// test's own node and never the machine's; the real one where mknod is not allowed (then /dev
// cannot be written either).
std::string Device(const TempDir& dir, const char* name, unsigned minor) {
  std::string path = (dir.path() / name).string();
  return ::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0 ? path : std::string("/dev/") + name;
}

TEST(OutputFileTest, CommitReplacesTheTarget) {
  TempDir dir;
  std::string path = dir.Write("out.csv", "old contents\n");
  auto file = OutputFile::Open(path, {});
  ASSERT_TRUE(file.ok()) << file.message();
  EXPECT_EQ(file->temp_path(), path + ".tmp." + std::to_string(::getpid()));
  ASSERT_TRUE(file->Write("new "));
  ASSERT_TRUE(file->Write("contents\n"));
  EXPECT_EQ(ReadFile(path), "old contents\n");  // untouched until commit
  ASSERT_TRUE(file->Commit()) << file->error();
  EXPECT_EQ(ReadFile(path), "new contents\n");
  EXPECT_FALSE(fs::exists(file->temp_path()));
}

// The replaced file is held across the rename and let go on a thread of its own (so that the
// kernel drops its pages off the run's last steps): the target holds the new contents at once,
// a reader that had the old file open reads it whole, and a file the writer may not read (mode
// 0200: the hold needs no read permission) is replaced all the same.
TEST(OutputFileTest, TheReplacedFileIsLetGoWithoutDisturbingItsReaders) {
  TempDir dir;
  std::string old_contents(size_t{3} << 20, 'o');
  std::string path = dir.Write("out.csv", old_contents);
  int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  ASSERT_TRUE(WriteWhole(path, "new\n"));
  EXPECT_EQ(ReadFile(path), "new\n");
  struct stat held {};
  ASSERT_EQ(::fstat(reader, &held), 0);
  EXPECT_EQ(held.st_nlink, 0u);  // unlinked by the rename, still readable here
  std::string read_back(old_contents.size(), '\0');
  EXPECT_EQ(::pread(reader, read_back.data(), read_back.size(), 0), static_cast<ssize_t>(read_back.size()));
  EXPECT_EQ(read_back, old_contents);
  ::close(reader);

  ASSERT_EQ(::chmod(path.c_str(), 0200), 0);
  ASSERT_TRUE(WriteWhole(path, "newer\n"));
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  EXPECT_EQ(ReadFile(path), "newer\n");
}

// A file of many MiB, written in pieces of odd sizes (so the parts queued for the disk as it
// goes start and end anywhere), and moved once half written: the target holds every byte in order,
// and nothing before Commit.
TEST(OutputFileTest, ALargeFileWrittenInPiecesIsWholeAfterCommit) {
  TempDir dir;
  std::string path = dir.Write("big.csv", "old\n");
  std::string expected;
  for (size_t i = 0; expected.size() < (size_t{21} << 20); ++i) expected += std::to_string(i * 7919) + ",";
  Result<OutputFile> opened = OutputFile::Open(path, {});
  ASSERT_TRUE(opened.ok()) << opened.message();
  std::optional<OutputFile> file(std::move(*opened));
  bool moved = false;
  for (size_t at = 0, piece = 1; at < expected.size(); at += piece, piece = piece * 3 % 1000003 + 1) {
    if (!moved && at > expected.size() / 2) {
      OutputFile taken(std::move(*file));
      file.reset();
      file.emplace(std::move(taken));
      moved = true;
    }
    ASSERT_TRUE(file->Write(std::string_view(expected).substr(at, piece))) << file->error();
  }
  EXPECT_EQ(ReadFile(path), "old\n");
  ASSERT_TRUE(file->Commit()) << file->error();
  EXPECT_TRUE(ReadFile(path) == expected);
}

TEST(OutputFileTest, DestroyingWithoutCommitLeavesNothingBehind) {
  TempDir dir;
  std::string path = (dir.path() / "result.csv").string();
  std::string temp_path;
  {
    auto file = OutputFile::Open(path, {});
    ASSERT_TRUE(file.ok()) << file.message();
    temp_path = file->temp_path();
    ASSERT_TRUE(file->Write("half a result"));
    EXPECT_TRUE(fs::exists(temp_path));
  }
  EXPECT_FALSE(fs::exists(temp_path));
  EXPECT_FALSE(fs::exists(path));
}

TEST(OutputFileTest, ReportsAnUnwritableDirectory) {
  auto refused = OutputFile::Open("/nonexistent/dir/out.csv", {});
  EXPECT_FALSE(refused.ok());
  std::string error = refused.message();
  EXPECT_NE(error.find("cannot create"), std::string::npos) << error;
}

TEST(OutputFileTest, TheReplacementKeepsModeAndOwner) {
  TempDir dir;
  std::string path = dir.Write("out.csv", "old\n");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  bool root = ::geteuid() == 0;
  if (root) {
    ASSERT_EQ(::chown(path.c_str(), 1234, 5678), 0);
  }
  ASSERT_TRUE(WriteWhole(path, "new\n"));
  struct stat after = Stat(path);
  EXPECT_EQ(after.st_mode & 07777, 0640u);
  if (root) {
    EXPECT_EQ(after.st_uid, 1234u);
    EXPECT_EQ(after.st_gid, 5678u);
  }
  EXPECT_EQ(ReadFile(path), "new\n");
}

TEST(OutputFileTest, ANewFileGetsTheUmaskMode) {
  TempDir dir;
  mode_t old_mask = ::umask(027);
  std::string path = (dir.path() / "new.csv").string();
  bool written = WriteWhole(path, "x");
  ::umask(old_mask);
  ASSERT_TRUE(written);
  EXPECT_EQ(Stat(path).st_mode & 07777, 0640u);
}

TEST(OutputFileTest, ADeviceIsWrittenInPlaceNeverReplaced) {
  TempDir dir;
  std::string device = Device(dir, "null", 3);
  ASSERT_TRUE(WriteWhole(device, "discarded\n"));
  struct stat after = Stat(device);
  EXPECT_TRUE(S_ISCHR(after.st_mode)) << device << " was replaced by a file";
  EXPECT_EQ(after.st_rdev, makedev(1, 3));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), device == "/dev/null" ? 0 : 1)
      << "no temporary file beside the device";
}

TEST(OutputFileTest, AFullDeviceReportsTheWriteError) {
  TempDir dir;
  std::string device = Device(dir, "full", 7);
  Result<OutputFile> file = OutputFile::Open(device, {});
  ASSERT_TRUE(file.ok()) << file.message();
  EXPECT_FALSE(file->Write("no room"));
  EXPECT_NE(file->error().find("No space left on device"), std::string::npos) << file->error();
  EXPECT_FALSE(file->Commit());
  EXPECT_TRUE(S_ISCHR(Stat(device).st_mode));
}

TEST(OutputFileTest, AFifoIsWrittenInPlace) {
  TempDir dir;
  std::string fifo = (dir.path() / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = ReadFile(fifo); });  // open blocks until the writer opens
  EXPECT_TRUE(WriteWhole(fifo, "through the pipe\n"));
  reader.join();
  EXPECT_EQ(received, "through the pipe\n");
  EXPECT_TRUE(S_ISFIFO(Stat(fifo).st_mode));
}

TEST(OutputFileTest, ADirectoryIsRefused) {
  TempDir dir;
  auto refused = OutputFile::Open(dir.path().string(), {});
  EXPECT_FALSE(refused.ok());
  std::string error = refused.message();
  EXPECT_EQ(error, "it is a directory");
  EXPECT_TRUE(fs::is_directory(dir.path()));
}

TEST(OutputFileTest, AnInputIsRefusedByAnyName) {
  TempDir dir;
  std::string input = dir.Write("orders.csv", "customer,ts\n");
  fs::create_symlink(input, dir.path() / "link.csv");
  fs::create_hard_link(input, dir.path() / "hard.csv");
  OutputOptions options{{input}};
  for (std::string name : {"orders.csv", "link.csv", "hard.csv"}) {
    std::string path = (dir.path() / name).string();
    auto refused = OutputFile::Open(path, options);
    EXPECT_FALSE(refused.ok()) << name;
    std::string error = refused.message();
    EXPECT_NE(error.find("never writes over what it reads"), std::string::npos) << error;
  }
  // Through another spelling of the input's own path too.
  EXPECT_FALSE(OutputFile::Open((dir.path() / "." / "orders.csv").string(), options).ok());
  EXPECT_EQ(ReadFile(input), "customer,ts\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 3);
}

TEST(OutputFileTest, ASymlinkIsWrittenThroughToItsTarget) {
  TempDir dir;
  std::string target = dir.Write("real.csv", "old\n");
  ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
  fs::create_directory(dir.path() / "links");
  fs::create_symlink("../real.csv", dir.path() / "links" / "out.csv");
  std::string link = (dir.path() / "links" / "out.csv").string();
  ASSERT_TRUE(WriteWhole(link, "new\n"));
  EXPECT_TRUE(fs::is_symlink(link)) << "the link stays a link";
  EXPECT_EQ(ReadFile(target), "new\n");
  EXPECT_EQ(Stat(target).st_mode & 07777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() / "links"), fs::directory_iterator()), 1);

  // A dangling link: the file it names is created, as `>` through the link would.
  fs::create_symlink("made.csv", dir.path() / "dangling.csv");
  ASSERT_TRUE(WriteWhole((dir.path() / "dangling.csv").string(), "made\n"));
  EXPECT_TRUE(fs::is_symlink(dir.path() / "dangling.csv"));
  EXPECT_EQ(ReadFile((dir.path() / "made.csv").string()), "made\n");
}

TEST(OutputFileTest, AReadOnlyFileIsRefusedAsByAShell) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);  // the directory would allow a replacement
  std::string path = dir.Write("locked.csv", "keep\n");
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  // Root may write any file: the check runs in a child that gives up root where it has it.
  pid_t child = ::fork();
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    ::_exit(OutputFile::Open(path, {}).ok() ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "a read-only file was opened for replacement";
  EXPECT_EQ(ReadFile(path), "keep\n");
}

TEST(OutputFileTest, StaleTemporariesOfDeadProcessesAreRemoved) {
  TempDir dir;
  std::string path = (dir.path() / "out.csv").string();
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // reaped: its pid names no process now
  std::string dead = dir.Write("out.csv.tmp." + std::to_string(child), "left by a killed run");
  std::string alive = dir.Write("out.csv.tmp." + std::to_string(::getppid()), "a run still writing");
  std::string other = dir.Write("other.csv.tmp." + std::to_string(child), "another target's");
  ASSERT_TRUE(WriteWhole(path, "result\n"));
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_EQ(ReadFile(path), "result\n");
}

TEST(OutputFileTest, DashIsStandardOutput) {
  Result<OutputFile> file = OutputFile::Open("-", {});
  ASSERT_TRUE(file.ok()) << file.message();
  EXPECT_EQ(file->temp_path(), "");
  EXPECT_TRUE(file->Commit());
  EXPECT_NE(::fcntl(STDOUT_FILENO, F_GETFD), -1) << "standard output stays open";
}

}  // namespace
}  // namespace seg::rt
