// The subcommands of `seg`. Each returns the process exit status: 0 success, 1 a problem with
// the user's rules or data (reported), 2 a usage mistake.
#pragma once
#include <string>
#include <vector>

#include "compiler/cli/args.h"

namespace seg::cli {

struct Command {
  const char* name;
  const char* summary;
  const char* usage;
  std::vector<OptionSpec> options;
  int (*run)(const Args& args);
};

const std::vector<Command>& Commands();

int RunCheck(const Args& args);
int RunFmt(const Args& args);

// Shared by commands that compile a rule file: --no-warn, --warnings-as-errors, --color.
std::vector<OptionSpec> CompileOptionSpecs();
bool UseColor(const Args& args);

}  // namespace seg::cli
