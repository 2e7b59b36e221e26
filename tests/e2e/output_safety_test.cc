// Outputs never destroy: every path seg writes (run --out, report --out, diff --moved, fmt, the
// REPL's :save, standard output) on real devices, FIFOs, links, directories and the run's own
// inputs. See rt::OutputFile (runtime/atomic_file.h) for the rules.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

const char* kProgram =
    "input customers key id { }\n"
    "input orders of customers by customer at ts { amount: money }\n"
    "let spend = sum(orders.amount)\n"
    "tag buyer when count(orders) > 0\n"
    "segments value { \"big\" when spend >= 10  else \"small\" }\n";
const char* kOrders = "customer,ts,amount\nc1,2024-06-01,10.5\nc1,2024-06-02,2\n";
const char* kInputs = "--input customers=customers.csv --input orders=orders.csv --as-of 2024-06-30 --quiet";
const char* kExpected = "id,value,buyer,spend\nc1,big,true,12.5\nc2,small,false,0\n";

// `command` (shell text, its own redirections) run in `cwd`; standard error captured.
Result Shell(const fs::path& cwd, const std::string& command) {
  TempDir tmp;
  fs::path err = tmp.path() / "stderr";
  std::string line = "cd " + ShellQuote(cwd.string()) + " && " + command + " 2>" + ShellQuote(err.string());
  int raw = std::system(line.c_str());
  Result r;
  r.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
  r.err = ReadFile(err);
  return r;
}

struct stat Lstat(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info;
}

class OutputSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir() / "rules.seg", kProgram);
    WriteFile(dir() / "customers.csv", "id\nc1\nc2\n");
    WriteFile(dir() / "orders.csv", kOrders);
  }
  const fs::path& dir() const { return tmp_.path(); }
  std::string seg() const { return ShellQuote(SEG_BINARY); }
  // The inputs and rule file are as they were.
  void ExpectInputsIntact() {
    EXPECT_EQ(ReadFile(dir() / "orders.csv"), kOrders);
    EXPECT_EQ(ReadFile(dir() / "rules.seg"), kProgram);
    EXPECT_EQ(ReadFile(dir() / "customers.csv"), "id\nc1\nc2\n");
  }
  TempDir tmp_;
};

// A character device like /dev/NAME made in the test's folder, so that a seg that replaces its
// output (as seg did, run as root) turns the test's node into a file, never the machine's
// /dev/null or /dev/full; the real one where mknod is not allowed (then /dev cannot be written
// either). Shell redirections (`>/dev/full`) may use the real ones: the shell writes in place.
fs::path Device(const fs::path& dir, const char* name, unsigned minor) {
  fs::path path = dir / name;
  return ::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0 ? path : fs::path("/dev") / name;
}
fs::path NullDevice(const fs::path& dir) { return Device(dir, "null", 3); }
fs::path FullDevice(const fs::path& dir) { return Device(dir, "full", 7); }

TEST_F(OutputSafetyTest, ADeviceIsWrittenInPlaceByEveryWriter) {
  fs::path null = NullDevice(dir());
  std::string out = ShellQuote(null.string());
  // report decides its format by the name's extension: a link named .json to the device.
  fs::create_symlink(null, dir() / "report.json");
  for (const std::string& args : {"run rules.seg " + std::string(kInputs) + " --out " + out,
                                  "diff rules.seg rules.seg " + std::string(kInputs) + " --moved " + out,
                                  "report rules.seg " + std::string(kInputs) + " --out report.json"}) {
    Result r = RunSeg(dir(), args);
    EXPECT_EQ(r.status, 0) << args << "\n" << r.err;
    struct stat after = Lstat(null);
    EXPECT_TRUE(S_ISCHR(after.st_mode)) << args << ": the device became a file";
    EXPECT_EQ(after.st_rdev, makedev(1, 3)) << args;
  }
  EXPECT_TRUE(fs::is_symlink(dir() / "report.json"));
}

