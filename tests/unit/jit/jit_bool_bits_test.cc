// Bools kept for every customer are bits (exec::PackedAsBits): tags, lets kept for the result and
// bool lets a later stage or a later part reads. Both engines write them from morsels on several
// threads whose boundaries fall anywhere in a word of 64 customers; the interpreter on one thread
// is the reference for every row's value and validity, and for the bytes `seg run` writes.
#include <gtest/gtest.h>

#include "compiler/exec/result.h"
#include "tests/unit/jit/prepared_program.h"

namespace seg {
namespace {

using namespace jit_testing;  // NOLINT: the shared helpers of these tests

// Bool lets of stage 0 read by stage 1 (after a population), bools missing for some customers, and
// a chain that, cut into small parts, spills bools from one part to the next.
std::string BoolProgram() {
  std::string text = Inputs();
  text += "let old = age > 45\n";
  text += "let loyal = count(orders during last 365 days) >= 3 or old\n";
  text += "let rank = percent_rank(age)\n";
  text += "let top = old and rank > 0.5\n";
  text += "let odd = (if rank > 0.7 then loyal else missing)\n";
  text += "let discounted = mode(orders.discounted during last 200 days)\n";  // missing without orders
  text += "let c0 = old\n";
  for (int k = 1; k < 40; ++k)
    text += "let c" + std::to_string(k) + " = (c" + std::to_string(k - 1) + (k % 2 ? " and " : " or ") + "age > " +
            std::to_string(20 + k) + ")\n";
  text += "tag t_old when old\ntag t_top when top\ntag t_odd when odd or not loyal\n";
  text += "tag t_disc when discounted\ntag t_chain when c39\n";
  return text;
}

struct Config {
  driver::EngineChoice engine;
  bool small_parts;
  size_t threads, morsel;
};

TEST(BoolBits, EveryEngineThreadAndMorselWritesTheSameBits) {
  std::unique_ptr<Prepared> run = Prepare(BoolProgram());
  ASSERT_TRUE(run);
  const ir::Program& program = *run->compilation->ir;
  size_t customers = run->data.data.num_customers();
  ASSERT_GT(customers, 200u);  // several words of bits
  exec::RunOptions options;
  for (const ir::Named& let : program.lets)
    if (program.nodes[let.node].type.Is(lang::TypeKind::kBool)) options.keep.push_back(let.node);
  std::vector<ir::NodeId> bools = options.keep;
  for (const ir::Named& tag : program.tags) bools.push_back(tag.node);

  auto execute = [&](const Config& c, driver::ExecuteReport* report) {
    driver::ExecuteOptions execute;
    execute.engine = c.engine;
    execute.jit_small_parts_for_testing = c.small_parts;
    execute.use_disk_cache = false;
    execute.warn = false;
    exec::RunOptions o = options;
    o.threads = c.threads;
    o.morsel = c.morsel;
    return driver::Execute(program, run->data.data, run->params, o, execute, report);
  };
  driver::ExecuteReport report;
  exec::RunResult reference = execute({driver::EngineChoice::kInterp, false, 1, 2048}, &report);
  ASSERT_TRUE(reference.ok()) << reference.status.message();
  std::string reference_bytes = Written(*run, reference);
  size_t missing = 0, holds = 0;
  for (ir::NodeId id : bools) {
    const exec::ResultColumn& column = *reference.nodes[id];
    // Two bits a customer: no value or validity bytes.
    ASSERT_TRUE(column.packed()) << id;
    EXPECT_EQ(column.size(), customers);
    EXPECT_EQ(column.bool_values.size(), exec::BitWords(customers));
    EXPECT_EQ(column.bool_valid.size(), exec::BitWords(customers));
    EXPECT_TRUE(column.ints.empty() && column.valid.empty());
    for (size_t r = 0; r < customers; ++r) {
      missing += !column.Valid(r);
      holds += column.Holds(r);
    }
  }
  EXPECT_GT(missing, 0u);  // the validity bits are exercised
  EXPECT_GT(holds, 0u);

  std::vector<Config> configs;
  for (driver::EngineChoice engine : {driver::EngineChoice::kInterp, driver::EngineChoice::kJit}) {
    for (size_t morsel : {1, 3, 7, 64, 100, 2048}) configs.push_back({engine, false, 3, morsel});
  }
  configs.push_back({driver::EngineChoice::kJit, true, 1, 2048});
  configs.push_back({driver::EngineChoice::kJit, true, 3, 5});
  // Small parts also write 64 customers a call: a morsel of 100 starts its calls off a word's boundary.
  configs.push_back({driver::EngineChoice::kJit, true, 3, 100});
  for (const Config& c : configs) {
    std::string name = std::string(c.engine == driver::EngineChoice::kJit ? "jit" : "interp") +
                       (c.small_parts ? " small parts" : "") + ", " + std::to_string(c.threads) + " threads, morsel " +
                       std::to_string(c.morsel);
    exec::RunResult result = execute(c, &report);
    ASSERT_TRUE(result.ok()) << name << ": " << result.status.message();
    if (c.engine == driver::EngineChoice::kJit) EXPECT_TRUE(report.used_jit) << name << ": " << report.Describe();
    for (ir::NodeId id : bools) {
      const exec::ResultColumn& want = *reference.nodes[id];
      const exec::ResultColumn& got = *result.nodes[id];
      ASSERT_TRUE(got.packed()) << name;
      ASSERT_EQ(got.size(), customers) << name;
      for (size_t r = 0; r < customers; ++r) {
        ASSERT_EQ(got.Valid(r), want.Valid(r)) << name << ", node " << id << ", customer " << r;
        if (want.Valid(r)) ASSERT_EQ(got.Int(r), want.Int(r)) << name << ", node " << id << ", customer " << r;
      }
    }
    EXPECT_EQ(Written(*run, result), reference_bytes) << name;
  }
}

}  // namespace
}  // namespace seg
