// `seg check`: diagnostics on stderr (text or JSON), exit 0 when clean, 1 on errors.
#include <cstdio>

#include "compiler/ast/ast_printer.h"
#include "compiler/base/diagnostic_renderer.h"
#include "compiler/cli/commands.h"
#include "compiler/driver/compiler.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/typed_printer.h"

namespace seg::cli {

std::unique_ptr<driver::Compilation> CompileForRun(const std::string& path, const Args& args) {
  bool ok = true;
  driver::CompileOptions options = CompileOptionsFrom(args, &ok);
  if (!ok) return nullptr;
  for (const std::string& name : WithNames(args)) options.output_lets.insert(name);
  std::unique_ptr<driver::Compilation> c = driver::CompileFile(path, options);
  RenderOptions render;
  render.color = UseColor(args);
  std::fputs(RenderText(c->sink.diagnostics(), c->sources, render).c_str(), stderr);
  if (!c->ok() || !c->ir) return nullptr;
  return c;
}

std::vector<std::string> WithNames(const Args& args) {
  std::vector<std::string> names;
  for (const std::string& list : args.GetAll("with")) {
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      start = comma == std::string::npos ? list.size() + 1 : comma + 1;
      if (!name.empty()) names.push_back(name);
    }
  }
  return names;
}

driver::CompileOptions CompileOptionsFrom(const Args& args, bool* ok) {
  driver::CompileOptions options;
  options.warnings_as_errors = args.Has("warnings-as-errors");
  std::vector<std::string> known = driver::WarningNames();
  for (const std::string& name : args.GetAll("no-warn")) {
    if (!WarningByName(name)) {
      std::string list;
      for (const std::string& k : known) list += " " + k;
      std::fprintf(stderr, "seg: unknown warning '%s'; the warnings are:%s\n", name.c_str(), list.c_str());
      *ok = false;
    }
    options.disabled_warnings.insert(name);
  }
  return options;
}

int RunCheckData(const Args& args);  // cmd_report.cc: `seg check FILE --data --input ...`

int RunCheck(const Args& args) {
  if (args.Has("data")) return RunCheckData(args);
  if (args.positional().empty()) {
    std::fprintf(stderr, "seg check: give at least one rule file\n(see `seg check --help`)\n");
    return 2;
  }
  std::string dump = args.Get("dump").value_or("");
  if (!dump.empty() && dump != "ast" && dump != "typed" && dump != "ir") {
    std::fprintf(stderr, "seg check: --dump takes ast, typed or ir, not '%s'\n", dump.c_str());
    return 2;
  }
  std::string format = args.Get("format").value_or("text");
  if (format != "text" && format != "json") {
    std::fprintf(stderr, "seg check: --format takes text or json, not '%s'\n", format.c_str());
    return 2;
  }
  bool ok = true;
  driver::CompileOptions options = CompileOptionsFrom(args, &ok);
  if (!ok) return 2;
  options.accept_module = true;  // `seg check stdlib/rfm.seg` checks a module on its own
  int status = 0;
  bool json = format == "json";
  std::string json_out;
  for (const std::string& path : args.positional()) {
    std::unique_ptr<driver::Compilation> c = driver::CompileFile(path, options);
    if (!c->ok()) status = 1;
    if (json) {
      std::string one = RenderJson(c->sink.diagnostics(), c->sources);
      // Several files: one array of all their diagnostics.
      if (!json_out.empty()) {
        json_out.resize(json_out.rfind(']'));
        while (!json_out.empty() && (json_out.back() == '\n' || json_out.back() == ' ')) json_out.pop_back();
        size_t open = one.find('[');
        std::string rest = one.substr(open + 1);
        if (rest.find_first_not_of(" \n]") != std::string::npos) json_out += (json_out.back() == '[' ? "" : ",") + rest;
        else json_out += "\n]\n";
      } else {
        json_out = one;
      }
    } else {
      RenderOptions render;
      render.color = UseColor(args);
      std::fputs(RenderText(c->sink.diagnostics(), c->sources, render).c_str(), stderr);
    }
    if (!dump.empty() && c->module) {
      std::string text;
      if (dump == "ast") text = ast::DumpAst(*c->module);
      else if (dump == "typed" && c->program && !c->sink.HasErrors()) text = sema::DumpTyped(*c->program);
      else if (dump == "ir" && c->ir) text = ir::Print(*c->ir);
      std::fputs(text.c_str(), stdout);
    }
  }
  if (json) std::fputs(json_out.c_str(), stderr);
  return status;
}

}  // namespace seg::cli
