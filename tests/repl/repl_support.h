// Runs `seg repl` as a script would: entries piped in, answers and diagnostics read back.
#pragma once
#include <string>

#include "e2e_support.h"

namespace seg::e2e {

struct Session {
  int status = -1;
  std::string out;
  std::string err;
};

// Pipes `script` into `seg repl ARGS` (ARGS is shell text) run from the repository root. HOME is
// `home` (where history and the JIT's code cache go: HOME/.cache/seg), else a fresh folder.
Session Repl(const std::string& args, const std::string& script, const fs::path& home = {});

}  // namespace seg::e2e
