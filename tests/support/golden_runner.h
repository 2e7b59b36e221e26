// Golden-file support shared by the golden tests and the unit tests: compiling a file the way
// `seg check` does, reading `// expect:` annotations, and comparing against (or regenerating)
// snapshot files.
//
// Annotation convention (tests/golden/check/*.seg): a comment `// expect: CODE [CODE...]` at the
// end of a line expects those diagnostics to start on THAT line. A comment alone on its line,
// `// expect-next: CODE`, expects them on the next line instead (for mistakes whose line cannot
// hold a comment, e.g. an unterminated string). Every diagnostic the compiler reports must be
// annotated, and every annotation must be matched: exactly the annotated multiset, no cascades.
// A single code may be followed by the diagnostic's message, `// expect: E0200 cannot add 'money'
// and 'date'`, which must then be the message exactly (two messages on one line: put one on an
// `// expect-next:` line above it).
//
// Shared prelude: a case whose first line is `// prelude: PATH` (relative to the case file) is
// compiled with that file's declarations in front of it (driver::CompileOptions::preludes), in a
// source file of its own, so line numbers in annotations and snapshots are the case file's own.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "compiler/driver/compiler.h"

namespace seg::testing {

// The repository root (SEG_SOURCE_DIR, set by CMake).
std::filesystem::path SourceDir();

// Sorted list of files with `extension` (".seg") directly in `folder` (relative to the root).
std::vector<std::filesystem::path> GlobFiles(const std::string& folder, const std::string& extension);

std::string ReadFileOrDie(const std::filesystem::path& path);

// `path` relative to the repository root with '/' separators, so goldens are machine independent.
std::string RelativeName(const std::filesystem::path& path);

// Compiles a file of the repository under its relative name, after its `// prelude:` if it names one.
std::unique_ptr<driver::Compilation> CompileRepoFile(const std::filesystem::path& path,
                                                     const driver::CompileOptions& options = {});

// A (code, 1-based line) pair: "E0201@12", and the diagnostic's message; in an annotation, an
// empty message is not checked.
struct Expectation {
  std::string code;
  uint32_t line = 0;
  std::string message;
  bool operator<(const Expectation& o) const { return std::tie(line, code) < std::tie(o.line, o.code); }
  bool operator==(const Expectation& o) const { return line == o.line && code == o.code; }
};
std::string ToString(const std::vector<Expectation>& list);

// Annotations of a source text, sorted. Malformed annotations (an unknown code, a message after
// several codes) are reported in `errors`.
std::vector<Expectation> ParseExpectations(const std::string& text, std::vector<std::string>* errors);

// What a compilation reported, as (code, line of the span start, message), sorted. Diagnostics
// in other files (std modules, the prelude) or without a location get line 0.
std::vector<Expectation> ActualDiagnostics(const driver::Compilation& c);

// Empty when `actual` is exactly the annotated codes at the annotated lines and each annotated
// message equals the message reported there; else says what differs, one problem per line.
std::string CompareWithAnnotations(const std::vector<Expectation>& expected, const std::vector<Expectation>& actual);

// The text `seg check` prints for the diagnostics (color off, with the summary line).
std::string RenderedText(const driver::Compilation& c);
std::string RenderedJson(const driver::Compilation& c);

// True when SEG_UPDATE_GOLDEN is set to a non-empty value other than "0".
bool UpdateGoldens();

// Compares `actual` with the snapshot file; with SEG_UPDATE_GOLDEN writes it instead. Returns an
// empty string on success, or a message with a unified-style first difference.
std::string CompareOrUpdate(const std::filesystem::path& snapshot, const std::string& actual);

}  // namespace seg::testing