TEST_F(OutputSafetyTest, AFifoOutputIsWrittenInPlace) {
  ASSERT_EQ(::mkfifo((dir() / "pipe").c_str(), 0600), 0);
  // The read end is open before seg runs (so its open to write does not wait) and the result is
  // smaller than a pipe holds; a seg that replaced the FIFO would leave this end empty.
  int reader = ::open((dir() / "pipe").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  Result r = RunSeg(dir(), "run rules.seg " + std::string(kInputs) + " --with spend --out pipe");
  std::string received;
  char buffer[4096];
  for (ssize_t n; (n = ::read(reader, buffer, sizeof(buffer))) > 0;) received.append(buffer, static_cast<size_t>(n));
  ::close(reader);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(received, kExpected);
  EXPECT_TRUE(S_ISFIFO(Lstat(dir() / "pipe").st_mode));
}

TEST_F(OutputSafetyTest, TheRunsOwnInputsAreRefusedByAnyName) {
  fs::create_symlink("orders.csv", dir() / "orders_link.csv");
  fs::create_hard_link(dir() / "orders.csv", dir() / "orders_hard.csv");
  fs::create_symlink("orders.csv", dir() / "orders.json");
  fs::create_symlink("rules.seg", dir() / "rules_link.json");
  struct Case {
    std::string args;
    std::string shown;  // the output as the message names it
  };
  std::string inputs = kInputs;
  for (const Case& c : std::vector<Case>{
           {"run rules.seg " + inputs + " --out orders.csv", "orders.csv"},
           {"run rules.seg " + inputs + " --out ./customers.csv", "./customers.csv"},
           {"run rules.seg " + inputs + " --out rules.seg", "rules.seg"},
           {"run rules.seg " + inputs + " --out orders_link.csv", "orders_link.csv"},
           {"run rules.seg " + inputs + " --out orders_hard.csv", "orders_hard.csv"},
           {"report rules.seg " + inputs + " --out orders.json", "orders.json"},
           {"report rules.seg " + inputs + " --out rules_link.json", "rules_link.json"},
           {"diff rules.seg rules.seg " + inputs + " --moved orders_link.csv", "orders_link.csv"},
       }) {
    Result r = RunSeg(dir(), c.args);
    EXPECT_EQ(r.status, 1) << c.args;
    EXPECT_NE(r.err.find("cannot write " + c.shown + ": it is "), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find("seg never writes over what it reads"), std::string::npos) << r.err;
    ExpectInputsIntact();
  }
  EXPECT_TRUE(fs::is_symlink(dir() / "orders_link.csv"));
}

TEST_F(OutputSafetyTest, ADirectoryIsRefused) {
  fs::create_directory(dir() / "results");
  for (const std::string& args : {"run rules.seg " + std::string(kInputs) + " --out results",
                                  "diff rules.seg rules.seg " + std::string(kInputs) + " --moved results"}) {
    Result r = RunSeg(dir(), args);
    EXPECT_EQ(r.status, 1) << args;
    EXPECT_NE(r.err.find("cannot write results: it is a directory"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_directory(dir() / "results"));
    EXPECT_TRUE(fs::is_empty(dir() / "results"));
  }
}

TEST_F(OutputSafetyTest, AReplacedFileKeepsItsModeAndASymlinkIsWrittenThrough) {
  fs::create_directory(dir() / "out");
  WriteFile(dir() / "out/result.csv", "old\n");
  ASSERT_EQ(::chmod((dir() / "out/result.csv").c_str(), 0600), 0);
  fs::create_symlink("out/result.csv", dir() / "latest.csv");
  Result r = RunSeg(dir(), "run rules.seg " + std::string(kInputs) + " --with spend --out latest.csv");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir() / "latest.csv"));
  EXPECT_EQ(ReadFile(dir() / "out/result.csv"), kExpected);
  EXPECT_EQ(Lstat(dir() / "out/result.csv").st_mode & 07777, 0600u);

  // fmt rewrites a rule file reached through a link: the link stays, the file keeps its mode.
  fs::create_directory(dir() / "rules");
  WriteFile(dir() / "rules/messy.seg", "let   x =  1\n");
  ASSERT_EQ(::chmod((dir() / "rules/messy.seg").c_str(), 0750), 0);
  fs::create_symlink("rules/messy.seg", dir() / "messy.seg");
  Result fmt = RunSeg(dir(), "fmt messy.seg");
  ASSERT_EQ(fmt.status, 0) << fmt.err;
  EXPECT_TRUE(fs::is_symlink(dir() / "messy.seg"));
  EXPECT_EQ(ReadFile(dir() / "rules/messy.seg"), "let x = 1\n");
  EXPECT_EQ(Lstat(dir() / "rules/messy.seg").st_mode & 07777, 0750u);

  // report and diff --moved replace a 0600 file as a 0600 file.
  for (const std::string& args : {"report rules.seg " + std::string(kInputs) + " --out private.json",
                                  "diff rules.seg rules.seg " + std::string(kInputs) + " --moved private.json"}) {
    WriteFile(dir() / "private.json", "old\n");
    ASSERT_EQ(::chmod((dir() / "private.json").c_str(), 0600), 0);
    Result w = RunSeg(dir(), args);
    ASSERT_EQ(w.status, 0) << args << "\n" << w.err;
    EXPECT_NE(ReadFile(dir() / "private.json"), "old\n") << args;
    EXPECT_EQ(Lstat(dir() / "private.json").st_mode & 07777, 0600u) << args;
  }
}

