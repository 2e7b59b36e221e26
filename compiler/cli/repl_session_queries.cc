// The session's answers to :commands: types, samples, explanations, params, saving.
#include <set>

#include "compiler/ast/ast_printer.h"
#include "compiler/base/diagnostic_renderer.h"
#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/repl_render.h"
#include "compiler/cli/repl_session.h"
#include "compiler/driver/params.h"
#include "compiler/parse/parser.h"
#include "runtime/atomic_file.h"
#include "runtime/customer_key.h"

namespace seg::cli {

namespace {

constexpr size_t kSampleRows = 10;

ir::NodeId ValueNode(const ir::Program& program) {
  for (const ir::Named& l : program.lets)
    if (l.name == "_repl_value") return l.node;
  return -1;
}

}  // namespace

Reply ReplSession::TypeOf(const std::string& expr) {
  Reply reply;
  std::unique_ptr<driver::Compilation> c = CompileExpression(expr, &reply);
  if (c) reply.out = lang::TypeName(c->ir->nodes[ValueNode(*c->ir)].type) + "\n";
  return reply;
}

Reply ReplSession::Sample(const std::string& expr) {
  Reply reply;
  std::unique_ptr<driver::Compilation> c = CompileExpression(expr, &reply);
  if (!c) return reply;
  const ir::Program& program = *c->ir;
  ir::NodeId node = ValueNode(program);
  if (!program.nodes[node].type.Is(lang::TypeKind::kBool)) {
    return {"",
            ":sample takes a condition, e.g. :sample value.\"Champions\" or a tag's name; this is " +
                lang::ATypeName(program.nodes[node].type) + "\n",
            true};
  }
  Bound bound;
  if (!Bind(program, &bound, &reply)) return reply;
  if (!bound.has_data)
    return {"", "no data loaded: start seg repl with --input NAME=PATH for the declared inputs\n", true};
  exec::RunResult result = Evaluate(program, bound.params, {node}, std::nullopt);
  if (!result.ok()) return {"", "seg repl: " + FlagWording(result.status) + "\n", true};
  const exec::ResultColumn& column = *result.nodes[node];
  std::vector<size_t> rows;
  for (size_t r = 0; r < column.size(); ++r) {
    if (column.Holds(r)) rows.push_back(r);
  }
  reply.out = std::to_string(rows.size()) + " customers" + Share(rows.size(), column.size()) + "\n";
  for (size_t row : SpreadSample(rows, kSampleRows)) reply.out += "  " + KeyOf(row) + "\n";
  return reply;
}

std::string ReplSession::KeyOf(size_t row) const { return KeyText(loaded_->data, row); }

Reply ReplSession::Explain(const std::string& key) {
  Reply reply;
  if (!current_) return {"", "nothing to explain yet: define some rules first\n", true};
  const ir::Program& program = *current_->ir;
  Bound bound;
  if (!Bind(program, &bound, &reply)) return reply;
  if (!bound.has_data)
    return {"", "no data loaded: start seg repl with --input NAME=PATH for the declared inputs\n", true};
  const rt::Dataset& data = loaded_->data;
  std::optional<size_t> row = rt::FindCustomerRow(data.customers.column(data.key_column), key);
  if (!row) return {"", "no customer \"" + key + "\" in the data\n", true};
  std::vector<ir::NodeId> roots;
  for (const auto* list : {&program.lets, &program.tags, &program.scores}) {
    for (const ir::Named& n : *list) roots.push_back(n.node);
  }
  for (const ir::Classification& c : program.classifications) roots.push_back(c.node);
  ir::Program ran;
  exec::RunResult result = Evaluate(program, bound.params, roots, row, &ran);
  if (!result.ok()) return {"", "seg repl: " + FlagWording(result.status) + "\n", true};
  reply.out = ExplainText(ran, result, *row, KeyText(data, *row), bound.params[program.as_of_param]);
  return reply;
}

Reply ReplSession::Set(const std::string& name, const std::string& value) {
  if (name.empty()) {
    std::string out = "as_of = " + options_.as_of + "\n";
    for (const auto& [n, v] : param_text_) out += n + " = " + v + "\n";
    return {out, "", false};
  }
  if (name == "as_of") {
    rt::Result<lang::Value> parsed = driver::ParseParamValue(lang::Type::Of(lang::TypeKind::kDate), value);
    if (!parsed.ok()) return {"", "as_of: " + parsed.message() + "\n", true};
    options_.as_of = value;
    return {"as_of = " + lang::FormatValue(*parsed) + "\n", "", false};
  }
  if (!current_) return {"", "there is no param '" + name + "' (declare it with `param " + name + ": TYPE`)\n", true};
  for (const ir::Param& p : current_->ir->params) {
    if (p.name != name) continue;
    // Shown as it will be bound: a timestamp without an offset is local time in the program's zone.
    rt::Result<lang::Value> parsed = driver::ParseParamValue(p.type, value, current_->ir->zone);
    if (!parsed.ok()) return {"", name + ": " + parsed.message() + "\n", true};
    param_text_[name] = value;
    return {name + " = " + lang::FormatValue(*parsed) + "\n", "", false};
  }
  return {"", "there is no param '" + name + "' (declare it with `param " + name + ": TYPE`)\n", true};
}

Reply ReplSession::Save(const std::string& path) const {
  std::string text;
  for (const Definition& d : definitions_) text += d.text + "\n\n";
  SourceSet sources;
  uint32_t file = sources.Add(path, text);
  DiagnosticSink sink;
  parse::ParseResult parsed = parse::Parse(sources, file, sink);
  if (sink.HasErrors() || !parsed.module)
    return {"", RenderText(sink.diagnostics(), sources, {options_.color, false}), true};
  // Saving over the session's own rule file is what :save is for; over a data file never.
  rt::OutputOptions safety;
  for (const driver::InputBinding& b : options_.bindings) safety.inputs.push_back(b.path);
  rt::Result<rt::OutputFile> out = rt::OutputFile::Open(path, safety);
  if (!out.ok()) return {"", "cannot write " + path + ": " + out.message() + "\n", true};
  if (!out->Write(ast::FormatModule(*parsed.module)) || !out->Commit())
    return {"", "cannot write " + path + ": " + out->error() + "\n", true};
  return {"saved " + std::to_string(definitions_.size()) + " definitions to " + path + "\n", "", false};
}

Reply ReplSession::ShowDefinitions() const {
  std::string out;
  for (const Definition& d : definitions_) out += d.text + "\n";
  return {out.empty() ? "no definitions yet\n" : out, "", false};
}

Reply ReplSession::Cache() const {
  std::string out = "data: " +
                    (loaded_ ? std::to_string(loaded_->data.num_customers()) + " customers"
                             : std::string("none loaded")) +
                    "\n";
  out += "cached columns: " + std::to_string(cache_.columns()) +
         " (aggregates, population ranks, lets, tags, scores)\n";
  out += "reused so far: " + std::to_string(cache_.hits()) + " nodes\n";
  return {out, "", false};
}

Reply ReplSession::Engine(const std::string& choice) {
  static const char* kNames[] = {"auto", "interp", "jit"};
  if (!choice.empty() && !driver::ParseEngine(choice, &options_.engine))
    return {"", ":engine takes interp, jit or auto\n", true};
  std::string out = std::string("engine: ") + kNames[static_cast<int>(options_.engine)] + "\n";
  if (choice.empty()) out += "last answer: " + last_run_.Describe() + "\n";
  return {out, "", false};
}

std::vector<std::string> ReplSession::Names() const {
  std::set<std::string> names;
  for (const Definition& d : definitions_)
    if (!d.name.empty() && d.kind != ast::DeclKind::kTest) names.insert(d.name);
  if (current_ && current_->program) {
    const sema::Program& p = *current_->program;
    for (const sema::LetSymbol& l : p.lets) names.insert(l.name);
    for (const sema::TagSymbol& t : p.tags) names.insert(t.name);
    for (const sema::ScoreSymbol& s : p.scores) names.insert(s.name);
    for (const sema::ParamSymbol& s : p.params) names.insert(s.name);
    for (const sema::ClassificationSymbol& c : p.classifications) names.insert(c.name);
    for (const sema::EventSetSymbol& e : p.event_sets) {
      names.insert(e.name);
      for (const sema::ColumnSymbol& c : e.columns) names.insert(e.name + "." + c.name);
    }
    for (size_t k = 0; k < p.inputs.size(); ++k) {
      for (const sema::ColumnSymbol& c : p.inputs[k].columns) {
        names.insert(p.inputs[k].name + "." + c.name);
        if (static_cast<int32_t>(k) == p.entity_input) names.insert(c.name);
      }
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace seg::cli
