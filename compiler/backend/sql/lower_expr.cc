// One IR node as an SQL expression, mirroring the interpreter's operator for it
// (compiler/backend/interp/eval_scalar.cc) and rt::ops: values in seg's representation, missing
// as NULL, every condition NULL-free (a comparison with missing is false), division by zero
// missing, 64-bit overflow the server's error as it is seg's.
#include <algorithm>
#include <cmath>

#include "compiler/backend/sql/lowering.h"
#include "compiler/exec/plan.h"
#include "compiler/exec/population_node.h"
#include "compiler/ir/const_fold.h"
#include "runtime/kernels/functions.h"
#include "runtime/kernels/scalar_ops.h"

namespace seg::sql {

using ir::Node;
using ir::NodeId;
using ir::NodeKind;
using lang::TypeKind;

namespace {
constexpr const char* kMicrosPerDay = "86400000000";

std::string Trim(const char* op) {  // " + " -> "+"
  std::string out;
  for (const char* c = op; *c != '\0'; ++c) {
    if (*c != ' ') out += *c;
  }
  return out;
}
}  // namespace

Lowering::Lowering(const ir::Program& program, const LowerOptions& options, const rt::TimeZone& zone)
    : p_(program), options_(options), d_(*options.dialect), zone_(zone), materialized_(program.nodes.size(), false) {
  as_of_ = static_cast<int32_t>(options.params[program.as_of_param].i);
}

std::string Lowering::EventColumn(int32_t input, int32_t column) const {
  (void)input;
  return d_.Quote("e_" + p_.inputs[input].columns[column].name);
}

std::string Lowering::RawEventColumn(int32_t input, int32_t column) const {
  return d_.Quote("r_" + p_.inputs[input].columns[column].name);
}

std::optional<int32_t> Lowering::FixedOffsetSeconds() const {
  if (zone_.name() == "UTC") return 0;
  int32_t offset = 0;
  if (rt::ParseFixedOffset(zone_.name(), &offset)) return offset;
  return std::nullopt;
}

std::string Lowering::CustomerColumn(int32_t column) const {
  return d_.Quote("c_" + p_.inputs[p_.entity_input].columns[column].name);
}

std::vector<int32_t> Lowering::CustomerColumnsIn(const std::vector<std::string>& sql) const {
  std::vector<int32_t> read;
  const ir::InputSchema& entity = p_.inputs[p_.entity_input];
  for (size_t c = 0; c < entity.columns.size(); ++c) {
    // The quoted name ends in its closing quote, so `c_a` is not found inside `c_ab`.
    const std::string name = CustomerColumn(static_cast<int32_t>(c));
    for (const std::string& s : sql) {
      if (s.find(name) == std::string::npos) continue;
      read.push_back(static_cast<int32_t>(c));
      break;
    }
  }
  return read;
}

std::string Lowering::Literal(const lang::Value& value, const lang::Type& type) const {
  if (value.missing) return d_.Null(type.kind);
  switch (type.kind) {
    case TypeKind::kBool: return d_.Bool(value.i != 0);
    case TypeKind::kFloat: return d_.Float(value.f);
    case TypeKind::kText:
    case TypeKind::kId: return d_.Text(value.s);
    case TypeKind::kInt:
    case TypeKind::kMoney:
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
    case TypeKind::kDuration: return d_.Int(value.i);
    default: throw Refused(-1, "a constant of type " + lang::TypeName(type));
  }
}

const lang::Value* Lowering::ConstantValue(NodeId id) const {
  const Node& n = p_.nodes[id];
  if (n.kind == NodeKind::kConst) return &n.constant;
  if (n.kind == NodeKind::kParam) return &options_.params[n.symbol];
  return nullptr;
}

std::optional<lang::Value> Lowering::EvalConstant(NodeId id) const {
  if (const lang::Value* v = ConstantValue(id)) return *v;
  const Node& n = p_.nodes[id];
  if (n.level != ir::Level::kConstant) return std::nullopt;
  std::vector<lang::Value> args;
  for (NodeId a : n.args) {
    std::optional<lang::Value> v = EvalConstant(a);
    if (!v) return std::nullopt;
    args.push_back(*v);
  }
  if (std::optional<lang::Value> calendar = EvalCalendar(id, args)) return calendar;  // needs the zone
  return ir::EvalOperator(n, args);  // the interpreter's own arithmetic (ir/const_fold.h)
}

std::pair<std::string, std::string> Lowering::Days(const ir::Window& w, bool clip_to_as_of) {
  if (std::optional<std::pair<int32_t, int32_t>> days = ConstantDays(w, clip_to_as_of))
    return {d_.Int(days->first), d_.Int(days->second)};
  // Bounds computed per customer: their expressions.
  std::string lo = "COALESCE(" + Expr(w.from) + ", " + d_.Int(INT32_MAX) + ")";
  std::string hi = "COALESCE(" + Expr(w.to) + ", " + d_.Int(INT32_MIN) + ")";
  if (clip_to_as_of) hi = d_.LeastOf({hi, d_.Int(as_of_)});
  return {lo, hi};
}

std::optional<std::pair<int32_t, int32_t>> Lowering::ConstantDays(const ir::Window& w, bool clip_to_as_of) const {
  std::optional<int64_t> from, to;
  if (w.kind == lang::WindowKind::kBetween) {
    std::optional<lang::Value> f = EvalConstant(w.from);
    std::optional<lang::Value> t = EvalConstant(w.to);
    if (!f || !t) return std::nullopt;
    if (!f->missing) from = f->i;
    if (!t->missing) to = t->i;
  }
  int32_t lo = 0, hi = 0;
  exec::WindowDays(w, as_of_, from, to, clip_to_as_of, &lo, &hi);
  return std::pair{lo, hi};
}

bool Lowering::MayBeMissing(NodeId id) const {
  const Node& n = p_.nodes[id];
  switch (n.kind) {
    case NodeKind::kNot:
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kCompare:
    case NodeKind::kIn:
    case NodeKind::kLike:
    case NodeKind::kIsMissing:
    case NodeKind::kWithin:
    case NodeKind::kInBucket: return false;
    case NodeKind::kConst: return n.constant.missing;
    case NodeKind::kParam: return options_.params[n.symbol].missing;
    case NodeKind::kAggregate:
      if (lang::StreakPeriod(n.aggregate.func)) return false;  // active_days and the streaks: 0 without events
      switch (n.aggregate.func) {
        case lang::AggFunc::kCount:
        case lang::AggFunc::kSum:
        case lang::AggFunc::kCountDistinct: return false;
        default: return true;
      }
    default: return true;
  }
}

std::string Lowering::Cond(NodeId id, int32_t ev) {
  std::string e = Expr(id, ev);
  return MayBeMissing(id) ? "COALESCE(" + e + ", " + d_.Bool(false) + ")" : e;
}

std::string Lowering::Expr(NodeId id, int32_t ev) {
  const Node& n = p_.nodes[id];
  if (n.level == ir::Level::kCustomer && materialized_[id]) {
    if (ev >= 0 && n.kind != NodeKind::kColumn) {
      throw Refused(id, "an event filter or value that reads a customer's computed value (an aggregate or let)");
    }
    return NodeColumn(id);
  }
  if (n.level == ir::Level::kCustomer && n.kind == NodeKind::kAggregate)
    throw Refused(id, "an aggregate outside its pass");
  auto arg = [&](size_t k) { return Expr(n.args[k], ev); };
  auto arg_type = [&](size_t k) { return p_.nodes[n.args[k]].type.kind; };
  switch (n.kind) {
    case NodeKind::kConst: return Literal(n.constant, n.type);
    case NodeKind::kParam: return Literal(options_.params[n.symbol], n.type);
    case NodeKind::kColumn:
      if (n.type.Is(TypeKind::kTags)) throw Refused(id, "a tags column outside `in`");
      return CustomerColumn(n.symbol);
    case NodeKind::kEventColumn:
      if (n.type.Is(TypeKind::kTags)) throw Refused(id, "a tags column of events");
      return EventColumn(n.input, n.symbol);
    case NodeKind::kEventDay: return "seg_day";  // the event pass's local day of each event
    case NodeKind::kPopulation: return Population(id);
    case NodeKind::kAggregate: throw Refused(id, "an aggregate inside an event pass");
    case NodeKind::kNegate: return n.type.Is(TypeKind::kFloat) ? "(-" + arg(0) + ")" : d_.IntArith("neg", arg(0), "");
    case NodeKind::kNot: return d_.Not(Cond(n.args[0], ev));
    case NodeKind::kAnd: return "(" + Cond(n.args[0], ev) + " AND " + Cond(n.args[1], ev) + ")";
    case NodeKind::kOr: return "(" + Cond(n.args[0], ev) + " OR " + Cond(n.args[1], ev) + ")";
    case NodeKind::kIsMissing: return "(" + arg(0) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
    case NodeKind::kDefault: return d_.Coalesce(arg(0), arg(1));
    case NodeKind::kIf: return d_.IfElse(Cond(n.args[0], ev), arg(1), arg(2));
    case NodeKind::kConvert: {
      TypeKind from = arg_type(0), to = n.type.kind;
      std::string a = arg(0);
      if (to == TypeKind::kFloat) {
        return from == TypeKind::kMoney
                   ? "(" + d_.ToDouble(a) + " / " + d_.Float(static_cast<double>(rt::ops::kMoneyUnit)) + ")"
                   : d_.ToDouble(a);
      }
      if (to == TypeKind::kMoney) return d_.IntArith("*", a, d_.Int(rt::ops::kMoneyUnit));
      if (to == TypeKind::kTimestamp) return d_.StartOfLocalDay(a, p_.timezone);
      return a;  // text <-> id
    }
    case NodeKind::kArith: {
      TypeKind ta = arg_type(0), tb = arg_type(1), tr = n.type.kind;
      auto op = n.arith_op();
      std::string a = arg(0), b = arg(1);
      const char* sym = op == lang::ArithOp::kAdd   ? " + "
                        : op == lang::ArithOp::kSub ? " - "
                        : op == lang::ArithOp::kMul ? " * "
                                                    : " / ";
      auto nonzero = [&](const std::string& divisor, const std::string& value) {
        return d_.IfElse(divisor + " = 0", "NULL", value);
      };
      if (tr == TypeKind::kFloat) {
        if ((ta == TypeKind::kMoney && tb == TypeKind::kMoney) ||
            (ta == TypeKind::kDuration && tb == TypeKind::kDuration)) {
          return nonzero(b, "(" + d_.ToDouble(a) + " / " + d_.ToDouble(b) + ")");
        }
        if (op == lang::ArithOp::kMod) throw Refused(id, "a remainder of floats");
        std::string x = ta == TypeKind::kFloat ? a : d_.ToDouble(a);
        std::string y = tb == TypeKind::kFloat ? b : d_.ToDouble(b);
        if (op == lang::ArithOp::kDiv) return nonzero(y, "(" + x + " / " + y + ")");
        return "(" + x + sym + y + ")";
      }
      if (tr == TypeKind::kInt) {
        if (op == lang::ArithOp::kMod) {
          // Floored remainder (rt::ops::ModI): the result takes the divisor's sign.
          std::string r = d_.IntMod(a, b);
          // x % -1 is 0, but a missing x stays missing (missing in, missing out). A CASE of four
          // branches, not Dialect::IfElse (one condition): nesting them would change PostgreSQL's text.
          return "CASE WHEN " + b + " = 0 THEN NULL WHEN " + b + " = -1 AND " + a + " IS NOT NULL THEN " + d_.Int(0) +
                 " WHEN " + r + " <> 0 AND (" + r + " < 0) <> (" + b + " < 0) THEN " + r + " + " + b + " ELSE " + r +
                 " END";
        }
        if (op == lang::ArithOp::kDiv) throw Refused(id, "an integer division");
        return d_.IntArith(Trim(sym), a, b);
      }
      if (tr == TypeKind::kDate) {
        std::string days = d_.FloorDiv(b, kMicrosPerDay);
        return "(" + a + (op == lang::ArithOp::kSub ? " - " : " + ") + days + ")";
      }
      if (tr == TypeKind::kDuration && ta == TypeKind::kDate)
        return d_.IntArith("*", d_.IntArith("-", a, b), kMicrosPerDay);
      if (op == lang::ArithOp::kAdd || op == lang::ArithOp::kSub) return d_.IntArith(Trim(sym), a, b);
      if (op == lang::ArithOp::kMul) {
        bool lhs_scaled = ta == tr;
        std::string scaled = lhs_scaled ? a : b, factor = lhs_scaled ? b : a;
        TypeKind factor_type = lhs_scaled ? tb : ta;
        if (factor_type == TypeKind::kInt) return d_.IntArith("*", scaled, factor);
        return d_.DoubleToInt64(d_.RoundHalfAway(d_.ToDouble(scaled) + " * " + factor));
      }
      // money or duration divided by a number: rounded half away from zero (rt::ops::DivideI)
      std::string divisor = tb == TypeKind::kFloat ? b : d_.ToDouble(b);
      return nonzero(divisor, d_.DoubleToInt64(d_.RoundHalfAway(d_.ToDouble(a) + " / " + divisor)));
    }
    case NodeKind::kCompare: {
      auto op = n.compare_op();
      static const char* kOps[] = {" = ", " <> ", " < ", " <= ", " > ", " >= "};
      std::string a = arg(0), b = arg(1);
      if (p_.nodes[n.args[0]].type.IsTextLike() && op != lang::CompareOp::kEq && op != lang::CompareOp::kNe) {
        a = d_.ByteOrder(a);
        b = d_.ByteOrder(b);
      }
      std::string cmp = "(" + a + kOps[static_cast<int>(op)] + b + ")";
      bool maybe = MayBeMissing(n.args[0]) || MayBeMissing(n.args[1]);
      return maybe ? "COALESCE(" + cmp + ", " + d_.Bool(false) + ")" : cmp;
    }
    case NodeKind::kIn: {
      const Node& hay = p_.nodes[n.args[1]];
      std::string needle = arg(0);
      std::string found;
      std::string missing = "(" + needle + " IS NULL)";
      if (hay.type.Is(TypeKind::kTags)) {
        if (hay.kind != NodeKind::kColumn) throw Refused(id, "`in` over computed tags");
        std::string tags = CustomerColumn(hay.symbol);
        missing = "(" + needle + " IS NULL OR " + tags + " IS NULL)";
        found = d_.TagsContain(tags, needle);
      } else {
        std::string items;
        for (const lang::Value& item : hay.constant.items) {
          items += (items.empty() ? "" : ", ") + Literal(item, p_.nodes[n.args[0]].type);
        }
        found = items.empty() ? d_.Bool(false) : "(" + needle + " IN (" + items + "))";
      }
      return d_.IfElse(missing, d_.Bool(false), n.negated() ? d_.Not(found) : found);
    }
    case NodeKind::kLike: {
      std::string a = arg(0), pattern = arg(1);
      std::optional<std::string> like = d_.TextCall("like", {a, pattern});
      if (!like) throw Refused(id, "`like`");
      return d_.IfElse(a + " IS NULL OR " + pattern + " IS NULL", d_.Bool(false), n.negated() ? d_.Not(*like) : *like);
    }
    case NodeKind::kWithin: {
      auto [lo, hi] = Days(*n.window, false);
      std::string a = arg(0);
      std::string day = arg_type(0) == TypeKind::kDate ? a : d_.LocalDayOfMicros(a, p_.timezone);
      return "COALESCE(" + day + " BETWEEN " + lo + " AND " + hi + ", " + d_.Bool(false) + ")";
    }
    case NodeKind::kClassify: {
      const ir::Classification& c = p_.classifications[n.symbol];
      std::string cases;
      for (const ir::Rule& r : c.rules) cases += " WHEN " + Cond(r.condition, ev) + " THEN " + d_.Int(r.bucket);
      std::string otherwise = c.else_bucket >= 0 ? d_.Int(c.else_bucket) : d_.Null(TypeKind::kInt);
      std::string body = cases.empty() ? otherwise : "CASE" + cases + " ELSE " + otherwise + " END";
      if (c.parent < 0) return body;
      std::string parent = Expr(n.args.back(), ev);
      return d_.IfElse("COALESCE(" + parent + " = " + d_.Int(c.parent_bucket) + ", " + d_.Bool(false) + ")", body,
                       d_.Null(TypeKind::kInt));
    }
    case NodeKind::kInBucket:
      return "COALESCE(" + arg(0) + " = " + d_.Int(n.bucket_index()) + ", " + d_.Bool(false) + ")";
    case NodeKind::kBucketLabel: {
      const ir::Classification& c = p_.classifications[p_.nodes[n.args[0]].symbol];
      return d_.BucketLabel(arg(0), c.buckets);
    }
    case NodeKind::kCall: break;
    case NodeKind::kSequence: return Sequence(id);  // lower_sequence.cc; PlanStatement refuses it where it cannot
  }

  // Builtin calls: missing in, missing out (EvalCall), so each is guarded by its arguments.
  auto fid = n.builtin();
  const rt::fn::FunctionInfo& fn = rt::fn::InfoOf(fid);
  if (fid == rt::fn::FunctionId::kMatches || fid == rt::fn::FunctionId::kILike) {
    // RE2's syntax and seg's ASCII-only case folding have no exact equivalent in either dialect
    // (PostgreSQL's ~ and ILIKE follow its own regex flavour and the collation's case rules).
    throw Refused(id,
                  "the function " + std::string(fn.name) + " (SQL engines match patterns and fold case their own way)");
  }
  std::vector<std::string> args;
  for (size_t k = 0; k < n.args.size(); ++k) args.push_back(arg(k));
  std::string any_missing;
  for (size_t k = 0; k < n.args.size(); ++k) {
    if (MayBeMissing(n.args[k])) any_missing += std::string(any_missing.empty() ? "" : " OR ") + args[k] + " IS NULL";
  }
  auto guarded = [&](const std::string& value) {
    return any_missing.empty() ? value : d_.IfElse(any_missing, d_.Null(n.type.kind), value);
  };
  TypeKind t0 = arg_type(0);
  auto local_day = [&](const std::string& a) {
    return t0 == TypeKind::kDate ? a : d_.LocalDayOfMicros(a, p_.timezone);
  };
  switch (fid) {
    case rt::fn::FunctionId::kLower:
    case rt::fn::FunctionId::kUpper:
    case rt::fn::FunctionId::kLength:
    case rt::fn::FunctionId::kContains:
    case rt::fn::FunctionId::kStartsWith:
    case rt::fn::FunctionId::kEndsWith:
    case rt::fn::FunctionId::kConcat: {
      std::optional<std::string> call = d_.TextCall(fn.name, args);
      if (!call) throw Refused(id, "the text function " + std::string(fn.name));
      return guarded(*call);
    }
    case rt::fn::FunctionId::kDaysSince:
      return guarded(d_.IntArith("*", d_.IntArith("-", d_.Int(as_of_), local_day(args[0])), kMicrosPerDay));
    case rt::fn::FunctionId::kYear: return guarded(d_.DayPart("year", local_day(args[0])));
    case rt::fn::FunctionId::kMonth: return guarded(d_.DayPart("month", local_day(args[0])));
    case rt::fn::FunctionId::kDay: return guarded(d_.DayPart("day", local_day(args[0])));
    case rt::fn::FunctionId::kWeekday: return guarded(d_.DayPart("isodow", local_day(args[0])));
    case rt::fn::FunctionId::kQuarter: return guarded(d_.DayPart("quarter", local_day(args[0])));
    case rt::fn::FunctionId::kDate: return guarded(local_day(args[0]));
    case rt::fn::FunctionId::kAddMonths:
    case rt::fn::FunctionId::kMonthsBetween:
    case rt::fn::FunctionId::kYearsBetween:
    case rt::fn::FunctionId::kAge: return guarded(Calendar(id, args));  // lower_calendar.cc
    case rt::fn::FunctionId::kDays: return guarded("(" + d_.ToDouble(args[0]) + " / " + d_.Float(86400e6) + ")");
    case rt::fn::FunctionId::kHours: return guarded("(" + d_.ToDouble(args[0]) + " / " + d_.Float(3600e6) + ")");
    case rt::fn::FunctionId::kFloat:
      return guarded(t0 == TypeKind::kMoney ? "(" + d_.ToDouble(args[0]) + " / " + d_.Float(10000) + ")"
                                            : d_.ToDouble(args[0]));
    case rt::fn::FunctionId::kAbs: return guarded(t0 == TypeKind::kFloat ? "abs(" + args[0] + ")" : d_.IntAbs(args[0]));
    case rt::fn::FunctionId::kLeast:
    case rt::fn::FunctionId::kGreatest: {
      if (n.type.Is(TypeKind::kFloat)) {  // std::min / std::max folded left to right, C's < on NaN and -0
        std::string acc = args[0];
        for (size_t k = 1; k < args.size(); ++k) {
          acc = d_.IfElse(fid == rt::fn::FunctionId::kLeast ? CLess(args[k], acc) : CLess(acc, args[k]), args[k], acc);
        }
        return guarded(acc);
      }
      return guarded(fid == rt::fn::FunctionId::kLeast ? d_.LeastOf(args) : d_.GreatestOf(args));
    }
    case rt::fn::FunctionId::kClamp: {
      if (!n.type.Is(TypeKind::kFloat)) return guarded(d_.LeastOf({d_.GreatestOf({args[0], args[1]}), args[2]}));
      // std::min(std::max(x, lo), hi) with C's < (false with a NaN; -0 equals 0).
      std::string high = d_.IfElse(CLess(args[0], args[1]), args[1], args[0]);
      return guarded(d_.IfElse(CLess(args[2], high), args[2], high));
    }
    case rt::fn::FunctionId::kSqrt:  // correctly rounded everywhere (IEEE 754); negative: missing
      return guarded(
          d_.IfElse(d_.ToDouble(args[0]) + " >= 0", "sqrt(" + d_.ToDouble(args[0]) + ")", d_.Null(TypeKind::kFloat)));
    case rt::fn::FunctionId::kRound:
    case rt::fn::FunctionId::kFloor:
    case rt::fn::FunctionId::kCeil:
      if (t0 == TypeKind::kInt) return args[0];
      if (t0 == TypeKind::kMoney || t0 == TypeKind::kDuration) {
        // Money to whole currency units, durations to whole days (RoundUnits): in double, as seg.
        std::string unit = d_.Float(t0 == TypeKind::kMoney ? 10000.0 : 86400e6);
        std::string units = "(" + d_.ToDouble(args[0]) + " / " + unit + ")";
        std::string whole = fid == rt::fn::FunctionId::kRound
                                ? d_.RoundHalfAway(units)
                                : std::string(fid == rt::fn::FunctionId::kFloor ? "floor(" : "ceil(") + units + ")";
        return guarded(d_.DoubleToInt64(d_.RoundHalfAway(whole + " * " + unit)));
      }
      if (t0 == TypeKind::kFloat) {
        if (fid == rt::fn::FunctionId::kRound) return guarded(d_.RoundHalfAway(args[0]));
        return guarded(std::string(fid == rt::fn::FunctionId::kFloor ? "floor(" : "ceil(") + args[0] + ")");
      }
      break;
    default: break;
  }
  throw Refused(id, "the function " + std::string(fn.name) + " on " + lang::TypeName(p_.nodes[n.args[0]].type));
}

std::string Lowering::CLess(const std::string& a, const std::string& b) const {
  std::string nan = d_.Float(NAN);
  return "(" + a + " < " + b + " AND " + a + " <> " + nan + " AND " + b + " <> " + nan + ")";
}

std::string Lowering::Population(NodeId id) {
  const Node& n = p_.nodes[id];
  const lang::PopulationSpec& spec = n.population;
  // The value as the kernels rank it (exec::RankingUnit): floats as they are, else double / unit;
  // missing and NaN take no part.
  const lang::Type& type = p_.nodes[n.args[0]].type;
  std::string x = type.Is(TypeKind::kFloat)
                      ? Expr(n.args[0])
                      : "(" + d_.ToDouble(Expr(n.args[0])) + " / " + d_.Float(exec::RankingUnit(type)) + ")";
  std::string valid = "COALESCE(" + x + " <> " + d_.Float(NAN) + ", " + d_.Bool(false) + ")";
  auto when_valid = [&](const std::string& value, TypeKind kind) { return d_.IfElse(valid, value, d_.Null(kind)); };
  std::string zero = d_.Float(0);
  if (spec.func == lang::PopFunc::kPercentRank || spec.func == lang::PopFunc::kCumulativeShare) {
    if (auto it = options_.value_results.find(id); it != options_.value_results.end()) {
      return when_valid(d_.LookupFloat(x, it->second.values, it->second.results), TypeKind::kFloat);
    }
    if (!d_.HasWindowFunctions()) {
      throw Refused(id,
                    "a population statistic needs seg to rank the population first on an engine without window "
                    "functions: `seg run --on` does it between passes");
    }
  }
  switch (spec.func) {
    case lang::PopFunc::kPercentRank:  // SQL's percent_rank() is seg's: (rank - 1) / (n - 1), 0 for one value
      return when_valid("percent_rank() OVER (PARTITION BY " + valid + " ORDER BY " + x +
                            (spec.descending ? " DESC" : "") + ")",
                        TypeKind::kFloat);
    case lang::PopFunc::kCumulativeShare: {
      // Largest first, a tie group (RANGE peers) added before any member is assigned; the total in
      // the same order (rt::CumulativeShare). + 0.0: seg's sums start from 0.0.
      std::string order = "PARTITION BY " + valid + " ORDER BY " + x + " DESC";
      std::string running = "(sum(" + x + ") OVER (" + order +
                            " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) + " + zero + ")";
      std::string total = "(sum(" + x + ") OVER (" + order +
                          " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) + " + zero + ")";
      return when_valid(d_.IfElse(total + " > " + zero, running + " / " + total, d_.Null(TypeKind::kFloat)),
                        TypeKind::kFloat);
    }
    case lang::PopFunc::kQuantileBin: break;
    default: throw Refused(id, "a fitted model (p_alive, expected_purchases, expected_spend, fitted_clv)");
  }
  if (auto it = options_.bounds.find(id); it != options_.bounds.end()) {
    const LowerOptions::RankBounds& b = it->second;
    if (b.bins_used == 0) return d_.Null(TypeKind::kInt);
    const ir::InputSchema& entity = p_.inputs[p_.entity_input];
    bool text_key = entity.columns[entity.key_column].type.IsTextLike();
    std::string key = text_key ? d_.ByteOrder("seg_key") : "seg_key";
    std::string bin = "CASE";
    for (size_t k = b.values.size(); k-- > 1;) {  // the highest boundary at or below (x, key)
      std::string v = d_.Float(b.values[k]);
      std::string kk = text_key ? d_.Text(b.keys[k]) : d_.Int(std::strtoll(b.keys[k].c_str(), nullptr, 10));
      bin += " WHEN " + x + " > " + v + " OR (" + x + " = " + v + " AND " + key + " >= " + kk + ") THEN " +
             d_.Int(b.bins[k]);
    }
    bin = b.values.size() > 1 ? bin + " ELSE " + d_.Int(b.bins[0]) + " END" : d_.Int(b.bins[0]);
    if (spec.descending) bin = "(" + d_.Int(b.bins_used + 1) + " - " + bin + ")";
    return when_valid(bin, TypeKind::kInt);
  }
  auto it = options_.cuts.find(id);
  bool by_value = spec.method == lang::BinMethod::kRfm || spec.method == lang::BinMethod::kQcut;
  if (it == options_.cuts.end() && d_.RanksQuantilesInStatement(spec.method) && !layer_source_.empty()) {
    return QuantileInStatement(id, x, valid);
  }
  if (it == options_.cuts.end() || !by_value) {
    throw Refused(id,
                  "a quantile statistic needs seg to rank the population first: `seg run --on` does it between passes");
  }
  const rt::BinCuts& cuts = it->second;
  if (cuts.bins == 0 || cuts.edges.size() < 2) return d_.Null(TypeKind::kInt);  // nothing valid: every bin missing
  // rfm: bin = 1 + #{k : b_k <= x}, b_k = edges[1..bins-1]; qcut: right-closed (e_{k-1}, e_k].
  std::string bin = d_.Int(1);
  for (size_t k = 1; k + 1 < cuts.edges.size(); ++k) {
    std::string e = d_.Float(cuts.edges[k]);
    bin += " + " + d_.IfElse(x + (spec.method == lang::BinMethod::kRfm ? " >= " : " > ") + e, "1", "0");
  }
  bin = "(" + bin + ")";
  if (spec.descending) bin = "(" + d_.Int(cuts.bins + 1) + " - " + bin + ")";
  return when_valid(bin, TypeKind::kInt);
}

}  // namespace seg::sql