TEST_F(OutputSafetyTest, AWriteErrorOnStandardOutputIsReported) {
  std::string run = seg() + " run rules.seg " + kInputs;
  fs::path full_device = FullDevice(dir());
  std::string full = ShellQuote(full_device.string());
  for (const std::string& command :
       {run + " >/dev/full", run + " --out - >/dev/full", run + " --out " + full,
        seg() + " diff rules.seg rules.seg " + kInputs + " >/dev/full",
        seg() + " explain rules.seg " + kInputs + " --customer c1 >/dev/full",
        seg() + " fmt --stdout rules.seg >/dev/full", seg() + " run --help >/dev/full", seg() + " --version >/dev/full",
        seg() + " repl rules.seg " + kInputs + " </dev/null >/dev/full"}) {
    Result r = Shell(dir(), command);
    EXPECT_NE(r.status, 0) << command;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << command << "\n" << r.err;
    EXPECT_TRUE(r.err.find("cannot write standard output") != std::string::npos ||
                r.err.find("cannot write " + full_device.string()) != std::string::npos)
        << command << "\n"
        << r.err;
  }
  // "-" is standard output.
  Result dash = RunSeg(dir(), "run rules.seg " + std::string(kInputs) + " --with spend --out -");
  EXPECT_EQ(dash.status, 0) << dash.err;
  EXPECT_EQ(dash.out, kExpected);
  EXPECT_FALSE(fs::exists(dir() / "-"));
}

TEST_F(OutputSafetyTest, AFifoInputIsReadAsAStream) {
  ASSERT_EQ(::mkfifo((dir() / "orders_pipe").c_str(), 0600), 0);
  std::thread writer([&] { WriteFile(dir() / "orders_pipe", kOrders); });
  Result r = RunSeg(dir(),
                    "run rules.seg --input customers=customers.csv --input orders=orders_pipe "
                    "--as-of 2024-06-30 --quiet --with spend");
  writer.join();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, kExpected);
  // A directory as an input is refused with its name, not read as an empty file.
  fs::create_directory(dir() / "folder");
  Result d = RunSeg(dir(), "run rules.seg --input customers=customers.csv --input orders=folder --as-of 2024-06-30");
  EXPECT_EQ(d.status, 1);
  EXPECT_NE(d.err.find("cannot read folder: it is a directory"), std::string::npos) << d.err;
}

TEST_F(OutputSafetyTest, ReplSaveRefusesADataFileButMayRewriteItsRuleFile) {
  std::string script = "let extra = count(orders)\n:save orders.csv\n:save rules.seg\n";
  WriteFile(dir() / "script", script);
  Result r = Shell(dir(), seg() + " repl rules.seg " + kInputs + " <script >out");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("cannot write orders.csv: it is an input of this run"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(dir() / "orders.csv"), kOrders);
  EXPECT_NE(ReadFile(dir() / "rules.seg").find("let extra = count(orders)"), std::string::npos);
}

}  // namespace
}  // namespace seg::e2e
