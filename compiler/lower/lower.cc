#include "compiler/lower/lower.h"

#include <algorithm>
#include <bit>
#include <map>
#include <string_view>
#include <unordered_map>

#include "compiler/ir/const_fold.h"

namespace seg::lower {

using ir::Classification;
using ir::DescribeFoldOverflow;
using ir::Fold;
using ir::Level;
using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using ir::Program;
using ir::SameAsArgument;
using ir::Window;

namespace {

ir::InputSchema SchemaOf(const sema::InputSymbol& input) {
  ir::InputSchema out{input.name, input.is_event, {}, input.key_column, input.time_column};
  for (const sema::ColumnSymbol& c : input.columns) out.columns.push_back({c.name, c.type});
  return out;
}

ir::OutputKind OutputKindOf(sema::OutputKind kind) {
  switch (kind) {
    case sema::OutputKind::kClassification: return ir::OutputKind::kClassification;
    case sema::OutputKind::kTag: return ir::OutputKind::kTag;
    case sema::OutputKind::kScore: return ir::OutputKind::kScore;
  }
  return ir::OutputKind::kScore;
}

// The checker's one `op` number, as the accessor of the node's kind holds it.
void SetOperator(Node& n, int32_t op) {
  switch (n.kind) {
    case NodeKind::kArith: n.set_arith_op(static_cast<lang::ArithOp>(op)); break;
    case NodeKind::kCompare: n.set_compare_op(static_cast<lang::CompareOp>(op)); break;
    case NodeKind::kCall: n.set_builtin(static_cast<lang::Builtin>(op)); break;
    case NodeKind::kIn:
    case NodeKind::kLike:
    case NodeKind::kIsMissing: n.set_negated(op != 0); break;
    default: break;
  }
}

class Lowerer {
 public:
  Lowerer(const sema::Program& p, DiagnosticSink* sink) : p_(p), sink_(sink) { out_ = std::make_shared<Program>(); }

  std::shared_ptr<const Program> Run() {
    out_->timezone = p_.timezone;
    out_->zone = p_.zone;
    for (const sema::InputSymbol& in : p_.inputs) out_->inputs.push_back(SchemaOf(in));
    out_->entity_input = p_.entity_input;
    for (const sema::ParamSymbol& p : p_.params) out_->params.push_back({p.name, p.type, p.default_value, p.implicit});
    out_->as_of_param = p_.as_of_param;
    for (const sema::OutputSlot& o : p_.outputs) out_->outputs.push_back({OutputKindOf(o.kind), o.symbol});
    let_nodes_.assign(p_.lets.size(), -1);
    tag_nodes_.assign(p_.tags.size(), -1);
    score_nodes_.assign(p_.scores.size(), -1);
    out_->classifications.resize(p_.classifications.size());
    class_nodes_.assign(p_.classifications.size(), -1);
    for (size_t i = 0; i < p_.lets.size(); ++i) out_->lets.push_back({p_.lets[i].name, Let(static_cast<int32_t>(i))});
    for (size_t i = 0; i < p_.tags.size(); ++i) out_->tags.push_back({p_.tags[i].name, Tag(static_cast<int32_t>(i))});
    for (size_t i = 0; i < p_.scores.size(); ++i)
      out_->scores.push_back({p_.scores[i].name, Score(static_cast<int32_t>(i))});
    for (size_t i = 0; i < p_.classifications.size(); ++i) Classify(static_cast<int32_t>(i));
    for (const Node& n : out_->nodes) out_->stage_count = std::max(out_->stage_count, n.stage + 1);
    return out_;
  }

  const std::optional<SourceSpan>& untyped() const { return untyped_; }

 private:
  NodeId Let(int32_t i) {
    if (let_nodes_[i] < 0) let_nodes_[i] = Lower(*p_.lets[i].value, -1);
    return let_nodes_[i];
  }
  NodeId Tag(int32_t i) {
    if (tag_nodes_[i] < 0) tag_nodes_[i] = Lower(*p_.tags[i].condition, -1);
    return tag_nodes_[i];
  }
  NodeId Score(int32_t i) {
    if (score_nodes_[i] < 0) score_nodes_[i] = Lower(*p_.scores[i].value, -1);
    return score_nodes_[i];
  }

