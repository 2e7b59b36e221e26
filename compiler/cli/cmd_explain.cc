// `seg explain`: one customer's metrics and tags, and for each classification the rules tried in
// order, with why the earlier ones did not match ("r = 3, needs >= 4").
#include <cstdio>
#include <map>

#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/run_context.h"
#include "compiler/exec/result.h"
#include "compiler/exec/run_options.h"
#include "runtime/customer_key.h"

namespace seg::cli {

namespace {

const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};

class Explainer {
 public:
  Explainer(const ir::Program& p, const exec::ExplainRecord& record) : p_(p), values_(record.values) {
    for (const ir::Named& l : p.lets) names_.emplace(l.node, l.name);
    for (const ir::Named& t : p.tags) names_.emplace(t.node, t.name);
    for (const ir::Named& s : p.scores) names_.emplace(s.node, s.name);
  }

  std::string Value(ir::NodeId id) const {
    const ir::Node& n = p_.nodes[id];
    if (n.kind == ir::NodeKind::kConst) return n.constant.missing ? "missing" : lang::FormatValue(n.constant);
    const std::string& v = values_[id];
    if (v.empty()) return "missing";
    return n.type.IsTextLike() ? "\"" + v + "\"" : v;
  }
  bool True(ir::NodeId id) const { return values_[id] == "true"; }
  std::string Name(ir::NodeId id) const {
    auto it = names_.find(id);
    if (it != names_.end()) return it->second;
    const ir::Node& n = p_.nodes[id];
    if (n.kind == ir::NodeKind::kParam) return p_.params[n.symbol].name;
    if (n.kind == ir::NodeKind::kColumn) return p_.inputs[p_.entity_input].columns[n.symbol].name;
    if (n.kind == ir::NodeKind::kAggregate)
      return std::string(lang::AggFuncName(n.aggregate.func)) + "(" + p_.inputs[n.input].name + " ...)";
    if (n.kind == ir::NodeKind::kBucketLabel) return p_.classifications[p_.nodes[n.args[0]].symbol].name;
    if (n.kind == ir::NodeKind::kSequence)
      return std::string(lang::SequenceFunctionName(n.sequence.measure)) + "(" +
             p_.inputs[p_.nodes[n.args[0]].input].name + " then ...)";
    return "";
  }

  // Why a condition is false, in the rule's own terms.
  std::string WhyFalse(ir::NodeId id) const {
    const ir::Node& n = p_.nodes[id];
    std::string name = Name(id);
    if (!name.empty() && n.kind != ir::NodeKind::kCompare && n.kind != ir::NodeKind::kAnd &&
        n.kind != ir::NodeKind::kOr)
      return name + " is false";
    switch (n.kind) {
      case ir::NodeKind::kAnd: {
        std::string out;
        for (ir::NodeId a : n.args) {
          if (True(a)) continue;
          out += (out.empty() ? "" : "; ") + WhyFalse(a);
        }
        return out;
      }
      case ir::NodeKind::kOr: return "neither (" + WhyFalse(n.args[0]) + ") nor (" + WhyFalse(n.args[1]) + ")";
      case ir::NodeKind::kCompare: {
        std::string lhs = Name(n.args[0]), rhs_name = Name(n.args[1]);
        std::string rhs = p_.nodes[n.args[1]].kind == ir::NodeKind::kConst ? Value(n.args[1])
                          : rhs_name.empty()                               ? Value(n.args[1])
                                                                           : rhs_name + " (" + Value(n.args[1]) + ")";
        return (lhs.empty() ? "the value" : lhs) + " = " + Value(n.args[0]) + ", needs " +
               kOps[static_cast<int>(n.compare_op())] + " " + rhs;
      }
      case ir::NodeKind::kInBucket: {
        const ir::Classification& c = p_.classifications[p_.nodes[n.args[0]].symbol];
        return "not in " + c.name + ".\"" + c.buckets[n.bucket_index()] + "\"";
      }
      case ir::NodeKind::kNot: return "the negated condition holds";
      case ir::NodeKind::kIn: {
        const ir::Node& hay = p_.nodes[n.args[1]];
        std::string needle = Name(n.args[0]).empty() ? Value(n.args[0]) : Name(n.args[0]) + " = " + Value(n.args[0]);
        std::string where = hay.kind == ir::NodeKind::kConst ? lang::FormatValue(hay.constant) : Name(n.args[1]);
        return needle + (n.negated() ? " is in " : " is not in ") + where;
      }
      case ir::NodeKind::kWithin:
        return (Name(n.args[0]).empty() ? "the date" : Name(n.args[0])) + " = " + Value(n.args[0]) +
               ", outside the window";
      case ir::NodeKind::kIsMissing:
        return (Name(n.args[0]).empty() ? "the value" : Name(n.args[0])) + " = " + Value(n.args[0]);
      default: return "the condition is false";
    }
  }

