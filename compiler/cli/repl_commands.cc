// `seg repl`: definitions and expressions answered at once against data loaded once.
#include "compiler/cli/repl_commands.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>

#include "compiler/cli/commands.h"
#include "compiler/cli/repl_line_editor.h"
#include "compiler/cli/repl_session.h"
#include "compiler/cli/run_context.h"
#include "compiler/sema/builtins.h"

namespace seg::cli {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

struct Scan {
  int depth = 0;
  bool open_string = false;
  bool open_comment = false;
  std::string last;  // the last token outside strings and comments
};

Scan ScanEntry(const std::string& s) {
  Scan scan;
  const std::string ops = "+-*/%=!<>?,.:";
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (s.compare(i, 2, "//") == 0) {
      size_t nl = s.find('\n', i);
      i = nl == std::string::npos ? s.size() : nl;
    } else if (s.compare(i, 2, "/*") == 0) {
      size_t close = s.find("*/", i + 2);
      if (close == std::string::npos) {
        scan.open_comment = true;
        return scan;
      }
      i = close + 2;
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < s.size() && s[j] != '"' && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      if (j >= s.size() || s[j] == '\n') {
        scan.open_string = true;
        return scan;
      }
      scan.last = "\"";
      i = j + 1;
    } else if (c == '(' || c == '[' || c == '{') {
      ++scan.depth, scan.last = c, ++i;
    } else if (c == ')' || c == ']' || c == '}') {
      --scan.depth, scan.last = c, ++i;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      scan.last = s.substr(i, j - i);
      i = j;
    } else if (ops.find(c) != std::string::npos) {
      size_t j = i;
      while (j < s.size() && ops.find(s[j]) != std::string::npos) ++j;
      scan.last = s.substr(i, j - i);
      i = j;
    } else {
      ++i;
    }
  }
  return scan;
}

std::vector<std::string> Keywords() {
  return {"and",       "ago",      "as_of", "at",      "between", "by",         "during", "else", "events",
          "exclusive", "false",    "from",  "if",      "import",  "in",         "input",  "is",   "key",
          "last",      "let",      "like",  "missing", "needs",   "not",        "of",     "or",   "param",
          "score",     "segments", "tag",   "test",    "then",    "timezone",   "to",     "true", "when",
          "where",     "within",   "days",  "weeks",   "months",  "descending", "std.rfm"};
}

std::string HelpText() {
  std::string out =
      "Type a definition (let, tag, segments, score, param, events, input, import) to add it or\n"
      "replace the one of the same name, or an expression to see its type and distribution.\n"
      "An entry goes on over several lines while a bracket is open or a line ends with an operator.\n\n";
  for (const ReplCommand& c : ReplCommands()) {
    std::string head = std::string("  ") + c.name + (c.args[0] ? " " : "") + c.args;
    head.resize(std::max<size_t>(head.size() + 1, 26), ' ');
    out += head + c.help + "\n";
  }
  return out;
}

class Repl {
 public:
  Repl(ReplSession& session, bool timing, bool verbose) : session_(session), timing_(timing), verbose_(verbose) {}