  NodeId Classify(int32_t i) {
    if (class_nodes_[i] >= 0) return class_nodes_[i];
    const sema::ClassificationSymbol& c = p_.classifications[i];
    Classification& out = out_->classifications[i];
    out.name = c.name;
    out.buckets = c.Buckets();
    std::unordered_map<std::string_view, int32_t> bucket_index;  // views into out.buckets, not changed below
    for (size_t b = 0; b < out.buckets.size(); ++b) bucket_index.emplace(out.buckets[b], static_cast<int32_t>(b));
    auto bucket_of = [&](const std::string& label) { return bucket_index.at(label); };
    Node node;
    node.kind = NodeKind::kClassify;
    node.type = sema::Type::Of(sema::TypeKind::kInt);
    node.symbol = i;
    for (const sema::RuleSymbol& r : c.rules) {
      NodeId condition = Lower(*r.condition, -1);
      out_->classifications[i].rules.push_back({r.label, bucket_of(r.label), condition});
      node.args.push_back(condition);
    }
    if (c.else_label) out_->classifications[i].else_bucket = bucket_of(*c.else_label);
    if (c.parent >= 0) {
      NodeId parent = Classify(c.parent);
      const Classification& pc = out_->classifications[c.parent];
      out_->classifications[i].parent = c.parent;
      out_->classifications[i].parent_bucket = static_cast<int32_t>(
          std::find(pc.buckets.begin(), pc.buckets.end(), c.parent_bucket) - pc.buckets.begin());
      node.args.push_back(parent);
    }
    class_nodes_[i] = Intern(std::move(node));
    out_->classifications[i].node = class_nodes_[i];
    return class_nodes_[i];
  }

  std::optional<Window> LowerWindow(const sema::WindowSpec& w) {
    Window out;
    out.kind = w.kind;
    out.count = w.count;
    out.count_to = w.count_to;
    out.unit = w.unit;
    if (w.from) out.from = Lower(*w.from, -1);
    if (w.to) out.to = Lower(*w.to, -1);
    return out;
  }

  NodeId Lower(const sema::TExpr& e, int32_t set) {
    if (e.type.IsError() && !untyped_) untyped_ = e.span;
    Node n;
    n.type = e.type;
    switch (e.kind) {
      case sema::TExprKind::kConst:
        n.kind = NodeKind::kConst;
        n.constant = e.constant;
        return Intern(std::move(n));
      case sema::TExprKind::kParam:
        n.kind = NodeKind::kParam;
        n.symbol = e.symbol;
        return Intern(std::move(n));
      case sema::TExprKind::kColumn:
        n.kind = NodeKind::kColumn;
        n.symbol = e.symbol;
        return Intern(std::move(n));
      case sema::TExprKind::kEventColumn: {
        const sema::EventSetSymbol& es = p_.event_sets[set];
        const sema::ColumnSymbol& column = es.columns[e.symbol];
        if (column.definition) return Lower(*column.definition, set);
        n.kind = NodeKind::kEventColumn;
        n.input = es.input;
        n.symbol = column.input_column;
        return Intern(std::move(n));
      }
      case sema::TExprKind::kLetRef: return Let(e.symbol);
      case sema::TExprKind::kTagRef: return Tag(e.symbol);
      case sema::TExprKind::kScoreRef: return Score(e.symbol);
      case sema::TExprKind::kClassLabel:
        n.kind = NodeKind::kBucketLabel;
        n.args = {Classify(e.symbol)};
        return Intern(std::move(n));
      case sema::TExprKind::kInBucket: {
        NodeId classify = Classify(e.symbol);
        const Classification& c = out_->classifications[e.symbol];
        n.kind = NodeKind::kInBucket;
        n.args = {classify};
        n.set_bucket_index(
            static_cast<int32_t>(std::find(c.buckets.begin(), c.buckets.end(), e.label) - c.buckets.begin()));
        return Intern(std::move(n));
      }
      case sema::TExprKind::kAggregate: return LowerAggregate(e, std::nullopt);
      case sema::TExprKind::kSequence: return LowerSequence(e, set);
      case sema::TExprKind::kPopulation:
        n.kind = NodeKind::kPopulation;
        n.population = *e.population;
        for (const sema::TExprPtr& a : e.args) n.args.push_back(Lower(*a, set));
        return Intern(std::move(n));
      case sema::TExprKind::kWithin:
        n.kind = NodeKind::kWithin;
        n.window = LowerWindow(*e.window);
        n.args = {Lower(*e.args[0], set)};
        return Intern(std::move(n));
      case sema::TExprKind::kNegate: n.kind = NodeKind::kNegate; break;
      case sema::TExprKind::kNot: n.kind = NodeKind::kNot; break;
      case sema::TExprKind::kArith: n.kind = NodeKind::kArith; break;
      case sema::TExprKind::kCompare: n.kind = NodeKind::kCompare; break;
      case sema::TExprKind::kAnd: n.kind = NodeKind::kAnd; break;
      case sema::TExprKind::kOr: n.kind = NodeKind::kOr; break;
      case sema::TExprKind::kDefault: n.kind = NodeKind::kDefault; break;
      case sema::TExprKind::kIn: n.kind = NodeKind::kIn; break;
      case sema::TExprKind::kLike: n.kind = NodeKind::kLike; break;
      case sema::TExprKind::kIsMissing: n.kind = NodeKind::kIsMissing; break;
      case sema::TExprKind::kIf: n.kind = NodeKind::kIf; break;
      case sema::TExprKind::kConvert: n.kind = NodeKind::kConvert; break;
      case sema::TExprKind::kCall: n.kind = NodeKind::kCall; break;
    }
    SetOperator(n, e.op);
    for (const sema::TExprPtr& a : e.args) n.args.push_back(LowerArgument(n, *a, set));
    return Intern(std::move(n), &e.span);
  }

