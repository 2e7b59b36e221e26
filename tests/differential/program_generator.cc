// Type-directed generation: every function returns an expression of the type asked for, fully
// parenthesised so precedence never changes what was meant. Names are l<i> (lets), t<i> (tags),
// c<i> (classifications), s<i> (scores), d<i> (derived event sets); lets only use earlier lets,
// tags earlier tags and lets, and so on, so no program has a cycle.
#include "tests/differential/program_generator.h"

#include <map>

#include "tests/differential/random.h"

namespace seg::differential {
namespace {

enum class Ty { kBool, kInt, kFloat, kMoney, kDuration, kDate, kTimestamp, kText };

struct Column {
  std::string name;
  Ty type;
};

struct EventSet {
  std::string name;
  std::vector<Column> columns;  // the time column `ts` included, the customer column left out
};

struct Symbol {
  std::string name;
  Ty type;
};

struct Classification {
  std::string name;
  std::vector<std::string> buckets;
};

// A param of each type the language has, with its default and another value to bind by
// --param, and how often a program declares it. Derived sets, their filters and their computed
// columns use them as well as lets and tags: a param there once read as false or empty.
struct Param {
  const char* name;
  Ty type;
  const char* type_name;
  const char* default_text;
  const char* binding;
  int percent;
};
constexpr Param kParams[] = {
    {"min_spend", Ty::kMoney, "money", "100", "42.5", 40},
    {"start_day", Ty::kDate, "date", "2025-01-01", "2025-03-31", 30},
    {"grace", Ty::kDuration, "duration", "36 hours", "2d", 25},
    {"min_qty", Ty::kInt, "int", "2", "-1", 35},
    {"ratio", Ty::kFloat, "float", "0.5", "2.25", 30},
    {"label", Ty::kText, "text", "\"books\"", "toys", 35},
    {"strict", Ty::kBool, "bool", "true", "false", 30},
    {"cutoff", Ty::kTimestamp, "timestamp", "2025-03-01T00:00:00Z", "2025-06-15T12:00:00Z", 25},
};

constexpr const char* kSchema =
    "input customers key id { signup: date; city: text; age: int; rating: float; spend: money; vip: bool; tags: tags "
    "}\n"
    "input orders of customers by customer at ts { amount: money; qty: int; category: text; discounted: bool }\n"
    "input visits of customers by customer at ts { page: text }\n";

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

bool Rankable(Ty t) { return t != Ty::kBool && t != Ty::kText; }

std::string Bin(const std::string& a, const char* op, const std::string& b) {
  return "(" + a + " " + op + " " + b + ")";
}

class Generator {
 public:
  Generator(uint64_t seed, const GeneratorOptions& options)
      : rng_(seed, 1), sequences_(seed, 13), joins_(seed, 17), seed_(seed), options_(options) {}

  GeneratedProgram Run() {
    GeneratedProgram out;
    std::string& text = out.text;
    text = kSchema;
    // Int customer keys in about a third of the programs, drawn apart from rng_ so the rest of
    // each program is the same either way.
    if (Rng(seed_, 7).Chance(35)) {
      text.replace(text.find("key id {"), 8, "key id { id: int;");
      out.int_keys = true;
    }
    if (rng_.Chance(40)) {
      text += "timezone " + Quote(rng_.Pick<std::string>({"Europe/Berlin", "America/New_York", "+05:30", "UTC"})) +
              "\n";
    }
    sets_.push_back({"orders",
                     {{"ts", Ty::kTimestamp},
                      {"amount", Ty::kMoney},
                      {"qty", Ty::kInt},
                      {"category", Ty::kText},
                      {"discounted", Ty::kBool}}});
    sets_.push_back({"visits", {{"ts", Ty::kTimestamp}, {"page", Ty::kText}}});
    for (const Param& p : kParams) {
      if (!rng_.Chance(p.percent)) continue;
      text += std::string("param ") + p.name + ": " + p.type_name + " = " + p.default_text + "\n";
      params_.push_back({p.name, p.type});
      // Half the datasets bind every param by --param instead of its default.
      out.param_bindings.push_back(std::string(p.name) + "=" + p.binding);
      if (p.type == Ty::kDate) has_start_day_ = true;  // Literal(kDate) and Window() use it
      else symbols_.push_back({p.name, p.type});
    }
    int derived = static_cast<int>(rng_.Below(3));
    for (int i = 0; i < derived; ++i) text += DerivedSet(i);

    int lets = static_cast<int>(rng_.Between(3, 12));
    for (int i = 0; i < lets; ++i) {
      Ty t = rng_.Pick<Ty>({Ty::kInt, Ty::kInt, Ty::kFloat, Ty::kMoney, Ty::kMoney, Ty::kDuration, Ty::kDate,
                            Ty::kTimestamp, Ty::kText, Ty::kBool, Ty::kBool});
      std::string name = "l" + std::to_string(i);
      bool population = (t == Ty::kInt ? rng_.Chance(20) : t == Ty::kFloat && rng_.Chance(40)) && options_.populations;
      std::string e = population ? Population(t == Ty::kFloat) : Expr(t, static_cast<int>(rng_.Between(1, 4)));
      text += "let " + name + " = " + e + "\n";
      symbols_.push_back({name, t});
      out.lets.push_back(name);
    }
    // Model fits in about a third of the programs, drawn from a stream of their own so the other
    // programs stay as they were; later tags, segments and scores may use them like any let.
    Rng models(seed_, 11);
    if (models.Chance(35) && !options_.sql_only) text += ModelFits(models, &out);
    int tags = static_cast<int>(rng_.Between(1, 5));
    for (int i = 0; i < tags; ++i) {
      std::string name = "t" + std::to_string(i);
      text += "tag " + name + " when " + Bool(static_cast<int>(rng_.Between(1, 4))) + "\n";
      symbols_.push_back({name, Ty::kBool});
    }
    int classes = static_cast<int>(rng_.Between(1, 3));
    for (int i = 0; i < classes; ++i) text += Segments(i);
    int scores = static_cast<int>(rng_.Below(3));
    for (int i = 0; i < scores; ++i) {
      std::string name = "s" + std::to_string(i);
      Ty t = rng_.Pick<Ty>({Ty::kInt, Ty::kFloat, Ty::kMoney});
      text += "score " + name + " = " + Expr(t, static_cast<int>(rng_.Between(1, 3))) + "\n";
      symbols_.push_back({name, t});
    }
    return out;
  }

