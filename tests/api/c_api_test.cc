// The C interface: statuses and messages for every misuse (null pointers, bad JSON), nothing
// thrown, caller-provided buffers, and the JSON entry point.
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "api_test_data.h"
#include "seg/seg.h"

namespace {

std::string Take(char* text) {
  std::string out = text != nullptr ? text : "";
  seg_free_string(text);
  return out;
}

TEST(CApiTest, CompileErrorsNameFileLineAndColumn) {
  seg_program* program = reinterpret_cast<seg_program*>(1);
  char* error = nullptr;
  int seen = 0;
  seg_compile_options options{};
  options.on_diagnostic = [](void* user, const seg_diagnostic* d) {
    ++*static_cast<int*>(user);
    EXPECT_STREQ(d->code, "E0201");
    EXPECT_EQ(d->line, 2);
  };
  options.user_data = &seen;
  seg_status s = seg_compile("input customers key id { signup: date }\ntag old when signup < 30\n", "rules.seg",
                             &options, &program, &error);
  EXPECT_EQ(s, SEG_COMPILE_ERROR);
  EXPECT_EQ(program, nullptr);
  EXPECT_EQ(seen, 1);
  std::string message = Take(error);
  EXPECT_EQ(message.rfind("rules.seg:2:14: error[E0201]", 0), 0u) << message;
  EXPECT_STREQ(seg_status_name(s), "compile_error");
}

TEST(CApiTest, NullPointersAreInvalidArguments) {
  char* error = nullptr;
  EXPECT_EQ(seg_compile(nullptr, nullptr, nullptr, nullptr, nullptr), SEG_INVALID_ARGUMENT);
  seg_program* program = nullptr;
  EXPECT_EQ(seg_compile(nullptr, "x.seg", nullptr, &program, &error), SEG_INVALID_ARGUMENT);
  EXPECT_FALSE(Take(error).empty());
  EXPECT_EQ(seg_compile_file(nullptr, nullptr, &program, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_inputs_new(nullptr, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_inputs_bind_file(nullptr, "orders", "x.csv", 0, 0, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_inputs_bind_columns(nullptr, "orders", nullptr, 3, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_inputs_bind_arrow(nullptr, "orders", nullptr, nullptr, nullptr), SEG_INVALID_ARGUMENT);
  seg_result* result = nullptr;
  EXPECT_EQ(seg_run(nullptr, nullptr, nullptr, &result, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_run(nullptr, nullptr, nullptr, nullptr, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_result_customer_count(nullptr), 0u);
  EXPECT_EQ(seg_result_key(nullptr, 0), nullptr);
  EXPECT_EQ(seg_result_bucket(nullptr, "value", 0), nullptr);
  EXPECT_EQ(seg_result_value(nullptr, "value", 0, nullptr, 0, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_result_csv(nullptr, nullptr), SEG_INVALID_ARGUMENT);
  char* response = nullptr;
  EXPECT_EQ(seg_evaluate_customer(nullptr, "{}", nullptr, nullptr, nullptr, &response, nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_program_input_count(nullptr), 0u);
  EXPECT_EQ(seg_program_input_name(nullptr, 0), nullptr);
  seg_program_free(nullptr);
  seg_inputs_free(nullptr);
  seg_result_free(nullptr);
  seg_free_string(nullptr);
}

TEST(CApiTest, RunsTheExampleWithOwnedAndCallerStrings) {
  std::string path = seg_test::SourcePath("examples/retail.seg");
  seg_program* program = nullptr;
  char* error = nullptr;
  ASSERT_EQ(seg_compile_file(path.c_str(), nullptr, &program, &error), SEG_OK) << Take(error);
  EXPECT_EQ(seg_program_input_count(program), 3u);
  EXPECT_STREQ(seg_program_input_name(program, 1), "orders");
  EXPECT_TRUE(seg_program_input_is_event(program, 1));
  seg_inputs* inputs = nullptr;
  ASSERT_EQ(seg_inputs_new(program, &inputs), SEG_OK);
  for (const char* name : {"customers", "orders", "visits"}) {
    std::string file = seg_test::SourcePath(std::string("examples/data/") + name + ".csv");
    ASSERT_EQ(seg_inputs_bind_file(inputs, name, file.c_str(), 0, 0, &error), SEG_OK) << Take(error);
  }
  EXPECT_EQ(seg_inputs_bind_file(inputs, "nope", "x.csv", 0, 0, &error), SEG_BIND_ERROR);
  EXPECT_NE(Take(error).find("nope"), std::string::npos);
  const char* params[] = {"vip_spend=2000"};
  const char* bad_params[] = {"vip_spend"};
  seg_run_options options{"2025-06-30", bad_params, 1, nullptr, 0, 1};
  seg_result* result = nullptr;
  EXPECT_EQ(seg_run(program, inputs, &options, &result, &error), SEG_INVALID_ARGUMENT);
  Take(error);
  options.params = params;
  ASSERT_EQ(seg_run(program, inputs, &options, &result, &error), SEG_OK) << Take(error);
  EXPECT_EQ(seg_result_customer_count(result), 2000u);
  EXPECT_STREQ(seg_result_key(result, 0), "C0001");
  EXPECT_STREQ(seg_result_column_name(result, 0), "id");
  EXPECT_EQ(seg_result_column_name(result, 1000), nullptr);
  const char* bucket = seg_result_bucket(result, "value", 0);
  ASSERT_NE(bucket, nullptr);
  char small[4];
  size_t needed = 0;
  ASSERT_EQ(seg_result_value(result, "value", 0, small, sizeof small, &needed), SEG_OK);
  EXPECT_EQ(needed, std::strlen(bucket));
  EXPECT_EQ(std::string(small), std::string(bucket).substr(0, 3)) << "truncated and terminated";
  EXPECT_EQ(seg_result_value(result, "no_such_column", 0, small, sizeof small, &needed), SEG_INVALID_ARGUMENT);
  // A tag's words: the bit of customer r is the tag seg_result_value prints.
  const uint64_t *values = nullptr, *valid = nullptr;
  size_t words = 0;
  ASSERT_EQ(seg_result_bool_words(result, "vip", &values, &valid, &words), SEG_OK);
  EXPECT_EQ(words, (2000u + 63) / 64);
  for (size_t r = 0; r < 2000; ++r) {
    char text[8];
    ASSERT_EQ(seg_result_value(result, "vip", r, text, sizeof text, nullptr), SEG_OK);
    ASSERT_STREQ(text, (values[r / 64] >> (r % 64)) & 1 ? "true" : "false") << r;
    ASSERT_TRUE((valid[r / 64] >> (r % 64)) & 1) << r;
  }
  EXPECT_EQ(seg_result_bool_words(result, "value", &values, &valid, &words), SEG_INVALID_ARGUMENT);  // not bool
  EXPECT_EQ(seg_result_bool_words(result, "no_such_column", &values, &valid, &words), SEG_INVALID_ARGUMENT);
  char* csv = nullptr;
  ASSERT_EQ(seg_result_csv(result, &csv), SEG_OK);
  EXPECT_EQ(Take(csv).rfind("id,rfm_segment,value,top_detail,vip,discount_lover,value_points\n", 0), 0u);
  char* cuts = nullptr;
  ASSERT_EQ(seg_result_population_cuts(result, &cuts), SEG_OK);
  std::string cuts_json = Take(cuts);
  char* response = nullptr;
  ASSERT_EQ(seg_evaluate_customer(program, R"({"customer": {"id": "Z9"}})", "2025-06-30", cuts_json.c_str(), nullptr,
                                  &response, &error),
            SEG_OK);
  EXPECT_NE(Take(response).find("\"No orders\""), std::string::npos);
  EXPECT_EQ(seg_evaluate_customer(program, "[1,2", "2025-06-30", nullptr, nullptr, &response, &error),
            SEG_INVALID_ARGUMENT);
  EXPECT_EQ(response, nullptr);
  Take(error);
  seg_result_free(result);
  seg_inputs_free(inputs);
  seg_program_free(program);
}

TEST(CApiTest, RunJsonAnswersEveryRequestWithJson) {
  const char* program = "input customers key id { spend: money }\ntag big when spend >= 100\n";
  char* response = nullptr;
  EXPECT_EQ(seg_run_json(program, "{bad json", &response), SEG_INVALID_ARGUMENT);
  std::string bad = Take(response);
  EXPECT_NE(bad.find("\"ok\":false"), std::string::npos) << bad;
  EXPECT_NE(bad.find("\"status\":\"invalid_argument\""), std::string::npos) << bad;
  EXPECT_EQ(seg_run_json(nullptr, nullptr, &response), SEG_INVALID_ARGUMENT);
  Take(response);
  EXPECT_EQ(seg_run_json(program, "{}", nullptr), SEG_INVALID_ARGUMENT);
  EXPECT_EQ(seg_run_json("tag x when", R"({"inputs": {}})", &response), SEG_COMPILE_ERROR);
  std::string compile = Take(response);
  EXPECT_NE(compile.find("\"diagnostics\":[{"), std::string::npos) << compile;
  EXPECT_NE(compile.find("\"line\":1"), std::string::npos) << compile;

  const char* batch = R"({"as_of": "2025-06-30",
    "inputs": {"customers": {"rows": [{"id": "a", "spend": 150.25}, {"id": "b", "spend": "99.99"}, {"id": "c"}]}}})";
  ASSERT_EQ(seg_run_json(program, batch, &response), SEG_OK);
  std::string out = Take(response);
  EXPECT_NE(out.find("\"ok\":true"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("rows":[{"big":true,"id":"a"},{"big":false,"id":"b"},{"big":false,"id":"c"}])"),
            std::string::npos)
      << out;
  EXPECT_EQ(seg_run_json(program, R"({"inputs": {"customers": {"rows": [{"id": "a", "spend": "lots"}]}}})", &response),
            SEG_INVALID_ARGUMENT);
  EXPECT_NE(Take(response).find("rows[0].spend"), std::string::npos);

  const char* one = R"({"as_of": "2025-06-30", "evaluate": {"record": {"customer": {"id": "a", "spend": 500}},
    "previous": {"key": "a", "buckets": {}, "tags": {"big": false}, "scores": {}}}})";
  ASSERT_EQ(seg_run_json(program, one, &response), SEG_OK);
  std::string evaluated = Take(response);
  EXPECT_NE(evaluated.find(R"("tags":{"big":true})"), std::string::npos) << evaluated;
  EXPECT_NE(evaluated.find(R"({"after":true,"before":false,"kind":"tag","name":"big"})"), std::string::npos)
      << evaluated;
}

}  // namespace

namespace {

// seg_run_json's batch hands out its population; an evaluation given it ranks the customer
// against it (here: b's percent rank among a, b, c), returns the lets asked for in "with" and a
// status per output; without it the ranked outputs are missing and say why.
TEST(CApiTest, RunJsonEvaluatesAgainstTheBatchPopulation) {
  const char*
      program = "input customers key id { spend: money }\nlet rank = percent_rank(spend)\ntag top when rank >= 0.5\n";
  const char* batch = R"({"as_of": "2025-06-30", "population_cuts": true,
    "inputs": {"customers": {"rows": [{"id": "a", "spend": 10}, {"id": "b", "spend": 20}, {"id": "c", "spend": 30}]}}})";
  char* response = nullptr;
  ASSERT_EQ(seg_run_json(program, batch, &response), SEG_OK);
  nlohmann::json ran = nlohmann::json::parse(Take(response));
  nlohmann::json request = {{"as_of", "2025-06-30"},
                            {"with", {"rank"}},
                            {"evaluate",
                             {{"record", {{"customer", {{"id", "b"}, {"spend", 20}}}}},
                              {"population_cuts", ran["population_cuts"]}}}};
  ASSERT_EQ(seg_run_json(program, request.dump().c_str(), &response), SEG_OK);
  nlohmann::json one = nlohmann::json::parse(Take(response))["customer"];
  EXPECT_EQ(one["lets"]["rank"], 0.5) << one;
  EXPECT_EQ(one["tags"]["top"], true) << one;
  EXPECT_EQ(one["status"]["top"], "ok") << one;
  request["evaluate"].erase("population_cuts");
  ASSERT_EQ(seg_run_json(program, request.dump().c_str(), &response), SEG_OK);
  one = nlohmann::json::parse(Take(response))["customer"];
  EXPECT_TRUE(one["tags"]["top"].is_null()) << one;
  EXPECT_EQ(one["status"]["top"], "no_population") << one;
  EXPECT_EQ(one["status"]["rank"], "no_population") << one;
}

}  // namespace
