// `seg repl` in a real terminal: tmux runs it, the test types keys (Tab, Up) and reads the
// screen. Skipped, with a message, when tmux is not installed (scripts/install-deps.sh adds it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// One tmux server of its own (-L), so the test never touches a user's sessions.
class Terminal {
 public:
  Terminal(const fs::path& home, const std::string& repl_args)
      : socket_("seg-repl-test-" + std::to_string(getpid()) + "-" + std::to_string(++count_)) {
    std::string inner = "cd " + ShellQuote(SourceDir().string()) + " && HOME=" + ShellQuote(home.string()) +
                        " TERM=xterm " + ShellQuote(SEG_BINARY) + " repl " + repl_args;
    Tmux("new-session -d -s repl -x 150 -y 60 " + ShellQuote(inner));
  }
  ~Terminal() { Tmux("kill-server 2>/dev/null"); }

  void Type(const std::string& text) { Tmux("send-keys -t repl -l " + ShellQuote(text)); }
  void Press(const std::string& key) { Tmux("send-keys -t repl " + key); }
  std::string Screen() { return Tmux("capture-pane -p -t repl"); }
  bool Alive() { return Tmux("has-session -t repl 2>/dev/null && echo yes").find("yes") != std::string::npos; }

  // Polls the screen until `text` shows `times` times (the REPL answers in milliseconds; the
  // limit only stops a broken build from hanging the suite).
  bool WaitFor(const std::string& text, size_t times = 1) {
    for (int i = 0; i < 400; ++i) {
      std::string screen = Screen();
      size_t seen = 0;
      for (size_t at = screen.find(text); at != std::string::npos; at = screen.find(text, at + 1)) ++seen;
      if (seen >= times) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  bool WaitUntilGone() {
    for (int i = 0; i < 200 && Alive(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return !Alive();
  }
  // The line the cursor is on: what the user is typing.
  std::string CurrentLine() {
    std::string screen = Screen();
    std::string last;
    size_t start = 0;
    while (start < screen.size()) {
      size_t end = screen.find('\n', start);
      if (end == std::string::npos) end = screen.size();
      std::string line = screen.substr(start, end - start);
      if (line.find_first_not_of(' ') != std::string::npos) last = line;
      start = end + 1;
    }
    return last;
  }

 private:
  std::string Tmux(const std::string& args) { return Capture("tmux -L " + socket_ + " " + args); }
  std::string socket_;
  static inline int count_ = 0;
};

const char* kArgs =
    "tests/repl/data/tiny_inputs.seg --input customers=tests/repl/data/customers.csv "
    "--input orders=tests/repl/data/orders.csv --as-of 2025-06-30";

TEST(ReplTerminal, CompletionHistoryAndAnswersOnScreen) {
  if (std::system("command -v tmux >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh)";
  TempDir home;
  {
    Terminal t(home.path(), kArgs);
    ASSERT_TRUE(t.WaitFor("seg>")) << t.Screen();
    // A column of an event input completes from its prefix.
    t.Type("let spend = sum(orders.am");
    t.Press("Tab");
    ASSERT_TRUE(t.WaitFor("sum(orders.amount")) << t.Screen();
    t.Type(")");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("let spend: money")) << t.Screen();
    EXPECT_TRUE(t.WaitFor("min 0  q1 6  median 10  q3 12.5  max 109  missing 0 of 5")) << t.Screen();
    // A name defined in this session completes too.
    t.Type("spe");
    t.Press("Tab");
    t.Type("> 10");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("seg> spend > 10")) << t.Screen();
    EXPECT_TRUE(t.WaitFor("true                            2  40.0%")) << t.Screen();
    // :commands complete at the start of a line; a paste over two lines waits for the bracket.
    t.Type(":ty");
    t.Press("Tab");
    t.Type("count(orders)");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("seg> :type count(orders)")) << t.Screen();
    EXPECT_TRUE(t.WaitFor("\nint\n")) << t.Screen();
    // Up recalls the last line; Enter runs it again.
    t.Press("Up");
    ASSERT_TRUE(t.WaitFor("seg> :type count(orders)", 2)) << t.Screen();
    EXPECT_EQ(t.CurrentLine(), "seg> :type count(orders)");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("\nint\n", 2)) << t.Screen();
    t.Type("segments size {");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("...>")) << t.Screen();
    t.Type("\"Big\" when spend >= 12 else \"Small\" }");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("segments size: 2 buckets")) << t.Screen();
    EXPECT_TRUE(t.WaitFor("  Big                             2  40.0%  e.g. a3 a5")) << t.Screen();
    // Ctrl-C drops an unfinished entry and keeps the session.
    t.Type("segments half {");
    t.Press("Enter");
    t.Type("\"a\" when");
    t.Press("C-c");
    ASSERT_TRUE(t.WaitFor("\"a\" when^C")) << t.Screen();
    t.Type("count(orders) >= 3");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitFor("seg> count(orders) >= 3")) << t.Screen();
    EXPECT_TRUE(t.WaitFor("true                            2  40.0%", 2)) << t.Screen();
    t.Type(":quit");
    t.Press("Enter");
    ASSERT_TRUE(t.WaitUntilGone());
  }
  // History survives the session: a new one recalls the earlier lines with Up.
  Terminal t(home.path(), kArgs);
  ASSERT_TRUE(t.WaitFor("seg>")) << t.Screen();
  for (int i = 0; i < 14; ++i) t.Press("Up");
  ASSERT_TRUE(t.WaitFor("seg> let spend = sum(orders.amount )")) << t.Screen();
  t.Press("C-u");
  t.Press("C-d");
  EXPECT_TRUE(t.WaitUntilGone());
}

