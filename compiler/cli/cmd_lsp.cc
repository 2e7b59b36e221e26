// `seg lsp`: the language server on standard input and output (compiler/lsp). Messages are
// bytes with a Content-Length, so the streams are used unformatted; logs go to standard error.
#include <iostream>

#include "compiler/cli/commands.h"
#include "compiler/lsp/server.h"

namespace seg::cli {

int RunLsp(const Args& args) {
  if (!args.positional().empty()) {
    std::fprintf(stderr, "seg lsp: takes no files (the editor sends them)\n(see `seg lsp --help`)\n");
    return 2;
  }
  std::ios::sync_with_stdio(false);
  return lsp::RunServer(std::cin, std::cout, std::cerr);
}

}  // namespace seg::cli
