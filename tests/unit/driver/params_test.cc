// --param values and literals in the rule file follow one rule (runtime/written_number.h): the same
// texts are accepted, the same are refused, with the same words.
//
// BindParams: a value bound by --param (or the API) means what the same text means as the
// param's default in the rule file, so a run's answer does not depend on where a param was set.
#include "compiler/driver/params.h"

#include <gtest/gtest.h>

#include "compiler/driver/compiler.h"

namespace seg::driver {
namespace {

struct Outcome {
  bool ok = false;
  std::string message;  // the literal's diagnostic or the param's error
};

// `param p: TYPE = TEXT`, checked as a rule file.
Outcome AsLiteral(const std::string& type, const std::string& text) {
  auto c = CompileText("p.seg",
                       "input customers key id { n: " + type + " }\nparam p: " + type + " = " + text +
                           "\ntag t when n == p\n",
                       {});
  Outcome out;
  out.ok = c->ok();
  if (!c->sink.diagnostics().empty()) out.message = c->sink.diagnostics()[0].message;
  return out;
}

// --param p=TEXT.
Outcome AsParam(lang::TypeKind kind, const std::string& text) {
  rt::Result<lang::Value> value = ParseParamValue(lang::Type::Of(kind), text);
  Outcome out;
  out.ok = value.ok();
  out.message = value.message();
  return out;
}

TEST(ParamsTest, AParamAndALiteralAcceptAndRefuseTheSameNumbers) {
  struct Case {
    const char* type;
    lang::TypeKind kind;
    const char* text;
  };
  const Case cases[] = {
      {"money", lang::TypeKind::kMoney, "19.99"},
      {"money", lang::TypeKind::kMoney, "922337203685477.5807"},
      {"money", lang::TypeKind::kMoney, "-922337203685477.5808"},
      {"money", lang::TypeKind::kMoney, "922337203685477.5808"},
      {"money", lang::TypeKind::kMoney, "999999999999999999999.99"},
      {"money", lang::TypeKind::kMoney, "19.99999"},
      {"money", lang::TypeKind::kMoney, "1000000000000000"},
      {"int", lang::TypeKind::kInt, "9223372036854775807"},
      {"int", lang::TypeKind::kInt, "9223372036854775808"},
      {"int", lang::TypeKind::kInt, "-9223372036854775808"},
      {"int", lang::TypeKind::kInt, "99999999999999999999"},
      {"float", lang::TypeKind::kFloat, "0.25"},
  };
  for (const Case& c : cases) {
    Outcome literal = AsLiteral(c.type, c.text);
    Outcome param = AsParam(c.kind, c.text);
    EXPECT_EQ(literal.ok, param.ok) << c.type << " " << c.text << ": " << literal.message << " / " << param.message;
    if (!literal.ok) {
      // The diagnostic is "'TEXT' <problem>"; the param error says the same, then the range.
      EXPECT_NE(param.message.find(literal.message), std::string::npos) << literal.message << " / " << param.message;
    }
  }
}

TEST(ParamsTest, ABadParamNamesTheRange) {
  Outcome money = AsParam(lang::TypeKind::kMoney, "999999999999999999999.99");
  EXPECT_EQ(money.message,
            "'999999999999999999999.99' is beyond the money range (money lies between -922337203685477.5808 and "
            "922337203685477.5807)");
  EXPECT_FALSE(AsParam(lang::TypeKind::kFloat, "inf").ok);
  EXPECT_FALSE(AsParam(lang::TypeKind::kFloat, "nan").ok);
  EXPECT_EQ(AsParam(lang::TypeKind::kDate, "2024-02-30").message, "'2024-02-30' is not a date");
}

std::vector<lang::Value> Bind(const Compilation& c, const std::vector<std::string>& assignments) {
  std::vector<lang::Value> values;
  rt::Status bound = BindParams(*c.ir, assignments, "2025-06-30", &values);
  EXPECT_TRUE(bound.ok()) << bound.message();
  return values;
}

TEST(BindParamsTest, TimestampWithoutOffsetIsLocalTimeAsInTheDefault) {
  std::unique_ptr<Compilation> c = CompileText("tz.seg",
                                               "timezone \"Europe/Berlin\"\n"
                                               "input customers key id { }\n"
                                               "param cutoff: timestamp = 2025-03-01T00:00\n",
                                               CompileOptions{});
  ASSERT_TRUE(c->ok() && c->ir);
  size_t cutoff = 0;
  while (c->ir->params[cutoff].name != "cutoff") ++cutoff;
  const int64_t by_default = Bind(*c, {})[cutoff].i;
  EXPECT_EQ(Bind(*c, {"cutoff=2025-03-01T00:00"})[cutoff].i, by_default) << "Berlin midnight, as the default";
  EXPECT_EQ(Bind(*c, {"cutoff=2025-02-28T23:00:00Z"})[cutoff].i, by_default) << "an explicit offset is kept";
  EXPECT_EQ(Bind(*c, {"cutoff=2025-03-01T00:00:00Z"})[cutoff].i - by_default, int64_t{3600} * 1000000);
}

}  // namespace
}  // namespace seg::driver