 private:
  std::string DerivedSet(int index) {
    const EventSet source = sets_[rng_.Below(sets_.size())];
    EventSet set{"d" + std::to_string(index), source.columns};
    std::string text = "events " + set.name + " = " + source.name;
    if (rng_.Chance(70)) text += " where " + EventBool(source, static_cast<int>(rng_.Between(1, 3)));
    std::vector<Column> computed;
    std::string k = std::to_string(index);
    if (rng_.Chance(70)) {
      auto has = [&](const char* column) { return HasColumn(source, column); };
      if (has("amount") && rng_.Chance(60)) computed.push_back({"net" + k, Ty::kMoney});
      if (has("qty") && rng_.Chance(50)) computed.push_back({"dbl" + k, Ty::kInt});
      if (rng_.Chance(50)) computed.push_back({"flag" + k, Ty::kBool});
      if (rng_.Chance(40)) computed.push_back({"day" + k, Ty::kDate});
      if (has("category") && rng_.Chance(40)) computed.push_back({"cat" + k, Ty::kText});
      if (has("qty") && rng_.Chance(35)) computed.push_back({"r" + k, Ty::kFloat});  // -0.0 where qty is 0
    }
    // A param as a column of its own, whatever its type.
    if (!params_.empty() && rng_.Chance(50)) {
      const Symbol& p = rng_.Pick(params_);
      computed.push_back({"p" + k, p.type});
      param_columns_[computed.back().name] = p.name;
    }
    if (!computed.empty()) {
      text += " {\n";
      for (const Column& c : computed) {
        std::string e;
        std::string param = ParamOf(c.type);
        bool use_param = !param.empty() && rng_.Chance(40);
        switch (c.type) {
          case Ty::kMoney:
            if (rng_.Chance(20)) e = "(if amount >= " + MoneyLiteral() + " then amount else missing)";
            else
              e = use_param         ? "(amount + " + param + ")"
                  : rng_.Chance(50) ? "(amount * qty)"
                                    : "(amount + " + MoneyLiteral() + ")";
            break;
          case Ty::kInt: e = "(qty * " + (use_param ? param : std::to_string(rng_.Between(-2, 3))) + ")"; break;
          case Ty::kBool: e = EventBool(source, 2); break;
          case Ty::kFloat:
            e = use_param ? "(qty * " + param + ")" : "(qty * " + rng_.Pick<std::string>({"-0.5", "0.25", "1.5"}) + ")";
            break;
          case Ty::kDate:
            e = use_param ? "(if date(ts) <= " + param + " then date(ts) else " + param + ")" : "date(ts)";
            break;
          default:
            e = use_param         ? "(lower(category) ?? " + param + ")"
                : rng_.Chance(50) ? "lower(category)"
                                  : "upper(category)";
            break;
        }
        if (auto p = param_columns_.find(c.name); p != param_columns_.end()) e = p->second;
        text += "  " + c.name + " = " + e + "\n";
        set.columns.push_back(c);
      }
      text += "}";
    }
    sets_.push_back(set);
    return text + "\n";
  }

  std::string Segments(int index) {
    static const std::vector<std::string> kNames = {"Gold", "Silver", "Bronze", "New", "Lost", "At risk", "Other"};
    Classification c{"c" + std::to_string(index), {}};
    std::string text = "segments " + c.name;
    if (index > 0 && !refined_ && rng_.Chance(60)) {
      const Classification& parent = classes_[rng_.Below(classes_.size())];
      text += " within " + parent.name + "." + Quote(parent.buckets[rng_.Below(parent.buckets.size())]);
      refined_ = true;
    } else if (rng_.Chance(50)) {
      text += " exclusive";
    }
    text += " {\n";
    int rules = static_cast<int>(rng_.Between(1, 4));
    size_t start = rng_.Below(kNames.size());
    for (int r = 0; r < rules; ++r) {
      std::string bucket = kNames[(start + r) % kNames.size()];
      c.buckets.push_back(bucket);
      text += "  " + Quote(bucket) + " when " + Bool(static_cast<int>(rng_.Between(1, 3))) + "\n";
    }
    if (rng_.Chance(60)) {
      std::string bucket = "Rest" + std::to_string(index);
      c.buckets.push_back(bucket);
      text += "  else " + Quote(bucket) + "\n";
    }
    text += "}\n";
    classes_.push_back(c);
    symbols_.push_back({c.name, Ty::kText});
    return text;
  }

  // One of `from` of type t, picked at random, or "" when there is none.
  std::string PickOfType(const std::vector<Symbol>& from, Ty t) {
    std::vector<std::string> names;
    for (const Symbol& s : from)
      if (s.type == t) names.push_back(s.name);
    return names.empty() ? "" : rng_.Pick(names);
  }

  std::string Ref(Ty t) { return PickOfType(symbols_, t); }

  static bool HasColumn(const EventSet& set, const char* name) {
    for (const Column& c : set.columns)
      if (c.name == name) return true;
    return false;
  }

  // A declared param of type t, or "" when the program has none.
  std::string ParamOf(Ty t) { return PickOfType(params_, t); }

  std::string MoneyLiteral() {
    // Now and then the ends of the money range, exact: no double holds them, so both engines must
    // take the checker's exact value (and overflow alike when arithmetic passes them).
    if (rng_.Chance(4)) return rng_.Pick<std::string>({"922337203685477.5807", "-922337203685477.5808"});
    return rng_.Pick<std::string>({"19.99", "0", "100", "5000", "0.0001", "3.5", "250"});
  }

