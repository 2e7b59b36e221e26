// Texts that grow during a run (compiler/exec/growing_dictionary.h): a dictionary interned from
// many threads keeps one code per string; a run's joined texts come back the same, codes
// included, whatever the engine and the number of threads; and the limits hold: a run whose
// joined texts pass the memory budget fails with one message whatever the threads, and a
// constant joined text past 1 MiB stops the plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/exec/growing_dictionary.h"

namespace seg::exec {
namespace {

namespace fs = std::filesystem;

TEST(GrowingDictionaryTest, ThreadsInterningTheSameStringsGetOneCodeEach) {
  TextBudget budget(size_t{1} << 30);
  GrowingDictionary dictionary(&budget);
  constexpr int kThreads = 4, kRounds = 5000, kDistinct = 700;
  std::vector<std::vector<int64_t>> codes(kThreads, std::vector<int64_t>(kDistinct, -1));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        int k = (i * (2 * t + 1) + t * 97) % kDistinct;  // each thread in its own order
        int64_t code = dictionary.Intern("text " + std::to_string(k));
        if (codes[t][k] >= 0) {
          EXPECT_EQ(codes[t][k], code);
        }
        codes[t][k] = code;
        EXPECT_EQ(dictionary.At(code), "text " + std::to_string(k));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(dictionary.size(), static_cast<size_t>(kDistinct) + 1);  // and "" as code 0
  EXPECT_EQ(dictionary.At(0), "");
  for (int k = 0; k < kDistinct; ++k) {
    for (int t = 1; t < kThreads; ++t) {
      if (codes[t][k] >= 0 && codes[0][k] >= 0) {
        EXPECT_EQ(codes[t][k], codes[0][k]) << k;
      }
    }
  }
}

TEST(GrowingDictionaryTest, PastTheBudgetNothingNewIsKept) {
  TextBudget budget(3 * (kTextEntryBytes + 5));
  GrowingDictionary dictionary(&budget);
  EXPECT_EQ(dictionary.Intern("aaaaa"), 1);
  EXPECT_EQ(dictionary.Intern("bbbbb"), 2);
  EXPECT_EQ(dictionary.Intern("ccccc"), 3);
  EXPECT_FALSE(budget.spent());
  EXPECT_EQ(dictionary.Intern("aaaaa"), 1);  // known strings cost nothing
  EXPECT_EQ(dictionary.Intern("d"), 0);
  EXPECT_TRUE(budget.spent());
  EXPECT_EQ(dictionary.size(), 4u);
}

// The example data, with a program of its own.
struct Loaded {
  std::unique_ptr<driver::Compilation> compilation;
  driver::LoadedData loaded;
  std::vector<lang::Value> params;
  const ir::Program& program() const { return *compilation->ir; }
};

std::unique_ptr<Loaded> Load(const std::string& rules) {
  auto r = std::make_unique<Loaded>();
  std::string text =
      "input customers key id { city: text; channel: text }\n"
      "input orders of customers by customer at ts { category: text; status: text }\n" +
      rules;
  r->compilation = driver::CompileText("growing.seg", text, driver::CompileOptions{});
  EXPECT_TRUE(r->compilation && r->compilation->ok() && r->compilation->ir);
  fs::path data = fs::path(SEG_SOURCE_DIR) / "examples/data";
  std::vector<driver::InputBinding> inputs = {{"customers", (data / "customers.csv").string()},
                                              {"orders", (data / "orders.csv").string()}};
  r->loaded = driver::LoadData(r->program(), inputs, rt::LoadOptions{}, driver::ColumnsToLoad::kRead);
  EXPECT_TRUE(r->loaded.ok()) << r->loaded.status.message();
  rt::Status bound = driver::BindParams(r->program(), {}, "2025-06-30", &r->params);
  EXPECT_TRUE(bound.ok()) << bound.message();
  return r;
}

struct EngineSetup {
  driver::EngineChoice engine;
  size_t threads;
};
const EngineSetup kSetups[] = {{driver::EngineChoice::kInterp, 1},
                               {driver::EngineChoice::kInterp, 3},
                               {driver::EngineChoice::kJit, 3}};

RunResult RunWith(const Loaded& r, const EngineSetup& setup, size_t text_memory_limit) {
  RunOptions options;
  options.threads = setup.threads;
  options.morsel = 7;
  options.text_memory_limit = text_memory_limit;
  for (const ir::Named& l : r.program().lets) options.keep.push_back(l.node);
  driver::ExecuteOptions execute;
  execute.engine = setup.engine;
  execute.use_disk_cache = false;
  execute.warn = false;
  driver::ExecuteReport report;
  RunResult result = driver::Execute(r.program(), r.loaded.data, r.params, options, execute, &report);
  EXPECT_TRUE(report.fallback_reason.empty()) << report.fallback_reason;
  return result;
}

constexpr const char* kJoins =
    "let pair = city + channel\n"
    "let shout = upper(pair)\n"
    "let kinds = count_distinct(orders.category + orders.status)\n"
    "let favourite = mode(orders.category + \":\" + orders.status)\n"
    "tag t when pair like \"San%\" and kinds > 1\n";
// Its constant-side joins (category + ":") take about 600 bytes of the budget in the plan; the
// rest is made during the run.

TEST(GrowingTextRunTest, JoinedTextsComeBackTheSameCodesIncludedOnEveryEngineAndThreadCount) {
  std::unique_ptr<Loaded> r = Load(kJoins);
  RunResult first = RunWith(*r, kSetups[0], size_t{1} << 30);
  ASSERT_TRUE(first.ok()) << first.status.message();
  for (const ir::Named& l : r->program().lets) {
    const ResultColumn& column = *first.nodes[l.node];
    if (!column.type.IsTextLike()) continue;
    EXPECT_TRUE(std::is_sorted(column.text.begin(), column.text.end())) << l.name;
    EXPECT_GT(column.text.size(), 3u) << l.name;
  }
  for (const EngineSetup& setup : kSetups) {
    RunResult other = RunWith(*r, setup, size_t{1} << 30);
    ASSERT_TRUE(other.ok()) << other.status.message();
    for (const ir::Named& l : r->program().lets) {
      const ResultColumn& a = *first.nodes[l.node];
      const ResultColumn& b = *other.nodes[l.node];
      EXPECT_EQ(a.text, b.text) << l.name;
      EXPECT_TRUE(std::equal(a.ints.begin(), a.ints.end(), b.ints.begin(), b.ints.end())) << l.name;
      EXPECT_TRUE(std::equal(a.valid.begin(), a.valid.end(), b.valid.begin(), b.valid.end())) << l.name;
    }
  }
}

TEST(GrowingTextRunTest, JoinedTextsPastTheBudgetFailTheRunWithOneMessage) {
  std::unique_ptr<Loaded> r = Load(kJoins);
  std::string expected =
      "the texts joined in let 'pair', let 'shout', let 'kinds', let 'favourite' take more than 2000 bytes of "
      "memory: seg stops rather than exhaust the machine; join fewer or shorter texts";
  for (const EngineSetup& setup : kSetups) {
    RunResult result = RunWith(*r, setup, 2000);
    EXPECT_EQ(result.status.message(), expected) << setup.threads;
  }
}

TEST(GrowingTextRunTest, AConstantJoinedTextPastOneMebibyteStopsThePlan) {
  std::string rules = "param p: text = \"ab\"\nlet c1 = p + p\n";
  for (int k = 2; k <= 20; ++k)
    rules += "let c" + std::to_string(k) + " = c" + std::to_string(k - 1) + " + c" + std::to_string(k - 1) + "\n";
  rules += "tag t when length(c20) > 0 and city + c1 != \"\"\n";
  std::unique_ptr<Loaded> r = Load(rules);
  RunResult result = RunWith(*r, kSetups[0], size_t{1} << 30);
  EXPECT_EQ(result.status.message(), "a joined text longer than 1048576 bytes (1 MiB) in let 'c20'");
}

}  // namespace
}  // namespace seg::exec
