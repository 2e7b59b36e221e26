// `seg fmt`: the canonical layout. A file with syntax errors is left alone.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "compiler/base/diagnostic_renderer.h"
#include "compiler/cli/commands.h"
#include "compiler/parse/format_source.h"
#include "runtime/atomic_file.h"

namespace seg::cli {

int RunFmt(const Args& args) {
  if (args.positional().empty()) {
    std::fprintf(stderr, "seg fmt: give at least one rule file\n(see `seg fmt --help`)\n");
    return 2;
  }
  int status = 0;
  for (const std::string& path : args.positional()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "seg fmt: cannot read '%s'\n", path.c_str());
      status = 1;
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    parse::FormattedSource result = parse::FormatSource(path, text.str());
    if (!result.formatted) {
      std::fputs(RenderText(result.sink.diagnostics(), result.sources).c_str(), stderr);
      std::fprintf(stderr, "seg fmt: %s not formatted: fix the syntax errors first\n", path.c_str());
      status = 1;
      continue;
    }
    const std::string& formatted = *result.formatted;
    if (args.Has("stdout")) {
      std::fputs(formatted.c_str(), stdout);
      continue;
    }
    if (formatted == text.str()) continue;
    if (args.Has("check")) {
      std::fprintf(stderr, "%s: not formatted (run `seg fmt %s`)\n", path.c_str(), path.c_str());
      status = 1;
      continue;
    }
    // The file is rewritten in place of itself (a symlink's target, its mode and owner kept).
    rt::Result<rt::OutputFile> out = rt::OutputFile::Open(path, {});
    if (!out.ok()) {
      std::fprintf(stderr, "seg fmt: cannot write %s: %s\n", path.c_str(), out.message().c_str());
      status = 1;
    } else if (!FinishOutput("fmt", *out, out->Write(formatted))) {
      status = 1;
    }
  }
  return status;
}

}  // namespace seg::cli