  std::string IntLiteral() {
    if (rng_.Chance(50)) return std::to_string(rng_.Between(0, 12));
    // 3037000500 squared passes the int64 limit: products of it overflow, a run-time error.
    return rng_.Pick<std::string>({"0", "1", "-1", "30", "65", "100", "1000", "2025", "3037000500"});
  }

  std::string Literal(Ty t) {
    switch (t) {
      case Ty::kBool: return rng_.Chance(50) ? "true" : "false";
      case Ty::kInt: return IntLiteral();
      case Ty::kFloat: return rng_.Pick<std::string>({"0.5", "1.25", "0.0", "2.0", "-1.5", "100.0", "0.001", "3"});
      case Ty::kMoney: return MoneyLiteral();
      case Ty::kDuration:
        return rng_.Pick<std::string>(
            {"30 days", "1.5 hours", "2 weeks", "90 minutes", "45 seconds", "0 days", "1 days", "365 days"});
      case Ty::kDate:
        if (has_start_day_ && rng_.Chance(20)) return "start_day";
        return rng_.Pick<std::string>({"2025-01-15", "2024-02-29", "2025-06-30", "as_of", "2025-03-31", "2025-04-01"});
      case Ty::kTimestamp:
        return rng_.Pick<std::string>(
            {"2025-06-30T14:05:00Z", "2025-06-01T00:00:00+02:00", "2025-03-31T23:59", "2024-12-31T23:59:59Z"});
      case Ty::kText:
        return Quote(rng_.Pick<std::string>({"books", "", "Paris", "home", "paris", "toys", "product", "Gold"}));
    }
    return "";
  }

  std::string Window() {
    switch (rng_.Below(6)) {
      case 0: {
        std::string unit = rng_.Pick<std::string>({"days", "days", "weeks", "months", "quarters", "years"});
        int64_t n = unit == "days" ? rng_.Pick<int64_t>({1, 7, 30, 31, 90, 365}) : rng_.Between(1, 4);
        return "last " + std::to_string(n) + " " + unit;
      }
      case 1: return "this " + rng_.Pick<std::string>({"week", "month", "quarter", "year"});
      case 2: return "last " + rng_.Pick<std::string>({"week", "month", "quarter", "year"});
      case 3: {
        std::string unit = rng_.Pick<std::string>({"days", "days", "weeks", "months"});
        int64_t b = rng_.Between(0, unit == "days" ? 90 : 3);
        int64_t a = b + rng_.Between(1, unit == "days" ? 120 : 4);
        return std::to_string(a) + " to " + std::to_string(b) + " " + unit + " ago";
      }
      case 4: return "between as_of - " + std::to_string(rng_.Pick<int64_t>({0, 1, 30, 60, 90})) + " days and as_of";
      default: {
        std::string from = has_start_day_ && rng_.Chance(40)
                               ? "start_day"
                               : rng_.Pick<std::string>({"2025-01-01", "2024-12-31", "2025-04-01"});
        std::string to = rng_.Chance(50) ? "as_of" : "as_of - " + std::to_string(rng_.Between(0, 30)) + " days";
        return "between " + from + " and " + to;
      }
    }
  }

  // A sequence of events: count (int), sequence (bool) or time_to (duration) over two or three
  // steps of any event sets, with filters, windows, limits (a param too), a negated last step.
  // Drawn from a stream of its own, so that a program without one is what it was before.
  std::string Sequence(Ty t) {
    std::string body;
    size_t steps = sequences_.Chance(70) ? 2 : 3;
    bool negated = t != Ty::kDuration && sequences_.Chance(35);
    std::string grace = ParamOf(Ty::kDuration);
    for (size_t i = 0; i < steps; ++i) {
      const EventSet& set = sets_[sequences_.Below(sets_.size())];
      if (i > 0) body += negated && i + 1 == steps ? " then not " : " then ";
      body += set.name;
      if (sequences_.Chance(35)) body += " where " + EventBool(set, static_cast<int>(sequences_.Between(1, 2)));
      if (sequences_.Chance(20)) body += " during " + Window();
      if (i > 0 && sequences_.Chance(80)) {
        body += " within " + (!grace.empty() && sequences_.Chance(25)
                                  ? grace
                                  : sequences_.Pick<std::string>({"1 days", "3 days", "12 hours", "90 minutes",
                                                                  "2 weeks", "1 seconds", "1.5 days"}));
      }
    }
    const char* fn = t == Ty::kInt ? "count" : t == Ty::kBool ? "sequence" : "time_to";
    return std::string(fn) + "(" + body + ")";
  }

