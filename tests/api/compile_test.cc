// Compiling through the C++ API: errors and warnings as values with locations, options, and
// the program's interface.
#include <gtest/gtest.h>

#include "api_test_data.h"

namespace {

constexpr const char* kSmall = R"(input customers key id { signup: date; spend: money }
let unused = 1
tag big when spend >= 100
)";

TEST(CompileTest, ATypeErrorIsADiagnosticValueWithItsLocation) {
  seg::CompileResult r = seg::Compile("input customers key id { signup: date }\ntag old when signup < 30\n",
                                      "rules.seg");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.rendered;
  const seg::Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.severity, seg::Severity::kError);
  EXPECT_EQ(d.code, "E0201");
  EXPECT_EQ(d.name, "compare-mismatch");
  EXPECT_EQ(d.file, "rules.seg");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 14);
  EXPECT_EQ(d.end_line, 2);
  EXPECT_GT(d.end_column, d.column);
  EXPECT_EQ(d.ToString().rfind("rules.seg:2:14: error[E0201]: ", 0), 0u) << d.ToString();
  EXPECT_NE(r.rendered.find("^"), std::string::npos) << "the rendering underlines the span";
}

TEST(CompileTest, ASyntaxErrorIsLocatedToo) {
  seg::CompileResult r = seg::Compile("input customers key id { signup: date }\ntag x when >= 3\n", "broken.seg");
  ASSERT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].file, "broken.seg");
  EXPECT_EQ(r.diagnostics[0].line, 2) << r.rendered;
  EXPECT_EQ(r.diagnostics[0].column, 12) << r.rendered;
}

TEST(CompileTest, WarningsComeBackWithTheProgram) {
  seg::CompileResult r = seg::Compile(kSmall);
  ASSERT_TRUE(r.ok()) << r.rendered;
  ASSERT_EQ(r.program->warnings().size(), 1u);
  EXPECT_EQ(r.program->warnings()[0].name, "unused-let");
  EXPECT_EQ(r.program->warnings()[0].line, 2);
}

TEST(CompileTest, WarningsAsErrorsRefusesTheProgram) {
  seg::CompileOptions options;
  options.warnings_as_errors = true;
  seg::CompileResult r = seg::Compile(kSmall, "small.seg", options);
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "W0001");
}

TEST(CompileTest, ADisabledWarningIsNotReported) {
  seg::CompileOptions options;
  options.warnings_as_errors = true;
  options.disabled_warnings = {"unused-let"};
  seg::CompileResult r = seg::Compile(kSmall, "small.seg", options);
  ASSERT_TRUE(r.ok()) << r.rendered;
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(CompileTest, AnUnreadableFileIsADiagnostic) {
  seg::CompileResult r = seg::CompileFile("/nonexistent/rules.seg");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E0005");
}

TEST(CompileTest, TheProgramDescribesItsInputsAndOutputs) {
  std::shared_ptr<const seg::Program> p = seg_test::CompileExample("retail.seg");
  ASSERT_EQ(p->inputs().size(), 3u);
  EXPECT_EQ(p->inputs()[0].name, "customers");
  EXPECT_EQ(p->inputs()[0].key_column, "id");
  EXPECT_FALSE(p->inputs()[0].is_event);
  EXPECT_EQ(p->inputs()[1].name, "orders");
  EXPECT_EQ(p->inputs()[1].time_column, "ts");
  bool found_amount = false;
  for (const seg::ColumnInfo& c : p->inputs()[1].columns) {
    if (c.name == "amount") found_amount = c.type == seg::ValueType::kMoney;
  }
  EXPECT_TRUE(found_amount);
  ASSERT_GE(p->classifications().size(), 2u);
  EXPECT_EQ(p->tags(), (std::vector<std::string>{"vip", "discount_lover"}));
  EXPECT_EQ(p->scores(), (std::vector<std::string>{"value_points"}));
}

}  // namespace
