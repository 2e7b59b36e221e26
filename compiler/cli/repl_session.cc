#include "compiler/cli/repl_session.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler/ast/ast_printer.h"
#include "compiler/base/diagnostic_renderer.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/repl_render.h"
#include "compiler/cli/run_context.h"
#include "compiler/driver/params.h"
#include "compiler/parse/parser.h"
#include "runtime/atomic_file.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::cli {

namespace {

// The hidden let an expression is checked as. A leading underscore keeps it out of the way of
// names people write; it never reaches a saved file.
constexpr const char* kValueName = "_repl_value";

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

const char* KindWord(ast::DeclKind kind) {
  switch (kind) {
    case ast::DeclKind::kImport: return "import";
    case ast::DeclKind::kNeeds: return "needs";
    case ast::DeclKind::kTimezone: return "timezone";
    case ast::DeclKind::kEntityInput:
    case ast::DeclKind::kEventInput: return "input";
    case ast::DeclKind::kEvents: return "events";
    case ast::DeclKind::kParam: return "param";
    case ast::DeclKind::kLet: return "let";
    case ast::DeclKind::kTag: return "tag";
    case ast::DeclKind::kSegments: return "segments";
    case ast::DeclKind::kScore: return "score";
    case ast::DeclKind::kTest: return "test";
  }
  return "";
}

std::string KeyOfDecl(const ast::Decl& d) {
  switch (d.kind) {
    case ast::DeclKind::kImport: return "import " + d.name.text;
    case ast::DeclKind::kNeeds: return "needs " + d.name.text;
    case ast::DeclKind::kTimezone: return "timezone";
    case ast::DeclKind::kTest: return "test " + d.name.text;
    default: return d.name.text;
  }
}

// Whether an entry is declarations: its first word (after comments) is a declaration keyword.
bool IsDeclarations(const std::string& entry) {
  static const std::set<std::string> kKeywords = {"import", "needs", "timezone", "input", "events", "param",
                                                  "let",    "tag",   "segments", "score", "test"};
  size_t i = 0;
  while (i < entry.size()) {
    if (std::isspace(static_cast<unsigned char>(entry[i]))) {
      ++i;
      continue;
    }
    if (entry.compare(i, 2, "//") == 0) {
      i = entry.find('\n', i);
      if (i == std::string::npos) return false;
      continue;
    }
    if (entry.compare(i, 2, "/*") == 0) {
      i = entry.find("*/", i);
      if (i == std::string::npos) return false;
      i += 2;
      continue;
    }
    break;
  }
  size_t e = i;
  while (e < entry.size() && (std::isalnum(static_cast<unsigned char>(entry[e])) || entry[e] == '_')) ++e;
  return kKeywords.count(entry.substr(i, e - i)) > 0;
}

// Splits text into its declarations, each with the comments before it and on its last line.
// False, with the rendered syntax errors, when the text does not parse.
bool SplitDeclarations(const std::string& path, const std::string& text, bool color, std::vector<Definition>* out,
                       std::string* rendered) {
  SourceSet sources;
  uint32_t file = sources.Add(path, text);
  DiagnosticSink sink;
  parse::ParseResult parsed = parse::Parse(sources, file, sink);
  if (sink.HasErrors() || !parsed.module) {
    sink.SortByLocation();
    *rendered = RenderText(sink.diagnostics(), sources, {color, false});
    return false;
  }
  const std::vector<ast::DeclPtr>& decls = parsed.module->decls;
  uint32_t previous = 0;
  for (size_t k = 0; k < decls.size(); ++k) {
    uint32_t end = decls[k]->span.end;
    size_t line_end = text.find('\n', end);
    if (line_end == std::string::npos) line_end = text.size();
    size_t next = k + 1 < decls.size() ? decls[k + 1]->span.begin : text.size();
    if (line_end <= next) end = static_cast<uint32_t>(line_end);
    out->push_back(
        {KeyOfDecl(*decls[k]), decls[k]->kind, decls[k]->name.text, Trim(text.substr(previous, end - previous))});
    previous = end;
  }
  return true;
}

}  // namespace

ReplSession::ReplSession(SessionOptions options) : options_(std::move(options)), param_text_(options_.params) {}