  // An aggregate of type t over one event set, or "" if no column has that type.
  std::string Aggregate(Ty t) {
    bool sequence_type = t == Ty::kInt || t == Ty::kBool || t == Ty::kDuration;
    if (sequence_type && !options_.sql_only && sequences_.Chance(15)) return Sequence(t);
    const EventSet& set = sets_[rng_.Below(sets_.size())];
    std::vector<std::string> columns;
    for (const Column& c : set.columns)
      if (c.type == t) columns.push_back(c.name);
    auto filter = [&]() {
      std::string f;
      if (rng_.Chance(45)) f += " where " + EventBool(set, static_cast<int>(rng_.Between(1, 4)));
      if (rng_.Chance(55)) f += " during " + Window();
      return f;
    };
    auto over_column = [&](const std::string& fn) {
      const std::string& f = fn == "mode" && options_.sql_only ? "max" : fn;  // see GeneratorOptions
      return f + "(" + set.name + "." + rng_.Pick(columns) + filter() + ")";
    };
    // Two texts of each event joined (or one joined with the customer's city), a value made
    // during the run, which count_distinct and mode count by its string; "" without text columns.
    auto joined_text = [&]() -> std::string {
      std::vector<std::string> texts;
      for (const Column& c : set.columns)
        if (c.type == Ty::kText) texts.push_back(set.name + "." + c.name);
      if (texts.empty()) return "";
      // Not on the SQL backends: their event passes do not read customer columns (a customer
      // column inside an aggregate fails there with "column c_city does not exist").
      std::string second = joins_.Chance(25) && !options_.sql_only ? "customers.city" : joins_.Pick(texts);
      return joins_.Pick(texts) + " + " + (joins_.Chance(30) ? "\"/\" + " : "") + second;
    };
    // median, stddev, percentile (at an edge, a quartile or an odd fraction) over `names`.
    auto spread = [&](const std::vector<std::string>& names) {
      std::string fn = rng_.Pick<std::string>({"median", "stddev", "percentile"});
      std::string args = set.name + "." + rng_.Pick(names) + filter();
      if (fn == "percentile") args += ", " + rng_.Pick<std::string>({"0", "1", "0.25", "0.9", "0.333"});
      return fn + "(" + args + ")";
    };
    switch (t) {
      case Ty::kInt: {
        if (std::string joined = joins_.Chance(4) ? joined_text() : ""; !joined.empty())
          return "count_distinct(" + joined + filter() + ")";
        if (rng_.Chance(10)) {
          std::vector<std::string> all;
          // Not floats (E0204: equal-looking floats differ in their last bits); a float param can
          // be a derived set's column.
          for (const Column& c : set.columns)
            if (c.type != Ty::kFloat && (c.type != Ty::kBool || rng_.Chance(50))) all.push_back(c.name);
          return "count_distinct(" + set.name + "." + rng_.Pick(all) + filter() + ")";
        }
        if (!columns.empty() && rng_.Chance(30))
          return over_column(rng_.Pick<std::string>({"sum", "min", "max", "first", "last", "mode"}));
        return rng_.Pick<std::string>({"count", "count", "active_days", "streak_days", "current_streak_days",
                                       "streak_weeks", "streak_months", "current_streak_weeks",
                                       "current_streak_months"}) +
               "(" + set.name + filter() + ")";
      }
      case Ty::kFloat: {
        std::vector<std::string> ints;
        for (const Column& c : set.columns)
          if (c.type == Ty::kInt) ints.push_back(c.name);
        if (ints.empty()) return "";
        // A float column: seg's fold order for min/max (-0 against 0), its summing order.
        if (!columns.empty() && rng_.Chance(40))
          return over_column(rng_.Pick<std::string>({"min", "max", "sum", "first", "last"}));
        if (rng_.Chance(35) && !options_.sql_only) return spread(ints);
        return "avg(" + set.name + "." + rng_.Pick(ints) + filter() + ")";
      }
      case Ty::kMoney:
        if (columns.empty()) return "";
        if (rng_.Chance(25) && !options_.sql_only) return spread(columns);
        return over_column(rng_.Pick<std::string>({"sum", "sum", "avg", "min", "max", "first", "last", "mode"}));
      case Ty::kDuration:
        return rng_.Chance(50) ? "avg_gap(" + set.name + filter() + ")"
                               : "avg_gap(" + set.name + ".ts" + filter() + ")";
      case Ty::kTimestamp: return over_column(rng_.Pick<std::string>({"first", "last", "min", "max"}));
      case Ty::kDate:
        if (columns.empty()) return "";
        return over_column(rng_.Pick<std::string>({"first", "last", "min", "max"}));
      case Ty::kText:
        if (columns.empty()) return "";
        if (std::string joined = joins_.Chance(20) ? joined_text() : ""; !joined.empty()) {
          std::string fn = joins_.Pick<std::string>({"first", "last", "min", "max", "mode"});
          return (fn == "mode" && options_.sql_only ? "max" : fn) + "(" + joined + filter() + ")";
        }
        if (rng_.Chance(15)) return over_column(rng_.Pick<std::string>({"min", "max", "mode"}));
        return over_column(rng_.Pick<std::string>({"first", "last"}));
      case Ty::kBool:
        if (columns.empty()) return "";
        return over_column(rng_.Pick<std::string>({"first", "last"}));
    }
    return "";
  }

