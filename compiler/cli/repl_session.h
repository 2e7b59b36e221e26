// The state of a `seg repl` session: the definitions typed or loaded so far, the data (loaded
// once, and again only when an input declaration changes), the bound params, and the cache of
// evaluated columns (repl_cache.h). Each entry recompiles the whole session text (a few
// milliseconds: programs are small) with the entry in it; an entry that leaves any error in the
// program is rejected and the session stays as it was, so the session always compiles.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/cli/repl_cache.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/exec/result.h"

namespace seg::cli {

struct SessionOptions {
  std::vector<driver::InputBinding> bindings;  // --input, bound when the input is declared
  rt::LoadOptions load;
  size_t threads = 1;
  std::string as_of;                          // YYYY-MM-DD
  std::map<std::string, std::string> params;  // --param NAME=VALUE, checked when the param is declared
  bool color = false;
  // The interpreter unless asked: an answer touches few nodes, and the JIT compiles each new
  // program (tens of milliseconds) before it saves anything.
  driver::EngineChoice engine = driver::EngineChoice::kInterp;
  // As for `seg run`: --no-warn and --warnings-as-errors (an entry with a warning is then refused),
  // --no-cache, and --quiet (no load statistics).
  driver::CompileOptions compile;
  bool use_disk_cache = true;
  bool quiet = false;
  // Set while an entry is evaluated to cancel it (Ctrl-C); null: entries run to the end.
  const std::atomic<bool>* cancel = nullptr;
};

// One top-level declaration of the session, as the user wrote it.
struct Definition {
  std::string key;  // what a redefinition replaces: the declared name ("import std.rfm" for imports)
  ast::DeclKind kind = ast::DeclKind::kLet;
  std::string name;
  std::string text;
};

// What an entry printed: answers on standard output, diagnostics and problems on standard error.
struct Reply {
  std::string out;
  std::string err;
  bool error = false;
};

class ReplSession {
 public:
  explicit ReplSession(SessionOptions options);

  // Definitions (one or more declarations) or an expression.
  Reply Submit(const std::string& entry);
  // Adds a file's definitions (the FILE argument and :load); diagnostics point into the file.
  Reply Load(const std::string& path);
  Reply TypeOf(const std::string& expr);
  Reply Sample(const std::string& expr);
  Reply Explain(const std::string& key);
  Reply Set(const std::string& name, const std::string& value);
  Reply Save(const std::string& path) const;
  Reply ShowDefinitions() const;
  Reply Cache() const;
  // :engine: show the choice and what ran last, or choose interp, jit or auto.
  Reply Engine(const std::string& choice);

  // Words for tab completion: defined names, columns (bare and input.column).
  std::vector<std::string> Names() const;

  // How many times a program ran on the data, and how the last one ran (for --verbose).
  size_t runs() const { return runs_; }
  const driver::ExecuteReport& last_run() const { return last_run_; }

 private:
  struct Segment {
    uint32_t begin = 0, end = 0;  // bytes of the session text
    std::string path;             // how diagnostics name it
    std::string text;
  };
  struct Attempt {
    std::unique_ptr<driver::Compilation> compilation;
    std::vector<Segment> segments;
    size_t entry_segment = SIZE_MAX;  // the segment whose warnings are shown
    bool entry_is_expression = false;
  };
  // Data and params bound for one program, ready to run.
  struct Bound {
    std::vector<lang::Value> params;
    bool has_data = false;
  };

  Reply AddDefinitions(const std::string& path, const std::string& text);
  Attempt Compile(const std::vector<Definition>& definitions, const std::string& entry, const std::string& entry_path,
                  bool entry_is_expression) const;
  std::string Render(const Attempt& attempt, bool errors_only) const;
  // Compiles `expr` as the value of a hidden let; null (with the diagnostics in `reply`) on errors.
  std::unique_ptr<driver::Compilation> CompileExpression(const std::string& expr, Reply* reply) const;
  // Loads the data again if the inputs changed; binds params. False (reply->err says why) on failure.
  // Unless `eager`, loading waits until every --input is declared, so inputs typed one entry at a
  // time are read once, not once per entry.
  bool Bind(const ir::Program& program, Bound* bound, Reply* reply, bool eager = true);
  exec::RunResult Evaluate(const ir::Program& program, const std::vector<lang::Value>& params,
                           const std::vector<ir::NodeId>& roots, std::optional<size_t> explain,
                           ir::Program* ran = nullptr);
  std::string Answer(const ir::Program& program, const Bound& bound, const Definition& d, Reply* reply);
  std::string ValueAnswer(const ir::Program& program, const Bound& bound, ir::NodeId node, Reply* reply);
  std::string KeyOf(size_t row) const;

  SessionOptions options_;
  std::vector<Definition> definitions_;
  std::map<std::string, std::string> param_text_;  // :set NAME VALUE
  std::unique_ptr<driver::Compilation> current_;   // the session program as last accepted
  std::optional<driver::LoadedData> loaded_;
  std::string data_signature_;  // the input declarations the data was loaded for
  bool data_failed_ = false;
  ResultCache cache_;
  bool interrupted_ = false;  // an evaluation of the current entry was cancelled
  driver::ExecuteReport last_run_;
  size_t runs_ = 0;
};

}  // namespace seg::cli
