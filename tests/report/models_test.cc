// The std model programs in examples/models: clean, formatted, their test blocks pass, and a
// wrong hand-computed value would be caught.
#include <gtest/gtest.h>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

const char* kModels[] = {"lifecycle_model", "churn_model",      "value_model",
                         "clv_model",       "likelihood_model", "fitted_value_model"};

TEST(Models, CheckCleanAndTestsPass) {
  TempDir dir;
  for (const char* name : kModels) {
    std::string path = ShellQuote((SourceDir() / "examples" / "models" / (std::string(name) + ".seg")).string());
    Result check = RunSeg(dir.path(), "check --warnings-as-errors " + path);
    EXPECT_EQ(check.status, 0) << name << "\n" << check.err;
    Result fmt = RunSeg(dir.path(), "fmt --check " + path);
    EXPECT_EQ(fmt.status, 0) << name << "\n" << fmt.err;
    Result test = RunSeg(dir.path(), "test " + path);
    EXPECT_EQ(test.status, 0) << name << "\n" << test.out << test.err;
    EXPECT_NE(test.out.find(" 0 failed"), std::string::npos) << test.out;
  }
}

TEST(Models, ClvHandComputedValueIsReallyChecked) {
  TempDir dir;
  std::string text = ReadFile(SourceDir() / "examples" / "models" / "clv_model.seg");
  std::string expectation = "expect clv of \"c1\" == 147.6784";
  ASSERT_NE(text.find(expectation), std::string::npos);
  text.replace(text.find(expectation), expectation.size(), "expect clv of \"c1\" == 147.6785");
  WriteFile(dir.path() / "clv_wrong.seg", text);
  Result test = RunSeg(dir.path(), "test clv_wrong.seg");
  EXPECT_EQ(test.status, 1);
  EXPECT_NE((test.out + test.err).find("147.6784"), std::string::npos) << test.out << test.err;
}

}  // namespace
}  // namespace seg::e2e
