// The classification step alone, against its yardstick. On N customers whose RFM metrics are
// already columns of the customer table (generated in memory from a fixed seed), times:
//   (a) a generated 20-rule and 100-rule `segments` program through the real path
//       (driver::CompileText, driver::IndexTables on in-memory rt::Tables, driver::Execute) with
//       the interpreter and the JIT at 1 and 2 threads;
//   (b) a hand-written branch-free C++ loop doing the same 20-rule classification, vectorised for
//       this CPU (bench/hand_classify.cc), into a preallocated bucket array (the yardstick);
//   (c) JIT compile time (empty cache dir) and cache-hit time (disk, then memory) per program;
//   (d) a realistic program (20 rules + 10 tags, some matching text columns with `like`, some
//       text values missing) with both engines against hand-written branch-free and branchy
//       loops (bench/hand_tagged.cc).
// Checks that every engine puts every customer in the same bucket as the hand loop, and prints a
// table with the ratios. Times are the best of --reps runs; the hand loop's runs are also taken
// in turn with the 20-rule JIT's, so both see the same moments of a shared machine.
//   classify_bench [--customers N=10000000] [--reps R=3] [--csv PATH] [--kv PATH] [--tagged-only]
// --csv writes the generated metrics (the peers' classify-only input); --kv writes "name value"
// lines for bench/compare.sh.
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "bench/hand_classify.h"
#include "bench/hand_tagged.h"
#include "compiler/backend/jit/jit.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "runtime/money.h"
#include "runtime/table.h"

namespace {

using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

template <typename F> double BestMs(int reps, F&& f) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, MsSince(t0));
  }
  return best;
}

// The calling thread's CPU time: on a machine shared with other work a run's wall time is
// mostly its wait for a core, which the CPU time leaves out. Only for single-threaded runs
// (driver::Execute at 1 thread runs its morsels on the calling thread).
double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

template <typename F> double BestCpuMs(int reps, F&& f) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    double t0 = ThreadCpuMs();
    f();
    best = std::min(best, ThreadCpuMs() - t0);
  }
  return best;
}

// splitmix64: one deterministic stream for the whole population.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
};

// The metrics an RFM pipeline has per customer before it classifies.
struct Metrics {
  size_t n = 0;
  std::vector<int64_t> r, f, m;       // quintile scores 1..5
  std::vector<int64_t> recency_days;  // days since the last order
  std::vector<int64_t> frequency;     // orders in the last 365 days
  std::vector<int64_t> monetary;      // money units (1/10000) in the last 365 days
  std::vector<uint8_t> newsletter, discount_lover, b2b;
  // Text columns of the tagged program, as dictionary codes (-1 missing) into the lists below.
  std::vector<int32_t> city, domain, channel;
};

const std::vector<std::string> kCities = {"Boston",      "San Francisco", "San Diego", "San Jose",
                                          "Los Angeles", "Seattle",       "Portland",  "Denver",
                                          "Austin",      "Chicago",       "New York",  "Santa Fe",
                                          "Miami",       "Atlanta",       "Phoenix",   "Sandusky"};
const std::vector<std::string> kDomains = {"gmail.com",        "yahoo.com",   "corp.acme.com", "corp.globex.com",
                                           "outlook.com",      "gmail.co.uk", "proton.me",     "icloud.com",
                                           "corp.initech.com", "aol.com"};
const std::vector<std::string> kChannels = {"web", "app-ios", "app-android", "store", "phone", "webshop"};

