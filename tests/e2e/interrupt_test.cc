// A run interrupted by SIGINT, SIGTERM or SIGHUP leaves no temporary file and the old output
// whole; one killed with SIGKILL (which no handler sees) leaves its temporary file, and the next
// write to the same output removes it. Real processes and real signals: `seg run` reads a large
// generated orders file through a FIFO that the test keeps open, so the run is provably still
// loading, with its output's temporary file created, when the signal arrives (no timing).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_support.h"

extern char** environ;

namespace seg::e2e {
namespace {

const char* kProgram =
    "input customers key id { }\n"
    "input orders of customers by customer at ts { amount: money }\n"
    "tag buyer when count(orders) > 0\n";
const char* kOldOutput = "id,buyer\nthe previous run's result,true\n";

// Many orders, so that what reaches the FIFO is more than a pipe holds.
std::string GeneratedOrders(size_t rows) {
  std::string text = "customer,ts,amount\n";
  for (size_t i = 0; i < rows; ++i) {
    text += "c" + std::to_string(i % 1000) + ",2024-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
            "," + std::to_string(i % 500) + ".25\n";
  }
  return text;
}

std::vector<std::string> Temporaries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.find(".tmp.") != std::string::npos) names.push_back(name);
  }
  return names;
}

class InterruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);  // a run that ended early makes a write to the FIFO fail, not kill the test
    WriteFile(dir() / "rules.seg", kProgram);
    std::string customers = "id\n";
    for (int i = 0; i < 1000; ++i) customers += "c" + std::to_string(i) + "\n";
    WriteFile(dir() / "customers.csv", customers);
    WriteFile(dir() / "result.csv", kOldOutput);
    ASSERT_EQ(::mkfifo((dir() / "orders.csv").c_str(), 0600), 0);
  }

  // Starts `seg run` writing result.csv and reading orders.csv (the FIFO), feeds it `orders`
  // without closing it, and returns the process id; the run is then waiting for more orders.
  pid_t StartRunStuckInLoad(const std::string& orders) {
    std::vector<std::string> words = {SEG_BINARY,
                                      "run",
                                      "rules.seg",
                                      "--input",
                                      "customers=customers.csv",
                                      "--input",
                                      "orders=orders.csv",
                                      "--as-of",
                                      "2024-12-31",
                                      "--quiet",
                                      "--out",
                                      "result.csv"};
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    // The child starts with these signals at their defaults whatever the test runner set.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, s);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    std::string dir_text = dir().string();
    posix_spawn_file_actions_addchdir_np(&actions, dir_text.c_str());
    pid_t pid = -1;
    int spawned = posix_spawn(&pid, SEG_BINARY, &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    EXPECT_EQ(spawned, 0);
    // Opening the FIFO's write end returns once seg has opened it to read: seg opens its output
    // before it loads, so its temporary file exists from here on.
    writer_ = ::open((dir() / "orders.csv").c_str(), O_WRONLY | O_CLOEXEC);
    EXPECT_GE(writer_, 0);
    for (size_t at = 0; at < orders.size();) {
      ssize_t n = ::write(writer_, orders.data() + at, orders.size() - at);
      if (n < 0) break;
      at += static_cast<size_t>(n);
    }
    EXPECT_EQ(Temporaries(dir()), std::vector<std::string>{"result.csv.tmp." + std::to_string(pid)});
    return pid;
  }

  int StopAndWait(pid_t pid, int signal) {
    EXPECT_EQ(::kill(pid, signal), 0);
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
    ::close(writer_);
    writer_ = -1;
    return status;
  }

  const fs::path& dir() const { return tmp_.path(); }
  TempDir tmp_;
  int writer_ = -1;
};

TEST_F(InterruptTest, SigintSigtermAndSighupLeaveNoTemporaryFileAndTheOldOutput) {
  std::string orders = GeneratedOrders(200000);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    pid_t pid = StartRunStuckInLoad(orders);
    int status = StopAndWait(pid, signal);
    // The signal still ends the process as a signal: the shell sees 128 + N, scripts stop.
    EXPECT_TRUE(WIFSIGNALED(status)) << strsignal(signal);
    if (WIFSIGNALED(status)) EXPECT_EQ(WTERMSIG(status), signal);
    EXPECT_TRUE(Temporaries(dir()).empty()) << strsignal(signal) << " left " << Temporaries(dir()).front();
    EXPECT_EQ(ReadFile(dir() / "result.csv"), kOldOutput) << strsignal(signal);
  }
}

// `seg run` on Ctrl-C with no earlier output: the run stops (it cannot have finished: its orders
// are still coming), the shell sees 130 (killed by SIGINT), and nothing is left where the output
// would have been.
TEST_F(InterruptTest, SigintStopsARunAndLeavesNoOutputAtAll) {
  fs::remove(dir() / "result.csv");
  pid_t pid = StartRunStuckInLoad(GeneratedOrders(200000));
  int status = StopAndWait(pid, SIGINT);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  EXPECT_EQ(128 + WTERMSIG(status), 130);
  EXPECT_FALSE(fs::exists(dir() / "result.csv"));
  EXPECT_TRUE(Temporaries(dir()).empty());
}

TEST_F(InterruptTest, AKilledRunsTemporaryFileIsRemovedByTheNextWrite) {
  pid_t pid = StartRunStuckInLoad(GeneratedOrders(50000));
  int status = StopAndWait(pid, SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));
  // Nothing can run on SIGKILL: the temporary file stays, the output is the old one.
  ASSERT_EQ(Temporaries(dir()), std::vector<std::string>{"result.csv.tmp." + std::to_string(pid)});
  EXPECT_EQ(ReadFile(dir() / "result.csv"), kOldOutput);

  fs::remove(dir() / "orders.csv");
  WriteFile(dir() / "orders.csv", "customer,ts,amount\nc1,2024-06-01,3.50\n");
  Result r = RunSeg(dir(),
                    "run rules.seg --input customers=customers.csv --input orders=orders.csv "
                    "--as-of 2024-12-31 --quiet --out result.csv");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Temporaries(dir()).empty());
  EXPECT_NE(ReadFile(dir() / "result.csv").find("c1,true\n"), std::string::npos);
}

}  // namespace
}  // namespace seg::e2e
