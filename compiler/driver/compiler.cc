#include "compiler/driver/compiler.h"

#include <fstream>
#include <sstream>

#include "compiler/lower/lower.h"
#include "compiler/sema/checker.h"
#include "stdlib/stdlib_modules.h"

namespace seg::driver {

namespace {

struct ParsedModule {
  std::unique_ptr<ast::Module> module;
  std::vector<std::string> unparsed;
  std::string name;  // std modules: "std.rfm"
  SourceSpan imported_at;
};

// Loads the std modules a module imports, depth first, each once, dependencies first.
void LoadImports(const ast::Module& module, Compilation& c, const CompileOptions& options,
                 std::set<std::string>& loaded, std::vector<ParsedModule>& out) {
  std::set<std::string> here;
  for (const ast::DeclPtr& decl : module.decls) {
    if (decl->kind != ast::DeclKind::kImport) continue;
    const std::string& name = decl->name.text;
    if (!here.insert(name).second) {
      c.sink.Report(DiagCode::kDuplicateImport, decl->name.span, "'" + name + "' is imported twice")
          .help = "remove the second import";
      continue;
    }
    if (loaded.count(name)) continue;
    std::optional<stdlib::Module> found = stdlib::Find(name);
    if (!found) {
      Diagnostic& d = c.sink.Report(DiagCode::kUnknownModule, decl->name.span, "there is no module '" + name + "'");
      std::vector<std::string> names;
      for (const stdlib::Module& m : stdlib::Modules()) names.emplace_back(m.name);
      if (!SuggestClosestName(d, name, names)) {
        d.help = "the modules are:";
        for (const std::string& n : names) d.help += " " + n;
      }
      continue;
    }
    loaded.insert(name);
    uint32_t file = c.sources.Add("<" + name + ">", std::string(found->text));
    parse::ParseResult parsed = parse::Parse(c.sources, file, c.sink, options.limits);
    LoadImports(*parsed.module, c, options, loaded, out);
    out.push_back({std::move(parsed.module), std::move(parsed.unparsed_names), name, decl->name.span});
  }
}

// A module checked on its own was checked with each needed column of its first listed type; it is
// checked again with the second (`ts: timestamp or date`: ts a date), and so on, so that it works
// with every type it accepts. Errors found only then are added, with a note saying which types.
void CheckOtherListedTypes(Compilation& c, const std::vector<sema::ModuleInput>& inputs,
                           const CompileOptions& options) {
  size_t most = 0;
  for (const ast::DeclPtr& decl : c.module->decls) {
    if (decl->kind != ast::DeclKind::kNeeds) continue;
    for (const ast::ColumnDecl& column : decl->As<ast::NeedsDecl>().columns)
      most = std::max(most, column.alternatives.size());
  }
  for (size_t k = 1; k <= most; ++k) {
    std::string types;
    for (const ast::DeclPtr& decl : c.module->decls) {
      if (decl->kind != ast::DeclKind::kNeeds) continue;
      for (const ast::ColumnDecl& column : decl->As<ast::NeedsDecl>().columns) {
        if (k > column.alternatives.size()) continue;
        types += (types.empty() ? "" : ", ") + decl->name.text + "." + column.name.text + ": " +
                 column.alternatives[k - 1].text;
      }
    }
    DiagnosticSink again;
    sema::Check(inputs, c.sources, again, options.output_lets, k);
    for (const Diagnostic& d : again.diagnostics()) {
      if (d.severity != Severity::kError) continue;
      Diagnostic& copy = c.sink.Report(d.code, d.span, d.message);
      copy.label = d.label;
      copy.notes = d.notes;
      copy.notes.push_back({{UINT32_MAX, 0, 0}, "found when the needed columns are " + types});
      copy.help = d.help;
    }
  }
}

}  // namespace

std::vector<std::string> WarningNames() {
  std::vector<std::string> names;
  for (DiagCode code : AllDiagCodes()) {
    if (InfoOf(code).severity == Severity::kWarning) names.emplace_back(InfoOf(code).name);
  }
  return names;
}

std::unique_ptr<Compilation> CompileText(const std::string& path, std::string text, const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  c->sink.set_warnings_as_errors(options.warnings_as_errors);
  for (const std::string& name : options.disabled_warnings) {
    if (std::optional<DiagCode> code = WarningByName(name)) c->sink.DisableWarning(*code);
  }
  StageClock clock;
  uint32_t file = c->sources.Add(path, std::move(text));
  parse::ParseResult parsed = parse::Parse(c->sources, file, c->sink, options.limits);
  c->module = std::move(parsed.module);

  std::set<std::string> loaded;
  std::vector<ParsedModule> libraries;
  LoadImports(*c->module, *c, options, loaded, libraries);
  std::vector<ParsedModule> preludes;
  for (const PreludeFile& prelude : options.preludes) {
    uint32_t id = c->sources.Add(prelude.path, prelude.text);
    parse::ParseResult p = parse::Parse(c->sources, id, c->sink, options.limits);
    LoadImports(*p.module, *c, options, loaded, libraries);
    preludes.push_back({std::move(p.module), std::move(p.unparsed_names), "", {}});
  }

  c->times.parse = clock.Lap();

  std::vector<sema::ModuleInput> inputs;
  for (ParsedModule& lib : libraries) {
    inputs.push_back({lib.module.get(), true, lib.unparsed, lib.name, lib.imported_at});
    c->library_modules.push_back(std::move(lib.module));
  }
  for (ParsedModule& prelude : preludes) {
    inputs.push_back({prelude.module.get(), false, prelude.unparsed, "", {}});
    c->prelude_modules.push_back(std::move(prelude.module));
  }
  inputs.push_back({c->module.get(), false, parsed.unparsed_names, "", {}});
  c->program = sema::Check(inputs, c->sources, c->sink, options.output_lets);
  // A module checked on its own (its `needs` met by nothing) checks, but has nothing to run.
  bool module_alone = c->program && !c->program->stand_ins.empty();
  if (module_alone && !c->sink.HasErrors()) CheckOtherListedTypes(*c, inputs, options);
  if (module_alone && !options.accept_module && !c->sink.HasErrors()) {
    for (const sema::Program::StandIn& need : c->program->stand_ins) {
      c->sink.Report(DiagCode::kUnmetNeed, need.span, "nothing declares the events '" + need.name + "' this file needs")
          .help =
          "this file is a module: `seg check` checks it on its own; to run it, import it into a program "
          "that declares '" +
          need.name + "'";
    }
  }
  // An empty file (or only whitespace, comments or a byte order mark) has nothing to run on. Not
  // reported after other errors: then the unreadable or unparsed text is the mistake to show.
  if (options.require_inputs && c->program && c->program->inputs.empty() && !c->sink.HasErrors() &&
      parsed.unparsed_names.empty() && !module_alone) {
    c->sink.Report(DiagCode::kNoEntityInput, {file, 0, 0}, "the program declares no customer input")
        .help = "a rule file starts with its inputs, e.g. `input customers key id { }`";
  }
  c->times.check = clock.Lap();
  if (options.lower && !c->sink.HasErrors() && !module_alone) {
    std::optional<SourceSpan> untyped;
    c->ir = lower::Lower(*c->program, &c->sink, &untyped);
    if (untyped) {  // never run a program part of which would quietly be false or empty
      c->sink.Report(DiagCode::kUntypedExpression, *untyped, "seg could not work out what this expression is")
          .help = "this is a bug in seg, not in your rules; please report it with this file";
    }
    if (c->sink.HasErrors()) c->ir = nullptr;  // constant arithmetic out of range, or an untyped node: nothing to run
    c->times.lower = clock.Lap();
  }
  c->sink.SortByLocation();
  return c;
}

std::unique_ptr<Compilation> CompileFile(const std::string& path, const CompileOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    auto c = std::make_unique<Compilation>();
    c->sink.Report(DiagCode::kCannotRead, {UINT32_MAX, 0, 0}, "cannot read '" + path + "'")
        .help = "check the path and that the file is readable";
    return c;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return CompileText(path, text.str(), options);
}

}  // namespace seg::driver