  // A function that takes a day (ArgForm::kLocalDay: days_since, month, weekday, ...) of the first
  // or last event's time gets that event's day from the index instead (UsesEventDay): the same
  // day, the one the loader computed from the same time, so a run need not read the events'
  // times for it (a snapshot's instants: 160 MB at 20M orders, in bench/peers/job.seg's
  // days_since(last(orders.ts))). The SQL backend gives kEventDay the same day.
  NodeId LowerArgument(const Node& call, const sema::TExpr& arg, int32_t set) {
    if (call.kind == NodeKind::kCall && lang::InfoOf(call.builtin()).form == rt::fn::ArgForm::kLocalDay &&
        UsesEventDay(arg)) {
      const sema::EventSetSymbol& es = p_.event_sets[arg.aggregate->events];
      Node day;
      day.kind = NodeKind::kEventDay;
      day.type = sema::Type::Of(sema::TypeKind::kDate);
      day.input = es.input;
      return LowerAggregate(arg, Intern(std::move(day)));
    }
    return Lower(arg, set);
  }

  // first(E.t) or last(E.t) for E's own time column t: the event it picks has a time (an event
  // without one is in no window, and every aggregate's window ends at as_of), and that time's
  // day is the event's day in the index.
  bool UsesEventDay(const sema::TExpr& e) const {
    if (e.kind != sema::TExprKind::kAggregate) return false;
    const sema::AggregateSpec& a = *e.aggregate;
    if ((a.func != lang::AggFunc::kFirst && a.func != lang::AggFunc::kLast) || !a.value ||
        a.value->kind != sema::TExprKind::kEventColumn)
      return false;
    const sema::EventSetSymbol& es = p_.event_sets[a.events];
    const sema::ColumnSymbol& column = es.columns[a.value->symbol];
    return !column.definition && column.input_column == p_.inputs[es.input].time_column;
  }