Metrics Generate(size_t n, uint64_t seed) {
  Metrics x;
  x.n = n;
  for (auto* v : {&x.r, &x.f, &x.m, &x.recency_days, &x.frequency, &x.monetary}) v->resize(n);
  for (auto* v : {&x.newsletter, &x.discount_lover, &x.b2b}) v->resize(n);
  for (auto* v : {&x.city, &x.domain, &x.channel}) v->resize(n);
  Rng rng{seed};
  for (size_t i = 0; i < n; ++i) {
    // Recency follows the R score loosely, frequency is heavy-tailed, spend follows frequency.
    int64_t r = 1 + rng.Below(5);
    int64_t f = 1 + rng.Below(5);
    int64_t recency = (5 - r) * 120 + rng.Below(160);
    int64_t frequency = f == 1 ? 1 + rng.Below(2) : (f * f) + rng.Below(4 * f * f);
    int64_t basket = 500'000 + rng.Below(2'500'000);  // 50.00 .. 300.00 per order
    int64_t monetary = frequency * basket;
    constexpr int64_t k = seg::rt::kMoneyScale;
    int64_t m = 1 + (monetary >= 200 * k) + (monetary >= 800 * k) + (monetary >= 2500 * k) + (monetary >= 6000 * k);
    if (rng.Chance(20)) m = 1 + rng.Below(5);  // quintiles rank a longer history than 365 days
    x.r[i] = r;
    x.f[i] = f;
    x.m[i] = m;
    x.recency_days[i] = recency;
    x.frequency[i] = frequency;
    x.monetary[i] = monetary;
    x.newsletter[i] = rng.Chance(40);
    x.discount_lover[i] = rng.Chance(15);
    x.b2b[i] = rng.Chance(5);
    x.city[i] = rng.Chance(3) ? -1 : static_cast<int32_t>(rng.Below(static_cast<int64_t>(kCities.size())));
    x.domain[i] = rng.Chance(5) ? -1 : static_cast<int32_t>(rng.Below(static_cast<int64_t>(kDomains.size())));
    x.channel[i] = static_cast<int32_t>(rng.Below(static_cast<int64_t>(kChannels.size())));
  }
  return x;
}

const char* kInput =
    "input customers key id {\n"
    "  id: id\n  r: int\n  f: int\n  m: int\n  recency_days: int\n  frequency: int\n  monetary: money\n"
    "  newsletter: bool\n  discount_lover: bool\n  b2b: bool\n  city: text\n  domain: text\n  channel: text\n}\n\n";

// The 20 rules, in priority order. HandClassify20 (bench/hand_classify.cc) is the same list
// written as C++, and bench/peers/sql/classify_only.sql as CASE WHEN: change all three together.
const char* const kRules20[][2] = {
    {"Champions", "r >= 4 and f >= 4 and m >= 4"},
    {"Loyal", "f >= 4 and r >= 3"},
    {"Big spenders", "m == 5 and monetary >= 2000"},
    {"Potential loyalists", "r >= 4 and f >= 2 and f <= 3"},
    {"New", "r == 5 and frequency == 1"},
    {"Promising", "r == 4 and f == 1"},
    {"Discount hunters", "discount_lover and frequency >= 3"},
    {"Engaged readers", "newsletter and recency_days <= 30"},
    {"Need attention", "r == 3 and f == 3 and m == 3"},
    {"About to sleep", "r == 3 and f <= 2"},
    {"Cannot lose", "r <= 2 and f >= 4 and m >= 4"},
    {"At risk", "r <= 2 and f >= 3"},
    {"Business", "b2b and monetary >= 500"},
    {"Dormant high value", "recency_days > 180 and monetary >= 1000"},
    {"Dormant", "recency_days > 180 and frequency >= 2"},
    {"Lapsed readers", "newsletter and recency_days > 365"},
    {"Small recent", "recency_days <= 60 and monetary < 50"},
    {"Middle", "m == 3 or f == 3"},
    {"Lost", "r == 1 and f == 1"},
    {"Cold", "recency_days > 365"},
};
constexpr int kElse20 = kHandElse;

std::string Program20() {
  std::string text = kInput;
  text += "segments lifecycle exclusive {\n";
  for (const auto& rule : kRules20) text += "  \"" + std::string(rule[0]) + "\" when " + rule[1] + "\n";
  text += "  else \"Others\"\n}\n";
  return text;
}