ReplSession::Attempt ReplSession::Compile(const std::vector<Definition>& definitions, const std::string& entry,
                                          const std::string& entry_path, bool entry_is_expression) const {
  Attempt a;
  std::string text;
  for (const Definition& d : definitions) {
    Segment s{static_cast<uint32_t>(text.size()), 0, std::string("<") + KindWord(d.kind) + " " + d.name + ">", d.text};
    text += d.text;
    s.end = static_cast<uint32_t>(text.size());
    text += "\n\n";
    a.segments.push_back(std::move(s));
  }
  if (!entry.empty()) {
    if (entry_is_expression) text += std::string("let ") + kValueName + " = ";
    Segment s{static_cast<uint32_t>(text.size()), 0, entry_path, entry};
    text += entry;
    s.end = static_cast<uint32_t>(text.size());
    text += "\n";
    a.entry_segment = a.segments.size();
    a.entry_is_expression = entry_is_expression;
    a.segments.push_back(std::move(s));
  }
  driver::CompileOptions compile = options_.compile;
  // Every let is unused until something uses it: in a session that is the normal state.
  compile.disabled_warnings.insert("unused-let");
  compile.require_inputs = false;
  a.compilation = driver::CompileText("<session>", std::move(text), compile);
  return a;
}

std::string ReplSession::Render(const Attempt& attempt, bool errors_only) const {
  const driver::Compilation& c = *attempt.compilation;
  SourceSet shown;
  std::map<size_t, uint32_t> file_of_segment;
  std::map<uint32_t, uint32_t> file_of_library;
  auto segment_at = [&](uint32_t offset) {
    for (size_t k = 0; k < attempt.segments.size(); ++k) {
      if (offset >= attempt.segments[k].begin && offset <= attempt.segments[k].end) return k;
    }
    return attempt.entry_segment;  // the hidden `let _repl_value =` belongs to the expression
  };
  auto map = [&](SourceSpan span) -> SourceSpan {
    if (!span.Valid() || span.file >= c.sources.size()) return span;
    if (span.file != 0) {
      auto [it, added] = file_of_library.emplace(span.file, 0);
      if (added) it->second = shown.Add(c.sources.Get(span.file).path(), c.sources.Get(span.file).text());
      return {it->second, span.begin, span.end};
    }
    size_t k = segment_at(span.begin);
    if (k == SIZE_MAX) return span;
    const Segment& s = attempt.segments[k];
    auto [it, added] = file_of_segment.emplace(k, 0);
    if (added) it->second = shown.Add(s.path, s.text);
    auto clamp = [&](uint32_t x) {
      return std::min<uint32_t>(x < s.begin ? 0 : x - s.begin, static_cast<uint32_t>(s.text.size()));
    };
    return {it->second, clamp(span.begin), std::max(clamp(span.begin), clamp(span.end))};
  };
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : c.sink.diagnostics()) {
    if (d.severity != Severity::kError) {
      if (errors_only || d.span.file != 0 || segment_at(d.span.begin) != attempt.entry_segment) continue;
    }
    Diagnostic m = d;
    // The hidden `let` is not what the user wrote: a hint about the form of a let misleads.
    if (attempt.entry_is_expression && m.help.find("let NAME") != std::string::npos) m.help.clear();
    m.span = map(d.span);
    for (DiagNote& n : m.notes) n.span = map(n.span);
    out.push_back(std::move(m));
  }
  return out.empty() ? "" : RenderText(out, shown, {options_.color, false});
}

Reply ReplSession::Submit(const std::string& entry) {
  if (IsDeclarations(entry)) return AddDefinitions("<repl>", entry);
  Reply reply;
  std::unique_ptr<driver::Compilation> c = CompileExpression(entry, &reply);
  if (!c) return reply;
  const ir::Program& program = *c->ir;
  ir::NodeId node = -1;
  for (const ir::Named& l : program.lets)
    if (l.name == kValueName) node = l.node;
  Bound bound;
  if (!Bind(program, &bound, &reply)) return reply;
  reply.out = lang::TypeName(program.nodes[node].type) + "\n" + ValueAnswer(program, bound, node, &reply);
  return reply;
}

Reply ReplSession::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {"", "seg repl: cannot read '" + path + "'\n", true};
  std::ostringstream text;
  text << in.rdbuf();
  return AddDefinitions(path, text.str());
}