  // An aggregate over its event set; `value` replaces the lowered value when given (a node of the
  // set's input).
  NodeId LowerAggregate(const sema::TExpr& e, std::optional<NodeId> value) {
    const sema::AggregateSpec& a = *e.aggregate;
    const sema::EventSetSymbol& es = p_.event_sets[a.events];
    Node n;
    n.type = e.type;
    n.kind = NodeKind::kAggregate;
    n.input = es.input;
    n.aggregate.func = a.func;
    n.aggregate.fraction = a.fraction;
    if (value) {
      n.aggregate.value = *value;
      n.type = out_->nodes[*value].type;
    } else if (a.value) {
      n.aggregate.value = Lower(*a.value, a.events);
    }
    // The set's own filters and the `where`, as one conjunction shared by equal sets.
    NodeId filter = -1;
    auto add = [&](NodeId f) {
      if (filter < 0) {
        filter = f;
        return;
      }
      Node both;
      both.kind = NodeKind::kAnd;
      both.type = sema::Type::Of(sema::TypeKind::kBool);
      both.args = {filter, f};
      filter = Intern(std::move(both));
    };
    for (const sema::TExprPtr& f : es.filters) add(Lower(*f, a.events));
    if (a.filter) add(Lower(*a.filter, a.events));
    // A filter folded to `true` filters nothing.
    if (filter >= 0 && out_->nodes[filter].kind == NodeKind::kConst && !out_->nodes[filter].constant.missing &&
        out_->nodes[filter].constant.i == 1)
      filter = -1;
    n.aggregate.filter = filter;
    if (a.window) n.aggregate.window = LowerWindow(*a.window);
    return Intern(std::move(n));
  }

  // A sequence: its steps (count aggregates, all in the sequence's stage), then its limits.
  NodeId LowerSequence(const sema::TExpr& e, int32_t set) {
    const sema::SequenceSpec& s = *e.sequence;
    Node n;
    n.type = e.type;
    n.kind = NodeKind::kSequence;
    n.sequence.measure = s.measure;
    n.sequence.last_negated = s.last_negated;
    std::vector<NodeId> steps;
    int32_t stage = 0;
    for (size_t i = 0; i < s.steps; ++i) {
      steps.push_back(Lower(*e.args[i], set));
      stage = std::max(stage, out_->nodes[steps.back()].stage);
    }
    for (NodeId& step : steps) {
      if (out_->nodes[step].stage >= stage) continue;
      Node later = out_->nodes[step];
      later.aggregate.min_stage = stage;
      step = Intern(std::move(later));
    }
    n.args = steps;
    size_t next = s.steps;
    for (size_t i = 0; i + 1 < s.steps; ++i) {
      NodeId limit = s.has_limit[i] ? Lower(*e.args[next++], -1) : -1;
      n.sequence.limits.push_back(limit);
      if (limit >= 0) n.args.push_back(limit);
    }
    return Intern(std::move(n), &e.span);
  }

  // Fills in level and stage, folds constants, and returns the existing node when an equal one
  // is already there: this is what makes every aggregate exist once. Constant arithmetic that
  // overflows is an error of the program, reported at `span` (the operator's expression) now
  // rather than for every customer at run time.
  NodeId Intern(Node n, const SourceSpan* span = nullptr) {
    switch (n.kind) {
      case NodeKind::kConst:
      case NodeKind::kParam: n.level = Level::kConstant; break;
      case NodeKind::kColumn: n.level = Level::kCustomer; break;
      case NodeKind::kEventColumn:
      case NodeKind::kEventDay: n.level = Level::kEvent; break;
      case NodeKind::kAggregate:
      case NodeKind::kPopulation:
      case NodeKind::kClassify:
      case NodeKind::kSequence: n.level = Level::kCustomer; break;
      default:
        n.level = Level::kConstant;
        for (NodeId a : n.args) {
          const Node& arg = out_->nodes[a];
          if (arg.level == Level::kEvent) {
            n.level = Level::kEvent;
            n.input = arg.input;
          } else if (arg.level == Level::kCustomer && n.level != Level::kEvent) n.level = Level::kCustomer;
        }
        break;
    }
    int32_t stage = 0;
    for (NodeId a : n.args) stage = std::max(stage, out_->nodes[a].stage);
    if (n.kind == NodeKind::kAggregate) {
      for (NodeId a : {n.aggregate.value, n.aggregate.filter}) {
        if (a >= 0) stage = std::max(stage, out_->nodes[a].stage);
      }
      stage = std::max(stage, n.aggregate.min_stage);
    }
    if (n.kind == NodeKind::kPopulation) stage += 1;
    n.stage = stage;
    bool overflow = false;
    if (std::optional<lang::Value> folded = Fold(n, out_->nodes, &overflow)) {
      Node c;
      c.kind = NodeKind::kConst;
      c.type = n.type;
      c.constant = *folded;
      c.constant.type = n.type;
      return Intern(std::move(c));
    }
    if (overflow && span != nullptr && sink_ != nullptr) {
      rt::WrittenNumberError error = DescribeFoldOverflow(n, out_->nodes);
      sink_->Report(DiagCode::kConstantOverflow, *span, error.problem).help = error.limits;
    }
    if (std::optional<NodeId> same = SameAsArgument(n, out_->nodes)) return *same;
    std::string key = KeyOf(n);
    auto it = interned_.find(key);
    if (it != interned_.end()) return it->second;
    NodeId id = static_cast<NodeId>(out_->nodes.size());
    out_->nodes.push_back(std::move(n));
    interned_.emplace(std::move(key), id);
    return id;
  }

