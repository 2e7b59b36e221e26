#include "compiler/sema/typed_printer.h"

#include <charconv>
#include <cstdio>

#include "compiler/sema/builtins.h"
#include "runtime/civil_time.h"
#include "runtime/money.h"

namespace seg::sema {

namespace {

const char* kArith[] = {"+", "-", "*", "/", "%"};
const char* kCompare[] = {"==", "!=", "<", "<=", ">", ">="};

}  // namespace

std::string PrintWindow(const Program& program, const WindowSpec& w) {
  bool between = w.kind == lang::WindowKind::kBetween;
  return WindowPhrase(w.kind, w.count, w.count_to, w.unit, between ? PrintTExpr(program, *w.from) : "",
                      between ? PrintTExpr(program, *w.to) : "");
}

std::string PrintTExpr(const Program& program, const TExpr& e, int32_t events) {
  auto arg = [&](size_t i) { return PrintTExpr(program, *e.args[i], events); };
  std::string body;
  switch (e.kind) {
    case TExprKind::kConst: body = FormatValue(e.constant); break;
    case TExprKind::kParam: body = "param " + program.params[e.symbol].name; break;
    case TExprKind::kColumn: body = program.inputs[program.entity_input].columns[e.symbol].name; break;
    case TExprKind::kEventColumn:
      if (e.symbol < 0) body = "events " + program.event_sets[e.type.events].name;
      else
        body = (events >= 0 ? program.event_sets[events].name + "." : std::string("event.")) +
               (events >= 0 ? program.event_sets[events].columns[e.symbol].name : std::to_string(e.symbol));
      break;
    case TExprKind::kLetRef: body = program.lets[e.symbol].name; break;
    case TExprKind::kTagRef: body = "tag " + program.tags[e.symbol].name; break;
    case TExprKind::kScoreRef: body = "score " + program.scores[e.symbol].name; break;
    case TExprKind::kClassLabel: body = "bucket of " + program.classifications[e.symbol].name; break;
    case TExprKind::kInBucket: body = program.classifications[e.symbol].name + ".\"" + e.label + "\""; break;
    case TExprKind::kNegate: body = "-(" + arg(0) + ")"; break;
    case TExprKind::kNot: body = "not (" + arg(0) + ")"; break;
    case TExprKind::kArith: body = "(" + arg(0) + " " + kArith[e.op] + " " + arg(1) + ")"; break;
    case TExprKind::kCompare: body = "(" + arg(0) + " " + kCompare[e.op] + " " + arg(1) + ")"; break;
    case TExprKind::kAnd: body = "(" + arg(0) + " and " + arg(1) + ")"; break;
    case TExprKind::kOr: body = "(" + arg(0) + " or " + arg(1) + ")"; break;
    case TExprKind::kDefault: body = "(" + arg(0) + " ?? " + arg(1) + ")"; break;
    case TExprKind::kIn: body = "(" + arg(0) + (e.op ? " not in " : " in ") + arg(1) + ")"; break;
    case TExprKind::kLike: body = "(" + arg(0) + (e.op ? " not like " : " like ") + arg(1) + ")"; break;
    case TExprKind::kIsMissing: body = "(" + arg(0) + (e.op ? " is not missing)" : " is missing)"); break;
    case TExprKind::kIf: body = "(if " + arg(0) + " then " + arg(1) + " else " + arg(2) + ")"; break;
    case TExprKind::kConvert: body = TypeName(e.type) + "(" + arg(0) + ")"; break;
    case TExprKind::kCall: {
      body = std::string(InfoOf(static_cast<Builtin>(e.op)).name) + "(";
      for (size_t i = 0; i < e.args.size(); ++i) body += (i ? ", " : "") + arg(i);
      body += ")";
      break;
    }
    case TExprKind::kAggregate: {
      const AggregateSpec& a = *e.aggregate;
      body = std::string(AggFuncName(a.func)) + "(" +
             (a.value ? PrintTExpr(program, *a.value, a.events) : program.event_sets[a.events].name);
      if (a.filter) body += " where " + PrintTExpr(program, *a.filter, a.events);
      if (a.window) body += " during " + PrintWindow(program, *a.window);
      if (a.func == AggFunc::kPercentile) {
        char fraction[32];
        std::snprintf(fraction, sizeof fraction, "%.15g", a.fraction);
        body += std::string(", ") + fraction;
      }
      body += ")";
      break;
    }
    case TExprKind::kPopulation: {
      const PopulationSpec& p = *e.population;
      if (IsModelFit(p.func)) {
        body = std::string(ModelFitName(p.func)) + "(";
        size_t values = p.func == PopFunc::kFittedClv ? 4 : e.args.size();
        for (size_t i = 0; i < values; ++i) body += (i ? ", " : "") + arg(i);
        if (p.horizon_days > 0) body += ", " + FormatValue(Value::Float(p.horizon_days)) + " days";
        if (p.func == PopFunc::kFittedClv) {
          body += ", margin: " + arg(4) + ", discount: " + arg(5) +
                  ", step: " + FormatValue(Value::Float(p.step_days)) + " days";
        }
        if (p.func != PopFunc::kExpectedSpend) body += p.period_days == 7 ? ", weeks" : ", days";
        body += ")";
        break;
      }
      if (p.func == PopFunc::kPercentRank) body = "percent_rank(" + arg(0);
      else if (p.func == PopFunc::kCumulativeShare) body = "cumulative_share(" + arg(0);
      else
        body = "quantile_bin(" + arg(0) + ", bins: " + std::to_string(p.bins) + ", method: " + BinMethodName(p.method);
      body += p.descending ? ", descending)" : ")";
      break;
    }
    case TExprKind::kWithin: body = "(" + arg(0) + " within " + PrintWindow(program, *e.window) + ")"; break;
    case TExprKind::kSequence: {
      // Each step as its count(...) without the name: sequence(views where ... then not paid within 3 days).
      const SequenceSpec& s = *e.sequence;
      body = std::string(lang::SequenceFunctionName(s.measure)) + "(";
      size_t limit = s.steps;
      for (size_t i = 0; i < s.steps; ++i) {
        std::string step = PrintTExpr(program, *e.args[i]);
        step = step.substr(step.find('(') + 1);
        step = step.substr(0, step.rfind(')'));
        if (i > 0) body += i + 1 == s.steps && s.last_negated ? " then not " : " then ";
        body += step;
        if (i > 0 && s.has_limit[i - 1]) body += " within " + arg(limit++);
      }
      body += ")";
      break;
    }
  }
  return body + "~" + TypeName(e.type);
}

std::string DumpTyped(const Program& p) {
  std::string out = "timezone \"" + p.timezone + "\"\n";
  for (const InputSymbol& in : p.inputs) {
    out += "input " + in.name + (in.is_event ? " (events)" : " (customers)") + "\n";
    for (size_t i = 0; i < in.columns.size(); ++i) {
      out += "  " + in.columns[i].name + ": " + TypeName(in.columns[i].type);
      if (static_cast<int32_t>(i) == in.key_column) out += in.is_event ? "  [customer]" : "  [key]";
      if (static_cast<int32_t>(i) == in.time_column) out += "  [time]";
      out += "\n";
    }
  }
  for (size_t s = 0; s < p.event_sets.size(); ++s) {
    const EventSetSymbol& set = p.event_sets[s];
    out += "events " + set.name + (set.input >= 0 ? " of input " + p.inputs[set.input].name : " (needed)") + "\n";
    if (set.input < 0) {  // a stand-in for a `needs` no declaration met: its columns are all there is
      for (const ColumnSymbol& c : set.columns) out += "  " + c.name + ": " + TypeName(c.type) + "\n";
    }
    for (const TExprPtr& f : set.filters) out += "  where " + PrintTExpr(p, *f, static_cast<int32_t>(s)) + "\n";
    for (const ColumnSymbol& c : set.columns) {
      if (c.definition) out += "  " + c.name + " = " + PrintTExpr(p, *c.definition, static_cast<int32_t>(s)) + "\n";
    }
  }
  for (const ParamSymbol& param : p.params) {
    out += "param " + param.name + ": " + TypeName(param.type);
    if (param.default_value) out += " = " + FormatValue(*param.default_value);
    if (param.implicit) out += "  [implicit]";
    out += "\n";
  }
  for (const LetSymbol& let : p.lets) out += "let " + let.name + " = " + PrintTExpr(p, *let.value) + "\n";
  for (const TagSymbol& tag : p.tags) out += "tag " + tag.name + " when " + PrintTExpr(p, *tag.condition) + "\n";
  for (const ClassificationSymbol& c : p.classifications) {
    out += "segments " + c.name;
    if (c.parent >= 0) out += " within " + p.classifications[c.parent].name + ".\"" + c.parent_bucket + "\"";
    out += "\n";
    for (const RuleSymbol& r : c.rules) out += "  \"" + r.label + "\" when " + PrintTExpr(p, *r.condition) + "\n";
    if (c.else_label) out += "  else \"" + *c.else_label + "\"\n";
  }
  for (const ScoreSymbol& s : p.scores) out += "score " + s.name + " = " + PrintTExpr(p, *s.value) + "\n";
  for (const TestSymbol& t : p.tests) {
    out += "test \"" + t.title + "\": " + std::to_string(t.rows.size()) + " given rows, " +
           std::to_string(t.expectations.size()) + " expectations\n";
  }
  return out;
}

}  // namespace seg::sema
