// Int customer keys through the API: rows given in any order, keys written with leading zeros,
// the batch, one customer in real time and the JSON call all see the same numeric keys, and
// ntile's ties go by the numeric key (7 before 10), not by row order.
#include <gtest/gtest.h>

#include <cstdlib>

#include "seg/seg.h"
#include "seg/seg.hpp"

namespace {

constexpr const char* kProgram =
    "input customers key id { id: int }\n"
    "input orders of customers by customer at ts { amount: money }\n"
    "let n = count(orders)\n"
    "let t = ntile(n, 2)\n"
    "tag buyer when n > 0\n";

// Customers 10, 7, 0002 (= 2), each with one order: three tied values, ranked 2, 7, 10.
constexpr const char*
    kRows = R"("customers": {"rows": [{"id": 10}, {"id": "7"}, {"id": "0002"}]},)"
            R"("orders": {"rows": [{"customer": "0010", "ts": "2025-01-01", "amount": 1},)"
            R"({"customer": 7, "ts": "2025-01-02", "amount": 2}, {"customer": 2, "ts": "2025-01-03", "amount": 3}]})";

TEST(IntKeysTest, BatchThroughJsonRanksTiesByNumericKey) {
  std::string request = std::string(R"({"as_of": "2025-06-30", "with": ["n", "t"], "inputs": {)") + kRows + "}}";
  char* response = nullptr;
  seg_status status = seg_run_json(kProgram, request.c_str(), &response);
  ASSERT_NE(response, nullptr);
  std::string text = response;
  seg_free_string(response);
  ASSERT_EQ(status, SEG_OK) << text;
  // Rows in input order (a row's fields in name order); ntile(2) over ranks 2 -> 1, 7 -> 2, 10 -> 3 gives groups 1 1 2.
  EXPECT_NE(text.find(R"({"buyer":true,"id":10,"n":1,"t":2})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"({"buyer":true,"id":7,"n":1,"t":1})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"({"buyer":true,"id":2,"n":1,"t":1})"), std::string::npos) << text;
}

TEST(IntKeysTest, OneCustomerInRealTime) {
  seg::CompileResult compiled = seg::Compile(kProgram, "int_keys.seg");
  ASSERT_TRUE(compiled.ok()) << compiled.rendered;
  seg::CustomerOptions options;
  options.as_of = "2025-06-30";
  seg::CustomerResult c;
  seg::Status s = compiled.program->EvaluateCustomer(
      R"({"customer": {"id": "0042"}, "events": {"orders": [{"ts": "2025-01-01", "amount": 5}]}})", options, &c);
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(c.key, "42");
  ASSERT_EQ(c.tags.size(), 1u);
  EXPECT_TRUE(c.tags[0].second);
  EXPECT_FALSE(compiled.program->EvaluateCustomer(R"({"customer": {"id": "forty-two"}})", options, &c).ok());
}

}  // namespace
