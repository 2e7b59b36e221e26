// Helpers shared by the parser, syntax-error and round-trip tests: parse a snippet from memory
// and look at it as a tree dump or as the list of diagnostic codes.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/ast/ast_printer.h"
#include "compiler/parse/parser.h"

namespace seg::parse::testing {

struct Parsed {
  SourceSet sources;
  DiagnosticSink sink;
  ParseResult result;
};

std::unique_ptr<Parsed> ParseText(const std::string& text, const std::string& path = "test.seg");

// The tree dump of `text`; on a syntax error, "error: CODE message" lines instead.
std::string DumpOf(const std::string& text);

// The canonical text of `text` (which must parse cleanly).
std::string FormatOf(const std::string& text);

// The codes ("E0010") of every diagnostic reported for `text`, in order.
std::vector<std::string> CodesOf(const Parsed& parsed);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

// The comments of a rule file in source order, found by a scanner independent of the parser's
// comment attachment, so a comment the attachment loses is noticed.
std::vector<std::string> CommentsIn(const std::string& text);

// Every .seg file under `folder`, recursively, sorted; none when the folder does not exist.
std::vector<std::string> SegFilesUnder(const std::string& folder);

}  // namespace seg::parse::testing
