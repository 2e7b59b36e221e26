// A generated program's layout (the declarations in order: schema, params, derived event sets,
// lets, model fits, tags, classifications, scores) and GenerateProgram. Type-directed generation:
// every function returns an expression of the type asked for, fully parenthesised so precedence
// never changes what was meant. Names are l<i> (lets), t<i> (tags), c<i> (classifications), s<i>
// (scores), d<i> (derived event sets); lets only use earlier lets, tags earlier tags and lets, and
// so on, so no program has a cycle. The other generate_*.cc files each draw one family of
// constructs (generator.h).
#include "tests/differential/program_generator.h"

#include "tests/differential/generator.h"

namespace seg::differential {
namespace generator {

GeneratedProgram Generator::Run() {
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
    text += "timezone " + Quote(rng_.Pick<std::string>({"Europe/Berlin", "America/New_York", "+05:30", "UTC"})) + "\n";
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

std::string Generator::Segments(int index) {
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

}  // namespace generator

GeneratedProgram GenerateProgram(uint64_t seed, const GeneratorOptions& options) {
  return generator::Generator(seed, options).Run();
}

}  // namespace seg::differential
