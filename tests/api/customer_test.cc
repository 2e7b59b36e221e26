// Real-time evaluation of one customer agrees with the batch run for every customer of the
// example data; a compiled program serves many threads at once.
#include <gtest/gtest.h>

#include <thread>

#include "api_test_data.h"

namespace {

using seg_test::CompileExample;

struct Batch {
  std::shared_ptr<const seg::Program> program;
  seg::Result result;
};

Batch RunBatch(const std::string& example) {
  Batch b{CompileExample(example), {}};
  seg::Inputs inputs = seg_test::FileInputs(b.program);
  seg::RunOptions options;
  options.as_of = "2025-06-30";
  seg::Status s = b.program->Run(inputs, options, &b.result);
  if (!s.ok()) ADD_FAILURE() << s.message;
  return b;
}

// Compares one customer's real-time result with its batch row: tags always, buckets and scores
// when `population` (in retail.seg every classification and score depends on the quintiles, its
// tags on nothing population-wide). Returns the disagreements.
std::vector<std::string> Disagreements(const Batch& b, size_t row, const seg::CustomerResult& c, bool population) {
  std::vector<std::string> out;
  auto check = [&](const std::string& name, const std::string& batch, const std::string& now) {
    if (batch != now)
      out.push_back(b.result.Key(row) + " " + name + ": batch '" + batch + "', real time '" + now + "'");
  };
  for (const auto& [name, label] : c.buckets) {
    if (population) check(name, b.result.Bucket(name, row).value_or("(none)"), label.value_or("(none)"));
  }
  for (const auto& [name, on] : c.tags) check(name, b.result.Find(name)->Format(row), on ? "true" : "false");
  for (const seg::ScoreValue& s : c.scores) {
    if (population) check(s.name, b.result.Find(s.name)->Format(row), s.text);
  }
  return out;
}

void ExpectAgreement(const Batch& b, bool with_cuts, bool population) {
  std::map<std::string, std::string> records = seg_test::CustomerRecords(*b.program);
  ASSERT_EQ(records.size(), b.result.num_customers());
  seg::CustomerOptions options;
  options.as_of = "2025-06-30";
  if (with_cuts) options.population_cuts_json = b.result.PopulationCutsJson();
  std::vector<std::string> wrong;
  for (size_t row = 0; row < b.result.num_customers(); ++row) {
    seg::CustomerResult c;
    seg::Status s = b.program->EvaluateCustomer(records.at(b.result.Key(row)), options, &c);
    ASSERT_TRUE(s.ok()) << b.result.Key(row) << ": " << s.message;
    ASSERT_EQ(c.key, b.result.Key(row));
    for (std::string& w : Disagreements(b, row, c, population)) wrong.push_back(std::move(w));
  }
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " disagreements, first: " << wrong.front();
}

TEST(CustomerTest, EveryRetailCustomerAgreesWithTheBatchGivenItsPopulation) {
  Batch b = RunBatch("retail.seg");
  ExpectAgreement(b, /*with_cuts=*/true, /*population=*/true);
}

TEST(CustomerTest, WithoutAPopulationTheNonPopulationOutputsStillAgree) {
  Batch b = RunBatch("retail.seg");
  ExpectAgreement(b, /*with_cuts=*/false, /*population=*/false);
  // ... and the population outputs are missing rather than guessed.
  seg::CustomerOptions options;
  options.as_of = "2025-06-30";
  seg::CustomerResult c;
  ASSERT_TRUE(b.program->EvaluateCustomer(seg_test::CustomerRecords(*b.program).at("C0001"), options, &c).ok());
  ASSERT_EQ(c.scores.size(), 1u);
  EXPECT_FALSE(c.scores[0].valid);
}

TEST(CustomerTest, EveryLifecycleCustomerAgreesWithoutPopulationFunctions) {
  Batch b = RunBatch("lifecycle.seg");
  ExpectAgreement(b, /*with_cuts=*/false, /*population=*/true);
}

TEST(CustomerTest, APreviousResultTellsWhatChanged) {
  Batch b = RunBatch("retail.seg");
  seg::CustomerOptions options;
  options.as_of = "2025-06-30";
  options.population_cuts_json = b.result.PopulationCutsJson();
  const std::string record = R"({"customer": {"id": "N1", "tags": ["newsletter"]}, "events": {}})";
  seg::CustomerResult before;
  ASSERT_TRUE(b.program->EvaluateCustomer(record, options, &before).ok());
  EXPECT_EQ(before.buckets[1].second.value_or(""), "No orders");
  EXPECT_TRUE(before.changes.empty());
  // Three big discounted paid orders this month: a vip, and no longer "No orders".
  std::string orders;
  for (int i = 0; i < 3; ++i) {
    orders += std::string(i ? "," : "") + R"({"ts": "2025-06-2)" + std::to_string(i) +
              R"(T10:00:00Z", "amount": 900.50, "status": "paid", "discounted": true})";
  }
  options.previous_json = before.json;
  seg::CustomerResult after;
  seg::Status s = b.program->EvaluateCustomer(R"({"customer": {"id": "N1"}, "events": {"orders": [)" + orders + "]}}",
                                              options, &after);
  ASSERT_TRUE(s.ok()) << s.message;
  bool vip_changed = false, value_changed = false;
  for (const seg::Change& c : after.changes) {
    if (c.kind == "tag" && c.name == "vip") vip_changed = c.before == "false" && c.after == "true";
    if (c.kind == "bucket" && c.name == "value") value_changed = c.before == "\"No orders\"";
    EXPECT_NE(c.before, c.after) << c.name;
  }
  EXPECT_TRUE(vip_changed) << after.json;
  EXPECT_TRUE(value_changed) << after.json;
  EXPECT_NE(after.json.find("\"changes\""), std::string::npos);
}

