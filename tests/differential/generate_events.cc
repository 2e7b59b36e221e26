// Event sets: derived sets (`events d0 = orders where ... { computed columns }`) and the
// conditions over one event that filter them, aggregates and sequence steps.
#include "tests/differential/generator.h"

namespace seg::differential::generator {

std::string Generator::DerivedSet(int index) {
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

// A condition over one event of `set` (a where filter): bare names are the set's columns.
std::string Generator::EventBool(const EventSet& set, int depth) {
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
      if (joins_.Chance(10)) return JoinedEventTest(set, c);  // generate_text.cc
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

}  // namespace seg::differential::generator
