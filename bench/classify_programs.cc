#include "bench/classify_programs.h"

#include "bench/classify_data.h"

namespace seg::bench {

const char* kInput =
    "input customers key id {\n"
    "  id: id\n  r: int\n  f: int\n  m: int\n  recency_days: int\n  frequency: int\n  monetary: money\n"
    "  newsletter: bool\n  discount_lover: bool\n  b2b: bool\n  city: text\n  domain: text\n  channel: text\n}\n\n";

const char* const kRules20[20][2] = {
    {"Champions", "r >= 4 and f >= 4 and m >= 4"},
    {"Loyal", "f >= 4 and r >= 3"},
    {"Big spenders", "m == 5 and monetary >= 2000"},
    {"Potential loyalists", "r >= 4 and f >= 2 and f <= 3"},
    {"New", "r == 5 and frequency == 1"},
    {"Promising", "r == 4 and f == 1"},
    {"Discount hunters", "discount_lover and frequency >= 3"},
    {"Engaged readers", "newsletter and recency_days <= 30"},
    {"Need attention", "r == 3 and f == 3 and m == 3"},
    {"About to sleep", "r == 3 and f <= 2"},
    {"Cannot lose", "r <= 2 and f >= 4 and m >= 4"},
    {"At risk", "r <= 2 and f >= 3"},
    {"Business", "b2b and monetary >= 500"},
    {"Dormant high value", "recency_days > 180 and monetary >= 1000"},
    {"Dormant", "recency_days > 180 and frequency >= 2"},
    {"Lapsed readers", "newsletter and recency_days > 365"},
    {"Small recent", "recency_days <= 60 and monetary < 50"},
    {"Middle", "m == 3 or f == 3"},
    {"Lost", "r == 1 and f == 1"},
    {"Cold", "recency_days > 365"},
};

namespace {

// kInput and `segments lifecycle` of the rules (name, condition) in order, else "Others".
template <size_t N> std::string Lifecycle(const char* const (&rules)[N][2]) {
  std::string text = kInput;
  text += "segments lifecycle exclusive {\n";
  for (const auto& rule : rules) text += "  \"" + std::string(rule[0]) + "\" when " + rule[1] + "\n";
  text += "  else \"Others\"\n}\n";
  return text;
}

}  // namespace

std::string Program20() { return Lifecycle(kRules20); }

std::string Program100() {
  Rng rng{7};
  auto atom = [&]() -> std::string {
    static const char* ops[] = {">=", "<=", "==", ">", "<"};
    switch (rng.Below(7)) {
      case 0: return "r " + std::string(ops[rng.Below(5)]) + " " + std::to_string(1 + rng.Below(5));
      case 1: return "f " + std::string(ops[rng.Below(5)]) + " " + std::to_string(1 + rng.Below(5));
      case 2: return "m " + std::string(ops[rng.Below(5)]) + " " + std::to_string(1 + rng.Below(5));
      case 3: return "recency_days " + std::string(ops[rng.Below(2)]) + " " + std::to_string(7 * (1 + rng.Below(80)));
      case 4: return "frequency " + std::string(ops[rng.Below(2)]) + " " + std::to_string(1 + rng.Below(60));
      case 5: return "monetary " + std::string(ops[rng.Below(2)]) + " " + std::to_string(50 * (1 + rng.Below(100)));
      default: {
        static const char* flags[] = {"newsletter", "discount_lover", "b2b"};
        return (rng.Chance(25) ? "not " : "") + std::string(flags[rng.Below(3)]);
      }
    }
  };
  std::string text = kInput;
  text += "segments mix exclusive {\n";
  for (int i = 0; i < 100; ++i) {
    std::string cond = atom();
    int extra = static_cast<int>(rng.Below(3));
    for (int k = 0; k < extra; ++k) cond += (rng.Chance(80) ? " and " : " or ") + atom();
    text += "  \"Segment " + std::to_string(i + 1) + "\" when " + cond + "\n";
  }
  text += "  else \"Others\"\n}\n";
  return text;
}

const char* const kTaggedRules[][2] = {
    {"Champions", "r >= 4 and f >= 4 and m >= 4"},
    {"Loyal", "f >= 4 and r >= 3"},
    {"Big spenders", "m == 5 and monetary >= 2000"},
    {"Corporate", "domain like \"corp.%\" and monetary >= 500"},
    {"Potential loyalists", "r >= 4 and f >= 2 and f <= 3"},
    {"New", "r == 5 and frequency == 1"},
    {"Promising", "r == 4 and f == 1"},
    {"Discount hunters", "discount_lover and frequency >= 3"},
    {"Engaged readers", "newsletter and recency_days <= 30"},
    {"App regulars", "channel like \"app%\" and frequency >= 4"},
    {"Need attention", "r == 3 and f == 3 and m == 3"},
    {"About to sleep", "r == 3 and f <= 2"},
    {"Cannot lose", "r <= 2 and f >= 4 and m >= 4"},
    {"At risk", "r <= 2 and f >= 3"},
    {"Business", "b2b and monetary >= 500"},
    {"Dormant high value", "recency_days > 180 and monetary >= 1000"},
    {"Coastal dormant", "recency_days > 180 and city like \"San %\""},
    {"Lapsed readers", "newsletter and recency_days > 365"},
    {"Middle", "m == 3 or f == 3"},
    {"Cold", "recency_days > 365"},
};
const char* const kTaggedTags[][2] = {
    {"vip", "m == 5 and f >= 4"},
    {"gmail", "domain like \"gmail.%\""},
    {"san", "city like \"San %\""},
    {"web", "channel == \"web\""},
    {"reader", "newsletter and not (domain like \"corp.%\")"},
    {"bargain", "discount_lover and frequency >= 2"},
    {"recent", "recency_days <= 30"},
    {"big_basket", "monetary >= 3000"},
    {"west", "city like \"Los %\" or city like \"%Francisco\""},
    {"no_email", "domain is missing"},
};

std::string ProgramTagged() {
  std::string text = Lifecycle(kTaggedRules);
  for (const auto& tag : kTaggedTags) text += "tag " + std::string(tag[0]) + " when " + tag[1] + "\n";
  return text;
}

}  // namespace seg::bench