TEST(CustomerTest, BadRecordsAreStatuses) {
  auto program = CompileExample("retail.seg");
  seg::CustomerOptions options;
  options.as_of = "2025-06-30";
  seg::CustomerResult c;
  EXPECT_EQ(program->EvaluateCustomer("{not json", options, &c).code, seg::StatusCode::kInvalidArgument);
  EXPECT_EQ(program->EvaluateCustomer(R"({"customer": {}})", options, &c).code, seg::StatusCode::kInvalidArgument);
  seg::Status typo = program->EvaluateCustomer(R"({"customer": {"id": "x"}, "events": {"order": []}})", options, &c);
  EXPECT_EQ(typo.code, seg::StatusCode::kInvalidArgument);
  EXPECT_NE(typo.message.find("orders"), std::string::npos) << typo.message;
  seg::Status bad_amount = program->EvaluateCustomer(
      R"({"customer": {"id": "x"}, "events": {"orders": [{"ts": "2025-01-01", "amount": "lots"}]}})", options, &c);
  EXPECT_EQ(bad_amount.code, seg::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_amount.message.find("events.orders[0].amount"), std::string::npos) << bad_amount.message;
  options.population_cuts_json = R"({"version": 1, "cuts": [{"node": 0, "bins": 5, "edges": []}]})";
  EXPECT_EQ(program->EvaluateCustomer(R"({"customer": {"id": "x"}})", options, &c).code,
            seg::StatusCode::kInvalidArgument);
}

TEST(CustomerTest, OneProgramRunsOnEightThreadsAtOnce) {
  Batch b = RunBatch("retail.seg");
  const std::string expected = b.result.ToCsv();
  seg::Inputs inputs = seg_test::FileInputs(b.program);  // shared by all threads, indexed once
  std::map<std::string, std::string> records = seg_test::CustomerRecords(*b.program);
  std::string cuts = b.result.PopulationCutsJson();
  std::vector<std::string> csv(8);
  std::vector<int> customer_mismatches(8, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      seg::RunOptions options;
      options.as_of = "2025-06-30";
      options.threads = 1 + t % 3;
      seg::Result r;
      if (b.program->Run(inputs, options, &r).ok()) csv[t] = r.ToCsv();
      seg::CustomerOptions one;
      one.as_of = "2025-06-30";
      one.population_cuts_json = cuts;
      for (size_t row = t; row < b.result.num_customers(); row += 50) {
        seg::CustomerResult c;
        if (!b.program->EvaluateCustomer(records.at(b.result.Key(row)), one, &c).ok() ||
            c.buckets[1].second != b.result.Bucket("value", row)) {
          ++customer_mismatches[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t t = 0; t < 8; ++t) {
    EXPECT_EQ(csv[t], expected) << "thread " << t;
    EXPECT_EQ(customer_mismatches[t], 0) << "thread " << t;
  }
}

}  // namespace
