// Expressions by type: Expr picks a leaf or the type's own forms; the forms every type has
// (if, ??); the numeric types' operators and functions (int, float, money, duration).
#include "tests/differential/generator.h"

namespace seg::differential::generator {

std::string Generator::Expr(Ty t, int depth) {
  if (depth <= 0 || rng_.Chance(15)) return WithAlwaysMissing(t, Leaf(t));
  int d = depth - 1;
  switch (t) {
    case Ty::kBool: return Bool(depth);
    case Ty::kInt: return WithAlwaysMissing(t, IntExpr(d));
    case Ty::kFloat: return WithAlwaysMissing(t, FloatExpr(d));
    case Ty::kMoney: return WithAlwaysMissing(t, MoneyExpr(d));
    case Ty::kDuration: return WithAlwaysMissing(t, DurationExpr(d));
    case Ty::kDate: return WithAlwaysMissing(t, DateExpr(d));
    case Ty::kTimestamp: return WithAlwaysMissing(t, TimestampExpr(d));
    case Ty::kText: return WithAlwaysMissing(t, TextExpr(d));
  }
  return "";
}

// The forms every type has: if/then/else, and ?? with an expression or a literal.
std::string Generator::Common(Ty t, int d, int choice) {
  // `missing` takes its type from the other branch or side, so only one of them is `missing`.
  int missing_side = rng_.Chance(15) ? static_cast<int>(rng_.Below(2)) : -1;
  auto side = [&](int i, const std::string& value) { return i == missing_side ? std::string("missing") : value; };
  if (choice == 0) return "(if " + Bool(d) + " then " + side(0, Expr(t, d)) + " else " + side(1, Expr(t, d)) + ")";
  if (missing_side >= 0) return "(" + side(0, Expr(t, d)) + " ?? " + side(1, Expr(t, d)) + ")";
  return "(" + Expr(t, d) + " ?? " + (rng_.Chance(50) ? Expr(t, d) : t == Ty::kMoney ? IntLiteral() : Literal(t)) + ")";
}

std::string Generator::Number(int depth) { return Expr(rng_.Chance(50) ? Ty::kInt : Ty::kFloat, depth); }

std::string Generator::IntExpr(int d) {
  const Ty t = Ty::kInt;
  switch (rng_.Below(12)) {
    case 0: return Bin(Expr(t, d), "+", rng_.Chance(10) ? "missing" : Expr(t, d));
    case 1: return Bin(rng_.Chance(10) ? "missing" : Expr(t, d), "-", Expr(t, d));
    case 2: return Bin(Expr(t, d), "*", Expr(t, d));
    case 3: return Bin(Expr(t, d), "%", Expr(t, d));
    case 4:
      if (rng_.Chance(25)) return Calendar(d);
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

std::string Generator::FloatExpr(int d) {
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

std::string Generator::MoneyExpr(int d) {
  const Ty t = Ty::kMoney;
  switch (rng_.Below(11)) {
    case 0: return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", Expr(t, d));
    case 1: return Bin(Expr(t, d), rng_.Chance(50) ? "+" : "-", rng_.Chance(10) ? "missing" : MoneyLiteral());
    case 2: return rng_.Chance(50) ? Bin(Expr(t, d), "*", Expr(Ty::kInt, d)) : Bin(Expr(Ty::kInt, d), "*", Expr(t, d));
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

std::string Generator::DurationExpr(int d) {
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

}  // namespace seg::differential::generator
