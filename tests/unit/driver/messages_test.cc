// Failures below the CLI name params, inputs and as_of, never a CLI flag: the C API hands the same
// messages to hosts that have no flags. Each says which setting it is about, so that the CLI can
// add its flag's wording (compiler/cli/flag_hints.cc); the e2e cases check the CLI's text.
#include <gtest/gtest.h>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"

namespace seg::driver {
namespace {

std::unique_ptr<Compilation> Program() {
  std::unique_ptr<Compilation> c = CompileText("p.seg",
                                               "input customers key id { age: int }\n"
                                               "param minimum: int\n"
                                               "let old = age > minimum\n",
                                               CompileOptions{});
  EXPECT_TRUE(c && c->ok() && c->ir);
  return c;
}

void ExpectNoFlag(const rt::Status& status) {
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message().find("--"), std::string::npos) << status.message();
}

TEST(MessagesBelowTheCliTest, AParamWithoutValueNamesTheParam) {
  auto c = Program();
  std::vector<lang::Value> values;
  rt::Status bound = BindParams(*c->ir, {}, "2025-06-30", &values);
  ExpectNoFlag(bound);
  EXPECT_EQ(bound.message(), "param minimum has no value");
  EXPECT_EQ(bound.setting(), rt::Setting::kParam);
  EXPECT_EQ(bound.setting_name(), "minimum");
  rt::Status malformed = BindParams(*c->ir, {"minimum"}, "2025-06-30", &values);
  ExpectNoFlag(malformed);
  EXPECT_EQ(malformed.setting(), rt::Setting::kParamAssignment);
}

TEST(MessagesBelowTheCliTest, InputBindingsNameTheInput) {
  auto c = Program();
  LoadedData unknown = LoadData(*c->ir, {{"nope", "c.csv"}}, rt::LoadOptions{});
  ExpectNoFlag(unknown.status);
  EXPECT_EQ(unknown.status.setting(), rt::Setting::kInput);
  EXPECT_EQ(unknown.status.setting_name(), "nope");
  LoadedData twice = LoadData(*c->ir, {{"customers", "a.csv"}, {"customers", "b.csv"}}, rt::LoadOptions{});
  ExpectNoFlag(twice.status);
  EXPECT_EQ(twice.status.message(), "input customers is given twice");
  LoadedData none = LoadData(*c->ir, {}, rt::LoadOptions{});
  ExpectNoFlag(none.status);
  EXPECT_EQ(none.status.message(), "no data");
  EXPECT_EQ(none.status.setting(), rt::Setting::kInputData);
  EXPECT_EQ(none.status.setting_name(), "customers");
}

TEST(MessagesBelowTheCliTest, ARunWithoutAsOfSaysSo) {
  auto c = Program();
  std::vector<std::optional<rt::Table>> tables(c->ir->inputs.size());
  rt::Table customers("customers");
  customers.AddColumn("id", rt::ValueType::kId);
  customers.AddColumn("age", rt::ValueType::kInt);
  tables[c->ir->entity_input] = std::move(customers);
  LoadedData loaded = IndexTables(*c->ir, std::move(tables), 1);
  ASSERT_TRUE(loaded.ok()) << loaded.status.message();
  std::vector<lang::Value> params;
  for (const auto& p : c->ir->params) params.push_back(lang::Value::Missing(p.type));
  params[c->ir->as_of_param] = lang::Value::Missing(lang::Type::Of(lang::TypeKind::kDate));
  exec::RunResult result = interp::Run(*c->ir, loaded.data, params, exec::RunOptions{});
  ExpectNoFlag(result.status);
  EXPECT_EQ(result.status.message(), "as_of is not set");
  EXPECT_EQ(result.status.setting(), rt::Setting::kAsOf);
}

}  // namespace
}  // namespace seg::driver
