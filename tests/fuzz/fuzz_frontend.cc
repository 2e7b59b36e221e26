// libFuzzer entry for the front end. Any input must parse, check and lower without crashing
// (mistakes are reported, which is fine); an input that parses cleanly must format to text that parses cleanly to the
// same tree and formats to itself again. Violations abort, which libFuzzer reports as a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/ast/ast_printer.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/checker.h"

namespace {

struct Parsed {
  seg::SourceSet sources;
  seg::DiagnosticSink sink;
  seg::parse::ParseResult result;
};

void ParseInto(Parsed& parsed, const std::string& text) {
  uint32_t file = parsed.sources.Add("fuzz.seg", text);
  parsed.result = seg::parse::Parse(parsed.sources, file, parsed.sink);
}

[[noreturn]] void Fail(const char* what, const std::string& formatted) {
  std::fprintf(stderr, "fuzz_frontend: %s\n--- formatted ---\n%s\n", what, formatted.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Parsed first;
  ParseInto(first, std::string(reinterpret_cast<const char*>(data), size));
  // The declarations that did parse are printed even when others failed: `seg fmt` refuses such
  // files, but `--dump=ast` and the checker still walk the partial tree.
  std::string formatted = seg::ast::FormatModule(*first.result.module);
  std::string dump = seg::ast::DumpAst(*first.result.module);
  // The checker and lowering must take whatever parsed, reporting mistakes, never crashing.
  std::unique_ptr<seg::sema::Program> program = seg::sema::Check(
      {{first.result.module.get(), false, first.result.unparsed_names, "", {}}}, first.sources, first.sink);
  // A module checked on its own (its needs stood in for) is not lowered: seg has nothing to run.
  if (!first.sink.HasErrors() && program && program->stand_ins.empty()) seg::lower::Lower(*program);
  if (first.sink.HasErrors()) return 0;

  Parsed second;
  ParseInto(second, formatted);
  if (second.sink.HasErrors()) {
    for (const seg::Diagnostic& d : second.sink.diagnostics())
      std::fprintf(stderr, "%s at %u: %s\n", std::string(seg::InfoOf(d.code).code).c_str(), d.span.begin,
                   d.message.c_str());
    Fail("formatted text does not parse", formatted);
  }
  if (seg::ast::DumpAst(*second.result.module) != dump) Fail("formatting changed the tree", formatted);
  if (seg::ast::FormatModule(*second.result.module) != formatted) Fail("formatting is not idempotent", formatted);
  return 0;
}