  // p_alive, expected_purchases, expected_spend and fitted_clv. The inputs are either a purchase
  // history as the model docs write it (orders or a derived set of them: same-day purchases
  // once, recency and age in calendar days), on which the generated edge-case data rarely lets a
  // fit converge (an error both engines must report alike), or made-up histories over-dispersed
  // enough that about a third of the datasets fit, so both engines predict with the models and
  // later rules use the predictions. Two or more functions over the same inputs share one fit.
  std::string ModelFits(Rng& rng, GeneratedProgram* out) {
    std::string text;
    auto let = [&](const std::string& name, const std::string& e) {
      text += "let " + name + " = " + e + "\n";
      symbols_.push_back({name, Ty::kFloat});
      out->lets.push_back(name);
    };
    auto plain = [&](const std::string& name, const std::string& e) {  // an input, not ranked
      text += "let " + name + " = " + e + "\n";
      out->lets.push_back(name);
    };
    if (rng.Chance(30)) {
      std::vector<std::string> sources = {"orders"};
      for (const EventSet& set : sets_) {
        if (set.name[0] == 'd' && HasColumn(set, "amount")) sources.push_back(set.name);
      }
      const std::string set = rng.Pick(sources);
      plain("m_first", "date(first(" + set + ".ts))");
      plain("m_repeat", rng.Chance(75) ? "active_days(" + set + ") - 1" : "count(" + set + ") - 1");
      plain("m_recency", "date(last(" + set + ".ts)) - m_first");
      plain("m_age", "as_of - m_first");
      plain("m_spend",
            rng.Chance(60) ? "sum(" + set + ".amount where date(ts) > m_first) / m_repeat" : "avg(" + set + ".amount)");
    } else {
      plain("m_repeat", "count(orders) * count(orders)");
      plain("m_recency", "greatest(400 days - days_since(last(orders.ts)), 0 days)");
      plain("m_age", "800 days");
      plain("m_spend", "(30 + float(count(visits) % 5) * 40 / float(m_repeat + 1)) * float(1 + count(visits) % 3)");
    }
    std::string unit = rng.Chance(30) ? rng.Pick<std::string>({", weeks", ", days"}) : "";
    std::string history = "m_repeat, m_recency, m_age";
    size_t before = out->lets.size();
    if (rng.Chance(60)) let("m_alive", "p_alive(" + history + unit + ")");
    if (rng.Chance(50)) {
      std::string horizon = rng.Pick<std::string>({"39 weeks", "30 days", "12 hours", "1 weeks"});
      let("m_purchases", "expected_purchases(" + history + ", " + horizon + unit + ")");
    }
    if (rng.Chance(50)) let("m_avg_spend", "expected_spend(m_repeat, m_spend)");
    if (out->lets.size() == before || rng.Chance(50)) {
      int64_t steps = rng.Between(1, 12);
      bool weekly = rng.Chance(30);
      std::string horizon = std::to_string(weekly ? 7 * steps : 30 * steps) + " days";
      std::string settings;
      if (rng.Chance(70)) {
        bool ratio = false;
        for (const Symbol& p : symbols_) ratio = ratio || p.name == "ratio";
        settings += ", margin: " +
                    (ratio && rng.Chance(50) ? std::string("ratio") : rng.Pick<std::string>({"0.3", "rating", "1"}));
      }
      if (rng.Chance(60)) settings += ", discount: " + rng.Pick<std::string>({"0.01", "0", "0.1"});
      if (weekly) settings += ", step: 1 weeks";
      let("m_value", "fitted_clv(m_repeat, m_recency, m_age, m_spend, " + horizon + unit + settings + ")");
    }
    return text;
  }

  // Ranks an earlier let (or an aggregate) against the population.
  std::string Population(bool as_float) {
    std::vector<std::string> names;
    for (const Symbol& s : symbols_)
      if (Rankable(s.type)) names.push_back(s.name);
    std::string x = !names.empty() && rng_.Chance(75) ? rng_.Pick(names)
                                                      : rng_.Pick<std::string>({"count(orders)", "sum(orders.amount)",
                                                                                "days_since(last(orders.ts))"});
    auto descending = [&]() { return rng_.Chance(35) ? std::string(", descending") : std::string(); };
    if (as_float) {
      if (rng_.Chance(50)) return "cumulative_share(" + x + ")";
      return "percent_rank(" + x + descending() + ")";
    }
    std::string method;
    if (rng_.Chance(70)) {
      std::string m = rng_.Pick<std::string>({"rfm", "qcut", "qcut_rank", "ntile"});
      method = rng_.Chance(50) ? ", " + m : ", method: " + m;
    }
    switch (rng_.Below(4)) {
      case 0: {
        std::string opts = rng_.Chance(50) ? descending() + method : method + descending();
        return rng_.Pick<std::string>({"quintile", "quartile", "decile"}) + "(" + x + opts + ")";
      }
      case 1: {
        std::string bins = std::to_string(rng_.Pick<int64_t>({2, 3, 7, 10}));
        return "quantile_bin(" + x + (rng_.Chance(50) ? ", bins: " : ", ") + bins + method + descending() + ")";
      }
      case 2: return "ntile(" + x + ", " + std::to_string(rng_.Between(2, 6)) + descending() + ")";
      default: return "quintile(" + x + method + ")";
    }
  }

  std::string Leaf(Ty t) {
    std::string ref = rng_.Chance(40) ? Ref(t) : "";
    if (!ref.empty()) return ref;
    if (rng_.Chance(45)) {
      std::string agg = Aggregate(t);
      if (!agg.empty()) return agg;
    }
    switch (t) {
      case Ty::kBool:
        return rng_.Pick<std::string>({"vip", "(\"vip\" in tags)", "(age is missing)", "(count(orders) > 0)"});
      case Ty::kInt: return rng_.Chance(50) ? "age" : IntLiteral();
      case Ty::kFloat: return rng_.Chance(50) ? "rating" : Literal(Ty::kFloat);
      case Ty::kMoney: return rng_.Chance(60) ? "spend" : "sum(orders.amount)";
      case Ty::kDuration: return rng_.Chance(50) ? Literal(t) : "days_since(signup)";
      case Ty::kDate: return rng_.Chance(50) ? "signup" : Literal(t);
      case Ty::kTimestamp:
        return rng_.Chance(70) ? rng_.Pick<std::string>({"first", "last"}) + "(orders.ts)" : Literal(t);
      case Ty::kText: return rng_.Chance(60) ? "city" : Literal(t);
    }
    return "";
  }

  // Calendar arithmetic (docs/LANGUAGE.md, Calendar arithmetic): `x ± N months|quarters|years`
  // with N at the month-end and leap-day edges, or add_months with a computed count.
  std::string MonthsLater(Ty t, int d) {
    if (rng_.Chance(30)) return "add_months(" + Expr(t, d) + ", " + (rng_.Chance(50) ? Expr(Ty::kInt, d) : "-13") + ")";
    std::string count = rng_.Pick<std::string>({"1", "1", "2", "11", "12", "13", "48", "0"});
    std::string unit = rng_.Pick<std::string>({"month", "months", "quarters", "year", "years"});
    return "(" + Expr(t, d) + (rng_.Chance(50) ? " + " : " - ") + count + " " + unit + ")";
  }
  // Whole months and years between two times, and age.
  std::string Calendar(int d) {
    switch (rng_.Below(3)) {
      case 0: return "months_between(" + Time(d) + ", " + Time(d) + ")";
      case 1: return "years_between(" + Time(d) + ", " + Time(d) + ")";
      default: return "age(" + Time(d) + ")";
    }
  }

