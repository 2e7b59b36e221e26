// The JIT on programs too large for one function: how stages are cut into parts (layout.h), a
// long chain of lets (whose failures are reported once per customer) on both engines, the JIT's
// budget under --engine auto and jit, and the disk cache shared by processes running at once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/backend/jit/codegen.h"
#include "compiler/backend/jit/jit.h"
#include "compiler/backend/jit/layout.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/write_results.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "tests/unit/jit/prepared_program.h"

namespace seg {
namespace {

namespace fs = std::filesystem;
using namespace jit_testing;  // NOLINT: the shared helpers of these tests

// `count` lets, each computed from the one before; `overflow_age`: the 10th multiplies by a
// factor that overflows for customers of that age or older (0: never).
std::string ChainOfLets(int count, int64_t overflow_age) {
  std::ostringstream text;
  text << Inputs() << "let x0 = age\n";
  for (int k = 1; k < count; ++k) {
    if (k == 10 && overflow_age > 0)
      text << "let x" << k << " = x" << k - 1 << " * " << (INT64_MAX / overflow_age + 1) << "\n";
    else text << "let x" << k << " = (x" << k - 1 << " + " << k % 7 << ") % 1000\n";
  }
  text << "tag deep when x" << count - 1 << " > 500\n";
  return text.str();
}

TEST(JitLayout, LargeStagesAreCutAndValuesReadLaterAreSpilled) {
  std::unique_ptr<Prepared> run = Prepare(ChainOfLets(100, 0));
  ASSERT_TRUE(run);
  const ir::Program& program = *run->compilation->ir;
  std::vector<bool> persist(program.nodes.size(), false);
  jit::ProgramLayout whole = jit::PlanLayout(program, persist, jit::kPartWeight);
  ASSERT_EQ(whole.parts.size(), 1u);
  EXPECT_EQ(whole.parts[0].size(), 1u);
  EXPECT_EQ(std::count(whole.spilled.begin(), whole.spilled.end(), true), 0);
  EXPECT_EQ(whole.weight, jit::ProgramWeight(program));

  jit::ProgramLayout cut = jit::PlanLayout(program, persist, 100);
  const std::vector<jit::PartRange>& parts = cut.parts[0];
  ASSERT_GE(parts.size(), 3u);
  size_t weight = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    EXPECT_LE(parts[k].weight, 100u) << k;
    if (k > 0) EXPECT_EQ(parts[k].begin, parts[k - 1].end) << k;
    weight += parts[k].weight;
  }
  EXPECT_EQ(weight, whole.weight);
  // A chain crosses each cut with one value: the last of a part that the next part reads.
  for (size_t k = 1; k < parts.size(); ++k) {
    bool crossing = false;
    for (ir::NodeId id = parts[k - 1].begin; id < parts[k - 1].end; ++id) crossing |= cut.spilled[id];
    EXPECT_TRUE(crossing) << "nothing spilled before part " << k;
  }
  // Nodes persisted for the run are read back from their own columns: never spilled twice.
  std::vector<bool> all(program.nodes.size(), true);
  jit::ProgramLayout kept = jit::PlanLayout(program, all, 100);
  EXPECT_EQ(std::count(kept.spilled.begin(), kept.spilled.end(), true), 0);
}

// Checked arithmetic weighs kCheckedWeight more than a plain node: O2 spends several times as long
// per plain node on a chain of checked operations, so a program of a few hundred chained lets is
// already compiled with the short pipeline (layout.h, kFullOptWeight).
TEST(JitLayout, CheckedArithmeticWeighsMore) {
  std::unique_ptr<Prepared> run = Prepare(Inputs() +
                                          "let a = age + 1\nlet b = -age\nlet c = age > 3\nlet d = age * 2.5\n"
                                          "tag t when c and a > b and d > 1.0\n");
  ASSERT_TRUE(run);
  const ir::Program& program = *run->compilation->ir;
  auto weight_of = [&](const std::string& let) {
    for (const ir::Named& l : program.lets)
      if (l.name == let) return jit::NodeWeight(program, l.node);
    return size_t{0};
  };
  EXPECT_EQ(weight_of("a"), 2 + jit::kCheckedWeight);  // overflow
  EXPECT_EQ(weight_of("b"), 1 + jit::kCheckedWeight);  // the int's minimum
  EXPECT_EQ(weight_of("c"), 2u);                       // a comparison checks nothing
  EXPECT_EQ(weight_of("d"), 2 + jit::kCheckedWeight);  // a result that is not finite
  std::unique_ptr<Prepared> chain = Prepare(ChainOfLets(300, 0));
  ASSERT_TRUE(chain);
  EXPECT_GT(jit::ProgramWeight(*chain->compilation->ir), jit::kFullOptWeight);
}

// 300 chained lets: compiled with failures reported once per customer (and, cut small, through
// spilled values); the same bytes as the interpreter, and the same first error when one overflows.
TEST(JitLayout, ChainOfLetsAgreesWithTheInterpreter) {
  for (int64_t overflow_age : {0, 60}) {
    std::unique_ptr<Prepared> run = Prepare(ChainOfLets(300, overflow_age));
    ASSERT_TRUE(run) << overflow_age;
    driver::ExecuteOptions interp;
    interp.engine = driver::EngineChoice::kInterp;
    driver::ExecuteReport report;
    std::string reference = RunWith(*run, interp, &report);
    EXPECT_EQ(reference.rfind("error: ", 0) == 0, overflow_age != 0) << reference.substr(0, 200);
    for (bool small_parts : {false, true}) {
      driver::ExecuteOptions jit;
      jit.engine = driver::EngineChoice::kJit;
      jit.jit_small_parts_for_testing = small_parts;
      EXPECT_EQ(RunWith(*run, jit, &report), reference) << overflow_age << " " << small_parts;
      EXPECT_TRUE(report.used_jit) << report.Describe();
    }
  }
}

// `count` float lets, each adding 1.5 to the one before; the 10th divides by (age - 30), not finite
// for customers aged 30 (missing from there on).
std::string ChainOfFloatLets(int count) {
  std::ostringstream text;
  text << Inputs() << "let f0 = age * 1.5\n";
  for (int k = 1; k < count; ++k) {
    if (k == 10) text << "let f" << k << " = f" << k - 1 << " / (age - 30)\n";
    else text << "let f" << k << " = f" << k - 1 << " + 1.5\n";
  }
  text << "tag deep when f" << count - 1 << " > 500.0\n";
  return text.str();
}

// `count` money lets, each the one before scaled by a float (computed in doubles, rounded back).
std::string ChainOfScaledMoney(int count) {
  std::ostringstream text;
  text << Inputs() << "let m0 = sum(orders.amount)\n";
  for (int k = 1; k < count; ++k) text << "let m" << k << " = m" << k - 1 << " * 1.0001\n";
  text << "tag deep when m" << count - 1 << " > 500\n";
  return text.str();
}

// Each result computed in doubles is frozen before the next operation reads it: without the
// freeze, instcombine's poison and implied-condition analyses follow the chain of non-finite
// checks back at every operation, quadratic in a chain of lets (1,000 float lets took 129 s to
// compile). The IR's shape says so without timing anything: one freeze per such operation.
TEST(JitLayout, ResultsComputedInDoublesAreFrozenSoAChainCompilesInLinearTime) {
  for (const std::string& text : {ChainOfFloatLets(50), ChainOfScaledMoney(50)}) {
    std::unique_ptr<Prepared> run = Prepare(text);
    ASSERT_TRUE(run);
    const ir::Program& program = *run->compilation->ir;
    std::vector<bool> persist(program.nodes.size(), false);
    jit::ProgramLayout layout = jit::PlanLayout(program, persist, jit::kPartWeight);
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = jit::LowerProgram(program, persist, layout, jit::CodegenLimits{}, context);
    ASSERT_TRUE(module);
    size_t freezes = 0;
    for (const llvm::Function& f : *module)
      for (const llvm::BasicBlock& block : f)
        for (const llvm::Instruction& inst : block) freezes += llvm::isa<llvm::FreezeInst>(inst);
    size_t arith = 0;
    for (const ir::Node& n : program.nodes)  // all but an int's (`age - 30`) go through doubles
      arith += n.kind == ir::NodeKind::kArith && n.type.kind != lang::TypeKind::kInt;
    EXPECT_GE(arith, 49u);
    EXPECT_GE(freezes, arith) << text.substr(text.size() - 200);
  }
}

// The chains on both engines, compiled whole and cut into small parts: the same bytes.
TEST(JitLayout, ChainsComputedInDoublesAgreeWithTheInterpreter) {
  for (const std::string& text : {ChainOfFloatLets(300), ChainOfScaledMoney(300)}) {
    std::unique_ptr<Prepared> run = Prepare(text);
    ASSERT_TRUE(run);
    driver::ExecuteOptions interp;
    interp.engine = driver::EngineChoice::kInterp;
    driver::ExecuteReport report;
    std::string reference = RunWith(*run, interp, &report);
    for (bool small_parts : {false, true}) {
      driver::ExecuteOptions jit;
      jit.engine = driver::EngineChoice::kJit;
      jit.jit_small_parts_for_testing = small_parts;
      EXPECT_EQ(RunWith(*run, jit, &report), reference) << small_parts;
      EXPECT_TRUE(report.used_jit) << report.Describe();
    }
  }
}

TEST(JitBudget, AutoRunsTheInterpreterAndSaysWhyJitFails) {
  std::unique_ptr<Prepared> run = Prepare(ChainOfLets(50, 0));
  ASSERT_TRUE(run);
  driver::ExecuteOptions interp;
  interp.engine = driver::EngineChoice::kInterp;
  driver::ExecuteReport report;
  std::string reference = RunWith(*run, interp, &report);
  size_t weight = jit::ProgramWeight(*run->compilation->ir);

  driver::ExecuteOptions execute;
  execute.jit_max_weight = weight - 1;
  execute.engine = driver::EngineChoice::kAuto;
  EXPECT_EQ(RunWith(*run, execute, &report), reference);
  EXPECT_FALSE(report.used_jit);
  std::string why = "the program's weight " + std::to_string(weight) + " is past the JIT's budget of " +
                    std::to_string(weight - 1);
  EXPECT_EQ(report.Describe().rfind("engine: interpreter (auto: " + why, 0), 0u) << report.Describe();

  execute.engine = driver::EngineChoice::kJit;
  std::string refused = RunWith(*run, execute, &report);
  EXPECT_EQ(refused.rfind("error: --engine jit: " + why, 0), 0u) << refused;
  EXPECT_NE(refused.find("run it with --engine auto or interp"), std::string::npos) << refused;

  execute.jit_max_weight = weight;  // at the budget: compiled
  EXPECT_EQ(RunWith(*run, execute, &report), reference);
  EXPECT_TRUE(report.used_jit);
  EXPECT_EQ(report.Describe().rfind("engine: jit (asked for; compile ", 0), 0u) << report.Describe();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Several seg processes at once on one cache directory, cold and then warm: each must run the
// JIT (never a silent fallback) and write the same bytes.
TEST(JitDiskCache, ProcessesSharingTheCacheAllUseTheJit) {
  fs::path dir = fs::temp_directory_path() / ("seg_jit_shared_cache_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "cache");
  fs::path program = fs::path(SEG_SOURCE_DIR) / "examples" / "retail.seg";
  constexpr int kProcesses = 6;
  constexpr int kRounds = 3;
  std::string expected;
  for (int round = 0; round < kRounds; ++round) {
    std::ostringstream script;
    script << "cd " << dir << " && for k in $(seq 1 " << kProcesses << "); do XDG_CACHE_HOME=" << (dir / "cache") << " "
           << SEG_BINARY << " run " << program << " --as-of 2025-06-30 --engine jit --verbose --threads 1"
           << " --input customers=" << (kData / "customers.csv") << " --input orders=" << (kData / "orders.csv")
           << " --input visits=" << (kData / "visits.csv") << " --out out_$k.csv 2> err_$k.txt & done; wait";
    ASSERT_EQ(std::system(script.str().c_str()), 0) << script.str();
    for (int k = 1; k <= kProcesses; ++k) {
      std::string err = ReadFile(dir / ("err_" + std::to_string(k) + ".txt"));
      std::string out = ReadFile(dir / ("out_" + std::to_string(k) + ".csv"));
      EXPECT_NE(err.find("seg run: engine: jit (asked for; compile "), std::string::npos)
          << "round " << round << ", process " << k << ":\n"
          << err;
      EXPECT_EQ(err.find("JIT unavailable"), std::string::npos) << err;
      if (round > 0) EXPECT_NE(err.find("cache hit"), std::string::npos) << err;
      if (expected.empty()) expected = out;
      EXPECT_FALSE(out.empty());
      EXPECT_EQ(out, expected) << "round " << round << ", process " << k;
    }
  }
  // Only whole entries remain: no temporary file is left behind.
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir / "cache"))
    if (entry.is_regular_file()) EXPECT_EQ(entry.path().extension(), ".segjit") << entry.path();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace seg