  // Runs one complete entry; false when the session should end.
  bool Handle(const std::string& raw) {
    std::string entry = Trim(raw);
    if (entry.empty()) return true;
    auto started = std::chrono::steady_clock::now();
    size_t runs = session_.runs();
    bool go_on = true;
    Reply reply;
    if (entry[0] == ':') {
      go_on = Command(entry, &reply);
    } else {
      reply = session_.Submit(entry);
    }
    if (!Show(reply, runs)) return false;
    if (timing_) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "(%.1f ms)\n", ms);
    }
    return go_on;
  }

  // Prints an answer; `runs` is session_.runs() before it was computed.
  bool Show(Reply reply, size_t runs) {
    // --verbose, as in `seg run`: which engine answered, compile time, whether the code cache hit.
    if (verbose_ && session_.runs() != runs) reply.err += "seg repl: " + session_.last_run().Describe() + "\n";
    return Print(reply);
  }

  bool output_failed() const { return output_failed_; }
  bool any_error() const { return any_error_; }

 private:
  // False when the answer could not be written (standard output on a full disk, a closed pipe):
  // said once, and the session ends, since no later answer would reach the user either.
  bool Print(const Reply& reply) {
    any_error_ |= reply.error;
    std::fflush(stdout);
    std::fputs(reply.err.c_str(), stderr);
    std::fflush(stderr);
    std::fputs(reply.out.c_str(), stdout);
    if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
    std::fprintf(stderr, "seg repl: cannot write standard output: %s\n", std::strerror(errno));
    std::clearerr(stdout);
    output_failed_ = true;
    return false;
  }

  bool Command(const std::string& entry, Reply* reply) {
    size_t space = entry.find_first_of(" \t");
    std::string name = entry.substr(0, space);
    std::string rest = space == std::string::npos ? "" : Trim(entry.substr(space));
    auto needs = [&](const char* what) {
      if (!rest.empty()) return true;
      *reply = {"", name + " needs " + what + " (see :help)\n", true};
      return false;
    };
    if (name == ":quit" || name == ":q" || name == ":exit") return false;
    if (name == ":help" || name == ":h") *reply = {HelpText(), "", false};
    else if (name == ":type" || name == ":t") {
      if (needs("an expression")) *reply = session_.TypeOf(rest);
    } else if (name == ":explain") {
      if (needs("a customer key")) *reply = session_.Explain(Unquote(rest));
    } else if (name == ":sample") {
      if (needs("a condition, e.g. value.\"Champions\"")) *reply = session_.Sample(rest);
    } else if (name == ":load") {
      if (needs("a file")) *reply = session_.Load(rest);
    } else if (name == ":save") {
      if (needs("a file")) *reply = session_.Save(rest);
    } else if (name == ":list") *reply = session_.ShowDefinitions();
    else if (name == ":cache") *reply = session_.Cache();
    else if (name == ":set") {
      size_t sep = rest.find_first_of(" \t=");
      std::string param = rest.substr(0, sep);
      std::string value = sep == std::string::npos ? "" : Trim(rest.substr(sep + 1));
      if (!param.empty() && value.empty()) *reply = {"", ":set " + param + " needs a value\n", true};
      else *reply = session_.Set(param, value);
    } else if (name == ":engine") {
      *reply = session_.Engine(rest);
    } else {
      *reply = {"", "unknown command " + name + " (:help lists them)\n", true};
    }
    return true;
  }

  static std::string Unquote(const std::string& s) {
    return s.size() >= 2 && s.front() == '"' && s.back() == '"' ? s.substr(1, s.size() - 2) : s;
  }

  ReplSession& session_;
  bool timing_;
  bool verbose_;
  bool any_error_ = false;
  bool output_failed_ = false;
};

}  // namespace

bool NeedsMoreInput(const std::string& entry) {
  static const std::set<std::string> kOpenWords = {"and",  "or",     "not",     "when",     "where", "in",
                                                   "like", "during", "between", "within",   "of",    "by",
                                                   "at",   "key",    "is",      "if",       "then",  "else",
                                                   "last", "to",     "from",    "exclusive"};
  Scan scan = ScanEntry(entry);
  if (scan.open_string || scan.open_comment || scan.depth > 0) return true;
  const std::string& t = scan.last;
  if (t.empty() || t == "\"" || t == ")" || t == "]" || t == "}") return false;
  if (!std::isalnum(static_cast<unsigned char>(t[0])) && t[0] != '_') return true;  // an operator
  return kOpenWords.count(t) > 0;
}

bool BracketsClosed(const std::string& entry) {
  Scan scan = ScanEntry(entry);
  return scan.depth <= 0 && !scan.open_string && !scan.open_comment;
}

