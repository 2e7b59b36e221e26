#include <cstdio>

#include "compiler/ir/ir.h"
#include "compiler/lang/functions.h"

namespace seg::ir {

namespace {

const char* KindName(NodeKind k) {
  switch (k) {
    case NodeKind::kConst: return "const";
    case NodeKind::kParam: return "param";
    case NodeKind::kColumn: return "column";
    case NodeKind::kEventColumn: return "event_column";
    case NodeKind::kEventDay: return "event_day";
    case NodeKind::kAggregate: return "aggregate";
    case NodeKind::kPopulation: return "population";
    case NodeKind::kNegate: return "negate";
    case NodeKind::kNot: return "not";
    case NodeKind::kArith: return "arith";
    case NodeKind::kCompare: return "compare";
    case NodeKind::kAnd: return "and";
    case NodeKind::kOr: return "or";
    case NodeKind::kDefault: return "default";
    case NodeKind::kIn: return "in";
    case NodeKind::kLike: return "like";
    case NodeKind::kIsMissing: return "is_missing";
    case NodeKind::kIf: return "if";
    case NodeKind::kConvert: return "convert";
    case NodeKind::kCall: return "call";
    case NodeKind::kWithin: return "within";
    case NodeKind::kClassify: return "classify";
    case NodeKind::kInBucket: return "in_bucket";
    case NodeKind::kBucketLabel: return "bucket_label";
    case NodeKind::kSequence: return "sequence";
  }
  return "?";
}

const char* kArith[] = {"add", "sub", "mul", "div", "mod"};
const char* kCompare[] = {"eq", "ne", "lt", "le", "gt", "ge"};

std::string Ref(NodeId id) { return "%" + std::to_string(id); }

std::string WindowText(const Window& w) {
  return lang::WindowPhrase(w.kind, w.count, w.count_to, w.unit, Ref(w.from), Ref(w.to));
}

std::string NodeText(const Program& p, NodeId id) {
  const Node& n = p.nodes[id];
  std::string out = Ref(id) + " = " + KindName(n.kind);
  switch (n.kind) {
    case NodeKind::kConst: out += " " + lang::FormatValue(n.constant); break;
    case NodeKind::kParam: out += " " + p.params[n.symbol].name; break;
    case NodeKind::kColumn:
      out += " " + p.inputs[p.entity_input].name + "." + p.inputs[p.entity_input].columns[n.symbol].name;
      break;
    case NodeKind::kEventColumn:
      out += " " + p.inputs[n.input].name + "." + p.inputs[n.input].columns[n.symbol].name;
      break;
    case NodeKind::kEventDay: out += " " + p.inputs[n.input].name; break;
    case NodeKind::kArith: out += std::string(" ") + kArith[static_cast<int>(n.arith_op())]; break;
    case NodeKind::kCompare: out += std::string(" ") + kCompare[static_cast<int>(n.compare_op())]; break;
    case NodeKind::kCall: out += " " + std::string(lang::InfoOf(n.builtin()).name); break;
    case NodeKind::kIn:
    case NodeKind::kLike:
    case NodeKind::kIsMissing:
      if (n.negated()) out += " negated";
      break;
    case NodeKind::kAggregate: {
      out += " " + std::string(lang::AggFuncName(n.aggregate.func)) + " over " + p.inputs[n.input].name;
      if (n.aggregate.value >= 0) out += " value " + Ref(n.aggregate.value);
      if (n.aggregate.func == lang::AggFunc::kPercentile) {
        // Exactly: the printed IR is the JIT cache's key, so two fractions must never print alike.
        char fraction[32];
        std::snprintf(fraction, sizeof fraction, "%.17g", n.aggregate.fraction);
        out += std::string(" at ") + fraction;
      }
      if (n.aggregate.filter >= 0) out += " where " + Ref(n.aggregate.filter);
      if (n.aggregate.window) out += " during " + WindowText(*n.aggregate.window);
      if (n.aggregate.min_stage > 0) out += " from stage " + std::to_string(n.aggregate.min_stage);
      break;
    }
    case NodeKind::kPopulation:
      if (lang::IsModelFit(n.population.func)) out += std::string(" ") + lang::ModelFitName(n.population.func);
      else if (n.population.func == lang::PopFunc::kPercentRank) out += " percent_rank";
      else if (n.population.func == lang::PopFunc::kCumulativeShare) out += " cumulative_share";
      else
        out += " quantile_bin bins " + std::to_string(n.population.bins) + " method " +
               lang::BinMethodName(n.population.method);
      if (n.population.descending) out += " descending";
      if (lang::IsModelFit(n.population.func)) out += " period " + std::to_string(n.population.period_days) + "d";
      if (n.population.horizon_days > 0) out += " horizon " + std::to_string(n.population.horizon_days) + "d";
      if (n.population.step_days > 0) out += " step " + std::to_string(n.population.step_days) + "d";
      break;
    case NodeKind::kWithin: out += " " + WindowText(*n.window); break;
    case NodeKind::kSequence:
      // The limits by step (`-` for none); the args list the steps, then the limits again.
      out += std::string(" ") + lang::SequenceFunctionName(n.sequence.measure) + " limits";
      for (NodeId limit : n.sequence.limits) out += " " + (limit >= 0 ? Ref(limit) : std::string("-"));
      if (n.sequence.last_negated) out += " last_negated";
      out += " steps";
      break;
    case NodeKind::kClassify: out += " " + p.classifications[n.symbol].name; break;
    case NodeKind::kInBucket:
      out += " \"" + p.classifications[p.nodes[n.args[0]].symbol].buckets[n.bucket_index()] + "\"";
      break;
    default: break;
  }
  for (NodeId a : n.args) out += " " + Ref(a);
  out += " : " + lang::TypeName(n.type);
  if (n.level == Level::kEvent) out += " per event of " + p.inputs[n.input].name;
  return out;
}

}  // namespace

std::string Print(const Program& p) {
  std::string out = "ir timezone \"" + p.timezone + "\", " + std::to_string(p.nodes.size()) + " nodes, " +
                    std::to_string(p.stage_count) + " stage" + (p.stage_count == 1 ? "" : "s") + "\n";
  out += "constants and params:\n";
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    if (p.nodes[i].level == Level::kConstant) out += "  " + NodeText(p, static_cast<NodeId>(i)) + "\n";
  }
  for (int32_t stage = 0; stage < p.stage_count; ++stage) {
    std::string events, population, customer;
    for (size_t i = 0; i < p.nodes.size(); ++i) {
      const Node& n = p.nodes[i];
      if (n.stage != stage || n.level == Level::kConstant) continue;
      std::string line = "  " + NodeText(p, static_cast<NodeId>(i)) + "\n";
      if (n.level == Level::kEvent || n.kind == NodeKind::kAggregate) events += line;
      else if (n.kind == NodeKind::kPopulation) population += line;
      else customer += line;
    }
    std::string prefix = "stage " + std::to_string(stage) + ", ";
    if (!population.empty()) out += prefix + "population statistics (over all customers):\n" + population;
    if (!events.empty()) out += prefix + "aggregates over each customer's events (one pass per input):\n" + events;
    if (!customer.empty()) out += prefix + "per-customer predicates and values:\n" + customer;
  }
  out += "outputs:\n";
  for (const Named& l : p.lets) out += "  let " + l.name + " = " + Ref(l.node) + "\n";
  for (const Named& t : p.tags) out += "  tag " + t.name + " = " + Ref(t.node) + "\n";
  for (const Named& s : p.scores) out += "  score " + s.name + " = " + Ref(s.node) + "\n";
  for (const Classification& c : p.classifications) {
    out += "  segments " + c.name + " = " + Ref(c.node);
    if (c.parent >= 0)
      out += " within " + p.classifications[c.parent].name + ".\"" +
             p.classifications[c.parent].buckets[c.parent_bucket] + "\"";
    out += "\n";
    for (const Rule& r : c.rules) out += "    \"" + r.label + "\" when " + Ref(r.condition) + "\n";
    if (c.else_bucket >= 0) out += "    else \"" + c.buckets[c.else_bucket] + "\"\n";
  }
  return out;
}

}  // namespace seg::ir
