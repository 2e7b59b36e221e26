// What ranks or fits over the whole population: ranks, bins and shares of an earlier value, and
// the purchase-history models (p_alive, expected_purchases, expected_spend, fitted_clv).
#include "tests/differential/generator.h"

namespace seg::differential::generator {

// p_alive, expected_purchases, expected_spend and fitted_clv. The inputs are either a purchase
// history as the model docs write it (orders or a derived set of them: same-day purchases
// once, recency and age in calendar days), on which the generated edge-case data rarely lets a
// fit converge (an error both engines must report alike), or made-up histories over-dispersed
// enough that about a third of the datasets fit, so both engines predict with the models and
// later rules use the predictions. Two or more functions over the same inputs share one fit.
std::string Generator::ModelFits(Rng& rng, GeneratedProgram* out) {
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
std::string Generator::Population(bool as_float) {
  std::vector<std::string> names;
  for (const Symbol& s : symbols_)
    if (Rankable(s.type)) names.push_back(s.name);
  std::string x = !names.empty() && rng_.Chance(75)
                      ? rng_.Pick(names)
                      : rng_.Pick<std::string>({"count(orders)", "sum(orders.amount)", "days_since(last(orders.ts))"});
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

}  // namespace seg::differential::generator