  static std::string WindowKey(const std::optional<Window>& w) {
    if (!w) return "-";
    return std::to_string(static_cast<int>(w->kind)) + "," + std::to_string(w->count) + "," +
           std::to_string(w->count_to) + "," + std::to_string(static_cast<int>(w->unit)) + "," +
           std::to_string(w->from) + "," + std::to_string(w->to);
  }

  static std::string KeyOf(const Node& n) {
    std::string key = std::to_string(static_cast<int>(n.kind)) + "|" + sema::TypeName(n.type) + "|" +
                      std::to_string(n.input) + "|" + std::to_string(n.symbol) + "|" +
                      std::to_string(n.operator_code()) + "|";
    for (NodeId a : n.args) key += std::to_string(a) + ",";
    if (n.kind == NodeKind::kConst) key += "|" + sema::FormatValue(n.constant);
    if (n.kind == NodeKind::kAggregate) {
      key += "|" + std::to_string(static_cast<int>(n.aggregate.func)) + "," + std::to_string(n.aggregate.value) + "," +
             std::to_string(n.aggregate.filter) + "," + WindowKey(n.aggregate.window) + "," +
             std::to_string(std::bit_cast<uint64_t>(n.aggregate.fraction)) + "," +
             std::to_string(n.aggregate.min_stage);
    }
    if (n.kind == NodeKind::kSequence) {
      key += "|" + std::to_string(static_cast<int>(n.sequence.measure)) + "," +
             std::to_string(n.sequence.last_negated) + ",";
      for (NodeId limit : n.sequence.limits) key += std::to_string(limit) + ";";
    }
    if (n.kind == NodeKind::kPopulation) {
      key += "|" + std::to_string(static_cast<int>(n.population.func)) + "," + std::to_string(n.population.bins) + "," +
             std::to_string(static_cast<int>(n.population.method)) + "," + std::to_string(n.population.descending) +
             "," + std::to_string(n.population.period_days) + "," + std::to_string(n.population.horizon_days) + "," +
             std::to_string(n.population.step_days);
    }
    if (n.kind == NodeKind::kWithin) key += "|" + WindowKey(n.window);
    return key;
  }

  const sema::Program& p_;
  DiagnosticSink* sink_;               // may be null: overflow is then left to the run
  std::optional<SourceSpan> untyped_;  // the first expression left with the error type
  std::shared_ptr<Program> out_;
  std::map<std::string, NodeId> interned_;
  std::vector<NodeId> let_nodes_, tag_nodes_, score_nodes_, class_nodes_;
};

}  // namespace

std::shared_ptr<const Program> Lower(const sema::Program& program, DiagnosticSink* sink,
                                     std::optional<SourceSpan>* untyped) {
  Lowerer lowerer(program, sink);
  std::shared_ptr<const Program> out = lowerer.Run();
  if (untyped) *untyped = lowerer.untyped();
  return out;
}

}  // namespace seg::lower
