// --verbose's timing lines: "seg COMMAND: time: ...", how long something took. They differ between
// any two runs, so a test that compares the stderr of two runs must leave them out; the mark is
// defined here once, for every place in the CLI that prints such a line (through PrintTimingLine)
// and for the tests that recognise them (tests/e2e/engine_check.cc), so the two cannot drift apart.
// Header only: the e2e tests read the mark without linking the CLI.
#pragma once

#include <cstdio>
#include <string_view>

namespace seg::cli {

// What a timing line says after "seg COMMAND: ", before the times themselves.
inline constexpr std::string_view kTimingMark = "time: ";

// Prints "seg COMMAND: time: TEXT" on stderr.
inline void PrintTimingLine(std::string_view command, std::string_view text) {
  std::fprintf(stderr, "seg %.*s: %.*s%.*s\n", static_cast<int>(command.size()), command.data(),
               static_cast<int>(kTimingMark.size()), kTimingMark.data(), static_cast<int>(text.size()), text.data());
}

}  // namespace seg::cli
