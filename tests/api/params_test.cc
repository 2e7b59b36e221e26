// Params bound through the API reach every place a program uses them, derived event sets
// included (their `where` filter and their computed columns), on every engine and for one
// customer in real time. The program and data are the e2e case params_in_derived_events; its
// `_override` twin holds what `seg run --param ...` prints for the same bindings.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "api_test_data.h"

namespace {

using seg_test::SourcePath;

const std::string kCase = "tests/e2e/cases/params_in_derived_events";

std::string ReadText(const std::string& relative) {
  std::ifstream in(SourcePath(relative), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The bindings of the `_override` case's args, as the API takes them.
const std::vector<std::pair<std::string, std::string>> kParams = {
    {"cal_end", "2024-06-30"}, {"min_amount", "30"}, {"label", "x"},
    {"factor", "3"},           {"rate", "1.5"},      {"paid_only", "false"}};

std::shared_ptr<const seg::Program> CompileCase() {
  seg::CompileResult r = seg::CompileFile(SourcePath(kCase + "/program.seg"));
  if (!r.ok()) ADD_FAILURE() << r.rendered;
  return r.program;
}

TEST(ParamsTest, ApiBoundParamsReachDerivedSetsOnEveryEngine) {
  auto program = CompileCase();
  ASSERT_TRUE(program);
  seg::Inputs inputs(program);
  ASSERT_TRUE(inputs.BindFile("customers", SourcePath(kCase + "/customers.csv")).ok());
  ASSERT_TRUE(inputs.BindFile("orders", SourcePath(kCase + "/orders.csv")).ok());
  seg::RunOptions options;
  options.as_of = "2024-06-30";
  options.params = kParams;
  options.lets = {"n_cal", "scaled", "weighted", "campaign", "n_big"};
  const std::string expected = ReadText(kCase + "_override/expected.csv");
  ASSERT_NE(expected.find("c1,true,3,1020,510,x,2"), std::string::npos) << "the e2e case changed: " << expected;
  for (seg::Engine engine : {seg::Engine::kInterpreter, seg::Engine::kJit}) {
    options.engine = engine;
    seg::Result result;
    seg::Status s = program->Run(inputs, options, &result);
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_EQ(result.ToCsv(), expected) << (engine == seg::Engine::kJit ? "jit" : "interpreter");
    if (SEG_API_HAVE_JIT) {
      EXPECT_EQ(result.engine(), engine) << "the JIT fell back to the interpreter";
    }
  }
}

TEST(ParamsTest, ApiBoundParamsReachDerivedSetsForOneCustomer) {
  auto program = CompileCase();
  ASSERT_TRUE(program);
  // c3's only order (2024-06-16, 500, paid) is after the default cal_end: in the set only with
  // the bound cal_end, and then `big` (500 >= 30 * 3) makes it a campaign buyer.
  const std::string record = R"({"customer": {"id": "c3"},
      "events": {"orders": [{"ts": "2024-06-16", "amount": 500, "status": "paid"}]}})";
  auto campaign_buyer = [&](const seg::CustomerOptions& options) {
    seg::CustomerResult out;
    seg::Status s = program->EvaluateCustomer(record, options, &out);
    EXPECT_TRUE(s.ok()) << s.message;
    for (const auto& [name, on] : out.tags)
      if (name == "campaign_buyer") return on;
    ADD_FAILURE() << "no campaign_buyer tag in " << out.json;
    return false;
  };
  seg::CustomerOptions options;
  options.as_of = "2024-06-30";
  EXPECT_FALSE(campaign_buyer(options)) << "by default cal_end is 2024-06-15";
  options.params = kParams;
  EXPECT_TRUE(campaign_buyer(options));
}

}  // namespace
