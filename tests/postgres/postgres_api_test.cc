// The C++ and C APIs bind a PostgreSQL table where they bind a file (Inputs::BindFile,
// seg_inputs_bind_file), with the same result as `seg run`, and no password in any error.
#include <gtest/gtest.h>

#include "seg/seg.h"
#include "seg/seg.hpp"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

namespace seg::test {
namespace {

constexpr const char* kProgram =
    "input customers key id { spend: money }\n"
    "segments tier {\n  \"big\" when spend >= 100\n  else \"small\"\n}\n";

class PostgresApiTest : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (HasFatalFailure()) return;
    server().Exec("DROP TABLE IF EXISTS api_customers");
    server().Exec("CREATE TABLE api_customers (id text, spend numeric(12,2))");
    server().Exec("INSERT INTO api_customers VALUES ('b', 20.5), ('a', 150), ('c', NULL)");
  }
  std::string TableUrl() { return server().Url("?table=public.api_customers"); }
};

TEST_F(PostgresApiTest, CppBindFileTakesAUrlAndMatchesTheCommandLine) {
  seg::CompileResult compiled = seg::Compile(kProgram, "p.seg");
  ASSERT_TRUE(compiled.ok()) << compiled.rendered;
  seg::Inputs inputs(compiled.program);
  seg::Status bound = inputs.BindFile("customers", TableUrl());
  ASSERT_TRUE(bound.ok()) << bound.message;
  seg::RunOptions options;
  options.as_of = "2024-06-30";
  seg::Result result;
  seg::Status ran = compiled.program->Run(inputs, options, &result);
  ASSERT_TRUE(ran.ok()) << ran.message;

  e2e::TempDir dir;
  e2e::WriteFile(dir.path() / "p.seg", kProgram);
  e2e::Result cli = e2e::RunSeg(dir.path(),
                                "run p.seg --as-of 2024-06-30 --input customers=" + e2e::ShellQuote(TableUrl()));
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(result.ToCsv(), cli.out);
  EXPECT_EQ(cli.out, "id,tier\na,big\nb,small\nc,small\n");  // customers in key order
}

TEST_F(PostgresApiTest, CppErrorsNameTheColumnAndHideThePassword) {
  seg::CompileResult compiled = seg::Compile("input customers key id { spend: int }\n", "p.seg");
  ASSERT_TRUE(compiled.ok()) << compiled.rendered;
  seg::Inputs inputs(compiled.program);
  seg::Status s = inputs.BindFile("customers", TableUrl());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message.find(
                "column 'spend' of public.api_customers is declared int in input customers but is numeric(12,2)"),
            std::string::npos)
      << s.message;
  s = inputs.BindFile("customers", server().PasswordUserUrl("Api-Wrong-Pw", "?table=public.api_customers"));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message.find("authentication failed"), std::string::npos) << s.message;
  EXPECT_EQ(s.message.find("Api-Wrong-Pw"), std::string::npos) << s.message;
}

TEST_F(PostgresApiTest, CBindFileTakesAUrl) {
  seg_program* program = nullptr;
  char* error = nullptr;
  ASSERT_EQ(seg_compile(kProgram, "p.seg", nullptr, &program, &error), SEG_OK) << (error ? error : "");
  seg_inputs* inputs = nullptr;
  ASSERT_EQ(seg_inputs_new(program, &inputs), SEG_OK);
  std::string bad = server().PasswordUserUrl("C-Wrong-Pw", "?table=public.api_customers");
  EXPECT_NE(seg_inputs_bind_file(inputs, "customers", bad.c_str(), 0, 0, &error), SEG_OK);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(std::string(error).find("C-Wrong-Pw"), std::string::npos) << error;
  seg_free_string(error);
  error = nullptr;
  std::string url = TableUrl();
  ASSERT_EQ(seg_inputs_bind_file(inputs, "customers", url.c_str(), 0, 0, &error), SEG_OK) << (error ? error : "");
  seg_run_options options{};
  options.as_of = "2024-06-30";
  seg_result* result = nullptr;
  ASSERT_EQ(seg_run(program, inputs, &options, &result, &error), SEG_OK) << (error ? error : "");
  char* csv = nullptr;
  ASSERT_EQ(seg_result_csv(result, &csv), SEG_OK);
  EXPECT_STREQ(csv, "id,tier\na,big\nb,small\nc,small\n");
  seg_free_string(csv);
  seg_result_free(result);
  seg_inputs_free(inputs);
  seg_program_free(program);
}

}  // namespace
}  // namespace seg::test