const std::vector<ReplCommand>& ReplCommands() {
  static const std::vector<ReplCommand> commands = {
      {":help", "", "this text"},
      {":type", "EXPR", "the type of an expression, without running it"},
      {":explain", "ID", "one customer's metrics, tags and rules, like seg explain"},
      {":sample", "COND", "some customers for whom a condition holds: value.\"Champions\", a tag"},
      {":set", "[NAME VALUE]", "set as_of (YYYY-MM-DD) or a param; alone: show them"},
      {":load", "FILE", "add the definitions of a file"},
      {":save", "FILE", "write the session's definitions as a formatted .seg file"},
      {":list", "", "the session's definitions"},
      {":cache", "", "what is cached between answers"},
      {":engine", "[interp|jit|auto]", "show or choose where answers run (default interp)"},
      {":quit", "", "leave (also Ctrl-D)"},
  };
  return commands;
}

int RunRepl(const Args& args) {
  if (args.positional().size() > 1) {
    std::fprintf(stderr, "seg repl: give at most one rule file\n(see `seg repl --help`)\n");
    return 2;
  }
  SessionOptions options;
  options.color = UseColor(args);
  // The options `seg run` takes, read by the same code, so each means what it means there.
  if (!DataOptionsFrom(args, "repl", &options.threads, &options.load, &options.bindings)) return 2;
  bool compile_ok = true;
  options.compile = CompileOptionsFrom(args, &compile_ok);
  if (!compile_ok) return 2;
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, "repl", &execute)) return 2;
  if (args.Has("engine")) options.engine = execute.engine;  // else the REPL's own default (SessionOptions)
  options.use_disk_cache = execute.use_disk_cache;
  options.quiet = args.Has("quiet");
  options.as_of = args.Get("as-of").value_or("");
  if (options.as_of.empty()) {
    options.as_of = Today();
    std::fprintf(stderr, "seg: --as-of not given; using today, %s\n", options.as_of.c_str());
  }
  for (const std::string& assignment : args.GetAll("param")) {
    size_t eq = assignment.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "seg repl: --param takes NAME=VALUE\n");
      return 2;
    }
    options.params[assignment.substr(0, eq)] = assignment.substr(eq + 1);
  }
  bool interactive = isatty(0) != 0;
  // On a terminal Ctrl-C cancels an evaluation (the editor's handler sets the flag); piped input
  // keeps SIGINT's default, which ends the process.
  if (interactive) options.cancel = LineEditor::InterruptFlag();
  ReplSession session(options);
  Repl repl(session, args.Has("timing"), args.Has("verbose"));
  if (!args.positional().empty() && !repl.Show(session.Load(args.positional()[0]), 0)) return 1;
  auto words = [&session](const std::string& line) {
    std::vector<std::string> out;
    if (Trim(line).rfind(':', 0) == 0 && line.find(' ') == std::string::npos) {
      for (const ReplCommand& c : ReplCommands()) out.emplace_back(c.name);
      return out;
    }
    out = Keywords();
    for (const std::string& f : sema::AllFunctionNames()) out.push_back(f);
    for (const std::string& n : session.Names()) out.push_back(n);
    return out;
  };
  LineEditor editor(interactive, DefaultHistoryPath(), words);
  if (interactive)
    std::fputs("seg repl: a definition or an expression per entry; :help for commands, :quit to leave\n", stdout);
  std::string entry;
  while (true) {
    std::optional<std::string> line = editor.ReadLine(entry.empty() ? "seg> " : "...> ");
    if (!line && editor.interrupted()) {
      std::fputs("^C\n", stdout);
      entry.clear();
      continue;
    }
    if (!line) {
      if (!entry.empty()) repl.Handle(entry);
      break;
    }
    if (entry.empty() && Trim(*line).rfind(':', 0) == 0) {
      if (!repl.Handle(*line)) break;
      continue;
    }
    bool blank = Trim(*line).empty();
    if (entry.empty() && blank) continue;
    entry += (entry.empty() ? "" : "\n") + *line;
    // A blank line ends an entry left hanging on an operator, so a slip never traps the user.
    if (NeedsMoreInput(entry) && !(blank && BracketsClosed(entry))) continue;
    bool go_on = repl.Handle(entry);
    entry.clear();
    if (!go_on) break;
  }
  if (interactive) std::fputs("\n", stdout);
  if (repl.output_failed()) return 1;
  return args.Has("strict") && repl.any_error() ? 1 : 0;
}

}  // namespace seg::cli