Reply ReplSession::AddDefinitions(const std::string& path, const std::string& text) {
  Reply reply;
  std::vector<Definition> added;
  if (!SplitDeclarations(path, text, options_.color, &added, &reply.err)) {
    reply.error = true;
    return reply;
  }
  std::vector<Definition> kept;
  for (const Definition& d : definitions_) {
    if (std::none_of(added.begin(), added.end(), [&](const Definition& a) { return a.key == d.key; }))
      kept.push_back(d);
  }
  Attempt attempt = Compile(kept, text, path, false);
  reply.err = Render(attempt, false);
  if (!attempt.compilation->ok() || !attempt.compilation->ir) {
    reply.error = true;
    return reply;
  }
  // Kept until the answers are in: an entry whose evaluation is cancelled (Ctrl-C) is not added.
  std::vector<Definition> before = definitions_;
  std::unique_ptr<driver::Compilation> previous = std::move(current_);
  // A redefinition takes the place of the one it replaces, so :save keeps the user's order.
  for (Definition& d : added) {
    auto it = std::find_if(definitions_.begin(), definitions_.end(),
                           [&](const Definition& o) { return o.key == d.key; });
    if (it != definitions_.end()) *it = d;
    else definitions_.push_back(d);
  }
  current_ = std::move(attempt.compilation);
  const ir::Program& program = *current_->ir;
  Bound bound;
  bool eager = std::any_of(added.begin(), added.end(), [](const Definition& d) {
    return d.kind == ast::DeclKind::kLet || d.kind == ast::DeclKind::kTag || d.kind == ast::DeclKind::kSegments ||
           d.kind == ast::DeclKind::kScore;
  });
  bool bound_ok = Bind(program, &bound, &reply, eager);
  if (added.size() > 8 && path != "<repl>") {
    reply.out += "loaded " + std::to_string(added.size()) + " definitions from " + path + "\n";
    return reply;
  }
  interrupted_ = false;
  for (const Definition& d : added) {
    if (!bound_ok) bound.has_data = false;
    reply.out += Answer(program, bound, d, &reply);
    if (interrupted_) break;
  }
  if (interrupted_) {
    definitions_ = std::move(before);
    current_ = std::move(previous);
    return {"", "interrupted: the entry was not added\n", true};
  }
  return reply;
}

std::unique_ptr<driver::Compilation> ReplSession::CompileExpression(const std::string& expr, Reply* reply) const {
  Attempt attempt = Compile(definitions_, Trim(expr), "<repl>", true);
  reply->err += Render(attempt, false);
  if (!attempt.compilation->ok() || !attempt.compilation->ir) {
    reply->error = true;
    return nullptr;
  }
  return std::move(attempt.compilation);
}

bool ReplSession::Bind(const ir::Program& program, Bound* bound, Reply* reply, bool eager) {
  std::string signature = program.timezone;
  for (const Definition& d : definitions_) {
    if (d.kind == ast::DeclKind::kEntityInput || d.kind == ast::DeclKind::kEventInput) signature += "\x1f" + d.text;
  }
  std::vector<driver::InputBinding> bindings;
  for (const driver::InputBinding& b : options_.bindings) {
    for (const ir::InputSchema& in : program.inputs)
      if (in.name == b.name) bindings.push_back(b);
  }
  if (signature != data_signature_) {
    // Data loaded for other input declarations cannot serve this program.
    cache_.Reset(nullptr);
    loaded_.reset();
  }
  if (signature != data_signature_ && (eager || bindings.size() == options_.bindings.size())) {
    data_signature_ = signature;
    if (!bindings.empty()) {
      driver::LoadedData data = driver::LoadData(program, bindings, options_.load);
      if (!data.ok()) {
        reply->err += "seg repl: " + FlagWording(data.status) + "\n";
        reply->error = true;
      } else {
        if (!options_.quiet) reply->err += DescribeLoad(data);
        loaded_ = std::move(data);
        cache_.Reset(&loaded_->data);
      }
    }
  }
  std::vector<std::string> assignments;
  for (const auto& [name, value] : param_text_) {
    for (const ir::Param& p : program.params)
      if (p.name == name) assignments.push_back(name + "=" + value);
  }
  if (rt::Status status = driver::BindParams(program, assignments, options_.as_of, &bound->params); !status.ok()) {
    reply->err += "seg repl: " + FlagWording(status) + "\n";
    reply->error = true;
    return false;
  }
  bound->has_data = loaded_.has_value();
  return true;
}

exec::RunResult ReplSession::Evaluate(const ir::Program& program, const std::vector<lang::Value>& params,
                                      const std::vector<ir::NodeId>& roots, std::optional<size_t> explain,
                                      ir::Program* ran) {
  std::vector<uint64_t> hashes = HashNodes(program, params);
  SpecializedProgram plan = cache_.Specialize(program, hashes, roots, explain.has_value());
  exec::RunOptions run;
  run.threads = options_.threads;
  run.explain_customer = explain;
  for (ir::NodeId id : roots) {
    if (program.nodes[id].kind != ir::NodeKind::kClassify) run.keep.push_back(id);
  }
  run.keep.insert(run.keep.end(), plan.fresh.begin(), plan.fresh.end());
  driver::ExecuteOptions execute;
  execute.engine = options_.engine;
  execute.warn = false;  // :engine says what ran and why the JIT did not
  execute.use_disk_cache = options_.use_disk_cache;
  last_run_ = {};
  ++runs_;
  // The interpreter indexes every event of a morsel before it looks at any node; when every
  // aggregate comes from the cache, the answer needs no events, so they are set aside for the run.
  bool needs_events = std::any_of(plan.program.nodes.begin(), plan.program.nodes.end(), [](const ir::Node& n) {
    return n.kind == ir::NodeKind::kAggregate || n.level == ir::Level::kEvent;
  });
  std::vector<rt::EventData> parked;
  if (!needs_events) parked.swap(loaded_->data.events);
  run.cancel = options_.cancel;
  exec::RunResult result = driver::Execute(plan.program, loaded_->data, params, run, execute, &last_run_);
  if (!needs_events) parked.swap(loaded_->data.events);
  if (result.cancelled) {
    interrupted_ = true;
    return result;  // nothing to cache: the columns are not all computed
  }
  cache_.Store(plan, hashes, result);
  if (ran) *ran = std::move(plan.program);
  return result;
}

