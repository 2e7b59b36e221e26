// `seg --help` and `seg COMMAND --help` print exactly the checked-in texts (tests/cli/help), and
// usage mistakes keep their messages and exit status 2. Adding a command or an option means
// adding its help text here too: the test lists the commands from `seg --help` and fails for a
// command without an expected file.
#include <gtest/gtest.h>

#include "e2e_support.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;

const fs::path kHelp = fs::path(SEG_SOURCE_DIR) / "tests" / "cli" / "help";

// The command names `seg --help` lists, from its "commands:" block.
std::vector<std::string> ListedCommands() {
  e2e::Result r = e2e::RunSeg(fs::current_path(), "--help");
  std::vector<std::string> names;
  bool in_block = false;
  for (const std::string& line : e2e::Lines(r.out)) {
    if (line == "commands:") in_block = true;
    else if (line.empty()) in_block = false;
    else if (in_block && line.size() > 2) names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

TEST(CliHelp, TopLevelHelpIsUnchanged) {
  e2e::Result r = e2e::RunSeg(fs::current_path(), "--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, e2e::ReadFile(kHelp / "seg.txt"));
  EXPECT_EQ(e2e::RunSeg(fs::current_path(), "-h").out, r.out);
  EXPECT_EQ(e2e::RunSeg(fs::current_path(), "help").out, r.out);
  e2e::Result bare = e2e::RunSeg(fs::current_path(), "");
  EXPECT_EQ(bare.status, 2);
  EXPECT_EQ(bare.out, r.out);
}

TEST(CliHelp, EveryCommandsHelpIsUnchanged) {
  std::vector<std::string> commands = ListedCommands();
  ASSERT_GE(commands.size(), 9u);
  for (const std::string& command : commands) {
    std::string expected = e2e::ReadFile(kHelp / (command + ".txt"));
    ASSERT_FALSE(expected.empty()) << "tests/cli/help/" << command << ".txt is missing";
    for (const char* flag : {"--help", "-h"}) {
      e2e::Result r = e2e::RunSeg(fs::current_path(), command + " " + flag);
      EXPECT_EQ(r.status, 0) << command;
      EXPECT_EQ(r.out, expected) << "seg " << command << " " << flag;
      EXPECT_EQ(r.err, "");
    }
  }
}

struct Mistake {
  const char* args;
  const char* message;
};

TEST(CliUsage, MistakesKeepTheirMessagesAndExitStatus) {
  const Mistake mistakes[] = {
      {"run --bogus", "seg run: unknown option '--bogus'\n(see `seg run --help`)\n"},
      {"fmt -x", "seg fmt: unknown option '-x'\n(see `seg fmt --help`)\n"},
      {"run --input", "seg run: option --input needs a value (NAME=PATH)\n(see `seg run --help`)\n"},
      {"check --format", "seg check: option --format needs a value (FORMAT)\n(see `seg check --help`)\n"},
      {"fmt --check=1", "seg fmt: option --check takes no value\n(see `seg fmt --help`)\n"},
      {"run --as-of=2024-01-01 --quiet=", "seg run: option --quiet takes no value\n(see `seg run --help`)\n"},
      {"nope", "seg: unknown command 'nope'\n(see `seg --help`)\n"},
      {"check", "seg check: give at least one rule file\n(see `seg check --help`)\n"},
      {"lsp extra.seg", "seg lsp: takes no files (the editor sends them)\n(see `seg lsp --help`)\n"},
  };
  for (const Mistake& m : mistakes) {
    e2e::Result r = e2e::RunSeg(fs::current_path(), m.args);
    EXPECT_EQ(r.status, 2) << m.args;
    EXPECT_EQ(r.err, m.message) << m.args;
    EXPECT_EQ(r.out, "") << m.args;
  }
}

TEST(CliUsage, OptionsParseInEveryForm) {
  fs::path rules = fs::path(SEG_SOURCE_DIR) / "examples" / "retail.seg";
  std::string file = e2e::ShellQuote(rules.string());
  // --name value, --name=value, -name value (seg's old single-dash form), repeated options (the
  // last one counts), a positional after options, and `--` before a file.
  e2e::Result json = e2e::RunSeg(fs::current_path(), "check --format text --format json " + file);
  EXPECT_EQ(json.status, 0);
  EXPECT_EQ(json.err.rfind("[", 0), 0u) << json.err;
  for (const std::string& form : {"check --format=json " + file, "check -format json " + file,
                                  "check " + file + " --format json", "check --format json -- " + file}) {
    e2e::Result r = e2e::RunSeg(fs::current_path(), form);
    EXPECT_EQ(r.status, 0) << form;
    EXPECT_EQ(r.err, json.err) << form;
  }
  // Repeated and comma-separated --no-warn both reach the checker: an unknown name is refused.
  e2e::Result warn = e2e::RunSeg(fs::current_path(), "check --no-warn unused-let --no-warn bogus " + file);
  EXPECT_EQ(warn.status, 2);
  EXPECT_NE(warn.err.find("unknown warning 'bogus'"), std::string::npos) << warn.err;
  EXPECT_EQ(e2e::RunSeg(fs::current_path(), "--version").out, "seg 0.1.0\n");
}

}  // namespace
}  // namespace seg::test
