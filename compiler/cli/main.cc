// `seg`: check, format and run customer-segmentation rules.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "compiler/cli/commands.h"

namespace {

void PrintUsage() {
  std::string out =
      "seg: segmentation rules for customers, checked before they run.\n\n"
      "usage: seg COMMAND [OPTIONS] ...\n\ncommands:\n";
  for (const seg::cli::Command& c : seg::cli::Commands()) {
    std::string name = std::string("  ") + c.name;
    name.resize(12, ' ');
    out += name + c.summary + "\n";
  }
  out += "\n`seg COMMAND --help` describes a command. docs/LANGUAGE.md describes the rule language.\n";
  std::fputs(out.c_str(), stdout);
}

// What a command printed may still sit in stdio's buffer, and a write that failed earlier (a full
// disk, a closed pipe reader with SIGPIPE ignored) only set a flag: both are checked here so that
// a lost output is reported and fails the command, never exit 0 or 1 in silence.
// `who` names the speaker: "seg" or "seg run".
int FinishStandardOutput(const std::string& who, int status) {
  errno = 0;
  bool flushed = std::fflush(stdout) == 0;
  if (flushed && !std::ferror(stdout)) return status;
  std::string why = errno != 0 ? std::strerror(errno) : "a write failed";
  std::fprintf(stderr, "%s: cannot write standard output: %s\n", who.c_str(), why.c_str());
  return status == 0 ? 1 : status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    PrintUsage();
    return FinishStandardOutput("seg", argc < 2 ? 2 : 0);
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::puts("seg 0.1.0");
    return FinishStandardOutput("seg", 0);
  }
  for (const seg::cli::Command& c : seg::cli::Commands()) {
    if (c.name != std::string(argv[1])) continue;
    seg::cli::Args args;
    if (!args.Parse(argc, argv, 2, c.options)) {
      std::fprintf(stderr, "seg %s: %s\n(see `seg %s --help`)\n", c.name, args.error().c_str(), c.name);
      return 2;
    }
    if (args.Has("help")) {
      std::string help = seg::cli::HelpText(c.usage, c.summary, c.options);
      std::fputs(help.c_str(), stdout);
      return FinishStandardOutput(std::string("seg ") + c.name, 0);
    }
    return FinishStandardOutput(std::string("seg ") + c.name, c.run(args));
  }
  std::fprintf(stderr, "seg: unknown command '%s'\n(see `seg --help`)\n", argv[1]);
  return 2;
}
