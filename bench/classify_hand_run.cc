#include "bench/classify_hand_run.h"

#include <thread>
#include <vector>

namespace seg::bench {

void HandClassify(const Metrics& x, size_t begin, size_t end, int32_t* out) {
  HandClassify20(NumberColumns(x), begin, end, out);
}

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

}  // namespace seg::bench