std::string ReplSession::ValueAnswer(const ir::Program& program, const Bound& bound, ir::NodeId node, Reply* reply) {
  const ir::Node& n = program.nodes[node];
  if (n.kind == ir::NodeKind::kConst)
    return "  = " + (n.constant.missing ? std::string("missing") : lang::FormatValue(n.constant)) + "\n";
  if (!bound.has_data) return "  (no data loaded: start seg repl with --input NAME=PATH for the declared inputs)\n";
  exec::RunResult result = Evaluate(program, bound.params, {node}, std::nullopt);
  if (!result.ok()) {
    reply->err += "seg repl: " + FlagWording(result.status) + "\n";
    reply->error = true;
    return "";
  }
  return Distribution(*result.nodes[node]);
}

std::string ReplSession::Answer(const ir::Program& program, const Bound& bound, const Definition& d, Reply* reply) {
  std::string head = std::string(KindWord(d.kind)) + " " + d.name;
  auto named = [&](const std::vector<ir::Named>& list) {
    for (const ir::Named& x : list)
      if (x.name == d.name) return x.node;
    return ir::NodeId{-1};
  };
  switch (d.kind) {
    case ast::DeclKind::kLet:
    case ast::DeclKind::kScore: {
      ir::NodeId node = named(d.kind == ast::DeclKind::kLet ? program.lets : program.scores);
      if (node < 0) return head + "\n";
      return head + ": " + lang::TypeName(program.nodes[node].type) + "\n" + ValueAnswer(program, bound, node, reply);
    }
    case ast::DeclKind::kTag: {
      ir::NodeId node = named(program.tags);
      if (node < 0 || !bound.has_data) return head + ": bool\n";
      exec::RunResult result = Evaluate(program, bound.params, {node}, std::nullopt);
      if (!result.ok()) {
        reply->err += "seg repl: " + FlagWording(result.status) + "\n";
        reply->error = true;
        return head + "\n";
      }
      return head + ": bool\n" + TagCounts(*result.nodes[node], loaded_->data);
    }
    case ast::DeclKind::kSegments: {
      for (size_t c = 0; c < program.classifications.size(); ++c) {
        const ir::Classification& cls = program.classifications[c];
        if (cls.name != d.name) continue;
        head += ": " + std::to_string(cls.buckets.size()) + " buckets\n";
        if (!bound.has_data) return head;
        exec::RunResult result = Evaluate(program, bound.params, {cls.node}, std::nullopt);
        if (!result.ok()) {
          reply->err += "seg repl: " + FlagWording(result.status) + "\n";
          reply->error = true;
          return head;
        }
        return head + BucketCounts(cls, result.buckets[c], loaded_->data);
      }
      return head + "\n";
    }
    case ast::DeclKind::kParam:
      for (size_t p = 0; p < program.params.size(); ++p) {
        if (program.params[p].name != d.name) continue;
        return head + ": " + lang::TypeName(program.params[p].type) + " = " + lang::FormatValue(bound.params.at(p)) +
               "\n";
      }
      return head + "\n";
    case ast::DeclKind::kEntityInput:
    case ast::DeclKind::kEventInput: {
      if (!loaded_) {
        for (const driver::InputBinding& b : options_.bindings) {
          if (b.name == d.name)
            return head + ": " + rt::pg::RedactPasswords(b.path) + ", read once the other --input names are declared\n";
        }
        return head + ": no data bound (start with --input " + d.name + "=PATH)\n";
      }
      const rt::Dataset& data = loaded_->data;
      for (size_t k = 0; k < program.inputs.size(); ++k) {
        if (program.inputs[k].name != d.name) continue;
        size_t rows = static_cast<int32_t>(k) == program.entity_input ? data.num_customers()
                                                                      : data.events[k].table.num_rows();
        return head + ": " + std::to_string(rows) + (program.inputs[k].is_event ? " events" : " customers") + "\n";
      }
      return head + "\n";
    }
    case ast::DeclKind::kEvents:
      for (const sema::EventSetSymbol& s : current_->program->event_sets) {
        if (s.name == d.name && s.input >= 0)
          return head + ": events of " + current_->program->inputs[s.input].name + "\n";
      }
      return head + "\n";
    default: return head + "\n";
  }
}

}  // namespace seg::cli