// Ctrl-C while an entry is evaluated: the evaluation stops (between morsels, exec::RunOptions::
// cancel), the prompt comes back, and the entry is not added. The job is deliberately huge (500k
// customers through 2,000 arithmetic nodes: tens of seconds), so an answer instead of the
// message, or no prompt within WaitFor's limit, means the Ctrl-C did not cancel it.
TEST(ReplTerminal, CtrlCCancelsARunningEvaluationAndDropsTheEntry) {
  if (std::system("command -v tmux >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh)";
  TempDir dir;
  std::string customers = "id,age\n";
  for (int i = 0; i < 500000; ++i) customers += "c" + std::to_string(i) + "," + std::to_string(i % 90) + "\n";
  WriteFile(dir.path() / "customers.csv", customers);
  std::string rules = "input customers key id {\n  age: int\n}\n";
  std::string heavy = "let heavy = l0";
  for (int j = 0; j < 100; ++j) {
    rules += "let l" + std::to_string(j) + " = 0";
    for (int i = 0; i < 20; ++i) rules += " + (age * " + std::to_string(i + j) + " + 1) / " + std::to_string(i + j + 2);
    rules += "\n";
    if (j > 0) heavy += " + l" + std::to_string(j);
  }
  WriteFile(dir.path() / "rules.seg", rules);
  Terminal t(dir.path(), ShellQuote((dir.path() / "rules.seg").string()) + " --input customers=" +
                             ShellQuote((dir.path() / "customers.csv").string()) + " --as-of 2025-06-30 --quiet");
  ASSERT_TRUE(t.WaitFor("seg>")) << t.Screen();
  t.Type(heavy);
  t.Press("Enter");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  t.Press("C-c");
  ASSERT_TRUE(t.WaitFor("interrupted: the entry was not added")) << t.Screen();
  EXPECT_EQ(t.Screen().find("let heavy: float"), std::string::npos) << t.Screen();
  // The session goes on without the entry: `heavy` is unknown, the definitions before it are not.
  t.Type(":type heavy");
  t.Press("Enter");
  EXPECT_TRUE(t.WaitFor("unknown name 'heavy'")) << t.Screen();
  t.Type(":type l99");
  t.Press("Enter");
  EXPECT_TRUE(t.WaitFor("\nfloat\n")) << t.Screen();
  t.Type(":quit");
  t.Press("Enter");
  EXPECT_TRUE(t.WaitUntilGone());
}

}  // namespace
}  // namespace seg::e2e
