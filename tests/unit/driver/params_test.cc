// --param values and literals in the rule file follow one rule (runtime/written_number.h): the same
// texts are accepted, the same are refused, with the same words.
#include <gtest/gtest.h>

#include "compiler/driver/compiler.h"
#include "compiler/driver/params.h"

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
Outcome AsParam(sema::TypeKind kind, const std::string& text) {
  sema::Value value;
  Outcome out;
  out.ok = ParseParamValue(sema::Type::Of(kind), text, &value, &out.message);
  return out;
}

TEST(ParamsTest, AParamAndALiteralAcceptAndRefuseTheSameNumbers) {
  struct Case {
    const char* type;
    sema::TypeKind kind;
    const char* text;
  };
  const Case cases[] = {
      {"money", sema::TypeKind::kMoney, "19.99"},
      {"money", sema::TypeKind::kMoney, "922337203685477.5807"},
      {"money", sema::TypeKind::kMoney, "-922337203685477.5808"},
      {"money", sema::TypeKind::kMoney, "922337203685477.5808"},
      {"money", sema::TypeKind::kMoney, "999999999999999999999.99"},
      {"money", sema::TypeKind::kMoney, "19.99999"},
      {"money", sema::TypeKind::kMoney, "1000000000000000"},
      {"int", sema::TypeKind::kInt, "9223372036854775807"},
      {"int", sema::TypeKind::kInt, "9223372036854775808"},
      {"int", sema::TypeKind::kInt, "-9223372036854775808"},
      {"int", sema::TypeKind::kInt, "99999999999999999999"},
      {"float", sema::TypeKind::kFloat, "0.25"},
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
  Outcome money = AsParam(sema::TypeKind::kMoney, "999999999999999999999.99");
  EXPECT_EQ(money.message,
            "'999999999999999999999.99' is beyond the money range (money lies between -922337203685477.5808 and "
            "922337203685477.5807)");
  EXPECT_FALSE(AsParam(sema::TypeKind::kFloat, "inf").ok);
  EXPECT_FALSE(AsParam(sema::TypeKind::kFloat, "nan").ok);
  EXPECT_EQ(AsParam(sema::TypeKind::kDate, "2024-02-30").message, "'2024-02-30' is not a date");
}

}  // namespace
}  // namespace seg::driver
