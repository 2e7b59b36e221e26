// Times the population ranking kernels at 1M and 10M customers on two inputs: uniform random
// doubles (no ties) and small-range integers (0..99, heavy ties: the shape of order counts and
// recency days). Prints one row per (method, data, n): the best of a few runs in milliseconds.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/timing.h"
#include "runtime/kernels/population.h"

using seg::bench::BestMs;

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::stoi(argv[1]) : 3;
  std::printf("%-12s %-10s %10s %10s\n", "method", "data", "n", "ms");
  for (size_t n : {size_t{1'000'000}, size_t{10'000'000}}) {
    std::mt19937_64 rng(42);
    std::vector<double> uniform(n), small_ints(n);
    std::uniform_real_distribution<double> real(0.0, 1000.0);
    std::uniform_int_distribution<int> ints(0, 99);
    for (size_t i = 0; i < n; ++i) {
      uniform[i] = real(rng);
      small_ints[i] = ints(rng);
    }
    std::vector<int32_t> bins(n);
    std::vector<uint8_t> ok(n);
    std::vector<double> ranks(n);
    struct Data {
      const char* name;
      const std::vector<double>* values;
    };
    for (Data data : {Data{"uniform", &uniform}, Data{"int0-99", &small_ints}}) {
      struct Method {
        const char* name;
        seg::rt::BinMethod method;
      };
      for (Method m :
           {Method{"rfm", seg::rt::BinMethod::kRfm}, Method{"qcut", seg::rt::BinMethod::kQcut},
            Method{"qcut_rank", seg::rt::BinMethod::kQcutRank}, Method{"ntile", seg::rt::BinMethod::kNtile}}) {
        double ms = BestMs(runs, [&] {
          seg::rt::QuantileBins(data.values->data(), nullptr, n, 5, m.method, false, bins.data(), ok.data(), nullptr);
        });
        std::printf("%-12s %-10s %10zu %10.1f\n", m.name, data.name, n, ms);
      }
      double ms = BestMs(runs, [&] {
        seg::rt::PercentRank(data.values->data(), nullptr, n, false, ranks.data(), ok.data());
      });
      std::printf("%-12s %-10s %10zu %10.1f\n", "percent_rank", data.name, n, ms);
      // Reference: what the rank methods would cost with std::sort of (value, index) pairs.
      std::vector<std::pair<double, uint32_t>> pairs(n);
      ms = BestMs(runs, [&] {
        for (size_t i = 0; i < n; ++i) pairs[i] = {(*data.values)[i], static_cast<uint32_t>(i)};
        std::sort(pairs.begin(), pairs.end());
      });
      std::printf("%-12s %-10s %10zu %10.1f\n", "(std::sort)", data.name, n, ms);
    }
  }
  return 0;
}