// 100 rules of 1-3 comparisons over the same metrics, from a fixed seed.
std::string Program100() {
  Rng rng{7};
  auto atom = [&]() -> std::string {
    static const char* ops[] = {">=", "<=", "==", ">", "<"};
    switch (rng.Below(7)) {
      case 0: return "r " + std::string(ops[rng.Below(5)]) + " " + std::to_string(1 + rng.Below(5));
      case 1: return "f " + std::string(ops[rng.Below(5)]) + " " + std::to_string(1 + rng.Below(5));
      case 2: return "m " + std::string(ops[rng.Below(5)]) + " " + std::to_string(1 + rng.Below(5));
      case 3: return "recency_days " + std::string(ops[rng.Below(2)]) + " " + std::to_string(7 * (1 + rng.Below(80)));
      case 4: return "frequency " + std::string(ops[rng.Below(2)]) + " " + std::to_string(1 + rng.Below(60));
      case 5: return "monetary " + std::string(ops[rng.Below(2)]) + " " + std::to_string(50 * (1 + rng.Below(100)));
      default: {
        static const char* flags[] = {"newsletter", "discount_lover", "b2b"};
        return (rng.Chance(25) ? "not " : "") + std::string(flags[rng.Below(3)]);
      }
    }
  };
  std::string text = kInput;
  text += "segments mix exclusive {\n";
  for (int i = 0; i < 100; ++i) {
    std::string cond = atom();
    int extra = static_cast<int>(rng.Below(3));
    for (int k = 0; k < extra; ++k) cond += (rng.Chance(80) ? " and " : " or ") + atom();
    text += "  \"Segment " + std::to_string(i + 1) + "\" when " + cond + "\n";
  }
  text += "  else \"Others\"\n}\n";
  return text;
}

// The realistic one: 20 rules in priority order of which three match text columns with `like`,
// and 10 tags (text `like`, text ==, `is missing`, plain comparisons). HandTaggedBranchFree and
// HandTaggedBranchy (bench/hand_tagged.cc) are the same program in C++: change them together.
const char* const kTaggedRules[][2] = {
    {"Champions", "r >= 4 and f >= 4 and m >= 4"},
    {"Loyal", "f >= 4 and r >= 3"},
    {"Big spenders", "m == 5 and monetary >= 2000"},
    {"Corporate", "domain like \"corp.%\" and monetary >= 500"},
    {"Potential loyalists", "r >= 4 and f >= 2 and f <= 3"},
    {"New", "r == 5 and frequency == 1"},
    {"Promising", "r == 4 and f == 1"},
    {"Discount hunters", "discount_lover and frequency >= 3"},
    {"Engaged readers", "newsletter and recency_days <= 30"},
    {"App regulars", "channel like \"app%\" and frequency >= 4"},
    {"Need attention", "r == 3 and f == 3 and m == 3"},
    {"About to sleep", "r == 3 and f <= 2"},
    {"Cannot lose", "r <= 2 and f >= 4 and m >= 4"},
    {"At risk", "r <= 2 and f >= 3"},
    {"Business", "b2b and monetary >= 500"},
    {"Dormant high value", "recency_days > 180 and monetary >= 1000"},
    {"Coastal dormant", "recency_days > 180 and city like \"San %\""},
    {"Lapsed readers", "newsletter and recency_days > 365"},
    {"Middle", "m == 3 or f == 3"},
    {"Cold", "recency_days > 365"},
};
const char* const kTaggedTags[][2] = {
    {"vip", "m == 5 and f >= 4"},
    {"gmail", "domain like \"gmail.%\""},
    {"san", "city like \"San %\""},
    {"web", "channel == \"web\""},
    {"reader", "newsletter and not (domain like \"corp.%\")"},
    {"bargain", "discount_lover and frequency >= 2"},
    {"recent", "recency_days <= 30"},
    {"big_basket", "monetary >= 3000"},
    {"west", "city like \"Los %\" or city like \"%Francisco\""},
    {"no_email", "domain is missing"},
};

std::string ProgramTagged() {
  std::string text = kInput;
  text += "segments lifecycle exclusive {\n";
  for (const auto& rule : kTaggedRules) text += "  \"" + std::string(rule[0]) + "\" when " + rule[1] + "\n";
  text += "  else \"Others\"\n}\n";
  for (const auto& tag : kTaggedTags) text += "tag " + std::string(tag[0]) + " when " + tag[1] + "\n";
  return text;
}

HandColumns NumberColumns(const Metrics& x) {
  return {x.r.data(),         x.f.data(),        x.m.data(),          x.recency_days.data(),
          x.frequency.data(), x.monetary.data(), x.newsletter.data(), x.discount_lover.data(),
          x.b2b.data()};
}

void HandClassify(const Metrics& x, size_t begin, size_t end, int32_t* out) {
  HandClassify20(NumberColumns(x), begin, end, out);
}

