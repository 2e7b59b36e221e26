// Text expressions: lower/upper, a classification's bucket label, joins with a literal or of
// two varying texts (per customer, and per event inside aggregates and filters), and lists of
// text literals for `in`. Whether a join has two varying sides is drawn from joins_, a stream of
// its own, so that programs without one stayed what they were.
#include "tests/differential/generator.h"

namespace seg::differential::generator {

std::string Generator::TextExpr(int d) {
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

std::string Generator::TextLiteralList() {
  std::string list = "[";
  int n = static_cast<int>(rng_.Between(1, 3));
  for (int i = 0; i < n; ++i) list += (i ? ", " : "") + Literal(Ty::kText);
  return list + "]";
}

// Two texts of each event of `set` joined (or one joined with the customer's city), a value made
// during the run, which count_distinct and mode count by its string; "" without text columns.
std::string Generator::JoinedEventTexts(const EventSet& set) {
  std::vector<std::string> texts;
  for (const Column& c : set.columns)
    if (c.type == Ty::kText) texts.push_back(set.name + "." + c.name);
  if (texts.empty()) return "";
  std::string second = joins_.Chance(25) ? "customers.city" : joins_.Pick(texts);
  return joins_.Pick(texts) + " + " + (joins_.Chance(30) ? "\"/\" + " : "") + second;
}

// Text column `c` of an event joined with one of the event's texts, then tested (`in`, like, a
// comparison): a condition over a text made during the run.
std::string Generator::JoinedEventTest(const EventSet& set, const Column& c) {
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

}  // namespace seg::differential::generator
