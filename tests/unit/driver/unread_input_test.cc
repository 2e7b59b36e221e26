// IndexTables with ColumnsToLoad::kEvaluated (`seg run`): an event input that no rule reads is
// checked and reported exactly as when it is indexed, gives no events, and the output is byte for
// byte the same; an input read only through count(...) is still indexed.
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/driver/compiler.h"
#include "tests/unit/driver/driver_test_files.h"

namespace seg::driver {
namespace {

namespace fs = std::filesystem;

void ExpectSameReports(const LoadedData& indexed, const LoadedData& evaluated) {
  ASSERT_EQ(indexed.reports.size(), evaluated.reports.size());
  for (size_t r = 0; r < indexed.reports.size(); ++r) {
    const LoadReport& a = indexed.reports[r];
    const LoadReport& b = evaluated.reports[r];
    EXPECT_EQ(a.input, b.input);
    EXPECT_EQ(a.stats.rows_loaded, b.stats.rows_loaded) << a.input;
    EXPECT_EQ(a.unknown_customer_events, b.unknown_customer_events) << a.input;
    EXPECT_EQ(a.missing_key_events, b.missing_key_events) << a.input;
    EXPECT_EQ(a.missing_time_events, b.missing_time_events) << a.input;
    EXPECT_EQ(a.unknown_key_samples, b.unknown_key_samples) << a.input;
  }
}

// visits is declared, never read; its rows have unknown keys, missing keys and missing times
// (of known and unknown customers), for text and int keys.
TEST(UnreadInputTest, ABadUnreadInputIsReportedAsWhenIndexed) {
  for (const char* key_type : {"id", "int"}) {
    bool ints = std::string(key_type) == "int";
    TempDir dir;
    std::string program_path = dir.Write("p.seg", std::string("input customers key id { ") + (ints ? "id: int" : "") +
                                                      " }\n"
                                                      "input orders of customers by customer at ts { amount: money }\n"
                                                      "input visits of customers by customer at ts { page: text }\n"
                                                      "let spend = sum(orders.amount)\n");
    auto key = [&](int n) { return ints ? std::to_string(n) : "c" + std::to_string(n); };
    std::string customers = "id\n" + key(1) + "\n" + key(2) + "\n";
    std::string orders = "customer,ts,amount\n" + key(2) + ",2024-06-02,5\n" + key(1) + ",2024-06-01,10\n" + key(9) +
                         ",2024-06-03,7\n";
    std::string visits = "customer,ts,page\n" + key(7) + ",2024-06-01,a\n" + key(2) + ",,b\n" + ",2024-06-02,c\n" +
                         key(8) + ",,d\n" + key(7) + ",2024-06-03,e\n" + key(1) + ",2024-06-04,f\n" + key(6) +
                         ",2024-06-05,g\n";
    std::vector<InputBinding> inputs = {{"customers", dir.Write("customers.csv", customers)},
                                        {"orders", dir.Write("orders.csv", orders)},
                                        {"visits", dir.Write("visits.csv", visits)}};
    std::unique_ptr<Compilation> c = CompileFile(program_path, CompileOptions{});
    ASSERT_TRUE(c && c->ok() && c->ir) << key_type;
    const ir::Program& program = *c->ir;
    for (size_t threads : {1, 2}) {
      rt::LoadOptions load;
      load.threads = threads;
      LoadedData indexed = LoadData(program, inputs, load, ColumnsToLoad::kRead);
      LoadedData evaluated = LoadData(program, inputs, load, ColumnsToLoad::kEvaluated);
      ASSERT_TRUE(indexed.ok()) << indexed.status.message();
      ASSERT_TRUE(evaluated.ok()) << evaluated.status.message();
      ExpectSameReports(indexed, evaluated);
      const LoadReport& report = indexed.reports[2];
      EXPECT_EQ(report.unknown_customer_events, 4u) << key_type;
      EXPECT_EQ(report.missing_key_events, 1u) << key_type;
      EXPECT_EQ(report.missing_time_events, 1u) << key_type;  // c2's; c8's is an unknown customer's
      EXPECT_EQ(report.unknown_key_samples, (std::vector<std::string>{key(7), key(8), key(6)})) << key_type;
      EXPECT_EQ(indexed.data.events[2].table.num_rows(), 2u);
      EXPECT_EQ(evaluated.data.events[2].table.num_rows(), 0u);  // checked, not indexed
      ASSERT_EQ(evaluated.data.events[2].offsets.size(), 3u);
      EXPECT_EQ(evaluated.data.events[2].offsets[2], 0u);
      EXPECT_EQ(evaluated.data.events[1].table.num_rows(), 2u);  // orders are read: indexed
      EXPECT_EQ(Output(program, evaluated, threads), Output(program, indexed, threads)) << key_type;
    }
  }
}

// An unread input whose key type cannot match the customers' fails as an indexed one does.
TEST(UnreadInputTest, AnUnusableUnreadInputFailsAsWhenIndexed) {
  std::unique_ptr<Compilation> c = CompileText("p.seg",
                                               "input customers key id { }\n"
                                               "input visits of customers by customer at ts { }\n"
                                               "let one = 1\n",
                                               CompileOptions{});
  ASSERT_TRUE(c && c->ok() && c->ir);
  auto tables = [&] {
    std::vector<std::optional<rt::Table>> t(c->ir->inputs.size());
    rt::Table customers("customers");
    customers.AddColumn("id", rt::ValueType::kId).AppendNull();
    t[0] = std::move(customers);
    rt::Table visits("visits");
    visits.AddColumn("customer", rt::ValueType::kInt);
    visits.AddColumn("ts", rt::ValueType::kTimestamp);
    t[1] = std::move(visits);
    return t;
  };
  LoadedData indexed = IndexTables(*c->ir, tables(), 1, nullptr, ColumnsToLoad::kRead);
  LoadedData evaluated = IndexTables(*c->ir, tables(), 1, nullptr, ColumnsToLoad::kEvaluated);
  EXPECT_FALSE(indexed.ok());
  EXPECT_EQ(evaluated.status.message(), indexed.status.message());
}

// A run reads an input's instants only for the gaps between its events' times and for
// sequences; windows and days of the first or last time read the local days.
TEST(UnreadInputTest, InstantsAreReadOnlyForGapsAndSequences) {
  auto instants = [](const std::string& body) {
    std::unique_ptr<Compilation> c = CompileText("p.seg",
                                                 "input customers key id { }\n"
                                                 "input orders of customers by customer at ts { amount: money }\n"
                                                 "input visits of customers by customer at ts { page: text }\n" +
                                                     body,
                                                 CompileOptions{});
    EXPECT_TRUE(c && c->ok() && c->ir) << body;
    return c && c->ir ? InstantsReadByEvaluation(*c->ir) : std::vector<bool>{};
  };
  const std::vector<bool> none = {false, false, false};
  EXPECT_EQ(instants("let r = days_since(last(orders.ts))\nlet n = count(visits during last 30 days)\n"), none);
  EXPECT_EQ(instants("let g = avg_gap(orders)\n"), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(instants("let g = avg_gap(orders.ts)\n"), none);  // the column's values
  EXPECT_EQ(instants("tag t when sequence(visits then orders)\n"), (std::vector<bool>{false, true, true}));
}

// Retail never reads visits; an input read only through count(...) is read.
TEST(UnreadInputTest, OnlyInputsNoNodeReadsAreLeftOut) {
  const fs::path source = SEG_SOURCE_DIR;
  std::unique_ptr<Compilation> retail = CompileFile((source / "examples/retail.seg").string(), CompileOptions{});
  ASSERT_TRUE(retail && retail->ok() && retail->ir);
  EXPECT_EQ(InputsReadByEvaluation(*retail->ir), (std::vector<bool>{false, true, false}));
  std::unique_ptr<Compilation> counted = CompileText("p.seg",
                                                     "input customers key id { }\n"
                                                     "input visits of customers by customer at ts { }\n"
                                                     "let n = count(visits)\n",
                                                     CompileOptions{});
  ASSERT_TRUE(counted && counted->ok() && counted->ir);
  EXPECT_EQ(InputsReadByEvaluation(*counted->ir), (std::vector<bool>{false, true}));
  fs::path data = source / "examples/data";
  std::vector<InputBinding> inputs = {{"customers", (data / "customers.csv").string()},
                                      {"orders", (data / "orders.csv").string()},
                                      {"visits", (data / "visits.csv").string()}};
  for (size_t threads : {1, 3}) {
    rt::LoadOptions load;
    load.threads = threads;
    LoadedData indexed = LoadData(*retail->ir, inputs, load, ColumnsToLoad::kRead);
    LoadedData evaluated = LoadData(*retail->ir, inputs, load, ColumnsToLoad::kEvaluated);
    ASSERT_TRUE(indexed.ok() && evaluated.ok());
    ExpectSameReports(indexed, evaluated);
    EXPECT_GT(indexed.data.events[2].table.num_rows(), 0u);
    EXPECT_EQ(evaluated.data.events[2].table.num_rows(), 0u);
    std::string expected = Output(*retail->ir, indexed, threads);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(Output(*retail->ir, evaluated, threads), expected) << threads << " threads";
  }
}

}  // namespace
}  // namespace seg::driver