// The loop alone, on `threads` threads, into a bucket array allocated (and its pages touched)
// before the clock starts: the strictest yardstick. seg's figure is the whole driver::Execute,
// which also allocates its columns and assembles the result.
void HandRun(const Metrics& x, size_t threads, int32_t* out) {
  if (threads <= 1) {
    HandClassify(x, 0, x.n, out);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    size_t begin = x.n * t / threads, end = x.n * (t + 1) / threads;
    pool.emplace_back([&x, begin, end, out] { HandClassify(x, begin, end, out); });
  }
  for (std::thread& th : pool) th.join();
}

seg::rt::Table CustomerTable(const Metrics& x, size_t n) {
  using seg::rt::ValueType;
  seg::rt::Table t("customers");
  auto ints = [&](const char* name, ValueType type, const std::vector<int64_t>& v) {
    seg::rt::Column& c = t.AddColumn(name, type);
    c.Reserve(n);
    for (size_t i = 0; i < n; ++i) c.AppendInt64(v[i]);
  };
  auto bools = [&](const char* name, const std::vector<uint8_t>& v) {
    seg::rt::Column& c = t.AddColumn(name, ValueType::kBool);
    c.Reserve(n);
    for (size_t i = 0; i < n; ++i) c.AppendBool(v[i] != 0);
  };
  seg::rt::Column& id = t.AddColumn("id", ValueType::kId);
  id.Reserve(n);
  for (size_t i = 0; i < n; ++i) id.AppendText(std::to_string(i + 1));
  ints("r", ValueType::kInt, x.r);
  ints("f", ValueType::kInt, x.f);
  ints("m", ValueType::kInt, x.m);
  ints("recency_days", ValueType::kInt, x.recency_days);
  ints("frequency", ValueType::kInt, x.frequency);
  ints("monetary", ValueType::kMoney, x.monetary);
  bools("newsletter", x.newsletter);
  bools("discount_lover", x.discount_lover);
  bools("b2b", x.b2b);
  auto texts = [&](const char* name, const std::vector<int32_t>& codes, const std::vector<std::string>& words) {
    seg::rt::Column& c = t.AddColumn(name, ValueType::kText);
    c.Reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (codes[i] < 0) c.AppendNull();
      else c.AppendText(words[static_cast<size_t>(codes[i])]);
    }
  };
  texts("city", x.city, kCities);
  texts("domain", x.domain, kDomains);
  texts("channel", x.channel, kChannels);
  return t;
}

struct Prepared {
  std::unique_ptr<seg::driver::Compilation> compilation;
  seg::driver::LoadedData data;
  std::vector<seg::lang::Value> params;
  const seg::ir::Program& program() const { return *compilation->ir; }
};

std::unique_ptr<Prepared> Prepare(const std::string& name, const std::string& text, const Metrics& x, size_t n) {
  auto p = std::make_unique<Prepared>();
  p->compilation = seg::driver::CompileText(name, text, seg::driver::CompileOptions{});
  if (!p->compilation->ok() || !p->compilation->ir) {
    std::fprintf(stderr, "%s does not compile (seg check it):\n%s\n", name.c_str(), text.c_str());
    std::exit(1);
  }
  const seg::ir::Program& program = p->program();
  std::vector<std::optional<seg::rt::Table>> tables(program.inputs.size());
  tables[program.entity_input] = CustomerTable(x, n);
  p->data = seg::driver::IndexTables(program, std::move(tables), 2);
  seg::rt::Status bound = p->data.ok() ? seg::driver::BindParams(program, {}, "2025-06-30", &p->params)
                                       : p->data.status;
  if (!bound.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), bound.message().c_str());
    std::exit(1);
  }
  return p;
}

seg::exec::RunResult Execute(const Prepared& p, seg::driver::EngineChoice engine, size_t threads,
                             seg::driver::ExecuteReport* report, const std::string& cache_dir = "",
                             seg::jit::CodeCache* memory_cache = nullptr) {
  seg::exec::RunOptions run;
  run.threads = threads;
  seg::driver::ExecuteOptions options;
  options.engine = engine;
  options.cache_dir = cache_dir;
  options.jit_memory_cache = memory_cache;
  seg::exec::RunResult result = seg::driver::Execute(p.program(), p.data.data, p.params, run, options, report);
  if (!result.ok()) {
    std::fprintf(stderr, "run failed: %s\n", result.status.message().c_str());
    std::exit(1);
  }
  return result;
}

