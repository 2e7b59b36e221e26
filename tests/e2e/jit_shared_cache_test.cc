// Several seg processes sharing one JIT disk cache at once, as runs from cron, a shell loop and a
// user's terminal share ~/.cache/seg: every run must use the JIT (an entry being written, torn or
// corrupted by another writer is compiled again, never a reason to fall back) and write the
// interpreter's bytes. Runs the seg binary: the process boundary is what is tested.
#include <gtest/gtest.h>

#include <barrier>
#include <thread>
#include <vector>

#include "e2e_support.h"
#include "engine_check.h"

namespace seg::e2e {
namespace {

constexpr int kProcesses = 8;

std::string RetailRun(const fs::path& out) {
  return "run examples/retail.seg --input customers=examples/data/customers.csv "
         "--input orders=examples/data/orders.csv --input visits=examples/data/visits.csv --as-of 2025-06-30 "
         "--verbose --quiet --out " +
         ShellQuote(out.string());
}

// kProcesses runs of `seg ... --engine jit` started together on one cache home.
std::vector<Result> RunTogether(const fs::path& cache_home, const fs::path& outs) {
  std::vector<Result> results(kProcesses);
  std::barrier start(kProcesses);
  std::vector<std::thread> threads;
  for (int k = 0; k < kProcesses; ++k) {
    threads.emplace_back([&, k] {
      start.arrive_and_wait();
      std::string args = "-u SEG_NO_CACHE XDG_CACHE_HOME=" + ShellQuote(cache_home.string()) + " " +
                         ShellQuote(SEG_BINARY) + " " + RetailRun(outs / ("jit" + std::to_string(k) + ".csv")) +
                         " --engine jit";
      results[static_cast<size_t>(k)] = RunProgram("/usr/bin/env", SourceDir(), args);
    });
  }
  for (std::thread& t : threads) t.join();
  return results;
}

std::vector<fs::path> Entries(const fs::path& cache_home) {
  std::vector<fs::path> entries;
  for (const fs::directory_entry& e : fs::directory_iterator(cache_home / "seg")) entries.push_back(e.path());
  return entries;
}

TEST(JitSharedCache, ConcurrentProcessesAllUseTheJit) {
  if (!BuiltWithJit()) GTEST_SKIP() << "built without LLVM: there is no JIT to check";
  TempDir cache_home;
  TempDir outs;
  Result reference = RunSeg(SourceDir(), RetailRun(outs.path() / "interp.csv") + " --engine interp");
  ASSERT_EQ(reference.status, 0) << reference.err;
  std::string expected = ReadFile(outs.path() / "interp.csv");
  ASSERT_FALSE(expected.empty());

  auto check_round = [&](const std::string& round) -> fs::path {
    std::vector<Result> results = RunTogether(cache_home.path(), outs.path());
    for (int k = 0; k < kProcesses; ++k) {
      const Result& r = results[static_cast<size_t>(k)];
      EXPECT_EQ(r.status, 0) << round << " process " << k << ": " << r.err;
      EXPECT_TRUE(RanCompiledCode(r.err)) << round << " process " << k;
      EXPECT_EQ(ReadFile(outs.path() / ("jit" + std::to_string(k) + ".csv")), expected) << round << " process " << k;
    }
    // One complete entry, no temporary file left behind.
    std::vector<fs::path> entries = Entries(cache_home.path());
    EXPECT_EQ(entries.size(), 1u) << round;
    if (entries.empty()) return {};
    EXPECT_EQ(entries[0].extension(), ".segjit") << round;
    return entries[0];
  };
  // An empty cache: every process compiles, several write the entry at once.
  fs::path entry = check_round("empty cache");
  ASSERT_FALSE(entry.empty());
  std::string good = ReadFile(entry);
  // A full cache: every process loads the entry while none writes.
  check_round("cached");
  // A torn entry, as a copy or a crash of another tool might leave: each process compiles
  // again, they replace it concurrently while others read it.
  WriteFile(entry, good.substr(0, good.size() / 3));
  check_round("torn entry");
  EXPECT_EQ(ReadFile(entry), good);
  // A corrupted one, whose length is right.
  std::string corrupt = good;
  corrupt[corrupt.size() / 2] ^= 0x20;
  WriteFile(entry, corrupt);
  check_round("corrupt entry");
  EXPECT_EQ(ReadFile(entry), good);
}

}  // namespace
}  // namespace seg::e2e
