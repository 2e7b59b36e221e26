// Reading the REPL's input. On a terminal: libedit (BSD licence; see TOOLCHAIN.md section 4)
// with history kept across sessions and tab completion. Otherwise (a script piped in): plain
// lines, no prompt, no history.
#pragma once
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace seg::cli {

class LineEditor {
 public:
  // `words` gives the completion candidates for the text before the cursor (called on Tab).
  LineEditor(bool interactive, std::string history_path,
             std::function<std::vector<std::string>(const std::string& line)> words);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  // The next line without its line break; nullopt at the end of input (Ctrl-D). After Ctrl-C
  // it returns nullopt with interrupted() true: the entry being typed is dropped, not the session.
  std::optional<std::string> ReadLine(const std::string& prompt);
  bool interrupted() const { return interrupted_; }
  bool interactive() const { return interactive_; }
  // Set by Ctrl-C on a terminal; cleared when a line has been read. An evaluation started for that
  // line watches it (exec::RunOptions::cancel) and stops when it is set.
  static const std::atomic<bool>* InterruptFlag();

 private:
  bool interactive_;
  bool interrupted_ = false;
  std::string history_path_;
};

// ~/.seg_history, from $HOME; empty when HOME is not set (no history is kept then).
std::string DefaultHistoryPath();

}  // namespace seg::cli