 private:
  const ir::Program& p_;
  const std::vector<std::string>& values_;
  std::map<ir::NodeId, std::string> names_;
};

}  // namespace

std::string ExplainText(const ir::Program& program, const exec::RunResult& result, size_t row, const std::string& key,
                        const lang::Value& as_of) {
  Explainer why(program, *result.explain);
  std::string out = "customer " + key + " (as_of " + lang::FormatValue(as_of) + ")\n";
  if (!program.lets.empty()) out += "metrics\n";
  for (const ir::Named& l : program.lets) out += "  " + l.name + " = " + why.Value(l.node) + "\n";
  if (!program.scores.empty()) out += "scores\n";
  for (const ir::Named& s : program.scores) out += "  " + s.name + " = " + why.Value(s.node) + "\n";
  if (!program.tags.empty()) out += "tags\n";
  for (const ir::Named& t : program.tags) {
    bool on = why.True(t.node);
    out += "  " + t.name + ": " + (on ? "yes" : "no");
    if (!on) out += " (" + why.WhyFalse(t.node) + ")";
    out += "\n";
  }
  for (size_t c = 0; c < program.classifications.size(); ++c) {
    const ir::Classification& cls = program.classifications[c];
    int32_t bucket = result.buckets[c][row];
    out += "segments " + cls.name + ": " + (bucket < 0 ? "no bucket" : "\"" + cls.buckets[bucket] + "\"") + "\n";
    if (cls.parent >= 0) {
      const ir::Classification& parent = program.classifications[cls.parent];
      int32_t pb = result.buckets[cls.parent][row];
      if (pb != cls.parent_bucket) {
        out += "  only refines " + parent.name + ".\"" + parent.buckets[cls.parent_bucket] +
               "\"; this customer is in " + (pb < 0 ? "no bucket" : "\"" + parent.buckets[pb] + "\"") + "\n";
        continue;
      }
    }
    for (const ir::Rule& r : cls.rules) {
      bool matched = why.True(r.condition);
      out += "  " + std::string(matched ? "matched  " : "no       ") + "\"" + r.label + "\"";
      if (!matched) out += ": " + why.WhyFalse(r.condition);
      out += "\n";
      if (matched) break;
    }
    if (bucket >= 0 && bucket == cls.else_bucket) {
      bool any = false;
      for (const ir::Rule& r : cls.rules) any |= why.True(r.condition);
      if (!any) out += "  else     \"" + cls.buckets[bucket] + "\"\n";
    }
  }
  return out;
}

int RunExplain(const Args& args) {
  std::optional<std::string> customer = args.Get("customer");
  if (!customer) {
    std::fprintf(stderr, "seg explain: --customer ID is required\n");
    return 2;
  }
  RunContext context;
  context.columns = driver::ColumnsToLoad::kRead;  // as `seg run` loads, so both see the same rows
  if (int status = PrepareRun(args, "explain", &context); status != 0) return status;
  const ir::Program& program = *context.compilation->ir;
  const rt::Dataset& data = context.loaded.data;
  const rt::Column& keys = data.customers.column(data.key_column);
  std::optional<size_t> row = rt::FindCustomerRow(keys, *customer);
  if (!row) {
    std::fprintf(stderr, "seg explain: no customer \"%s\" in the data\n", customer->c_str());
    return 1;
  }
  exec::RunOptions options;
  options.threads = context.threads;
  options.explain_customer = *row;
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, "explain", &execute)) return 2;
  driver::ExecuteReport report;
  exec::RunResult result = driver::Execute(program, data, context.params, options, execute, &report);
  if (args.Has("verbose")) std::fprintf(stderr, "seg explain: %s\n", report.Describe().c_str());
  if (!result.ok()) {
    std::fprintf(stderr, "seg explain: %s\n", FlagWording(result.status).c_str());
    return 1;
  }
  std::fputs(
      ExplainText(program, result, *row, rt::CustomerKeyText(keys, *row), context.params[program.as_of_param]).c_str(),
      stdout);
  return 0;
}

}  // namespace seg::cli