std::string FreshDir(const std::string& parent, const std::string& name) {
  std::string dir = parent + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The realistic program (ProgramTagged): seg with both engines against the hand-written
// branch-free and branchy loops, buckets and tags checked against the branch-free loop's.
// Prints its own table; returns the figures for --kv.
struct TaggedFigures {
  double branch_free[3], branchy[3], interp[3], jit[3];      // wall ms by thread count
  double cpu_branch_free, cpu_branchy, cpu_interp, cpu_jit;  // CPU ms at 1 thread
  long faults_interp, faults_jit;                            // page faults of one run at 1 thread
  size_t mismatches = 0;
};

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
        for (size_t i = 0; i < n; ++i) fig.mismatches += (column.Holds(i)) != tag_bytes[t][i];
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

}  // namespace

int main(int argc, char** argv) {
  using seg::driver::EngineChoice;
  size_t n = 10'000'000;
  int reps = 3;
  std::string csv_path, kv_path;
  bool tagged_only = false;  // the realistic program's table alone (for perf and quick looks)
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--customers") n = std::stoul(value());
    else if (a == "--reps") reps = std::stoi(value());
    else if (a == "--csv") csv_path = value();
    else if (a == "--kv") kv_path = value();
    else if (a == "--tagged-only") tagged_only = true;
    else {
      std::fprintf(stderr,
                   "usage: classify_bench [--customers N] [--reps R] [--csv PATH] [--kv PATH] [--tagged-only]\n");
      return 2;
    }
  }
  // Every cache this process touches lives in a fresh temporary directory: the first JIT
  // compile of each program is a real miss, and ~/.cache is left alone.
  char tmpl[] = "/tmp/seg-classify-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  std::string cache_root = tmpl;
  setenv("XDG_CACHE_HOME", cache_root.c_str(), 1);

  auto t0 = Clock::now();
  Metrics x = Generate(n, 42);
  std::fprintf(stderr, "generated %zu customers' metrics in %.0f ms\n", n, MsSince(t0));
  if (!csv_path.empty()) {
    std::FILE* out = std::fopen(csv_path.c_str(), "w");
    if (out == nullptr) {
      std::perror(csv_path.c_str());
      return 1;
    }
    std::fprintf(out, "id,r,f,m,recency_days,frequency,monetary,newsletter,discount_lover,b2b\n");
    for (size_t i = 0; i < n; ++i) {
      std::fprintf(out, "%zu,%lld,%lld,%lld,%lld,%lld,%s,%s,%s,%s\n", i + 1, (long long)x.r[i], (long long)x.f[i],
                   (long long)x.m[i], (long long)x.recency_days[i], (long long)x.frequency[i],
                   seg::rt::FormatMoney(x.monetary[i]).c_str(), x.newsletter[i] ? "true" : "false",
                   x.discount_lover[i] ? "true" : "false", x.b2b[i] ? "true" : "false");
    }
    std::fclose(out);
  }

  if (tagged_only) {
    RunTagged(x, reps);
    std::filesystem::remove_all(cache_root);
    return 0;
  }
  // The yardstick, and the reference answer every engine must reproduce.
  std::vector<int32_t> hand(n);
  double hand_ms[3] = {0, 0, 0};
  for (size_t threads : {1, 2}) hand_ms[threads] = BestMs(reps, [&] { HandRun(x, threads, hand.data()); });
  std::vector<size_t> hand_counts(kElse20 + 1);
  for (int32_t b : hand) ++hand_counts[b];

  struct Row {
    std::string name;
    size_t rules;
    double ms[2][3];  // [interp, jit][threads]
    double compile_miss_ms, compile_ms, disk_hit_ms, memory_hit_ms;
    size_t mismatches;
  };
  std::vector<Row> rows;
  const std::pair<std::string, std::string> programs[] = {{"20 rules", Program20()}, {"100 rules", Program100()}};
  for (const auto& [name, text] : programs) {
    Row row{name, name == "20 rules" ? 20u : 100u, {}, 0, 0, 0, 0, 0};
    std::unique_ptr<Prepared> p = Prepare(name + ".seg", text, x, n);
    seg::driver::ExecuteReport report;
    // (c) compile and cache hits on a small population: a first run in an empty cache directory
    // (codegen, optimisation, object file written), then the disk cache, then the memory cache.
    std::unique_ptr<Prepared> small = Prepare(name + ".seg", text, x, std::min<size_t>(n, 1000));
    double miss = 1e300, compile = 1e300, disk = 1e300, memory = 1e300;
    for (int rep = 0; rep < reps; ++rep) {
      std::string dir = FreshDir(cache_root, "miss-" + std::to_string(rep));
      seg::jit::CodeCache fresh;  // nothing compiled in memory yet
      auto t = Clock::now();
      Execute(*small, EngineChoice::kJit, 1, &report, dir, &fresh);
      double wall = MsSince(t);
      if (!report.used_jit || report.cache_hit) {
        std::fprintf(stderr, "%s: the JIT did not compile (%s)\n", name.c_str(), report.fallback_reason.c_str());
        return 1;
      }
      miss = std::min(miss, wall);
      compile = std::min(compile, report.compile_ms);
      seg::jit::CodeCache fresh_again;
      t = Clock::now();
      Execute(*small, EngineChoice::kJit, 1, &report, dir, &fresh_again);
      wall = MsSince(t);
      if (!report.cache_hit) {
        std::fprintf(stderr, "%s: expected a disk cache hit\n", name.c_str());
        return 1;
      }
      disk = std::min(disk, wall);
      t = Clock::now();
      Execute(*small, EngineChoice::kJit, 1, &report, dir, &fresh_again);
      memory = std::min(memory, MsSince(t));
    }
    row.compile_miss_ms = miss;
    row.compile_ms = compile;
    row.disk_hit_ms = disk;
    row.memory_hit_ms = memory;
    // (a) the whole population, both engines; the JIT's code is in the memory cache by now.
    for (int e = 0; e < 2; ++e) {
      EngineChoice engine = e == 0 ? EngineChoice::kInterp : EngineChoice::kJit;
      for (size_t threads : {1, 2}) {
        seg::exec::RunResult result = Execute(*p, engine, threads, &report);  // warm-up and check
        if (e == 1 && !report.used_jit) {
          std::fprintf(stderr, "%s: the JIT fell back: %s\n", name.c_str(), report.fallback_reason.c_str());
          return 1;
        }
        if (row.rules == 20) {
          const seg::exec::Values<int32_t>& got = result.buckets[0];
          for (size_t i = 0; i < n; ++i) row.mismatches += got[i] != hand[i];
        }
        if (e == 1 && row.rules == 20) {
          // The JIT and its yardstick take turns, so a noisy moment on a shared machine hits
          // both: best of `reps` each, measured interleaved.
          double jit_best = 1e300;
          for (int rep = 0; rep < reps; ++rep) {
            hand_ms[threads] = std::min(hand_ms[threads], BestMs(1, [&] { HandRun(x, threads, hand.data()); }));
            jit_best = std::min(jit_best, BestMs(1, [&] { Execute(*p, engine, threads, &report); }));
          }
          row.ms[e][threads] = jit_best;
          continue;
        }
        row.ms[e][threads] = BestMs(reps, [&] { Execute(*p, engine, threads, &report); });
      }
    }
    rows.push_back(row);
  }

  std::printf("## classification step: %zu customers, metrics as columns (best of %d)\n\n", n, reps);
  std::printf("| %-34s | %7s | %10s | %12s | %11s | %11s |\n", "what", "threads", "ms", "Mcustomers/s", "vs hand loop",
              "interp/jit");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(9, '-').c_str(),
              std::string(12, '-').c_str(), std::string(14, '-').c_str(), std::string(13, '-').c_str(),
              std::string(13, '-').c_str());
  for (size_t threads : {1, 2}) {
    std::printf("| %-34s | %7zu | %10.1f | %12.1f | %11.2fx | %11s |\n", "hand-written loop, 20 rules", threads,
                hand_ms[threads], n / hand_ms[threads] / 1000, 1.0, "");
  }
  for (const Row& row : rows) {
    for (size_t threads : {1, 2}) {
      for (int e = 0; e < 2; ++e) {
        std::string what = "seg " + std::string(e == 0 ? "interp" : "jit") + ", " + row.name;
        char vs[32] = "", ij[32] = "";
        if (row.rules == 20) std::snprintf(vs, sizeof vs, "%.2fx", row.ms[e][threads] / hand_ms[threads]);
        if (e == 1) std::snprintf(ij, sizeof ij, "%.2fx", row.ms[0][threads] / row.ms[1][threads]);
        std::printf("| %-34s | %7zu | %10.1f | %12.1f | %12s | %11s |\n", what.c_str(), threads, row.ms[e][threads],
                    n / row.ms[e][threads] / 1000, vs, ij);
      }
    }
  }
  std::printf("\n| %-10s | %22s | %17s | %16s | %18s |\n", "program", "first run, empty cache", "of it: compile_ms",
              "disk-cache hit", "memory-cache hit");
  std::printf("|------------|------------------------|-------------------|------------------|--------------------|\n");
  for (const Row& row : rows) {
    std::printf("| %-10s | %19.1f ms | %14.1f ms | %13.1f ms | %15.2f ms |\n", row.name.c_str(), row.compile_miss_ms,
                row.compile_ms, row.disk_hit_ms, row.memory_hit_ms);
  }
  std::printf(
      "\nfirst run / cache hits: driver::Execute with the JIT on 1000 customers, whole call (compile_ms is the\n"
      "engine's own figure for codegen + optimisation + linking). Buckets checked against the hand loop:");
  for (const Row& row : rows) {
    if (row.rules == 20) std::printf(" %zu mismatches of %zu x 4 runs.", row.mismatches, n);
  }
  std::printf("\nBucket counts (20 rules):");
  for (int b = 0; b <= kElse20; ++b) std::printf(" %s=%zu", b == kElse20 ? "Others" : kRules20[b][0], hand_counts[b]);
  std::printf("\n");

  TaggedFigures tagged = RunTagged(x, reps);

  if (!kv_path.empty()) {
    std::FILE* kv = std::fopen(kv_path.c_str(), "w");
    if (kv == nullptr) {
      std::perror(kv_path.c_str());
      return 1;
    }
    std::fprintf(kv, "customers %zu\n", n);
    for (size_t threads : {1, 2}) std::fprintf(kv, "hand_%zut_ms %.3f\n", threads, hand_ms[threads]);
    for (const Row& row : rows) {
      for (size_t threads : {1, 2}) {
        std::fprintf(kv, "interp_%zu_%zut_ms %.3f\n", row.rules, threads, row.ms[0][threads]);
        std::fprintf(kv, "jit_%zu_%zut_ms %.3f\n", row.rules, threads, row.ms[1][threads]);
      }
      std::fprintf(kv, "compile_miss_%zu_ms %.3f\ncompile_%zu_ms %.3f\ndisk_hit_%zu_ms %.3f\nmemory_hit_%zu_ms %.3f\n",
                   row.rules, row.compile_miss_ms, row.rules, row.compile_ms, row.rules, row.disk_hit_ms, row.rules,
                   row.memory_hit_ms);
      if (row.rules == 20) std::fprintf(kv, "mismatches_20 %zu\n", row.mismatches);
    }
    for (size_t threads : {1, 2}) {
      std::fprintf(kv, "tagged_branch_free_%zut_ms %.3f\ntagged_branchy_%zut_ms %.3f\n", threads,
                   tagged.branch_free[threads], threads, tagged.branchy[threads]);
      std::fprintf(kv, "tagged_interp_%zut_ms %.3f\ntagged_jit_%zut_ms %.3f\n", threads, tagged.interp[threads],
                   threads, tagged.jit[threads]);
    }
    std::fprintf(kv, "tagged_branch_free_cpu_ms %.3f\ntagged_branchy_cpu_ms %.3f\n", tagged.cpu_branch_free,
                 tagged.cpu_branchy);
    std::fprintf(kv, "tagged_interp_cpu_ms %.3f\ntagged_jit_cpu_ms %.3f\n", tagged.cpu_interp, tagged.cpu_jit);
    std::fprintf(kv, "mismatches_tagged %zu\n", tagged.mismatches);
    std::fclose(kv);
  }
  std::filesystem::remove_all(cache_root);
  return 0;
}
