#include "bench/classify_tagged.h"

#include <sys/resource.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/classify_programs.h"
#include "bench/classify_seg_run.h"
#include "bench/hand_tagged.h"
#include "bench/timing.h"

namespace seg::bench {

TaggedFigures RunTagged(const Metrics& x, int reps) {
  using seg::driver::EngineChoice;
  size_t n = x.n;
  HandText city{x.city.data(), kCities}, domain{x.domain.data(), kDomains}, channel{x.channel.data(), kChannels};
  HandTaggedColumns cols{NumberColumns(x), &city, &domain, &channel};
  std::vector<int32_t> bucket(n), bucket2(n);
  std::vector<std::vector<uint8_t>> tag_bytes(kHandTags, std::vector<uint8_t>(n)), tag_bytes2 = tag_bytes;
  uint8_t* tags[kHandTags];
  uint8_t* tags2[kHandTags];
  for (int t = 0; t < kHandTags; ++t) tags[t] = tag_bytes[t].data(), tags2[t] = tag_bytes2[t].data();
  // Each run builds its per-dictionary tables, as seg's does: part of the work.
  auto hand = [&](bool branch_free, size_t threads, int32_t* out, uint8_t* const* tag_out) {
    HandTextFacts facts = HandTextTables(cols);
    auto part = [&](size_t begin, size_t end) {
      if (branch_free) HandTaggedBranchFree(cols, facts, begin, end, out, tag_out);
      else HandTaggedBranchy(cols, facts, begin, end, out, tag_out);
    };
    if (threads <= 1) return part(0, n);
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(part, n * t / threads, n * (t + 1) / threads);
    for (std::thread& th : pool) th.join();
  };
  TaggedFigures fig{};
  hand(true, 1, bucket.data(), tags);
  hand(false, 1, bucket2.data(), tags2);
  if (bucket != bucket2 || tag_bytes != tag_bytes2) {
    std::fprintf(stderr, "the branch-free and branchy hand loops disagree\n");
    std::exit(1);
  }
  std::unique_ptr<Prepared> p = Prepare("tagged.seg", ProgramTagged(), x, n);
  const seg::ir::Program& program = p->program();
  seg::driver::ExecuteReport report;
  for (int e = 0; e < 2; ++e) {
    EngineChoice engine = e == 0 ? EngineChoice::kInterp : EngineChoice::kJit;
    for (size_t threads : {1, 2}) {
      seg::exec::RunResult result = Execute(*p, engine, threads, &report);  // warm-up and check
      if (e == 1 && !report.used_jit) {
        std::fprintf(stderr, "tagged: the JIT fell back: %s\n", report.fallback_reason.c_str());
        std::exit(1);
      }
      const seg::exec::Values<int32_t>& got = result.buckets[0];
      for (size_t i = 0; i < n; ++i) fig.mismatches += got[i] != bucket[i];
      for (int t = 0; t < kHandTags; ++t) {
        const seg::exec::ResultColumn& column = *result.nodes[program.tags[t].node];
        for (size_t i = 0; i < n; ++i) fig.mismatches += column.Holds(i) != tag_bytes[t][i];
      }
      double best = 1e300, free_best = 1e300, branchy_best = 1e300;
      for (int rep = 0; rep < reps; ++rep) {  // taking turns, as for the 20 rules
        free_best = std::min(free_best, BestMs(1, [&] { hand(true, threads, bucket2.data(), tags2); }));
        branchy_best = std::min(branchy_best, BestMs(1, [&] { hand(false, threads, bucket2.data(), tags2); }));
        best = std::min(best, BestMs(1, [&] { Execute(*p, engine, threads, &report); }));
      }
      (e == 0 ? fig.interp : fig.jit)[threads] = best;
      if (threads == 1) {
        double cpu = 1e300, free_cpu = 1e300, branchy_cpu = 1e300;
        long faults = LONG_MAX;  // page faults of a run: the first touch of its result columns
        for (int rep = 0; rep < reps; ++rep) {
          free_cpu = std::min(free_cpu, BestCpuMs(1, [&] { hand(true, 1, bucket2.data(), tags2); }));
          branchy_cpu = std::min(branchy_cpu, BestCpuMs(1, [&] { hand(false, 1, bucket2.data(), tags2); }));
          rusage before{}, after{};
          getrusage(RUSAGE_SELF, &before);
          cpu = std::min(cpu, BestCpuMs(1, [&] { Execute(*p, engine, 1, &report); }));
          getrusage(RUSAGE_SELF, &after);
          faults = std::min(faults, after.ru_minflt - before.ru_minflt);
        }
        (e == 0 ? fig.cpu_interp : fig.cpu_jit) = cpu;
        (e == 0 ? fig.faults_interp : fig.faults_jit) = faults;
        fig.cpu_branch_free = e == 0 ? free_cpu : std::min(fig.cpu_branch_free, free_cpu);
        fig.cpu_branchy = e == 0 ? branchy_cpu : std::min(fig.cpu_branchy, branchy_cpu);
      }
      fig.branch_free[threads] = e == 0 ? free_best : std::min(fig.branch_free[threads], free_best);
      fig.branchy[threads] = e == 0 ? branchy_best : std::min(fig.branchy[threads], branchy_best);
    }
  }
  std::printf("\n## 20 rules + 10 tags, 5 of them `like` on text columns: %zu customers (best of %d)\n\n", n, reps);
  std::printf("| %-30s | %7s | %10s | %12s | %14s | %10s | %14s |\n", "what", "threads", "wall ms", "Mcustomers/s",
              "vs branch-free", "CPU ms", "vs branch-free");
  std::printf(
      "|--------------------------------|---------|------------|--------------|----------------|------------|"
      "----------------|\n");
  for (size_t threads : {1, 2}) {
    const std::tuple<const char*, double, double> rows[] = {{"hand-written branch-free loop", fig.branch_free[threads],
                                                             fig.cpu_branch_free},
                                                            {"hand-written branchy loop", fig.branchy[threads],
                                                             fig.cpu_branchy},
                                                            {"seg interp", fig.interp[threads], fig.cpu_interp},
                                                            {"seg jit", fig.jit[threads], fig.cpu_jit}};
    for (const auto& [what, ms, cpu] : rows) {
      char cpu_ms[32] = "", cpu_ratio[32] = "";
      if (threads == 1) {
        std::snprintf(cpu_ms, sizeof cpu_ms, "%.1f", cpu);
        std::snprintf(cpu_ratio, sizeof cpu_ratio, "%.2fx", cpu / fig.cpu_branch_free);
      }
      std::printf("| %-30s | %7zu | %10.1f | %12.1f | %13.2fx | %10s | %14s |\n", what, threads, ms, n / ms / 1000,
                  ms / fig.branch_free[threads], cpu_ms, cpu_ratio);
    }
  }
  std::printf(
      "\nCPU ms: the calling thread's CPU time at 1 thread (a shared machine's wall time is mostly waiting).\n");
  std::printf("Page faults of one run at 1 thread (first touch of the result columns): interp %ld, jit %ld.\n",
              fig.faults_interp, fig.faults_jit);
  std::printf(
      "seg: the whole driver::Execute (its output columns allocated and the result assembled in it); the\n"
      "hand loops write into arrays allocated before the clock starts. Buckets and tags checked against\n"
      "the branch-free loop: %zu mismatches of %zu customers x 11 outputs x 4 runs.\n",
      fig.mismatches, n);
  return fig;
}

}  // namespace seg::bench