  std::string Time(int depth) { return Expr(rng_.Chance(50) ? Ty::kDate : Ty::kTimestamp, depth); }
  std::string Number(int depth) { return Expr(rng_.Chance(50) ? Ty::kInt : Ty::kFloat, depth); }

  std::string Expr(Ty t, int depth) {
    if (depth <= 0 || rng_.Chance(15)) return Leaf(t);
    int d = depth - 1;
    switch (t) {
      case Ty::kBool: return Bool(depth);
      case Ty::kInt: return IntExpr(d);
      case Ty::kFloat: return FloatExpr(d);
      case Ty::kMoney: return MoneyExpr(d);
      case Ty::kDuration: return DurationExpr(d);
      case Ty::kDate: return DateExpr(d);
      case Ty::kTimestamp: return TimestampExpr(d);
      case Ty::kText: return TextExpr(d);
    }
    return "";
  }

  // The forms every type has: if/then/else, and ?? with an expression or a literal.
  std::string Common(Ty t, int d, int choice) {
    // `missing` takes its type from the other branch or side, so only one of them is `missing`.
    int missing_side = rng_.Chance(15) ? static_cast<int>(rng_.Below(2)) : -1;
    auto side = [&](int i, const std::string& value) { return i == missing_side ? std::string("missing") : value; };
    if (choice == 0) return "(if " + Bool(d) + " then " + side(0, Expr(t, d)) + " else " + side(1, Expr(t, d)) + ")";
    if (missing_side >= 0) return "(" + side(0, Expr(t, d)) + " ?? " + side(1, Expr(t, d)) + ")";
    return "(" + Expr(t, d) + " ?? " +
           (rng_.Chance(50)   ? Expr(t, d)
            : t == Ty::kMoney ? IntLiteral()
                              : Literal(t)) +
           ")";
  }

