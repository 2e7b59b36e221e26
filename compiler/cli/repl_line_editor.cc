#include "compiler/cli/repl_line_editor.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>

// libedit, never GNU readline: <readline/readline.h> would compile against the GPL headers.
#include <editline/readline.h>

namespace seg::cli {

namespace {

constexpr int kHistoryLines = 1000;

// libedit calls plain C functions, so the one editor of the process is reached through here.
std::function<std::vector<std::string>(const std::string&)>* g_words = nullptr;
std::vector<std::string> g_matches;
size_t g_next = 0;

// Ctrl-C: drops the line being typed, or cancels the evaluation under way (the session reads it
// through InterruptFlag). A lock-free atomic is safe to store from a signal handler.
std::atomic<bool> g_sigint{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void OnInterrupt(int) { g_sigint.store(true, std::memory_order_relaxed); }

char* NextMatch(const char* text, int state) {
  if (state == 0) {
    g_matches.clear();
    g_next = 0;
    std::string prefix(text);
    // The whole line up to the cursor tells the source of words where the word starts.
    std::string line(rl_line_buffer ? rl_line_buffer : "", static_cast<size_t>(std::max(0, rl_point)));
    for (const std::string& w : (*g_words)(line)) {
      if (w.compare(0, prefix.size(), prefix) == 0) g_matches.push_back(w);
    }
  }
  if (g_next >= g_matches.size()) return nullptr;
  return strdup(g_matches[g_next++].c_str());
}

char** Complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  return rl_completion_matches(text, NextMatch);
}

}  // namespace

std::string DefaultHistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/.seg_history";
}

LineEditor::LineEditor(bool interactive, std::string history_path,
                       std::function<std::vector<std::string>(const std::string& line)> words)
    : interactive_(interactive), history_path_(std::move(history_path)) {
  if (!interactive_) return;
  g_words = new std::function<std::vector<std::string>(const std::string&)>(std::move(words));
  rl_readline_name = "seg";
  // '.' and ':' stay inside a word so that `orders.am` and `:ex` complete as one word.
  static char breaks[] = " \t\n\"\\'`@$><=;|&{(,+-*/%[]!?)}";
  rl_completer_word_break_characters = breaks;
  rl_basic_word_break_characters = breaks;
  rl_attempted_completion_function = Complete;
  // Ctrl-C drops the line being typed instead of ending the session: without SA_RESTART the
  // read inside readline() is interrupted and readline() returns null.
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  using_history();
  stifle_history(kHistoryLines);
  if (!history_path_.empty()) read_history(history_path_.c_str());
}

LineEditor::~LineEditor() {
  if (!interactive_) return;
  if (!history_path_.empty()) write_history(history_path_.c_str());
  rl_attempted_completion_function = nullptr;
  delete g_words;
  g_words = nullptr;
}

std::optional<std::string> LineEditor::ReadLine(const std::string& prompt) {
  if (!interactive_) {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  g_sigint.store(false);
  interrupted_ = false;
  char* raw = readline(prompt.c_str());
  if (raw == nullptr) {
    interrupted_ = g_sigint.load();
    return std::nullopt;
  }
  // A Ctrl-C from here on is meant for what this line starts.
  g_sigint.store(false);
  std::string line(raw);
  std::free(raw);
  if (line.find_first_not_of(" \t") != std::string::npos) {
    add_history(line.c_str());
    // Written at once, so a session that is killed still leaves its history behind.
    if (!history_path_.empty()) write_history(history_path_.c_str());
  }
  return line;
}

const std::atomic<bool>* LineEditor::InterruptFlag() { return &g_sigint; }

}  // namespace seg::cli
