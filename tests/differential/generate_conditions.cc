// Conditions: and/or/not, comparisons of each type, `is missing`, `in` lists and tags, like,
// the text tests, matches, `within` a window, a classification's bucket, if.
#include "tests/differential/generator.h"

namespace seg::differential::generator {

std::string Generator::Bool(int depth) {
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

std::string Generator::Compare(int depth) {
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

}  // namespace seg::differential::generator