  std::string IntExpr(int d) {
    const Ty t = Ty::kInt;
    switch (rng_.Below(12)) {
      case 0: return Bin(Expr(t, d), "+", rng_.Chance(10) ? "missing" : Expr(t, d));
      case 1: return Bin(rng_.Chance(10) ? "missing" : Expr(t, d), "-", Expr(t, d));
      case 2: return Bin(Expr(t, d), "*", Expr(t, d));
      case 3: return Bin(Expr(t, d), "%", Expr(t, d));
      case 4:
        if (rng_.Chance(25) && !options_.sql_only) return Calendar(d);
        return rng_.Pick<std::string>({"year", "month", "day", "weekday", "quarter"}) + "(" + Time(d) + ")";
      case 5: return "length(" + Expr(Ty::kText, d) + ")";
      case 6:
        if (rng_.Chance(30)) return "abs(" + Expr(t, d) + ")";
        return rng_.Pick<std::string>({"least(", "greatest("}) + Expr(t, d) +
               (rng_.Chance(50) ? ", " + Expr(t, d) : ", 3") + ")";
      case 7: return "clamp(" + Expr(t, d) + ", 0, 10)";
      case 8: return options_.populations ? Population(false) : Leaf(t);
      case 9: return Leaf(t);
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string FloatExpr(int d) {
    const Ty t = Ty::kFloat;
    switch (rng_.Below(14)) {
      case 0: return Bin(Number(d), rng_.Pick<std::string>({"+", "-", "*"}).c_str(), Number(d));
      case 1: return Bin(Expr(Ty::kInt, d), "/", Expr(Ty::kInt, d));
      case 2: return "float(" + Expr(rng_.Chance(50) ? Ty::kInt : Ty::kMoney, d) + ")";
      case 3: return rng_.Pick<std::string>({"days(", "hours("}) + Expr(Ty::kDuration, d) + ")";
      case 4: return Bin(Expr(Ty::kMoney, d), "/", Expr(Ty::kMoney, d));
      case 5: return Bin(Expr(Ty::kDuration, d), "/", Expr(Ty::kDuration, d));
      case 6:
        return rng_.Pick<std::string>({"ln(", "sqrt(", "exp(", "abs(", "round(", "floor(", "ceil("}) + Number(d) + ")";
      case 7: return "pow(" + Number(d) + ", " + rng_.Pick<std::string>({"2", "0.5", "-1"}) + ")";
      case 8: return "clamp(" + Number(d) + ", 0.0, 1.0)";
      case 9: return options_.populations ? Population(true) : Leaf(t);
      case 10: return Bin(Number(d), "/", Number(d));
      case 11: return Leaf(t);
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string MoneyExpr(int d) {
    const Ty t = Ty::kMoney;
    switch (rng_.Below(11)) {
      case 0: return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", Expr(t, d));
      case 1: return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", rng_.Chance(10) ? "missing" : MoneyLiteral());
      case 2:
        return rng_.Chance(50) ? Bin(Expr(t, d), "*", Expr(Ty::kInt, d)) : Bin(Expr(Ty::kInt, d), "*", Expr(t, d));
      case 3: return Bin(Expr(t, d), "*", rng_.Chance(10) ? "missing" : "float(" + Expr(Ty::kInt, d) + ")");
      case 4: return Bin(Expr(t, d), "/", Expr(rng_.Chance(50) ? Ty::kInt : Ty::kFloat, d));
      case 5: return rng_.Pick<std::string>({"round(", "floor(", "ceil(", "abs("}) + Expr(t, d) + ")";
      case 6: return rng_.Pick<std::string>({"least(", "greatest("}) + Expr(t, d) + ", " + Expr(t, d) + ")";
      case 7: return "clamp(" + Expr(t, d) + ", 0, 1000)";
      case 8: return Leaf(t);
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string DurationExpr(int d) {
    const Ty t = Ty::kDuration;
    switch (rng_.Below(11)) {
      case 0: return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", Expr(t, d));
      case 1: return Bin(Expr(t, d), "*", Expr(Ty::kInt, d));
      case 2: return Bin(Expr(t, d), "/", Expr(Ty::kInt, d));
      case 3: return "days_since(" + Time(d) + ")";
      case 4: return "(as_of - signup)";
      case 5: return Bin(Expr(Ty::kTimestamp, d), "-", Expr(Ty::kTimestamp, d));
      case 6: return Bin(Expr(Ty::kDate, d), "-", Expr(Ty::kDate, d));
      case 7: return rng_.Pick<std::string>({"abs(", "round(", "floor("}) + Expr(t, d) + ")";
      case 8: return Leaf(t);
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string DateExpr(int d) {
    const Ty t = Ty::kDate;
    switch (rng_.Below(5)) {
      case 0:
        if (rng_.Chance(30) && !options_.sql_only) return MonthsLater(t, d);
        return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", rng_.Chance(10) ? "missing" : Expr(Ty::kDuration, d));
      case 1: return "date(" + Expr(Ty::kTimestamp, d) + ")";
      case 2: return Leaf(t);
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string TimestampExpr(int d) {
    const Ty t = Ty::kTimestamp;
    switch (rng_.Below(4)) {
      case 0:
        if (rng_.Chance(30) && !options_.sql_only) return MonthsLater(t, d);
        return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", rng_.Chance(10) ? "missing" : Expr(Ty::kDuration, d));
      case 1: return Leaf(t);
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string TextExpr(int d) {
    const Ty t = Ty::kText;
    switch (rng_.Below(6)) {
      case 0: return rng_.Pick<std::string>({"lower(", "upper("}) + Expr(t, d) + ")";
      case 1: return Leaf(t);
      case 5: {
        // Joining text: with a literal (the plan maps the other side's strings) or, drawn from
        // a stream of its own, two varying sides (strings made during the run).
        std::string other = joins_.Chance(40) ? Expr(t, d) : Literal(t);
        if (rng_.Chance(20)) return "concat(" + Expr(t, d) + ", " + other + ")";
        return rng_.Chance(50) ? Bin(Expr(t, d), "+", other) : Bin(other, "+", Expr(t, d));
      }
      case 2: {
        std::string c = Ref(Ty::kText);
        for (const Classification& k : classes_)
          if (k.name == c) return c;
        return Leaf(t);
      }
      default: return Common(t, d, static_cast<int>(rng_.Below(2)));
    }
    return "";
  }

  std::string TextLiteralList() {
    std::string list = "[";
    int n = static_cast<int>(rng_.Between(1, 3));
    for (int i = 0; i < n; ++i) list += (i ? ", " : "") + Literal(Ty::kText);
    return list + "]";
  }

  std::string Compare(int depth) {
    Ty t = rng_.Pick<Ty>({Ty::kInt, Ty::kInt, Ty::kFloat, Ty::kMoney, Ty::kMoney, Ty::kDuration, Ty::kDate,
                          Ty::kTimestamp, Ty::kText, Ty::kBool});
    std::string op = t == Ty::kBool ? rng_.Pick<std::string>({"==", "!="})
                                    : rng_.Pick<std::string>({"==", "!=", "<", "<=", ">", ">="});
    std::string lhs = Expr(t, depth);
    std::string rhs;
    if (rng_.Chance(35)) {
      rhs = Expr(t, depth);
    } else if (t == Ty::kTimestamp && rng_.Chance(30)) {
      rhs = Literal(Ty::kDate);  // a date compared with a timestamp means its local midnight
    } else if ((t == Ty::kFloat || t == Ty::kMoney) && rng_.Chance(30)) {
      rhs = IntLiteral();
    } else {
      rhs = Literal(t);
    }
    return "(" + lhs + " " + op + " " + rhs + ")";
  }

  std::string Bool(int depth) {
    if (depth <= 0) return Leaf(Ty::kBool);
    int d = depth - 1;
    switch (rng_.Below(16)) {
      case 0:
      case 1: return "(" + Bool(d) + " and " + Bool(d) + ")";
      case 2:
      case 3: return "(" + Bool(d) + " or " + Bool(d) + ")";
      case 4: return "(not " + Bool(d) + ")";
      case 5:
      case 6: return Compare(d);
      case 7: {
        Ty t = rng_.Pick<Ty>(
            {Ty::kInt, Ty::kMoney, Ty::kFloat, Ty::kText, Ty::kDate, Ty::kDuration, Ty::kTimestamp, Ty::kBool});
        return "(" + Expr(t, d) + (rng_.Chance(50) ? " is missing)" : " is not missing)");
      }
      case 8:
        if (rng_.Chance(50))
          return "(" + Expr(Ty::kInt, d) + (rng_.Chance(70) ? " in [" : " not in [") + IntLiteral() + ", " +
                 IntLiteral() + "])";
        return "(" + Expr(Ty::kText, d) + (rng_.Chance(70) ? " in " : " not in ") + TextLiteralList() + ")";
      case 9:
        return "(" + Quote(rng_.Pick<std::string>({"vip", "newsletter", "", "VIP"})) +
               (rng_.Chance(70) ? " in tags)" : " not in tags)");
      case 10:
        // A constant pattern (a lookup table) or, a quarter of the time, a computed one (per row).
        return "(" + Expr(Ty::kText, d) + (rng_.Chance(70) ? " like " : " not like ") +
               (rng_.Chance(25) ? Expr(Ty::kText, d)
                                : Quote(rng_.Pick<std::string>({"b%", "%s", "_oo%", "%", "", "P_r%", "%a%"}))) +
               ")";
      case 11: {
        // matches takes a constant pattern only (the checker compiles it): anchors, classes,
        // alternation, repetition, (?i) and a backslash escape (written \\ in seg text).
        if (rng_.Chance(20) && !options_.sql_only)
          return "matches(" + Expr(Ty::kText, d) + ", " +
                 Quote(rng_.Pick<std::string>(
                     {"^b", "s$", "o{2}", "(?i)^pa", "^[A-Z]", "a|k", "^.{3,5}$", "", "\\\\.", "^$"})) +
                 ")";
        std::string call = rng_.Pick<std::string>({"contains(", "starts_with(", "ends_with(", "ilike("}) +
                           Expr(Ty::kText, d) + ", " +
                           (rng_.Chance(25) ? Expr(Ty::kText, d)
                                            : Quote(rng_.Pick<std::string>({"a", "", "Pa", "ks", "o", "%A%", "b_%"}))) +
                           ")";
        if (options_.sql_only && call.rfind("ilike(", 0) == 0) call = "contains(" + call.substr(6);  // GeneratorOptions
        return call;
      }
      case 12: return "(" + Time(d) + " within " + Window() + ")";
      case 13: {
        if (classes_.empty()) return Leaf(Ty::kBool);
        const Classification& c = classes_[rng_.Below(classes_.size())];
        return c.name + "." + Quote(c.buckets[rng_.Below(c.buckets.size())]);
      }
      case 14: return "(if " + Bool(d) + " then " + Bool(d) + " else " + Bool(d) + ")";
      default: return Leaf(Ty::kBool);
    }
  }

  // A condition over one event of `set` (a where filter): bare names are the set's columns.
  std::string EventBool(const EventSet& set, int depth) {
    if (depth > 0) {
      switch (rng_.Below(6)) {
        case 0: return "(" + EventBool(set, depth - 1) + " and " + EventBool(set, depth - 1) + ")";
        case 1: return "(" + EventBool(set, depth - 1) + " or " + EventBool(set, depth - 1) + ")";
        case 2: return "(not " + EventBool(set, depth - 1) + ")";
        default: break;
      }
    }
    const Column& c = set.columns[rng_.Below(set.columns.size())];
    if (rng_.Chance(12)) return "(" + c.name + (rng_.Chance(50) ? " is missing)" : " is not missing)");
    if (std::string param = ParamOf(c.type == Ty::kTimestamp && rng_.Chance(50) ? Ty::kDate : c.type);
        !param.empty() && rng_.Chance(30)) {
      if (c.type == Ty::kBool) return "(" + c.name + (rng_.Chance(50) ? " == " : " or ") + param + ")";
      if (c.type == Ty::kText) return "(" + c.name + rng_.Pick<std::string>({" == ", " != ", " < "}) + param + ")";
      return "(" + c.name + rng_.Pick<std::string>({" >= ", " < ", " == ", " != "}) + param + ")";
    }
    if (c.type == Ty::kTimestamp && rng_.Chance(10)) {  // the example of the bug: a day compared with a date param
      std::string day = ParamOf(Ty::kDate);
      if (!day.empty()) return "(date(" + c.name + ") <= " + day + ")";
    }
    switch (c.type) {
      case Ty::kBool: return rng_.Chance(70) ? c.name : "(" + c.name + " == " + Literal(Ty::kBool) + ")";
      case Ty::kTimestamp:
        if (rng_.Chance(50)) return "(" + c.name + " within " + Window() + ")";
        return "(" + c.name + rng_.Pick<std::string>({" >= ", " < ", " == "}) +
               Literal(rng_.Chance(50) ? Ty::kDate : Ty::kTimestamp) + ")";
      case Ty::kText:
        if (joins_.Chance(10)) {  // two of the event's texts joined, then tested (a text made during the run)
          std::vector<std::string> texts;
          for (const Column& other : set.columns)
            if (other.type == Ty::kText) texts.push_back(other.name);
          std::string joined = "(" + c.name + " + " + joins_.Pick(texts) + ")";
          switch (joins_.Below(3)) {
            case 0: return "(" + joined + (joins_.Chance(70) ? " in " : " not in ") + TextLiteralList() + ")";
            case 1: return "(" + joined + " like " + Quote(joins_.Pick<std::string>({"b%", "%o%", "%s", ""})) + ")";
            default: return "(" + joined + joins_.Pick<std::string>({" == ", " != ", " < "}) + Literal(Ty::kText) + ")";
          }
        }
        switch (rng_.Below(3)) {
          case 0: return "(" + c.name + (rng_.Chance(70) ? " in " : " not in ") + TextLiteralList() + ")";
          case 1:
            return "(" + c.name + (rng_.Chance(70) ? " like " : " not like ") +
                   Quote(rng_.Pick<std::string>({"b%", "%o%", "_", ""})) + ")";
          default: return "(" + c.name + rng_.Pick<std::string>({" == ", " != ", " < "}) + Literal(Ty::kText) + ")";
        }
      case Ty::kMoney:
        if (HasColumn(set, "qty") && rng_.Chance(30)) return "((" + c.name + " * qty) > " + MoneyLiteral() + ")";
        return "(" + c.name + rng_.Pick<std::string>({" >= ", " < ", " == ", " != "}) + MoneyLiteral() + ")";
      case Ty::kInt: return "(" + c.name + rng_.Pick<std::string>({" >= ", " < ", " == ", " > "}) + IntLiteral() + ")";
      case Ty::kDate: return "(" + c.name + rng_.Pick<std::string>({" >= ", " < ", " == "}) + Literal(Ty::kDate) + ")";
      default: return "(" + c.name + " == " + Literal(c.type) + ")";
    }
  }

  Rng rng_;
  Rng sequences_;  // Sequence(): a stream of its own
  Rng joins_;      // whether a join has two varying sides (JoinedText): a stream of its own
  uint64_t seed_;
  GeneratorOptions options_;
  bool has_start_day_ = false;
  bool refined_ = false;
  std::vector<EventSet> sets_;
  std::vector<Symbol> symbols_;                       // lets, tags, classifications (their bucket text), scores, params
  std::vector<Symbol> params_;                        // the params declared
  std::map<std::string, std::string> param_columns_;  // computed column -> the param it is
  std::vector<Classification> classes_;
};

}  // namespace

GeneratedProgram GenerateProgram(uint64_t seed, const GeneratorOptions& options) {
  return Generator(seed, options).Run();
}

}  // namespace seg::differential
