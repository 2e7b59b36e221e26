#include "repl_support.h"

#include <sys/wait.h>

#include <cstdlib>

namespace seg::e2e {

Session Repl(const std::string& args, const std::string& script, const fs::path& home) {
  TempDir tmp;
  WriteFile(tmp.path() / "script", script);
  std::string command = "cd " + ShellQuote(SourceDir().string()) + " && unset XDG_CACHE_HOME SEG_NO_CACHE && HOME=" +
                        ShellQuote((home.empty() ? tmp.path() : home).string()) + " exec " + ShellQuote(SEG_BINARY) +
                        " repl " + args + " <" + ShellQuote((tmp.path() / "script").string()) + " >" +
                        ShellQuote((tmp.path() / "out").string()) + " 2>" + ShellQuote((tmp.path() / "err").string());
  int raw = std::system(command.c_str());
  Session s;
  s.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  s.out = ReadFile(tmp.path() / "out");
  s.err = ReadFile(tmp.path() / "err");
  return s;
}

}  // namespace seg::e2e
