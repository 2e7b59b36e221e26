// The REPL's loop: reads entries (several lines while a bracket is open or a line ends with an
// operator), runs :commands, hands definitions and expressions to the session.
#pragma once
#include <string>
#include <vector>

namespace seg::cli {

// Whether `entry` is unfinished: an open ( [ { or string or comment, or a last token that needs
// a right-hand side (an operator, `and`, `when`, `during last`, ...).
bool NeedsMoreInput(const std::string& entry);
// Whether the brackets of `entry` are all closed (a blank line then ends an unfinished entry).
bool BracketsClosed(const std::string& entry);

// The :commands, for :help and completion.
struct ReplCommand {
  const char* name;
  const char* args;
  const char* help;
};
const std::vector<ReplCommand>& ReplCommands();

}  // namespace seg::cli
